"""The United Kingdom: House of Commons elections 2010-2024 (``scripts/build_dataset.py``).

Rules and their sources:

* Deposit: a candidate keeps the £500 deposit with 5% of valid votes (Representation of the
  People Act 1983, Sch. 1 r. 53).
* Parliament: the Speaker and three Deputy Speakers do not vote; by custom the deputies are one
  from the government side and two from the opposition when the Speaker came from the governing
  side, two and one otherwise (House of Commons Library SN04637); Sinn Féin MPs do not take
  their seats. The Speaker's side per Parliament: Bercow (Con) 2010-2017, Hoyle (Lab) 2019
  with a Conservative government, 2024 with a Labour one.
* Nations: Great Britain (England, Scotland, Wales) shares one party system and is projected by
  national swing; Northern Ireland has its own parties and is modelled separately. The SNP and
  Plaid Cymru stand in one nation of Great Britain each (the party table's ``nations``): they
  are the nation-only parties (:attr:`Jurisdiction.nation_parties`), and Scotland and Wales the
  nations where one stands (:attr:`Jurisdiction.own_party_nations`). Northern Ireland's parties
  stand there only: they are the parties apart (:attr:`Jurisdiction.parties_apart`), whom a
  Great Britain poll does not name. Users may write ``GB`` (or ``Britain``) and ``NI`` for the
  two areas (:attr:`Jurisdiction.area_aliases`).
* Regions: the ONS names England's eastern region "East of England", as the bundled 2019
  notional and 2024 results do; the bundled 2010-2019 results (the Commons Library's files) call
  it "East". Either name reads as the region of the election in hand
  (:attr:`Jurisdiction.area_aliases`), so one region poll serves every election.
* Seat names: a few seats are known by another name than the data's, their former name or the
  name in the other language (:data:`SEAT_ALIASES`, each entry with its source), and five
  Scottish 2024 seats by the codes first issued for them (:data:`SUPERSEDED_CODES`).
* Transfers: estimated from real stand-downs (:func:`psephos.transfers.default_estimate`).
"""

from __future__ import annotations

import re

from psephos.io.bundled import ALIASES, PREVIOUS, load, table
from psephos.jurisdictions.base import ElectionId, Jurisdiction, MoneyBackRule, ParliamentRules
from psephos.model import (
    LINEAGE_LABELS,
    NATIONS,
    NORTHERN_IRELAND,
    PARTIES,
    PARTY_CODES,
    UNKNOWN_AREA,
)

GREAT_BRITAIN: tuple[str, ...] = ("England", "Scotland", "Wales")
#: The name of :data:`GREAT_BRITAIN`, the main area, as polls and messages name it.
GREAT_BRITAIN_NAME = "Great Britain"

#: Other names users know a seat by -> the seat's name in the bundled data (on both boundary
#: sets unless said), read by the one seat lookup (:attr:`Jurisdiction.seat_aliases`). Kept to
#: names in wide use for one seat; a place inside a seat is no alias of it.
SEAT_ALIASES: dict[str, str] = {
    # The seat's name until 2005, when the Boundary Commission for Scotland's Fifth Periodical
    # Review gave it its Gaelic name; still the islands' usual English name.
    "Western Isles": "Na h-Eileanan an Iar",
    # The islands' other English name (the seat is the whole Comhairle nan Eilean Siar area).
    "Outer Hebrides": "Na h-Eileanan an Iar",
    # The seat's name until 1983; the seat is the whole Isle of Anglesey county, whose
    # English name this is.
    "Anglesey": "Ynys Môn",
    "Isle of Anglesey": "Ynys Môn",
    # 2024 seats (Boundary Commission for Wales, 2023 Review final recommendations, which name
    # each seat in Welsh and English): the one name of Caerfyrddin is the Welsh name of its
    # town, Carmarthen; the others are the seats' Welsh names.
    "Carmarthen": "Caerfyrddin",
    "Pen-y-bont ar Ogwr": "Bridgend",
    "Caerffili": "Caerphilly",
    "Bro Morgannwg": "Vale of Glamorgan",
    "Sir Fynwy": "Monmouthshire",
    "Wrecsam": "Wrexham",
    "Gŵyr": "Gower",
}

#: The codes first issued for five Scottish seats of the 2024 boundaries, replaced in 2024 by
#: S14000107-S14000111 (the old seats of these names had kept their 2010-2019 codes though their
#: boundaries changed), and still used by the Rallings & Thrasher notional results and
#: mySociety's files -> the seat's name (``../shared/data/uk/geography/
#: scotland-2024-code-corrections.csv``, which the dataset's build reads too). On the 2010-2019
#: boundaries each code is the old seat of the same name.
SUPERSEDED_CODES: dict[str, str] = {
    "S14000006": "Ayr, Carrick and Cumnock",
    "S14000008": "Berwickshire, Roxburgh and Selkirk",
    "S14000010": "Central Ayrshire",
    "S14000040": "Kilmarnock and Loudoun",
    "S14000058": "West Aberdeenshire and Kincardine",
}

#: An ONS/GSS constituency code's first letter -> its nation.
_ONS_NATIONS = {"E": "England", "S": "Scotland", "W": "Wales", "N": "Northern Ireland"}
#: An ONS/GSS constituency code: a nation's letter and eight digits (E14000727, N06000001).
ONS_CODE = r"[ENSW][0-9]{8}"
#: A Westminster constituency's ONS/GSS code (the 2010 and 2024 boundaries' E14, W07, S14 and
#: N06, Northern Ireland's N05 of 2024), not another area's (an E05 ward's).
CONSTITUENCY_CODE = r"(?:E14|W07|S14|N05|N06)[0-9]{6}"


def ons_area(code: str) -> tuple[str, str]:
    """Nation (and region: the nation) of an ONS constituency code, :data:`UNKNOWN_AREA` for a code
    that is not one (a user's own ``N1`` is not in Northern Ireland)."""
    if re.fullmatch(ONS_CODE, code.strip(), flags=re.IGNORECASE) is None:
        return UNKNOWN_AREA, UNKNOWN_AREA
    nation = _ONS_NATIONS[code.strip()[:1].upper()]
    return nation, nation


#: Left-to-right order of the UK's parties, used for connected coalitions.
#:
#: Great Britain: ordered by the general left-right placement (``lrgen``, 0-10) of the Chapel
#: Hill Expert Survey 2019 (Jolly et al. 2022, *Electoral Studies* 75, 102420): Green left of
#: Labour, Plaid Cymru and the SNP; Liberal Democrats at the centre; Conservatives right of
#: centre; Brexit Party / UKIP / Reform furthest right. Only the order is used. The expert means
#: of Labour, Plaid and the SNP lie within about half a point of each other, so their relative
#: order is the least certain part of the scale.
#: Northern Ireland (not covered by CHES): ParlGov's party positions (Döring and Manow, ParlGov
#: ``left_right``, an average of expert surveys) put Sinn Féin left of the SDLP, Alliance at the
#: centre, the UUP right of centre and the DUP and TUV on the right. The two scales are merged
#: by the parties' values. This is a judgement call documented in docs/methodology/government.md;
#: pass your own order to any function that takes ``order``.
LEFT_RIGHT: tuple[str, ...] = (
    "Green",
    "SF",
    "Lab",
    "PC",
    "SNP",
    "SDLP",
    "Alliance",
    "LD",
    "UUP",
    "Con",
    "DUP",
    "TUV",
    "Reform",
)


UK = Jurisdiction(
    code="uk",
    name="United Kingdom",
    adjective="UK",
    elections=tuple(
        ElectionId(
            key,
            int(key[:4]),
            boundary_set,
            previous=PREVIOUS.get(key),
            notional="notional" in key,
            aliases=tuple(alias for alias, target in ALIASES.items() if target == key),
        )
        for key, boundary_set in (
            ("2010", "2010"),
            ("2015", "2010"),
            ("2017", "2010"),
            ("2019", "2010"),
            ("2019-notional-2024", "2024"),
            ("2024", "2024"),
        )
    ),
    load_election=load,
    parties=PARTIES,
    party_codes=PARTY_CODES,
    labels=LINEAGE_LABELS,
    groupings={GREAT_BRITAIN_NAME: GREAT_BRITAIN, "United Kingdom": NATIONS},
    main_area=GREAT_BRITAIN,
    area_aliases={
        "gb": GREAT_BRITAIN_NAME,
        "britain": GREAT_BRITAIN_NAME,
        "ni": NORTHERN_IRELAND,
        "east": "East of England",
        "east of england": "East",
        # the nations' own names in their own languages, as the Senedd and Holyrood use them
        # (normalised: accents and case folded, psephos.model.names.normalise_name)
        "cymru": "Wales",
        "alba": "Scotland",
        "lloegr": "England",
        "tuaisceart eireann": NORTHERN_IRELAND,
    },
    seat_aliases=SEAT_ALIASES,
    superseded_codes=SUPERSEDED_CODES,
    poll_parties=("Con", "Lab", "LD", "Reform", "Green", "SNP", "PC"),
    default_pair=("Lab", "Con"),
    default_bloc=("Lab", "LD", "Green"),
    default_against=("Reform",),
    advice_profiles=(
        (("Lab", "Green", "LD"), ("Con",)),
        (("LD", "Green"), ("Reform",)),
        (("Con",), ("Lab",)),
        (("Green", "Lab"), ("Reform",)),
    ),
    # the pacts people name: the "progressive alliance" of the parties left of the
    # Conservatives that stand in Great Britain (as argued for in 2017 and 2019), the 2019
    # "Unite to Remain" stand-down pact (LD, Green, PC), and "unite the right" (Con, Reform)
    named_blocs={
        "progressive alliance": ("Lab", "LD", "Green", "SNP", "PC"),
        "unite to remain": ("LD", "Green", "PC"),
        "unite the right": ("Con", "Reform"),
    },
    data_credit="UK results from the House of Commons Library and Electoral Commission (Open "
    "Parliament Licence)",
    money_back=MoneyBackRule(
        0.05,
        "keep their deposit",
        "the 5% deposit line",
        "Representation of the People Act 1983, Sch. 1 r. 53",
    ),
    parliament=ParliamentRules(left_right=LEFT_RIGHT),
    speaker_side={
        "2010": "government",
        "2015": "government",
        "2017": "government",
        "2019": "opposition",
        "2019-notional-2024": "opposition",  # the 2019 Parliament redrawn: its Speaker
        "2024": "government",
    },
    load_table=table,
    table_names=(
        "results",
        "candidates",
        "elections",
        "geography",
        "boundary_overlap",
        "demographics",
        "tactical_polls",
        "tactical_mrp_2024",
        "final_polls",
        "poll_history",
        "tactical_recommendations",
    ),
    seat_code_pattern=ONS_CODE,
    seat_code_example="E14001265",  # Hampstead and Highgate (2019: Hampstead and Kilburn)
    constituency_codes=CONSTITUENCY_CODE,
    seat_area=ons_area,
    seat_table="results",
    house_seats=650,
)
