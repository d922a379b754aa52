"""Canada: House of Commons federal elections 2019 and 2021 (``scripts/build_canada.py``).

Rules and their sources:

* Reimbursement: a candidate with 10% of valid votes has 60% of paid election expenses
  reimbursed (Canada Elections Act, s. 477.73).
* Parliament: the Speaker is elected by the House from its members and votes only to break a
  tie (Constitution Act, 1867, s. 49; Standing Order 9). Canada has no "Speaker" label: the
  bundled data keeps the Speaker's riding under their party, so one member of that party is
  set aside. The Speaker of each bundled Parliament: Anthony Rota (Liberal,
  Nipissing--Timiskaming), elected on 5 December 2019 (43rd Parliament) and re-elected on 22
  November 2021 (44th); the arithmetic is of the House as formed after the election, so Greg
  Fergus (Liberal, Hull--Aylmer), elected on 3 October 2023 after Rota resigned, is not
  counted. A projection or a user's file assumes the Speaker comes from the largest party on
  the government side (by convention the governing side). There are no abstentionist parties,
  and the Deputy Speaker and the assistant deputy chairs vote when not in the chair.
* Regions: provinces and territories; every riding is in the national swing. An area row may
  name one by its abbreviation (BC, QC, PEI) or its French name (:data:`AREA_ALIASES`).
* Results night: no declaration times are bundled, so a nowcast replay assumes the ridings
  report as the polls close, east to west by time zone (:attr:`reporting_groups`).
* Nation-only parties: none (:attr:`Jurisdiction.nation_parties` is empty). Canada is one
  nation (``main_area`` is empty: all of it), and the Bloc Québécois, which stands in Quebec
  only, is listed for ``("Canada",)`` in the party table: Quebec is a province, a region of
  that nation, so no province gets the UK's nation-only party rules (the national swing
  model's nation response and turnout, the tactical nation targets, the forecast's nation
  layers). A modelling choice kept as it is; giving Quebec them would be a model change. The
  models that move a party by its national change in points move the Bloc in Quebec by its
  change over all Canada, which a projection notes
  (:func:`psephos.projection.concentration.point_for_point_notes`).
* Turnout: total ballots cast, rejected ones included, over electors, as Elections Canada
  gives it ("Percentage of Voter Turnout", Official Voting Results, table 11: 62.6% in 2021,
  67.0% in 2019), not valid votes over electors (:attr:`Jurisdiction.turnout_counts_rejected`).
* Words: a House where no party has a majority is a *minority Parliament* (the Library of
  Parliament's usage), not the UK's "hung parliament".
* Transfers: **illustrative**, set by hand following Canadian pollsters' "second choice"
  questions (Liberal and NDP voters are each other's main second choice; Conservatives lean to
  the People's Party; Bloc voters split between NDP and Liberals). Supply a matrix from a
  survey (the Canadian Election Study) for serious work.
"""

from __future__ import annotations

from psephos.io.canada import (
    CANADA_ALIASES,
    CANADA_ELECTIONS,
    CANADA_PREVIOUS,
    load_canada,
    riding_area,
)
from psephos.io.elections_canada import read_table12
from psephos.io.tables import table
from psephos.jurisdictions.base import (
    ElectionId,
    Jurisdiction,
    MoneyBackRule,
    ParliamentRules,
    TransferDefaults,
)
from psephos.model import CANADA_PARTIES, CANADA_PARTY_CODES

#: Left-to-right order of Canada's parties, used for connected coalitions: the Greens and the
#: New Democrats on the left, the Liberals at the centre, the Conservatives right of centre and
#: the People's Party furthest right. The Bloc Québécois, which stands only in Quebec and for its
#: sovereignty, is left off the order (a party off the order never breaks a group's connection),
#: so the Liberals and New Democrats, whose 2022 confidence-and-supply agreement followed the
#: 2021 election, are connected. A judgement call from the usual account of Canadian party
#: competition, not a survey's figures (the Chapel Hill Expert Survey behind the UK's order
#: covers Europe only); pass your own order to any function that takes ``order``
#: (docs/methodology/government.md).
LEFT_RIGHT: tuple[str, ...] = ("GPC", "NDP", "LPC", "CPC", "PPC")

#: What else users and pollsters write for a province or territory (lower case, as
#: :func:`psephos.model.normalise_name` folds a name: accents and hyphens gone): Canada
#: Post's two-letter abbreviations, the usual short forms (PEI, NWT) and the French names
#: (Québec and Yukon read as they are). Pollsters' groupings of provinces (Atlantic,
#: Prairies, Territories) are not areas: give a row for each province of one.
AREA_ALIASES: dict[str, str] = {
    "nl": "Newfoundland and Labrador",
    "newfoundland": "Newfoundland and Labrador",
    "terre neuve et labrador": "Newfoundland and Labrador",
    "pe": "Prince Edward Island",
    "pei": "Prince Edward Island",
    "ile du prince edouard": "Prince Edward Island",
    "ns": "Nova Scotia",
    "nouvelle ecosse": "Nova Scotia",
    "nb": "New Brunswick",
    "nouveau brunswick": "New Brunswick",
    "qc": "Quebec",
    "on": "Ontario",
    "mb": "Manitoba",
    "sk": "Saskatchewan",
    "ab": "Alberta",
    "bc": "British Columbia",
    "colombie britannique": "British Columbia",
    "yt": "Yukon",
    "nt": "Northwest Territories",
    "nwt": "Northwest Territories",
    "territoires du nord ouest": "Northwest Territories",
    "nu": "Nunavut",
}


CANADA = Jurisdiction(
    code="canada",
    name="Canada",
    adjective="Canadian",
    election_kind="federal election",
    seat_word="riding",
    # Canada Post's codes, "K1P 5G4": forward sortation area, then local delivery unit
    postal_codes=r"[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]",
    elections=tuple(
        ElectionId(
            key,
            int(date[:4]),
            "2013",
            previous=CANADA_PREVIOUS.get(key),
            aliases=tuple(alias for alias, target in CANADA_ALIASES.items() if target == key),
            date=date,
        )
        for key, (_title, date) in CANADA_ELECTIONS.items()
    ),
    load_election=load_canada,
    parties=CANADA_PARTIES,
    party_codes=CANADA_PARTY_CODES,
    labels={},
    groupings={"Canada": ("Canada",)},
    main_area=(),  # one nation, every riding swung together: no nation-only parties (above)
    area_aliases=AREA_ALIASES,
    poll_parties=("LPC", "CPC", "NDP", "BQ", "GPC", "PPC"),
    default_pair=("LPC", "CPC"),
    default_bloc=("LPC", "NDP", "GPC"),
    default_against=("CPC",),
    no_majority="minority Parliament",
    house_seats=338,
    turnout_counts_rejected=True,  # Elections Canada's turnout: every ballot cast (above)
    results_layouts=(read_table12,),  # Elections Canada's table 12 as published
    data_credit="Canadian results from Elections Canada (contains information licensed under "
    "the Open Government Licence – Canada)",
    money_back=MoneyBackRule(
        0.10,
        "have 60% of their election expenses reimbursed",
        "the 10% reimbursement line",
        "Canada Elections Act, s. 477.73",
        column="p_reimbursed",
    ),
    parliament=ParliamentRules(
        abstentionist_parties=(),
        deputies_government_side=0,
        deputies_opposition_side=0,
        left_right=LEFT_RIGHT,
        speaker_on_benches=True,
    ),
    speaker_bench={"canada-2019": "LPC", "canada-2021": "LPC"},  # Rota, both Parliaments
    transfers=TransferDefaults(
        rows={
            "LPC": {"NDP": 45, "GPC": 15, "CPC": 15, "BQ": 5, "PPC": 2},
            "CPC": {"PPC": 25, "LPC": 25, "NDP": 10, "GPC": 5, "BQ": 5},
            "NDP": {"LPC": 45, "GPC": 25, "BQ": 8, "CPC": 8, "PPC": 2},
            "BQ": {"NDP": 30, "LPC": 25, "CPC": 20, "GPC": 10},
            "GPC": {"NDP": 40, "LPC": 30, "BQ": 5, "CPC": 5, "PPC": 2},
            "PPC": {"CPC": 60, "LPC": 5, "NDP": 5, "Other": 5},
            "Ind": {"LPC": 15, "CPC": 15, "NDP": 15, "GPC": 10, "BQ": 5, "PPC": 5},
            "Other": {"PPC": 15, "GPC": 15, "CPC": 10, "NDP": 10, "LPC": 10, "Ind": 5},
        },
        plump={
            "LPC": 18,
            "CPC": 30,
            "NDP": 12,
            "BQ": 15,
            "GPC": 18,
            "PPC": 25,
            "Ind": 35,
            "Other": 35,
        },
        source="psephos illustrative Canadian matrix",
        basis=(
            "set by hand to illustrate (after Canadian pollsters' second-choice questions), "
            "not measured"
        ),
    ),
    load_table=table,
    table_names=("canada_ridings", "canada_candidates"),
    seat_code_pattern=r"[0-9]{5}",  # Elections Canada district numbers: 24055
    seat_code_example="24055",  # Papineau
    # a district number starts with its province's or territory's code (10 Newfoundland and
    # Labrador ... 62 Nunavut)
    constituency_codes=r"(?:1[0-3]|24|35|4[6-8]|59|6[0-2])[0-9]{3}",
    seat_area=riding_area,
    # No declaration times are bundled: a replay assumes the ridings report as polls close,
    # east to west by time zone, in a seeded random order within each group
    # (psephos.forecast.nowcast.assumed_declaration_order; docs/forecast.md, Canada).
    reporting_groups=(
        ("Newfoundland and Labrador",),
        ("Prince Edward Island", "Nova Scotia", "New Brunswick"),
        ("Quebec", "Ontario"),
        ("Manitoba", "Saskatchewan", "Alberta"),
        ("British Columbia", "Yukon", "Northwest Territories", "Nunavut"),
    ),
)
