"""Page data: thin functions over the library, shared by every HTML page and its JSON twin.

Nothing here computes election results itself; it calls :mod:`psephos.results` and the
:class:`~psephos.model.Election` methods, and shapes their answers into plain data.
"""

from __future__ import annotations

import json
import math
import threading
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlencode

import numpy as np
import numpy.typing as npt

import psephos
from psephos import jurisdictions
from psephos.errors import (
    DataFormatError,
    InputWarning,
    PsephosError,
    ShareWarning,
    UnknownConstituencyError,
    UnknownElectionError,
    UnknownPartyError,
    collected_notes,
    collected_share_notes,
)
from psephos.government import outcome_lines
from psephos.government.choices import GovernOptions, seats_text
from psephos.government.parliament import SeatsInput, rules_for, seats_mapping
from psephos.io.shares import FrozenAreaShares
from psephos.jurisdictions import pair_in, postcode_seats, resolve_seat
from psephos.jurisdictions.geography import great_circle_km, nearest_seat_index, seat_centroids
from psephos.model import (
    Election,
    night_label,
    night_of,
    nominal_majority,
    party_in,
    projected_names_of,
    split_parties,
)
from psephos.model import party_colour as model_party_colour
from psephos.model import party_label as model_party_label
from psephos.model import party_name as model_party_name
from psephos.model.party import find_party, pair_notes
from psephos.numbers import (
    clean,
    counted,
    format_number,
    in_percent,
    listed,
    plain,
    rounded,
    seat_range,
)
from psephos.pacts.run import PactNames, PactRequest
from psephos.results import (
    MARGINAL_ORDERS,
    area_facts,
    area_summary,
    area_table,
    close_calls,
    marginal_rows,
    marginals,
    national_summary,
    national_swing_sentence,
    national_table,
    night,
    outcome_sentence,
    predecessor_seats,
    seat_count_line,
    seat_demographics,
    seat_panel_lines,
    seat_report,
    seat_result_rows,
    seat_summary_rows,
    seat_turnout,
    seats_outcome,
    seats_sentence,
    swing_phrase,
    swing_sentence,
    turnout_sentence,
)
from psephos.results.hexmap import KeyEntry, MapMode, key_sections
from psephos.results.night import SeatDeclaration
from psephos.targeting.allocation import (
    AllocationNames,
    AllocationRequest,
    allocation_answer,
    allocation_sentence,
)
from psephos.targeting.nearest import (
    MARGINAL_MAJORITY_PCT,
    MARGINALS_KM,
    NEAREST_TOP,
    absent_sentence,
    marginals_near,
)
from psephos.targeting.sensitivity import DEFAULT_NATIONAL_SD, DEFAULT_VOTES_PER_HOUR
from psephos.targeting.targets import (
    FORECAST_SEED,
    LISTED_TARGETS,
    ListNames,
    TargetAnswer,
    find_sentence,
    found_seat,
)
from psephos.targeting.turnout import DEFAULT_ADULT_SHARE

if TYPE_CHECKING:
    from psephos.forecast.errors_model import LayeredErrors
    from psephos.forecast.montecarlo import ForecastResult
    from psephos.government import Parliament

#: Serialises expensive first computations (CPU-bound under the GIL anyway), so a burst of
#: identical cold requests computes once instead of all at once.
COMPUTE_LOCK = threading.RLock()


#: The notes a page shows where the command prints ``note:`` lines (one collector).
share_notes = collected_share_notes


def party_colour(code: str, election_id: str | None = None) -> str:
    """Map colour of a party code: the one palette, :func:`psephos.model.party_colour`."""
    return model_party_colour(code, election_id)


def party_row(current: Election, row: Mapping[str, Any]) -> dict[str, Any]:
    """A library row naming a party by its code in ``party``, as every JSON row names one:
    the election's label beside it in ``party_label`` (:meth:`Election.label`) and its map
    colour. A name outside the election (a pact's bloc total) is its own label, without a
    colour."""
    code = row["party"]
    known = code in current.parties
    return {
        **row,
        "party_label": current.label(code) if known else code,
        "colour": current.colour(code) if known else None,
    }


def forecast_rows(base: Election, result: ForecastResult) -> list[dict[str, Any]]:
    """A forecast's party rows from ``base`` as ``psephos forecast`` writes them
    (:meth:`psephos.forecast.ForecastResult.summary_rows`: each code with the next election's
    label beside it, "Reform UK" from 2019, as the projection and the exit poll name it), each
    with its colour in that election."""
    colour = forecast_colours(base, result)
    return [{**row, "colour": colour[row["party"]]} for row in result.summary_rows(base)]


def forecast_colours(base: Election, result: ForecastResult) -> dict[str, str]:
    """Each party's colour in a forecast from ``base``: its colour in the election forecast
    (the next one's, as :meth:`psephos.forecast.ForecastResult.labels` names it)."""
    night = night_of(base.labels_id)
    return {party: model_party_colour(party, night, base.parties) for party in result.parties}


def election(election_id: str) -> Election:
    """A bundled election by id or alias (cached by the loader)."""
    return psephos.load(election_id)


def previous(current: Election) -> Election | None:
    """The bundled election before ``current`` on the same boundaries."""
    return jurisdictions.previous_election(current)


@cache
def election_list(*, every_country: bool = False) -> tuple[dict[str, str], ...]:
    """Bundled elections, newest first: id, name, date and boundary set; the UK's, or with
    ``every_country`` every bundled country's (the UK's first), for the pages whose library
    functions take any country's election."""
    frame = jurisdictions.UK.table("elections")
    rows = [
        {
            "id": str(row.election),
            "name": str(row.name),
            "date": str(row.date),
            "boundary_set": str(row.boundary_set),
        }
        for row in frame.itertuples(index=False)
    ]
    found = list(reversed(rows))
    if every_country:
        for entry in jurisdictions.JURISDICTIONS.values():
            if entry is jurisdictions.UK:
                continue
            for key in reversed(entry.election_ids):
                other = election(key)
                found.append(
                    {
                        "id": key,
                        "name": other.name,
                        "date": str(other.meta.get("date", "")),
                        "boundary_set": str(other.meta.get("boundary_set", "")),
                    }
                )
    return tuple(found)


def election_nations(election_id: str) -> list[str]:
    """The nations (or provinces) of an election's seats, sorted: what the pact optimiser's
    ``nation`` takes (:func:`psephos.pacts.nation_mask`)."""
    return sorted(set(election(election_id).nations.tolist()))


def election_name(election_id: str) -> str:
    """The title of an election, as every page and command names it
    (:func:`psephos.jurisdictions.election_name`)."""
    return jurisdictions.election_name(election_id)


@dataclass(frozen=True, slots=True)
class Hex:
    """One seat's hexagon on the map: its winner's ``colour``, and the ``fill`` and ``fact``
    (hover text) of the map's mode (:func:`psephos.results.hexmap.map_colours`,
    :func:`~psephos.results.hexmap.seat_facts`); its winner's label for a table
    (``winner_label``: "Lab") and name for words a person hears (``winner_name``: "Labour",
    :func:`psephos.model.party_name`), the hexagon's text alternative."""

    code: str
    name: str
    winner: str
    winner_label: str
    winner_name: str
    colour: str
    majority_pct: float
    x: float
    y: float
    points: str
    fill: str
    fact: str


@dataclass(frozen=True, slots=True)
class HexMap:
    """All hexes of one election plus the SVG view box that frames them, with what the map
    shows (``show``, a :class:`~psephos.results.hexmap.MapMode`), its key and caption as
    :func:`psephos.results.hexmap.map_colours` gives them (``psephos map --show``)."""

    election_id: str
    hexes: tuple[Hex, ...]
    view_box: str
    width: float
    height: float
    show: str = MapMode.winner.value
    key: tuple[KeyEntry, ...] = ()
    caption: str = ""

    def key_sections(self) -> list[tuple[str | None, list[KeyEntry]]]:
        """The key split at its headings (:func:`psephos.results.hexmap.key_sections`)."""
        return key_sections(self.key)

    def key_rows(self) -> list[dict[str, str | None]]:
        """The key as JSON rows: ``colour`` and ``label``, a heading's ``colour`` null."""
        return [{"colour": entry.colour, "label": entry.label} for entry in self.key]

    def key_json(self) -> dict[str, Any]:
        """What the map shows, its caption, key (:meth:`key_rows`) and each seat's fill and
        fact by seat code, for the JSON twins."""
        return {
            "show": self.show,
            "caption": self.caption,
            "key": self.key_rows(),
            "fills": {h.code: h.fill for h in self.hexes},
            "facts": {h.code: h.fact for h in self.hexes},
        }


@lru_cache(maxsize=32)
def hex_map(election_id: str, show: MapMode = MapMode.winner) -> HexMap:
    """Every seat of a bundled election as a hexagon coloured as ``psephos map ELECTION
    --show`` colours it: gains against the previous election on the same boundaries
    (:func:`previous`), as ``psephos results`` and ``map`` compare.

    Raises:
        PsephosError: gains for an election with no earlier one bundled on its boundaries.
    """
    current = election(election_id)
    before = previous(current)
    if MapMode(show) is MapMode.gains and before is None:
        raise PsephosError(
            f"A gains map compares with the previous election on the same boundaries, and "
            f"psephos bundles none before {current.name}; show the winners or majorities."
        )
    return hex_map_of(current, show, before=before)


def hex_map_of(
    current: Election, show: MapMode = MapMode.winner, *, before: Election | None = None
) -> HexMap:
    """Every seat of any election (real or projected) as a hexagon (positions from the bundled
    ``geography`` table for the seats' boundary set, drawn by
    :func:`psephos.results.hexmap.svg_map`), filled as ``show`` says with the fills, key and
    facts of :func:`psephos.results.hexmap.map_colours` and
    :func:`~psephos.results.hexmap.seat_facts` (``before``: the result gains are counted
    against).

    Raises:
        ValueError: ``gains`` without ``before``.
    """
    from psephos.results.hexmap import hex_layout, map_colours, map_order, seat_facts, svg_map

    # drawn in reading order, so a keyboard's Tab moves between neighbouring seats
    layout = svg_map(map_order(current, hex_layout(current, strict=False)))
    if not layout.hexes:  # no bundled layout for these boundaries (e.g. Canada): an empty map
        return HexMap(
            election_id=current.id,
            hexes=(),
            view_box=layout.view_box,
            width=layout.width,
            height=layout.height,
            show=MapMode(show).value,
        )
    colours = map_colours(current, show, before=before)
    facts = seat_facts(current, show, before=before)
    majority_pct = current.majority_shares() * 100
    hexes = []
    for cell in layout.hexes:
        position = current.seat_index(cell.code)
        winner = current.parties[int(current.winner[position])]
        hexes.append(
            Hex(
                code=cell.code,
                name=cell.name,
                winner=winner,
                winner_label=current.label(winner),
                winner_name=model_party_name(winner, current.id),
                colour=current.colour(winner),
                majority_pct=rounded(float(majority_pct[position]), 2),
                x=cell.x,
                y=cell.y,
                points=cell.points,
                fill=colours.fills[position],
                fact=facts[position],
            )
        )
    return HexMap(
        election_id=current.id,
        hexes=tuple(hexes),
        view_box=layout.view_box,
        width=layout.width,
        height=layout.height,
        show=MapMode(show).value,
        key=colours.key,
        caption=colours.caption,
    )


@lru_cache(maxsize=16)
def national(election_id: str) -> tuple[dict[str, Any], ...]:
    """National table rows (seats, votes, shares, changes), each with the party colour."""
    current = election(election_id)
    rows = national_table(current, previous(current))
    return tuple({**row, "colour": current.colour(row["party"])} for row in rows)


def election_summary(election_id: str) -> dict[str, Any]:
    """Headline facts: name, date, seats, majority line and the largest party (its code, and
    its label in ``largest_party_label``); the turnout as ``psephos results ELECTION`` gives it
    (:func:`psephos.results.national_summary`: ``turnout_pct``, the ``electorate`` it is over,
    the ``valid_votes``, and the line the command prints, ``turnout_sentence``), the two-party
    swing since the previous election (``swing_sentence``,
    :func:`psephos.results.national_swing_sentence`; ``None`` without one) and the notes it
    prints on the parties' figures and changes (``notes``: the Brexit Party's 2019 change is
    from UKIP's 2017 share; the largest parties counted in Other; seats the turnout leaves
    out for want of an electorate)."""
    current = election(election_id)
    outcome = seats_outcome(current)
    facts = national_summary(current, previous(current))
    return {
        "id": current.id,
        "name": current.name,
        "date": current.meta.get("date"),
        "previous": current.meta.get("previous"),
        "n_seats": current.n_seats,
        "majority_line": outcome.needed,
        "largest_party": outcome.party,
        "largest_party_label": outcome.label,
        "largest_party_seats": outcome.seats,
        "overall_majority": outcome.overall,
        # seats more than every other MP together (negative in a hung parliament)
        "majority": outcome.majority,
        "short_of_majority": outcome.short,
        "no_majority": jurisdictions.of(current).no_majority,
        "sentence": seats_sentence(current),
        "turnout_pct": facts["turnout_pct"],
        "electorate": facts["electorate"],
        "valid_votes": facts["valid_votes"],
        # the rejected ballots the turnout counts, where it counts them (Canada's)
        **{key: facts[key] for key in ("rejected_ballots",) if key in facts},
        "turnout_sentence": turnout_sentence(current),
        # the two-party swing, as `psephos results` prints it under its table
        "swing_sentence": national_swing_sentence(current, previous(current)),
        "notes": facts["notes"],
    }


def election_answer(election_id: str) -> dict[str, Any]:
    """``/api/elections/{id}``: the document ``psephos results ELECTION --format json`` prints
    (:func:`psephos.results.national_summary` with the national table under ``rows``), and the
    election page's ``summary`` (:func:`election_summary`) and ``parties`` (the table's rows,
    each with its party's colour: :func:`national`) beside it."""
    current = election(election_id)
    before = previous(current)
    return {
        **national_summary(current, before),
        "rows": national_table(current, before),
        "summary": election_summary(current.id),
        "parties": list(national(current.id)),
    }


def election_areas(election_id: str, level: str) -> dict[str, Any]:
    """``/api/elections/{id}/areas`` and its page: the document ``psephos results ELECTION
    --by-area LEVEL --format json`` prints (:func:`psephos.results.area_facts`, the
    :func:`psephos.results.area_table` under ``rows`` and the :func:`psephos.results.area_summary`
    rows, turnout and swing by area, under ``areas``), and each row's party ``colour`` beside
    it in ``colours`` (party code to colour)."""
    current = election(election_id)
    before = previous(current)
    rows = area_table(current, level, before)
    return {
        **area_facts(current, level, before),
        "rows": rows,
        "areas": area_summary(current, level, before),
        "colours": {row["party"]: current.colour(row["party"]) for row in rows},
    }


def seat_history(
    current: Election, code: str, predecessor: str | None = None
) -> list[dict[str, Any]]:
    """The seat's result at every bundled election of ``current``'s country that has a seat
    with this code, oldest first, and before that (``predecessor``: the seat on the old
    boundaries that supplied most of its population) the predecessor's results, marked as
    such."""
    rows = []
    for election_id in jurisdictions.of(current).election_ids:
        past = election(election_id)
        if code in past.codes:
            shown, is_predecessor = code, False
        elif predecessor is not None and predecessor in past.codes:
            shown, is_predecessor = predecessor, True
        else:
            continue
        result = past.result(shown)
        rows.append(
            {
                "election": past.id,
                "code": shown,
                "predecessor": is_predecessor,
                "name": result.constituency.name,
                "winner": result.winner,
                "winner_label": past.label(result.winner),
                "colour": past.colour(result.winner),
                "runner_up": result.runner_up,
                "runner_up_label": past.label(result.runner_up),
                # as the seat report gives them (psephos.results.seat_report): the page rounds
                # once, as it shows them, so a majority of 2 votes is 0.0048%, not 0.0
                "majority": round(result.majority),
                "majority_pct": clean(result.majority_share * 100),
                "turnout_pct": clean(seat_turnout(past, past.seat_index(shown)) * 100),
            }
        )
    return rows


#: The boundary set the bundled ``boundary_overlap`` table maps from (to the 2024 seats).
OLD_BOUNDARIES = "2010"


@lru_cache(maxsize=4096)
def seat(election_id: str, code: str) -> dict[str, Any]:
    """A seat's full report (:func:`psephos.results.seat_report`) plus its history.

    Raises:
        UnknownConstituencyError: when the seat is not in the election.
    """
    current = election(election_id)
    seat_result = seat_report(current, code, previous(current))
    report = seat_result.to_dict()
    report["swing_text"] = swing_phrase(seat_result, current)
    # the command's lines (psephos results --seat), which the seat panel writes as they are
    report["outcome_sentence"] = outcome_sentence(seat_result)
    report["swing_sentence"] = swing_sentence(seat_result, current)
    report["count_sentence"] = seat_count_line(seat_result, current)  # rejected ballots too
    # as `psephos results --seat --format json` gives them: its lines, and each candidate's
    # row led by the seat's `seat_code` and `seat_name` (the command's `rows`)
    report["headline"] = seat_panel_lines(seat_result, current)
    report["candidates"] = seat_result.seat_rows()
    for row in report["candidates"]:
        row["colour"] = current.colour(row["party"])
    report["rows"] = report["candidates"]  # the command's key for its table
    report["swing_parties"] = list(report["swing_parties"] or []) or None
    report["election_name"] = current.name
    predecessors = predecessor_seats(current, report["code"])
    old_names = seat_names(OLD_BOUNDARIES) if predecessors else {}
    report["predecessors"] = [
        {**row, "name": old_names.get(row["code"], row["code"])} for row in predecessors
    ]
    main = report["predecessors"][0]["code"] if report["predecessors"] else None
    report["history"] = seat_history(current, report["code"], main)
    report["demographics"] = seat_demographics(current, report["code"])
    report["insights"] = seat_insights(current, report["code"])
    return report


@dataclass(frozen=True, slots=True)
class SeatAnswer:
    """A seat's report and its JSON bytes, computed once per (election, seat)."""

    report: dict[str, Any]
    body: bytes


_SEAT_ANSWERS: dict[tuple[str, str], SeatAnswer] = {}
_MAX_SEAT_ANSWERS = 20_000


def seat_answer_if_cached(election_id: str, code: str) -> SeatAnswer | None:
    """The seat's answer if already computed (cheap: safe on the event loop)."""
    return _SEAT_ANSWERS.get((election_id, code))


def seat_answer(election_id: str, code: str) -> SeatAnswer:
    """The seat's report (:func:`seat`) and its serialised JSON, memoised.

    Raises:
        UnknownConstituencyError: when the seat is not in the election.
    """
    key = (election_id, code)
    answer = _SEAT_ANSWERS.get(key)
    if answer is not None:
        return answer
    with COMPUTE_LOCK:  # one computation at a time: no stampede of identical cold requests
        answer = _SEAT_ANSWERS.get(key)
        if answer is None:
            report = seat(election_id, code)
            body = json.dumps(report, ensure_ascii=False, separators=(",", ":")).encode()
            answer = SeatAnswer(report, body)
            if len(_SEAT_ANSWERS) < _MAX_SEAT_ANSWERS:
                _SEAT_ANSWERS[key] = answer
    return answer


def marginal_seats(election_id: str, top: int = 50) -> list[dict[str, Any]]:
    """The closest seats as ``psephos marginals ELECTION --top TOP`` lists them (by majority in
    votes: :func:`psephos.results.marginal_rows`)."""
    return marginal_seats_of_pair(election_id, top)[1]


def marginal_seats_of_pair(
    election_id: str, top: int = 50, pair: str | None = None, by: str = "votes"
) -> tuple[tuple[str, str] | None, list[dict[str, Any]]]:
    """The pair's codes (``None`` without one) and the closest seats as ``psephos marginals
    ELECTION --top TOP [--pair PAIR] --by BY`` lists them.

    Raises:
        PairError, UnknownPartyError: a pair that is not two of the election's parties.
    """
    current = election(election_id)
    parties = pair_in(pair, current.parties, what="The pair") if pair and pair.strip() else None
    return parties, marginal_rows(marginals(current, top=top, parties=parties, by=by))


def marginals_answer(
    election_id: str, top: int = 50, pair: str | None = None, by: str = "votes"
) -> dict[str, Any]:
    """The marginals page's answer and its JSON twin: the document ``psephos marginals
    ELECTION --top TOP [--pair PAIR] --by BY --format json`` prints (``election``, ``by``,
    ``pair``: the pair's codes or ``None``, ``close_calls``: :func:`psephos.results.close_calls`
    of the seats listed, ``notes``: :func:`marginal_pair_notes`, ``rows``), with the pair's
    ``pair_labels`` (how the election names its parties) beside it.

    Raises:
        PairError, UnknownPartyError: a pair that is not two of the election's parties.
    """
    current = election(election_id)
    parties, rows = marginal_seats_of_pair(current.id, top, pair, by)
    return {
        "election": current.id,
        "by": by,
        "pair": list(parties) if parties else None,
        "pair_labels": [current.label(party) for party in parties or ()],
        "close_calls": close_calls(current, [row["code"] for row in rows]),
        "notes": marginal_pair_notes(current.id, pair),
        "rows": rows,
    }


def marginal_pair_notes(election_id: str, pair: str | None) -> list[str]:
    """What ``psephos marginals ELECTION --pair PAIR`` notes of a pair: a party named as it was
    called in another year, read as the election's (:func:`psephos.model.party.pair_notes`:
    "UKIP read as Brexit Party (the same party)." in 2019); none without a pair."""
    if not pair or not pair.strip():
        return []
    return pair_notes(pair, election(election_id).labels_id)


def seat_summaries(election_id: str) -> list[dict[str, Any]]:
    """Every seat's result in one row, as ``psephos results ELECTION --by-seat`` gives it
    (:func:`psephos.results.seat_summary_rows`; outcome and swing against :func:`previous`)."""
    current = election(election_id)
    return seat_summary_rows(current, previous(current))


def seat_results(election_id: str) -> list[dict[str, Any]]:
    """Every seat's full result, a row per candidate, as ``psephos results ELECTION --seat
    SEAT --format csv`` writes each seat (:func:`psephos.results.seat_result_rows`; share
    changes from :func:`previous`)."""
    current = election(election_id)
    return seat_result_rows(current, previous(current))


#: The closest seats a results file's page and its JSON twin list (``psephos marginals FILE
#: --top 20``).
FILE_MARGINALS = 20

#: Most seats of a results file whose every result its page lists (a House of 650 seats and
#: India's 543 fit; a larger file's seats are shown one at a time, named in its Seat box).
MAX_LISTED_SEATS = 1000


def file_election(
    results_file: tuple[str, str], unknown_parties: Literal["error", "other", "own"] = "error"
) -> tuple[Election, list[str]]:
    """A user's results file (``(text, name)``, already read) as the commands read a results
    file (:func:`psephos.jurisdictions.parse_results_csv`, its id the file's name less its
    ending, as a command names a file's election), with what the reader said (a file read as
    an election of its own country, one without seat codes): the one reading of every page
    that takes a results file.

    Raises:
        DataFormatError, UnknownPartyError: a file that does not read, as the command says.
    """
    from pathlib import PurePath

    from psephos.jurisdictions import parse_results_csv

    text, name = results_file
    with collected_notes(InputWarning) as notes:
        current = parse_results_csv(
            text, name=name, election_id=PurePath(name).stem, unknown_parties=unknown_parties
        )
    return current, notes


def results_file(
    results_file: tuple[str, str],
    seat: str | None = None,
    *,
    unknown_parties: Literal["error", "other", "own"] = "error",
    every_seat: bool = False,
    poll: str | None = None,
    model: str | None = None,
    areas: str | None = None,
) -> dict[str, Any]:
    """A user's results file (``(text, name)``, already read) as ``psephos results FILE``
    reads and tells it: the facts beside the national table and its ``headline``
    (:func:`psephos.results.national_summary`), the table's ``rows`` (each with its party's
    colour, :meth:`Election.colour`), the seats a majority needs (``majority_line``), the
    closest seats as ``psephos marginals FILE --top 20`` lists them (``marginals``), every
    seat's code and name (``seats``) and, for ``seat`` (a name or code, as ``--seat``), that
    seat's result as ``psephos results FILE --seat SEAT`` gives it in JSON (``seat``: its
    facts, panel lines in ``headline`` and candidate ``rows``). ``notes``: what the reader
    said (a file read as an election of its own country, one without seat codes), then the
    notes on the parties' figures (:func:`psephos.results.party_notes`) and the seats decided
    by lot or without votes, as the command prints them. ``every_seat``: each
    seat's result too (``seat_results``, for files of up to :data:`MAX_LISTED_SEATS` seats;
    ``None`` for a larger one), for the page to list. ``unknown_parties``: how a party
    psephos does not know is read, as ``--unknown-parties`` (refused, counted as Other, or the
    file read as an election of its own country). ``poll`` (national shares in percent, as
    ``--poll`` takes them; blank: none): the file projected to it with ``model`` as ``psephos
    project --from FILE --poll POLL --model MODEL`` projects it, with any area shares
    (``areas``, the text of a ``--by-region`` file: :func:`area_shares`) beside it or alone
    (``projection``: :func:`file_projection`; ``None`` without either).

    Raises:
        DataFormatError, UnknownPartyError: a file that does not read, as the command says.
        UnknownConstituencyError: ``seat`` is not one of the file's (with a "did you mean").
        InvalidSharesError, UnknownPartyError, UnknownModelError: a poll or model the
            projection refuses, in the command's words.
    """
    from psephos.results import national_summary, seat_summary

    current, notes = file_election(results_file, unknown_parties)
    summary = national_summary(current)

    def seat_answer(code: str) -> dict[str, Any]:
        report = seat_report(current, code)
        rows = [party_row(current, row) for row in report.seat_rows()]
        return {**seat_summary(report, current), "rows": rows}

    answer = {
        **summary,
        "name": current.name,
        "notes": [*notes, *summary["notes"], *summary["close_calls"]],
        "rows": [party_row(current, row) for row in national_table(current)],
        "majority_line": nominal_majority(current.n_seats),
        "marginals": marginal_rows(marginals(current, top=FILE_MARGINALS)),
        "seats": [{"code": c.code, "name": c.name} for c in current.constituencies],
        "seat": None if seat is None or not seat.strip() else seat_answer(seat),
        "projection": None
        if not (poll and poll.strip()) and not (areas and areas.strip())
        else file_projection(current, poll, model, areas=areas),
    }
    if every_seat:
        listed = current.n_seats <= MAX_LISTED_SEATS
        answer["seat_results"] = [seat_answer(code) for code in current.codes] if listed else None
    return answer


def file_projection(
    base: Election, poll: str | None, model: str | None = None, *, areas: str | None = None
) -> dict[str, Any]:
    """``base`` (a results file's election) projected to a typed ``poll`` with ``model``, as
    ``psephos project --from FILE --poll POLL --model MODEL --format json`` gives it (``model``
    ``None``: the command's default, :data:`psephos.projection.DEFAULT_MODEL`): the
    ``model``, the projected ``seats`` per party, the gains and losses table's ``rows`` (base
    seats, projected seats, change, gains, losses: :meth:`Projection.changes`, each with its
    party's label and colour), the ``headline`` (:func:`psephos.government.outcome_lines`),
    the ``majority_line`` and the ``notes`` the command prints (a poll's shares filled or
    rescaled), the poll read by the one reader (:func:`_poll_projection`), with any area
    shares (``areas``: :func:`area_shares`) beside it.

    Raises:
        InvalidSharesError, UnknownPartyError: a poll that does not read, as the command says.
        UnknownModelError: ``model`` is not a swing model.
    """
    from psephos.projection import DEFAULT_MODEL

    projection, _, notes = _poll_projection(
        base, poll or None, model or DEFAULT_MODEL, area_shares(areas)
    )
    return {
        "model": projection.model,
        "seats": projection.summary()["seats"],
        "rows": [party_row(base, row) for row in projection.changes()],
        "majority_line": nominal_majority(projection.election.n_seats),
        "headline": outcome_lines(projection.election),
        "notes": notes,
    }


@dataclass(frozen=True, slots=True)
class NearestScenario:
    """What moves the base before the nearest marginals are found, and how travel counts
    (:func:`nearest_marginals`; the options of ``psephos nearest --closest`` beside the
    place and limits): a national ``swing`` (``"Lab=+3,Con=-2"``) or a ``poll``
    (``"Lab 35 Con 24"``) with area shares ``areas`` (the text of a ``--by-region`` file),
    projected with ``model`` (``None``: the engine's default); ``speed_kmh`` and
    ``max_minutes``, as ``--speed-kmh`` and ``--max-minutes``."""

    swing: str | None = None
    poll: str | None = None
    areas: str | None = None
    model: str | None = None
    speed_kmh: float | None = None
    max_minutes: float | None = None


def nearest_marginals(
    election_id: str,
    *,
    seat_name: str | None = None,
    postcode: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    max_majority_pct: float = MARGINAL_MAJORITY_PCT,
    max_km: float = MARGINALS_KM,
    top: int = NEAREST_TOP,
    party: str | None = None,
    scenario: NearestScenario | None = None,
) -> dict[str, Any]:
    """Marginal seats (majority under ``max_majority_pct`` of valid votes) nearest a place:
    :func:`psephos.targeting.nearest.marginals_near` as ``psephos nearest --closest`` lists
    them (its ``rows``, the shape of ``psephos marginals``' rows, with the winner's colour
    beside the command's keys; its ``origin``, :meth:`psephos.targeting.geo.Location.to_dict`,
    with the postcode's seats and a boundary ``note``; ``max_km`` and ``max_majority_pct``);
    ``party``: only those it won or came second in (``--party``; ``party`` in the answer is
    its code).

    ``scenario`` (:class:`NearestScenario`): the base moved first by a national ``swing`` or
    projected to a ``poll`` and any area shares ``areas`` with ``model``, through the one path
    of ``psephos nearest --swing/--poll/--by-region/--model``
    (:func:`psephos.targeting.sensitivity.scenario_election`), the winners and majorities then
    the projected ones, with the command's JSON keys (``swing_points``, ``poll``, ``areas``,
    ``projection``, ``notes``) and the words its title names the scenario in
    (``scenario_words``); ``speed_kmh``: each seat's ``minutes`` in a straight line at that
    speed (``--speed-kmh``), ``max_minutes`` keeping those within it (``--max-minutes``).

    The place is a postcode (full, sector or district: its mean position), a seat (name or ONS
    code; its centroid: a seat of the other boundaries followed to the seat holding most of its
    population, the origin's ``note`` saying so, as :func:`psephos.jurisdictions.resolve_seat`
    says it for ``psephos advise``) or a latitude/longitude.

    Raises:
        UnknownConstituencyError: when ``seat_name`` matches no seat.
        UnknownPartyError: a ``party`` that is not one of the election's.
        InvalidPostcodeError, UnknownPostcodeError: a bad postcode.
        ValueError: when no place is given.
        UnsupportedCountryError: a country without bundled seat centroids (Canada).
        PsephosError: a swing and a poll together, a swing, poll, area shares or model that
            does not read, ``max_minutes`` without ``speed_kmh``; a ``party`` that stands in
            none of the seats within reach (:func:`psephos.targeting.nearest.absent_sentence`).
    """
    from psephos.targeting.geo import Location, straight_line_minutes
    from psephos.targeting.sensitivity import parse_swing, scenario_election, scenario_words

    scenario = scenario or NearestScenario()
    current = election(election_id)
    jurisdictions.require(jurisdictions.NEAREST, current)  # before the place is looked up
    where: str | tuple[float, float] | Location
    found = None
    boundary_note = ""
    if postcode:
        found = postcode_seats(current, postcode)
        # the postcode's mean position, named as typed (resolve_place's reading of it)
        where = Location(
            found.area.latitude,
            found.area.longitude,
            found.area.query,
            tuple(option.code for option in found.options),
        )
    elif seat_name:
        # a seat of the other boundaries followed, as psephos advise and nearest follow it
        position, boundary_note = resolve_seat(current, seat_name)
        where = current.codes[position]
    elif latitude is not None and longitude is not None:
        where = (latitude, longitude)
    else:
        raise ValueError("give a seat or a latitude and longitude")
    code = None if party is None else current.parties[current.party_index(party)]
    if scenario.max_minutes is not None and scenario.speed_kmh is None:
        raise PsephosError(  # the command's refusal of --max-minutes without --speed-kmh
            "max_minutes needs speed_kmh to count the minutes (e.g. 40), or give the "
            "budget in km alone (max_km)."
        )
    hook = None if scenario.speed_kmh is None else straight_line_minutes(scenario.speed_kmh)
    shift = parse_swing(scenario.swing, current.parties)
    given_areas = area_shares(scenario.areas)
    with COMPUTE_LOCK, share_notes() as notes:  # the projection's notes, as the command's
        projected, projection = scenario_election(
            current,
            swing=shift,
            poll=scenario.poll or None,
            model=scenario.model,
            areas=given_areas,
        )
    location, near = marginals_near(
        projected,
        where,
        km=max_km,
        max_majority_pct=max_majority_pct,
        top=top,
        party=party,
        travel_time=hook,
        max_minutes=scenario.max_minutes,
    )
    absent = (
        None
        if near or party is None
        else absent_sentence(current, location, km=max_km, party=party)
    )
    if absent:  # seats within reach, none of them the party's: said as the command says it
        raise PsephosError(absent)
    origin: dict[str, Any] = {  # the command's origin, with the postcode's seats
        **location.to_dict(),
        "postcode": found.to_dict() if found else None,
        "note": boundary_note or None,
    }
    if found:
        origin.update(code=found.code, name=found.area.query)
    rows = [  # the command's rows (minutes where a speed counts them), with the winner's colour
        {
            **{
                key: value
                for key, value in row.to_dict().items()
                if key != "minutes" or hook is not None
            },
            "colour": current.colour(row.winner),
        }
        for row in near
    ]
    return {
        "election": current.id,
        "origin": origin,
        "max_majority_pct": max_majority_pct,
        "max_km": max_km,
        "max_minutes": scenario.max_minutes,
        "speed_kmh": scenario.speed_kmh,
        "party": code,
        "party_label": None if code is None else current.label(code),
        # the scenario under the command's keys, and named as its title names it
        "swing_points": shift,
        "poll": scenario.poll or None,
        "areas": given_areas,
        "model": None if projection is None else projection.model,
        "projection": None if projection is None else projection.summary(),
        "notes": notes,
        "scenario_words": ""
        if projection is None
        else scenario_words(
            poll=scenario.poll or None,
            swing=shift,
            model=projection.model,
            areas=given_areas,
        ),
        "rows": rows,  # the command's key for its table
    }


def seat_codes(boundary_set: str) -> frozenset[str]:
    """Seat codes of one boundary set: ONS codes from the bundled UK geography, else (a
    country without one: Canada's 2013 ridings) the codes of a bundled election on it."""
    return _seat_codes(boundary_set)


@cache
def _seat_codes(boundary_set: str) -> frozenset[str]:
    geography = jurisdictions.UK.table("geography")
    codes = geography.loc[geography["boundary_set"] == boundary_set, "code"]
    if len(codes):
        return frozenset(str(code) for code in codes)
    for info in election_list(every_country=True):
        if info["boundary_set"] == boundary_set:
            return frozenset(election(info["id"]).codes)
    return frozenset()


@cache
def seat_names(boundary_set: str) -> dict[str, str]:
    """ONS code to seat name for one boundary set (from the newest election on it)."""
    for info in election_list():
        if info["boundary_set"] == boundary_set:
            current = election(info["id"])
            return {seat.code: seat.name for seat in current.constituencies}
    return {}


__all__ = [
    "Hex",
    "HexMap",
    "UnknownConstituencyError",
    "UnknownElectionError",
    "election",
    "election_list",
    "election_summary",
    "great_circle_km",
    "hex_map",
    "marginal_seats",
    "national",
    "nearest_marginals",
    "seat",
    "seat_codes",
    "seat_names",
]


def results_night(
    election_id: str,
    name: str,
    base_id: str,
    declared: list[SeatDeclaration],
) -> dict[str, Any]:
    """Running totals from the declarations so far, compared with the same seats at
    ``base_id``, gains and holds, the map's fills and the projection with its uncertainty
    (:mod:`psephos.results.night`, :class:`psephos.forecast.Nowcast`).

    Args:
        election_id: Id of the results night.
        name: Its human name.
        base_id: Bundled election compared with (same boundaries).
        declared: Current declarations, in order of first declaration.
    """
    base = election(base_id)
    majority_line = nominal_majority(base.n_seats)
    summary: dict[str, Any] = {
        "election": election_id,
        "name": name,
        "base_election": base.id,
        "base_name": base.name,
        "n_seats": base.n_seats,
        "n_declared": len(declared),
        "majority_line": majority_line,
        "parties": [],
        "declarations": [],
        "fills": {},
        "projection": {
            **night.call([], base, [d.code for d in declared]),
            "parties": [],
        },
    }
    if not declared:
        return summary
    so_far, positions = night.declared_election(
        base, declared, election_id, f"{name} (declared so far)"
    )
    mask = np.zeros(base.n_seats, dtype=bool)
    mask[positions] = True
    table = national_table(so_far, base.select(mask))
    summary["parties"] = [{**row, "colour": so_far.colour(row["party"])} for row in table]
    by_code = {d.code: d for d in declared}
    order = {d.code: number for number, d in enumerate(declared)}
    electorates = {d.code: d.electorate for d in declared}
    rows = []
    for row in night.outcomes(base, so_far, positions, electorates):
        declaration = by_code[row["code"]]
        rows.append(
            {
                **row,
                "colour": so_far.colour(row["winner"]),
                "revision": declaration.revision,
                "declared_at": declaration.declared_at,
            }
        )
    rows.sort(key=lambda row: order[row["code"]], reverse=True)  # newest first
    summary["declarations"] = rows
    summary["fills"] = {row["code"]: row["colour"] for row in rows}
    summary["projection"] = projection(base.id, so_far, positions, electorates)
    return summary


def projection(
    base_id: str,
    so_far: Election,
    positions: Any,
    electorates: Mapping[str, int | None] | None = None,
) -> dict[str, Any]:
    """The nowcast's projected final seats with its 90% interval
    (:meth:`psephos.forecast.Nowcast.seat_intervals`, the one ``psephos nowcast feed`` and
    ``show`` print: national and regional errors shared by the undeclared seats), and what
    can be called (``electorates``: as declared, by seat code)."""
    base = election(base_id)
    candidates = so_far.candidates or tuple(() for _ in so_far.codes)
    key = tuple(
        (
            code,
            tuple((c.name, c.party, int(c.votes)) for c in people),
            (electorates or {}).get(code),
        )
        for code, people in zip(so_far.codes, candidates, strict=True)
    )
    verdict = night.call([], base, so_far.codes)
    if verdict["status"] == "too-early":
        return {**verdict, "parties": []}
    win_probability, intervals = _nowcast_state(base.id, key)
    undeclared = np.ones(base.n_seats, dtype=bool)
    undeclared[positions] = False
    rows = night.projection_interval(so_far.seats_won(), win_probability, base.parties, undeclared)
    for row in rows:
        row["low"], row["high"] = intervals.get(row["code"], (row["low"], row["high"]))
        # the 90% range as the page writes it, for the live script to insert as it is
        row["range_text"] = seat_range(row["low"], row["high"])
    verdict = night.call(rows, base, so_far.codes, night_id=so_far.id)
    # Each row as every results row names a party: the code in `party`, the label beside it.
    parties = [
        party_row(  # labelled as the running totals label it
            so_far,
            {"party": row["code"], **{key: value for key, value in row.items() if key != "code"}},
        )
        for row in rows
    ]
    return {**verdict, "parties": parties}


@lru_cache(maxsize=64)
def _nowcast_state(
    base_id: str, declared: tuple[tuple[str, tuple[tuple[str, str, int], ...], int | None], ...]
) -> tuple[Any, dict[str, tuple[int, int]]]:
    """Seats x parties win probabilities and each party's 90% seat interval from the
    declarations (:class:`Nowcast`; each seat's candidates, so two Independents are two, with
    its declared electorate or ``None``)."""
    from psephos.forecast import Nowcast
    from psephos.model import Candidate

    with COMPUTE_LOCK:
        nowcast = Nowcast(election(base_id))
        try:
            for code, people, electorate in declared:
                seat = tuple(Candidate(name, party, "", votes) for name, party, votes in people)
                nowcast.declare(code, seat, electorate=electorate)
            return nowcast.projection().win_probability, nowcast.seat_intervals()
        finally:
            nowcast.close()


def declared_seat(
    election_id: str, name: str, base_id: str, declared: SeatDeclaration
) -> dict[str, Any]:
    """One seat's declaration: candidates with shares, turnout and electorate (as declared,
    else the base election's; the turnout :func:`psephos.results.night.outcomes` gives the
    results night's table), majority, and the seat's result at the base election."""
    base = election(base_id)
    so_far, positions = night.declared_election(base, [declared], election_id, name)
    row = night.outcomes(base, so_far, positions, {declared.code: declared.electorate})[0]
    valid = max(row["valid_votes"], 1)
    constituency = base.constituencies[int(positions[0])]
    electorate = declared.electorate or constituency.electorate
    candidates = [
        {
            "name": person.name,
            "party": person.party,
            "party_label": so_far.label(person.party),
            "party_name": person.party_name or so_far.label(person.party),
            "votes": person.votes,
            "share_pct": clean(person.votes / valid * 100),  # the page rounds it, once
            "colour": so_far.colour(person.party),
        }
        for person in sorted(declared.candidates, key=lambda c: -c.votes)
    ]
    return {
        **row,
        "election": election_id,
        "election_name": name,
        "base_election": base.id,
        "colour": so_far.colour(row["winner"]),
        "candidates": candidates,
        "electorate": electorate,
        "electorate_declared": declared.electorate is not None,
        "revision": declared.revision,
        "declared_at": declared.declared_at,
        "last_time": seat(base.id, constituency.code),
    }


def base_election_for(boundary_set: str) -> Election:
    """The newest bundled election on ``boundary_set`` (the default comparison)."""
    for info in election_list():
        if info["boundary_set"] == boundary_set:
            return election(info["id"])
    raise UnknownElectionError(f"No bundled election on the {boundary_set!r} boundaries.")


def coalition(
    election_id: str | None,
    government: list[str],
    supporters: list[str],
    options: GovernOptions | None = None,
    *,
    picture: bool = False,
) -> dict[str, Any]:
    """Whether ``government`` (with ``supporters`` on confidence and supply) commands the House
    elected at ``election_id`` (or of the ``seats`` given), plus the full hung-parliament report
    as ``psephos govern`` makes it, through the command's own path
    (:func:`psephos.government.choices.govern_as_asked`; the options are
    :class:`~psephos.government.choices.GovernOptions`): the coalitions and
    confidence-and-supply arrangements asked for, the abstainers and the Deputy Speakers.
    With ``picture``, ``picture`` is the House's parliament diagram as ``psephos govern
    --chart`` draws it (:func:`house_picture`; ``None`` for a House of more than
    ``max_picture_seats``; the page draws it, the JSON leaves it out).

    Raises:
        UnknownPartyError: a ticked or abstaining party has no seats.
        DataFormatError: seats or an arrangement that do not read; an election and seats both.
    """
    from psephos.government import assess
    from psephos.government.choices import OptionNames, govern_as_asked

    # One House for the whole page: the deputies drawn with the side given, else with the
    # ticked government as the government side (as --government-side), else the largest party.
    source, report = govern_as_asked(
        election_id,
        options or GovernOptions(),
        open_election=election,
        government_side=government,
        names=OptionNames(
            seats="seats",
            confidence_supply="confidence_supply",
            government_side="government_side",
            house_size="house_size",
            deputies_government="deputies_government",
            deputies_opposition="deputies_opposition",
        ),
    )
    if isinstance(source, Election):
        bundled = jurisdictions.bundled_id(source)
        name = election_name(bundled) if bundled is not None else source.id
        election_key = source.id
    else:
        name, election_key = "Seats given", None
    answer: dict[str, Any] = {
        "election": election_key,
        "name": name,
        "seats": {
            party: {
                "seats": seats,
                "party_label": report.name(party),
                "colour": party_colour(party, election_key),
            }
            for party, seats in report.house.seats.items()
        },
        "report": report.to_dict(),
        "assessment": None,
        "sentence": None,
    }
    # as `psephos govern --format json`, the arrangements under its `rows` too
    answer["report"]["rows"] = answer["report"]["arrangements"]
    if picture:
        answer["picture"] = house_picture(report.house, election_key)
        from psephos.government.charts import MAX_DIAGRAM_SEATS

        answer["max_picture_seats"] = MAX_DIAGRAM_SEATS
    if government:
        assessment = assess(report.house, government, supporters)
        answer["assessment"] = report.row(assessment)
        answer["sentence"] = report.describe(assessment)
    return answer


#: Radius of a parliament diagram's outer row in SVG user units.
HOUSE_RADIUS = 300.0
#: Room under the House's half circle, in its SVG units, for two lines of words (its seats
#: and working majority): they sat in the half circle's middle, where a phone's larger words
#: ran into the dots.
HOUSE_WORDS_ROOM = 56.0


@dataclass(frozen=True, slots=True)
class SeatGroup:
    """One party's voting members in the parliament diagram, or its members who do not vote.

    Attributes:
        party: The party code.
        party_label: The party as the election names it.
        colour: The party's colour (a hollow dot's ring when ``votes`` is false).
        votes: Whether these members vote.
        title: Hover text: the party, its seats and who of them does not vote.
        centres: The dots' centres in SVG user units (y grows down), left to right.
    """

    party: str
    party_label: str
    colour: str
    votes: bool
    title: str
    centres: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class HousePicture:
    """A House's parliament diagram as SVG data: the seats, dots and majority line of
    :func:`psephos.government.charts.parliament_diagram` (``psephos govern --chart``), scaled
    to :data:`HOUSE_RADIUS` with the y axis down.

    Attributes:
        groups: Runs of seats from left to right, one party's voters or non-voters each.
        parties: The parties from left to right (the legend's order).
        dot: The dots' radius.
        majority_line: SVG ``points`` of the working-majority line (blank when there is none).
        width: The width of the SVG view box that frames the half circle.
        height: Its height: the half circle and :data:`HOUSE_WORDS_ROOM` under it.
        centre_x: The half circle's centre, across.
        centre_y: The half circle's centre, down (its base line).
        order_words: How the seats run, as the caption says it
            (:meth:`~psephos.government.charts.ParliamentDiagram.order_words`: "from left to
            right, then off the left-right order: BQ").
    """

    groups: tuple[SeatGroup, ...]
    parties: tuple[str, ...]
    dot: float
    majority_line: str
    width: float
    height: float
    centre_x: float
    centre_y: float
    order_words: str = "from left to right"


def _seats(count: int) -> str:
    """``"1 seat"``, ``"262 seats"``."""
    return counted(count, "seat")


def _seat_title(house: Parliament, party: str, label: str, *, votes: bool, count: int) -> str:
    """Hover text of a party's ``count`` voting members, or of those who do not vote and
    why: the Speaker (its own seat, or one of the party's: Canada's), abstentionists, Deputy
    Speakers."""
    seats = house.seats[party]
    if votes:
        voting = "" if count == seats else f", {format_number(count, ',.0f')} voting"
        return f"{label}: {_seats(seats)}{voting}"
    if party == house.party(house.rules.speaker_party):
        return f"{label}: does not vote"
    if party in house.abstentionist_seats:
        return f"{label}: {_seats(count)} not taken, so no votes"
    deputies = count - (party == house.speaker_from)
    chair = ["the Speaker"] if party == house.speaker_from else []
    if deputies:
        chair.append(counted(deputies, "Deputy Speaker"))
    return f"{label}: {listed(chair)}, who {'does' if count == 1 else 'do'} not vote"


def house_picture(house: Parliament, election_id: str | None) -> HousePicture | None:
    """The parliament diagram of ``house`` in SVG units, from the one geometry of ``psephos
    govern --chart`` (:func:`psephos.government.charts.parliament_diagram`), coloured and
    labelled by ``election_id``'s year; ``None`` for a House of more than
    :data:`~psephos.government.charts.MAX_DIAGRAM_SEATS` seats (seats given by hand)."""
    from itertools import groupby

    from psephos.government.charts import MAX_DIAGRAM_SEATS, parliament_diagram

    if house.n_seats > MAX_DIAGRAM_SEATS:
        return None
    diagram = parliament_diagram(house, election_id=election_id)
    pad = 1.5 * diagram.dot
    scale = HOUSE_RADIUS

    def place(x: float, y: float) -> tuple[float, float]:
        return round(scale * (1 + pad + x), 1), round(scale * (1 + pad - y), 1)

    groups = []
    seated = enumerate(diagram.seats)
    for (party, votes), run in groupby(seated, key=lambda item: (item[1].party, item[1].votes)):
        indices = [index for index, _ in run]
        label = model_party_label(party, election_id)
        title = _seat_title(house, party, label, votes=votes, count=len(indices))
        groups.append(
            SeatGroup(
                party=party,
                party_label=label,
                colour=diagram.colours[indices[0]],
                votes=votes,
                title=title,
                centres=tuple(place(*diagram.centres[i]) for i in indices),
            )
        )
    line = diagram.majority_line
    points = " ".join(
        f"{px},{py}" for px, py in (place(x, y) for x, y in ([] if line is None else line))
    )
    return HousePicture(
        groups=tuple(groups),
        parties=tuple(diagram.parties),
        dot=round(scale * diagram.dot, 2),
        majority_line=points,
        width=round(2 * scale * (1 + pad), 1),
        height=round(scale * (1 + 2 * pad) + HOUSE_WORDS_ROOM, 1),
        centre_x=round(scale * (1 + pad), 1),
        centre_y=round(scale * (1 + pad), 1),
        order_words=diagram.order_words(lambda party: model_party_label(party, election_id)),
    )


@dataclass(frozen=True, slots=True)
class TurnoutOptions:
    """The choices of ``psephos turnout`` as the web app takes them, each named as its field.

    Attributes:
        split: The group's vote split in percent, ``"Lab=62,Con=27"`` (default: the bundled
            Ipsos split of the election's year).
        split_from: Use the bundled split of this year instead.
        adult_share: Share of residents aged 18+.
        compare: Compare the flips with this real election (same boundaries).
        poll: Project the election to this poll first.
        areas: Area shares projected beside the poll, or alone: the text of a ``--by-region``
            file (:func:`area_shares`).
        model: Swing model for the poll.
        passed_over: The site's default election where the page opened on another for want
            of its age split (the poll's note says so: ``turnout_report``'s ``passed_over``).
    """

    split: str | None = None
    split_from: str | None = None
    adult_share: float = DEFAULT_ADULT_SHARE
    compare: str | None = None
    poll: str | None = None
    areas: str | None = None
    model: str | None = None
    passed_over: str | None = None


def turnout_election(election_id: str) -> Election:
    """The bundled election ``election_id``, when ``psephos turnout`` takes it: what the
    turnout page checks before any change is given, so that it refuses an election at once.

    Raises:
        PsephosError: an unknown election, or a country without census age groups (the
            library's message, as :func:`turnout` gives it).
    """
    current = election(election_id)
    jurisdictions.require(jurisdictions.TURNOUT, current)
    return current


def turnout(
    election_id: str, group: str, change_points: float, options: TurnoutOptions | None = None
) -> dict[str, Any]:
    """A turnout change in one age group on ``election_id`` and the seats that flip, as
    ``psephos turnout`` answers it (:func:`psephos.targeting.turnout.turnout_report`): the
    command's JSON (``rows`` the flips), its title and closing sentences (``lines``) and the
    notes the projection made.

    Raises:
        PsephosError: a country without census age groups, an unknown group, year, model or
            election to compare with, a bad change, split, poll or area shares.
    """
    from psephos.targeting.turnout import turnout_report

    options = options or TurnoutOptions()
    base = election(election_id)
    compare = election(options.compare) if options.compare else None
    with COMPUTE_LOCK, share_notes() as notes:
        report = turnout_report(
            base,
            group,
            change_points,
            split=options.split,
            split_from=options.split_from,
            adult_share=options.adult_share,
            poll=options.poll,
            areas=area_shares(options.areas),
            projection_model=options.model,
            compare=compare,
            passed_over=options.passed_over,
        )
    return {
        **report.summary(),
        "name": report.scenario.base.name,
        "title": report.title(),
        "headline": report.lines(),
        "notes": [*notes, *report.notes()],
        "rows": report.rows(),
    }


def saved_poll(payload: Mapping[str, Any]) -> tuple[str | None, list[dict[str, Any]]]:
    """A saved scenario's poll (``shares_pct``, percent per party) as the swingometer reads it
    (:func:`psephos.projection.election_poll`: names to the election's codes) and its
    election id (``None`` when it
    names none that resolves), with a row per party naming it by code in ``party`` and as the
    election names it in ``party_label`` (:func:`psephos.model.party_label`: "Brexit Party"
    in 2019), with its colour. No rows when the payload holds no poll that reads (a scenario
    stored before polls were checked)."""
    from psephos.projection import election_poll, read_poll

    election_id: str | None = None
    if isinstance(payload.get("election"), str):
        try:
            election_id = jurisdictions.resolve_election_id(payload["election"])
        except PsephosError:
            election_id = None
    shares = payload.get("shares_pct")
    try:
        if not isinstance(shares, dict) or not shares:
            poll = {}
        elif election_id is None:
            poll = read_poll(shares)
        else:  # read against the election's parties: a Canadian poll's "Conservatives" is CPC
            poll = election_poll(election(election_id), shares)
    except (PsephosError, TypeError, ValueError):
        poll = {}
    return election_id, [
        {
            "party": party,
            "party_label": model_party_label(party, election_id),
            "share_pct": share,
            "colour": party_colour(party, election_id),
        }
        for party, share in poll.items()
    ]


def saved_areas(payload: Mapping[str, Any]) -> dict[str, dict[str, float]] | None:
    """A saved scenario's area shares (``areas``, the text of a ``--by-region`` file, as
    the swingometer takes them) as read (:func:`area_shares`: area -> party -> share);
    ``None`` when it holds none, or none that read (a scenario stored before they were
    checked)."""
    text = payload.get("areas")
    if not isinstance(text, str):
        return None
    try:
        return area_shares(text)
    except PsephosError:
        return None


def poll_shares_pct(current: Election) -> dict[str, float]:
    """Vote shares (percent, one decimal) over the area a national poll covers (Great
    Britain; Canada) of the swingometer's parties, the country's
    :attr:`~psephos.jurisdictions.Jurisdiction.poll_parties`."""
    shares = current.vote_shares(current.gb_mask)
    parties = jurisdictions.of(current).poll_parties
    return {party: round(shares.get(party, 0.0) * 100, 1) for party in parties}


def shares_without_slider_pct(current: Election) -> dict[str, float]:
    """Vote shares (percent, one decimal) over the area a national poll covers of the parties
    that have no slider on the swingometer (not :func:`poll_shares_pct`'s: Ind, Other, the
    Speaker), each that has one, in the election's order: what the sliders leave to them."""
    shares = current.vote_shares(current.gb_mask)
    sliders = jurisdictions.of(current).poll_parties
    shown = {party: round(shares.get(party, 0.0) * 100, 1) for party in current.parties}
    return {party: share for party, share in shown.items() if party not in sliders and share > 0}


@dataclass(frozen=True, slots=True)
class PollExample:
    """What a poll form shows as an example for one base election, in its country's parties
    and areas (the placeholders and help of the forecast, swingometer, targets and turnout
    forms), each party named as the election labels it (:meth:`~psephos.model.Election.label`:
    "UKIP" in 2015, "Brexit Party" in 2019), as the poll readers take it.

    Attributes:
        poll: A poll as typed: the base result's five leading
            :attr:`~psephos.jurisdictions.Jurisdiction.poll_parties`, whole percent
            (:func:`poll_shares_pct`).
        area: An area a sub-poll may name: the first nation with its own party (the UK's
            Scotland, :attr:`~psephos.jurisdictions.Jurisdiction.own_party_nations`), else the
            region with the most seats (Canada's Ontario).
        area_shares: The area's two leading parties in the base result, whole percent.
    """

    poll: str
    area: str
    area_shares: tuple[tuple[str, int], ...]


@cache
def poll_example(election_id: str, labelled_as: str | None = None) -> PollExample:
    """The :class:`PollExample` of a bundled base election (cached), its parties named as the
    election ``labelled_as`` labels them (:func:`psephos.model.party_label`; blank: the base
    itself), as the advice form names them for the election advised on ("Brexit Party" in
    2019, on the 2017 result)."""
    current = election(election_id)
    labels = labelled_as or current.id

    def label(party: str) -> str:
        return model_party_label(party, labels)

    country = jurisdictions.of(current)
    leading = sorted(poll_shares_pct(current).items(), key=lambda item: -item[1])[:5]
    if country.own_party_nations:
        area = country.own_party_nations[0]
        mask = current.nations == area
    else:
        regions, counts = np.unique(current.regions, return_counts=True)
        area = str(regions[int(np.argmax(counts))])
        mask = current.regions == area
    shares = sorted(current.vote_shares(mask).items(), key=lambda item: -item[1])[:2]
    return PollExample(
        poll=" ".join(f"{label(party)} {round(pct)}" for party, pct in leading),
        area=area,
        area_shares=tuple((label(party), round(share * 100)) for party, share in shares),
    )


def poll_placeholder(poll: str, parties: int = 2) -> str:
    """A poll box's placeholder: the first ``parties`` parties of an example poll and an
    ellipsis ("e.g. Lab 35 Con 24 …"), short enough to read whole in a phone's box (the five
    parties were cut off mid-name); the whole example is the help under the box
    (``_poll_box.html``)."""
    words: list[str] = []
    shares = 0
    for word in poll.split():
        words.append(word)
        shares += word.replace(".", "", 1).isdigit()
        if shares == parties:
            break
    more = " …" if len(words) < len(poll.split()) else ""
    return f"e.g. {' '.join(words)}{more}"


@dataclass(frozen=True, slots=True)
class FormExamples:
    """What the pact and coalition forms show as examples for one bundled election, in its
    country's parties and seats (a Canadian election's boxes named Con, LD and Bristol
    Central), each party named as the election labels it (:meth:`~psephos.model.Election.label`:
    "UKIP" in 2015), as the forms' readers take it.

    Attributes:
        poll: A poll as typed (:attr:`PollExample.poll`).
        bloc: The country's default bloc (``Lab,LD,Green``).
        stand_down: Stand-down lines (``PARTY:SEAT``) of the bloc's second and last parties,
            one seat by its code and one by its name.
        transfer: Transfer lines (``FROM>TO=RATE``) from them to the bloc's first party.
        max_per_party: Most stand-downs per party, of the same (``LD=10,Green=40``).
        coalition: Two coalitions of the largest parties that take their seats.
        confidence_supply: Two confidence-and-supply lines (``GOVERNMENT:PARTNERS``).
        government_side: The largest party and a partner (``Con,DUP``).
        abstain: The country's abstentionist parties, else ``none``.
        seats: The election's own seats of its five largest parties and ``Other`` for the
            rest, as the seats box takes them, the whole House (``Con 365, Lab 202, SNP 48,
            LD 11, DUP 8, Other 16`` in 2019).
        named_blocs: The blocs the country names, which the bloc box takes for their parties
            (:attr:`~psephos.jurisdictions.Jurisdiction.named_blocs`: "progressive alliance").
    """

    poll: str
    bloc: str
    stand_down: str
    transfer: str
    max_per_party: str
    coalition: str
    confidence_supply: str
    government_side: str
    abstain: str
    seats: str
    named_blocs: tuple[str, ...] = ()


@cache
def form_examples(election_id: str, bloc: tuple[str, ...] | None = None) -> FormExamples:
    """The :class:`FormExamples` of a bundled election (cached); ``bloc``: the pact's bloc
    (blank: the country's :attr:`~psephos.jurisdictions.Jurisdiction.default_bloc`)."""
    current = election(election_id)
    country = jurisdictions.of(current)
    rules = country.parliament
    set_apart = {rules.speaker_party, *rules.abstentionist_parties, *rules.individual_groups}
    seats = sorted(current.seats_won().items(), key=lambda item: -item[1])
    big = [party for party, _ in seats if party not in set_apart][:5]
    big += [big[-1]] * (5 - len(big))
    members = list(dict.fromkeys(bloc or country.default_bloc))
    members += [party for party in big if party not in members][: max(0, 2 - len(members))]
    label = current.label
    first, others = label(members[0]), [label(p) for p in dict.fromkeys([members[1], members[-1]])]
    big = [label(party) for party in big]
    seats_shown = (current.result_at(0).constituency.code, current.result_at(1).constituency.name)
    # seats given are the whole House (psephos.government.choices.check_whole_house)
    largest = [(label(party), n) for party, n in seats[:5] if n]
    rest = current.n_seats - sum(n for _, n in largest)
    return FormExamples(
        poll=poll_example(election_id).poll,
        bloc=",".join(label(party) for party in country.default_bloc),
        stand_down="\n".join(f"{party}:{seats_shown[i]}" for i, party in enumerate(others)),
        transfer="\n".join(f"{party}>{first}={('40%', 0.5)[i]}" for i, party in enumerate(others)),
        max_per_party=",".join(f"{party}={(10, 40)[i]}" for i, party in enumerate(others)),
        coalition=f"{big[0]}+{big[2]}\n{big[1]}+{big[3]}+{big[2]}",
        confidence_supply=f"{big[0]}:{big[3]}\n{big[1]}:{big[2]}+{big[4]}",
        government_side=f"{big[0]},{big[3]}",
        abstain=",".join(label(party) for party in rules.abstentionist_parties) or "none",
        seats=", ".join(f"{party} {n}" for party, n in [*largest, ("Other", rest)] if n),
        named_blocs=tuple(country.named_blocs),
    )


def poll_table_average(
    text: str,
    name: str,
    *,
    days: int | None = None,
    until: str | None = None,
    base: str | None = None,
) -> dict[str, Any]:
    """The mean of an uploaded poll table (its text already read, and its name) over the
    final seven days, or the ``days`` (up to the latest date, or before ``until``), as every
    command's ``--poll FILE`` averages it with ``--poll-days`` and ``--poll-until``
    (:func:`psephos.projection.polls.poll_average_of_text`), its party headers read against
    the ``base`` election's parties as the command reads them against its base (a Canadian
    table's "People's" is the PPC), or the vocabulary alone without one: ``poll``, the mean
    written as
    the typed poll the command projects (:meth:`~psephos.projection.polls.PollAverage.as_poll`),
    ``shares`` (percent), what was averaged (``n_polls``, ``first``, ``last``, ``window``,
    ``pollsters``, ``reported``) and left out (``ignored``, ``skipped_areas``), and the
    ``notes`` the command prints.

    Raises:
        DataFormatError: a table that does not read (naming the row) or has no poll to average.
        InvalidSharesError: a column giving two parties one share, or a mean the poll reader
            refuses (above 100% in all).
        PsephosError: ``days`` below 1, or an ``until`` that is not a date.
        UnknownElectionError: a ``base`` that is not bundled.
    """
    from psephos.projection.polls import WINDOW_DAYS, poll_average_of_text

    against = None if base is None else election(base)
    average = poll_average_of_text(
        text,
        name=name,
        days=WINDOW_DAYS if days is None else days,
        until=until,
        parties=None if against is None else against.parties,
        election_id=None if against is None else against.labels_id,
    )
    return {
        "source": average.source,
        "poll": average.as_poll(),
        "shares": {party: clean(share) for party, share in average.shares.items()},
        "n_polls": average.n_polls,
        "first": average.first.isoformat(),
        "last": average.last.isoformat(),
        "window": [day.isoformat() for day in average.window],
        "pollsters": list(average.pollsters),
        "reported": dict(average.reported),
        "ignored": list(average.ignored),
        "skipped_areas": dict(average.skipped_areas),
        "notes": average.notes(),
    }


def area_shares(text: str | None) -> dict[str, dict[str, float]] | None:
    """Area shares typed into a page's box (or its JSON twin's ``areas``), read as
    ``--by-region FILE`` reads the file (:func:`psephos.io.shares.parse_area_shares`);
    ``None`` where none were given.

    Raises:
        DataFormatError: as the command's, naming the row.
    """
    from psephos.io.shares import parse_area_shares

    return parse_area_shares(text) if text and text.strip() else None


def _poll_projection(
    base: Election,
    shares_pct: str | dict[str, float] | None,
    model: str,
    areas: dict[str, dict[str, float]] | None = None,
) -> tuple[Any, dict[str, float] | None, list[str]]:
    """``base`` projected to a national poll and any area shares with ``model``
    (:func:`psephos.projection.project`, the poll read by :func:`psephos.projection.read_poll`,
    the areas as :func:`area_shares` reads them): the projection, the poll read, in percent
    however it was typed (:func:`psephos.numbers.in_percent`: a poll of fractions is 38, not
    0.38, as the page's sliders show it and send it back; ``None`` for area shares alone, as
    ``--by-region`` without ``--poll``) and the notes the command prints, in its order. With
    neither, the base result's own national shares, every party (zero swing)."""
    from psephos.projection import base_national_shares, poll_label, project, read_poll

    national: dict[str, float] | None
    with share_notes() as notes:
        if shares_pct:  # one poll rule and message: above 100% is an error
            national = read_poll(  # a renamed party named as the projection names it
                shares_pct,
                label=poll_label(base),
                parties=base.parties,
                election_id=projected_names_of(base.labels_id),
            )
        elif areas:  # the area shares alone
            national = None
        else:  # zero swing: the national shares the projection starts from
            exact = base_national_shares(base)
            national = {party: share * 100 for party, share in exact.items() if share > 0}
        projection = project(base, national, model=model, areas=areas)
    return projection, None if national is None else in_percent(national), notes


def _areas_decide(
    base: Election,
    shares_pct: str | dict[str, float] | None,
    areas: dict[str, dict[str, float]] | None,
    *,
    sliders: bool,
) -> bool:
    """Whether ``areas`` give the national shares on their own
    (:func:`psephos.projection.areas_give_national`) and so decide, the shares beside them
    being the swingometer's sliders (``sliders``) or none: a poll typed in is always one."""
    from psephos.projection import areas_give_national

    return bool(areas and (sliders or not shares_pct) and areas_give_national(base, areas))


def projected_seats(
    base_id: str,
    shares_pct: str | dict[str, float] | None,
    model: str,
    *,
    areas: str | None = None,
    sliders: bool = False,
) -> list[dict[str, Any]]:
    """Every seat of ``base_id`` projected to a poll and any area shares (as
    :func:`swingometer` projects them, ``sliders`` as there), as ``psephos project --from BASE
    --poll POLL [--by-region FILE] --model MODEL --all-seats --format csv`` lists them
    (:meth:`psephos.projection.Projection.seat_rows`): the swingometer's CSV."""
    base = election(base_id)
    given_areas = area_shares(areas)
    if _areas_decide(base, shares_pct, given_areas, sliders=sliders):
        shares_pct = None
    projection, _, _ = _poll_projection(base, shares_pct, model, given_areas)
    rows: list[dict[str, Any]] = projection.seat_rows(changed_only=False)
    return rows


def swingometer(
    base_id: str,
    shares_pct: str | dict[str, float] | None,
    model: str,
    *,
    areas: str | None = None,
    sliders: bool = False,
    with_forecast: bool = False,
    n_sims: int = 2000,
    show: MapMode = MapMode.winner,
) -> dict[str, Any]:
    """Project ``base_id`` to a national poll (Great Britain's shares; Canada's) and any area
    shares (``areas``, the text of a ``--by-region`` file: :func:`area_shares`) with a swing
    model (:func:`psephos.projection.project`, as ``psephos project --poll ... --by-region``),
    optionally with Monte Carlo win probabilities (:func:`poll_forecast`, the forecast page's:
    ``psephos forecast``'s error model, fixed seed, so the same poll gives the same answer).
    Without a poll, area shares are projected alone, as the command projects them (Great
    Britain's made from them where they cover it, with a note); with neither, the base
    result's own national shares (zero swing). The projected map shows ``show`` as ``psephos
    map BASE --poll ... --show`` draws it (gains against the base).

    ``sliders`` says the shares are the swingometer's sliders, which a page always sends:
    where the area shares give the national shares on their own
    (:func:`psephos.projection.areas_give_national`: a row for Great Britain, or rows covering
    it) the area shares decide, the sliders are set to the national shares they make and are
    not projected as a poll (``areas_decide`` in the answer, true too for such area shares
    given alone). A poll typed in is always one: ``typed_shares_pct`` in the answer is it as
    read (percent per party given, the rest left to the fill; ``None`` for the sliders), the
    poll a saved scenario keeps to reopen to the same seats.

    Raises:
        PsephosError: unknown model, area shares that do not read, or shares the projection
            refuses.
    """

    from psephos.projection import base_national_shares, share_vector

    base = election(base_id)
    given_areas = area_shares(areas)
    areas_decide = _areas_decide(base, shares_pct, given_areas, sliders=sliders)
    if areas_decide:  # the sliders only show the national shares the area shares make
        shares_pct = None
    projection, national, notes = _poll_projection(base, shares_pct, model, given_areas)
    typed = dict(national) if shares_pct and national is not None and not sliders else None
    if national is None:  # area shares alone: the sliders at the national shares they made
        poll = poll_shares_pct(projection.election)
        rest = shares_without_slider_pct(projection.election)
    elif not shares_pct:  # no poll: the sliders at the base result's shares
        poll = poll_shares_pct(base)
        rest = shares_without_slider_pct(base)
    else:  # every party at the share it was projected to, the fill's included
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the same fill again, already in the notes
            gb_base = base_national_shares(base)
            filled = share_vector(national, base.parties, [gb_base[p] for p in base.parties])
        projected_pct = {
            party: round(float(share) * 100, 1)
            for party, share in zip(base.parties, filled, strict=True)
        }
        # a slider for each of the country's poll parties only, the parameters the page
        # takes, in the order they stand before any poll (poll_shares_pct's), so that no
        # slider moves place once the page projects; a party the poll names with a slider
        # keeps its share as typed. A party without one (Ind, Other) is listed with the share
        # it was projected to: a poll's "Other 5" is shared among the parties it leaves out.
        slider_parties = jurisdictions.of(base).poll_parties
        poll = {
            party: national.get(party, projected_pct[party])
            for party in slider_parties
            if party in base.parties
        }
        rest = {
            party: share
            for party, share in projected_pct.items()
            if party not in slider_parties and share > 0
        }
    projected = projection.election
    hexmap = hex_map_of(projected, show, before=base)
    changes = [party_row(projected, row) for row in projection.changes()]  # the next election's
    answer: dict[str, Any] = {
        "base": base.id,
        "model": projection.model,
        "poll_area": jurisdictions.national_area(base),
        "shares_pct": poll,
        # the parties without a slider as projected (percent): the sliders and they make 100
        "without_slider_pct": rest,
        "typed_shares_pct": typed,
        # every share projected, the fill's included (Ind, Other), as `psephos project` gives it
        "target_shares": projection.summary()["target_shares"],
        "areas": given_areas,
        "areas_decide": areas_decide,
        "notes": notes,
        "n_seats": base.n_seats,
        "majority_line": nominal_majority(base.n_seats),
        "headline": outcome_lines(projected),
        "govern_query": govern_query(projected),
        "seats": changes,
        "winners": {h.code: h.winner for h in hexmap.hexes},
        "hexmap": hexmap,
        "forecast": None,
    }
    if with_forecast:
        result, _ = poll_forecast(base, projection.contest_shares(), n_sims=n_sims)
        answer["forecast"] = {
            "n_sims": n_sims,
            "seed": POLL_FORECAST_SEED,
            **result.no_majority(base),
            "parties": forecast_rows(base, result),
        }
    return answer


def govern_query(house: SeatsInput) -> str:
    """The query of the coalition builder (``/coalitions``) on a House's seats (a projection's,
    the House after a pact: :meth:`psephos.pacts.PactResult.house_after`), as ``psephos govern
    --seats`` takes them (``seats=Reform 242, Lab 120, ...``, each party by its code, largest
    first): who could govern with them."""
    given = seats_mapping(house)
    query = {"election": "", "seats": seats_text(given)}
    # the House's own Deputy Speakers (a pact on the 2019 result: two from the government
    # side), where the builder would not take them from the seats alone
    rules, plain = rules_for(house), rules_for(given)
    if (rules.deputies_government_side, rules.deputies_opposition_side) != (
        plain.deputies_government_side,
        plain.deputies_opposition_side,
    ):
        query |= {
            "deputies_government": str(rules.deputies_government_side),
            "deputies_opposition": str(rules.deputies_opposition_side),
        }
    return urlencode(query)


def nearest_seat(election_id: str, latitude: float, longitude: float) -> str:
    """ONS code of the seat whose bundled centroid is nearest a point
    (:func:`psephos.jurisdictions.geography.nearest_seat_index`).

    Raises:
        UnsupportedCountryError: a country without bundled seat centroids (Canada).
    """
    current = election(election_id)
    jurisdictions.require(jurisdictions.NEAREST, current)
    return current.codes[nearest_seat_index(current, latitude, longitude)]


#: (seat code, prefer, against, never, election, poll, model): the poll in the canonical form
#: of :func:`canonical_poll` ("" when none was given, and then no model).
AdviceKey = tuple[
    str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str, str, FrozenAreaShares | None
]
_ADVICE: dict[AdviceKey, dict[str, Any]] = {}
_MAX_ADVICE = 50_000


def poll_text(shares: Mapping[str, float]) -> str:
    """Shares in percent per party code written as the poll reader reads them
    (:func:`psephos.projection.read_poll`), every party in the order given, each share exact
    (``"Lab 35.0 Con 24.0 Ind 5.0"``): the poll typed in that a saved scenario keeps and the
    swingometer link that reopens it."""
    return " ".join(f"{code} {float(share)!r}" for code, share in shares.items())


def canonical_poll(poll: str | None, current: Election | None = None) -> str:
    """A poll read by the one poll reader (:func:`psephos.projection.read_poll`: the same
    one-line errors as every command, against ``current``'s parties when given) and written
    back canonically, largest share first as the site lists parties (ties by code: ``"Lab 35
    Con 24"``, however it was typed), so the advice that quotes it reads as a poll is
    written; ``""`` for none."""
    if poll is None or not poll.strip():
        return ""
    from psephos.projection import poll_label, read_poll

    if current is None:
        shares = read_poll(poll)
    else:
        shares = read_poll(
            poll, label=poll_label(current), parties=current.parties, election_id=current.labels_id
        )
    order = sorted(shares, key=lambda code: (-shares[code], code))
    return " ".join(f"{code} {shares[code]:g}" for code in order)


def advice_key(
    seat_name: str,
    prefer: str | Sequence[str],
    against: str | Sequence[str],
    never: str | Sequence[str],
    election_id: str,
    poll: str | None = None,
    model: str | None = None,
    areas: str | None = None,
) -> AdviceKey:
    """The canonical form of an advice question (the seat as ``psephos advise`` reads it:
    its code, or a seat of the other boundaries followed to the seat holding most of its
    population with a note, :func:`psephos.tactical.api.advice_seat`; party codes, election,
    poll, area shares (``areas``, the text of a ``--by-region`` file: :func:`area_shares`,
    kept as read) and the model projecting them: by default the engine's,
    :data:`psephos.projection.DEFAULT_MODEL`).

    Raises:
        PsephosError: unknown seat, party or model, a poll or area shares that do not read, or
            preferences ``psephos advise`` refuses
            (:func:`psephos.tactical.api.read_preferences`: a party named twice in one
            list, or both preferred and against).
    """
    from psephos.io.shares import frozen_area_shares
    from psephos.projection import DEFAULT_MODEL, get_model
    from psephos.tactical.api import advice_seat, read_preferences

    seat, _ = advice_seat(election_id, seat=seat_name)
    base = election(_advice_base(election_id))
    text = canonical_poll(poll, base)
    given_areas = frozen_area_shares(area_shares(areas))
    # the command's one reading and its refusals (a party named twice, preferred and against)
    preferences = read_preferences(prefer, against, never, election=election_id)
    return (
        seat,
        preferences.prefer,
        preferences.against,
        preferences.never,
        election_id,
        text,
        get_model(model or DEFAULT_MODEL).name if text or given_areas else "",
        given_areas,
    )


def advice_if_cached(key: AdviceKey) -> dict[str, Any] | None:
    """A memoised answer (cheap: safe on the event loop)."""
    return _ADVICE.get(key)


def advice_for(key: AdviceKey) -> dict[str, Any]:
    """How should I vote? (:func:`psephos.tactical.api.advise_seat`), memoised per question;
    a poll and area shares project the result first with the key's model, as ``psephos
    advise --poll --by-region`` does.

    Raises:
        PsephosError: preferences the advice cannot use (e.g. a party both preferred and
            against); none of them standing is answered, with no vote named.
    """
    answer = _ADVICE.get(key)
    if answer is not None:
        return answer
    from psephos.io.shares import thawed_area_shares
    from psephos.tactical.api import advise_seat

    with COMPUTE_LOCK:
        answer = _ADVICE.get(key)
        if answer is None:
            code, prefer, against, never, election_id, poll, model, areas = key
            with share_notes() as notes:  # the notes the command prints (a poll's shares)
                answer = advise_seat(
                    code,
                    list(prefer),
                    list(against) or None,
                    list(never) or None,
                    election=election_id,
                    poll=poll or None,
                    model=model or None,
                    areas=thawed_area_shares(areas),
                )
            # the options under the command's key for its table too
            answer = {**answer, "notes": notes, "rows": answer["options"]}
            if len(_ADVICE) < _MAX_ADVICE:
                _ADVICE[key] = answer
    return answer


def file_advice(
    results_file: tuple[str, str],
    seat_name: str,
    prefer: str,
    against: str = "",
    never: str = "",
    *,
    postcode: str = "",
    unknown_parties: Literal["error", "other", "own"] = "error",
    poll: str | None = None,
    model: str | None = None,
    areas: str | None = None,
) -> dict[str, Any]:
    """How should I vote? on a user's results file (``(text, name)``, already read, by the
    reader of every page that takes one: :func:`file_election`), its result the expected
    one, as ``psephos advise SEAT --election FILE`` advises (the file's country's rules;
    ``unknown_parties`` as ``--unknown-parties``): :func:`psephos.tactical.api.advise_seat`
    with the seat as that command finds it among the file's seats
    (:func:`psephos.tactical.api.seats_to_advise`: by name or code; a postcode is refused in
    the library's words, a file having none), and a poll and area shares projecting the file
    first with ``model``, as ``--poll --by-region``. Not memoised: each file is its own.
    ``notes``: what the reader said of the file, then the command's (a poll's shares).

    Raises:
        DataFormatError, UnknownPartyError: a file that does not read, as the command says.
        PsephosError: an unknown seat or party, preferences the command refuses, or a poll or
            area shares that do not read.
    """
    from psephos.tactical.api import advise_seat, seats_to_advise

    current, notes = file_election(results_file, unknown_parties)
    seats, _ = seats_to_advise(current, seat=seat_name or None, postcode=postcode or None)
    with share_notes() as read:  # the notes the command prints (a poll's shares)
        answer = advise_seat(
            seats[0],
            prefer,
            against or None,
            never or None,
            election=current,
            poll=poll or None,
            model=model or None,
            areas=area_shares(areas),
        )
    # the options under the command's key for its table too, as advice_for gives them
    return {**answer, "notes": [*notes, *read], "rows": answer["options"]}


def tactical_advice(
    seat_name: str,
    prefer: list[str],
    against: list[str],
    never: list[str],
    election_id: str = "next",
) -> dict[str, Any]:
    """How should I vote? for a seat name or code (see :func:`advice_for`)."""
    return advice_for(advice_key(seat_name, prefer, against, never, election_id))


def warm_up() -> None:
    """Load what most pages need (every bundled election, their maps and tables, every seat's
    answer, the advice model for the next election), so first visitors do not wait. Run before
    the server answers its first request."""
    from psephos.jurisdictions.postcodes import warm_postcodes

    warm_postcodes()
    for info in election_list():
        hex_map(info["id"])
        national(info["id"])
        for code in election(info["id"]).codes:  # every seat answer (about 1 ms each)
            seat_answer(info["id"], code)
    from psephos.tactical.api import uncertainty_for

    with COMPUTE_LOCK:
        uncertainty_for("next")


def warm_advice() -> None:
    """Compute the advice for the next election's country's common voter profiles
    (:attr:`~psephos.jurisdictions.Jurisdiction.advice_profiles`) in every seat of its main
    area (:meth:`~psephos.jurisdictions.Jurisdiction.main_area_mask`: Great Britain's), at
    start-up, before the first request."""
    base = election(_advice_base("next"))
    country = jurisdictions.of(base)
    for code, modelled in zip(base.codes, country.main_area_mask(base), strict=True):
        if not modelled:  # a seat none of the profiles' parties stands in (Northern Ireland)
            continue
        for prefer, against in country.advice_profiles:
            try:
                advice_for((code, prefer, against, (), "next", "", "", None))
            except PsephosError:
                continue  # none of the parties stands there


def _advice_base(election_id: str) -> str:
    """The bundled election whose seats an advice question is asked about."""
    from psephos.tactical.api import advice_base

    return advice_base(election_id)


def advice_seats(election_id: str) -> str:
    """The bundled election whose seats the advice and the tactical map of ``election_id``
    are about (:func:`psephos.tactical.api.advice_base`: the 2024 result for ``next``), for
    their forms' hidden country field (:func:`psephos.web.context.form_country`);
    ``election_id`` itself where psephos has no such election (the answer refuses it)."""
    try:
        return _advice_base(election_id)
    except PsephosError:
        return election_id


#: How far past the outermost seat centre a latitude or longitude the advice form takes may
#: lie (degrees; the UK's: 49 to 62 north, 9 west to 3 east).
COORDINATE_MARGIN = 1.0


@dataclass(frozen=True, slots=True)
class AdviceExample:
    """What the advice form shows for one election, in its country's seats and parties, each
    party named as the election advised on labels it (:func:`psephos.model.party_label`:
    "UKIP" in 2015, "Brexit Party" in 2019, though the advice for 2019 is on the 2017 result,
    "Reform UK" for the next election), as the form's reader takes it.

    Attributes:
        seat: A seat to name: the closest seat of the election whose seats are asked about
            (:func:`advice_seats`).
        prefer: The country's :attr:`~psephos.jurisdictions.Jurisdiction.default_bloc`.
        against: Its :attr:`~psephos.jurisdictions.Jurisdiction.default_against`.
        poll: A poll of its parties (:func:`poll_example`).
        postcodes: Whether the country has the postcode lookup
            (:data:`psephos.jurisdictions.POSTCODES`).
        latitude: The latitudes a point may have (``None`` without seat centroids,
            :data:`psephos.jurisdictions.NEAREST`): the seat centres' span and
            :data:`COORDINATE_MARGIN`, in whole degrees.
        longitude: Likewise the longitudes.
        nearest: Whether the country has the nearest-seat search
            (:data:`psephos.jurisdictions.NEAREST`), for the answer's link to the marginals
            near the seat.
        takes_poll: Whether the election's advice takes a poll of the user's; advice before
            2017, 2019 or 2024 projects that election's own final polls
            (:func:`psephos.tactical.api.poll_refusal`), and the form says so in place of
            its poll box.
    """

    seat: str
    prefer: str
    against: str
    poll: str
    postcodes: bool
    latitude: tuple[float, float] | None
    longitude: tuple[float, float] | None
    nearest: bool
    takes_poll: bool = True


def _span(values: npt.NDArray[np.float64]) -> tuple[float, float]:
    return (
        float(math.floor(values.min() - COORDINATE_MARGIN)),
        float(math.ceil(values.max() + COORDINATE_MARGIN)),
    )


def example_seat(election_id: str) -> str:
    """A seat of the election for a form's example: its closest seat."""
    return str(marginal_seats(election_id, 1)[0]["name"])


@cache
def advice_example(election_id: str) -> AdviceExample:
    """The :class:`AdviceExample` of an advice election (``next`` or a bundled id; cached),
    its parties named as ``election_id`` labels them, not as the result it is advised on
    does; one psephos does not have is shown the UK's newest election's."""
    try:
        current = election(advice_seats(election_id))
        labels = election_id
    except PsephosError:
        current = election(jurisdictions.UK.latest_id)
        labels = current.id

    def label(party: str) -> str:
        return model_party_label(party, labels)

    country = jurisdictions.of(current)
    latitude = longitude = None
    if country.supports(jurisdictions.NEAREST):
        latitudes, longitudes = seat_centroids(current)
        latitude, longitude = _span(latitudes), _span(longitudes)
    return AdviceExample(
        seat=example_seat(current.id),
        prefer=", ".join(label(party) for party in country.default_bloc),
        against=", ".join(label(party) for party in country.default_against),
        poll=poll_example(current.id, labels).poll,
        postcodes=country.supports(jurisdictions.POSTCODES),
        latitude=latitude,
        longitude=longitude,
        nearest=country.supports(jurisdictions.NEAREST),
        takes_poll=_takes_poll(election_id),
    )


def _takes_poll(election_id: str) -> bool:
    from psephos.tactical.api import poll_refusal

    try:
        return poll_refusal(election_id) is None
    except PsephosError:  # an election psephos does not have: the form refuses it elsewhere
        return True


def electoral_systems(
    election_id: str,
    systems: list[str] | None = None,
    *,
    district_size: int | None = None,
    threshold: float | None = None,
    transfers_file: tuple[str, str] | None = None,
    results_file: tuple[str, str] | None = None,
    unknown_parties: Literal["error", "other", "own"] = "error",
) -> dict[str, Any]:
    """Seats per party under each electoral system on ``election_id``'s votes (or those of an
    uploaded results file, ``seat_code,seat_name,party,votes``, its parties psephos does not
    know read as ``unknown_parties`` says), as ``psephos systems`` counts
    them (:func:`psephos.systems.configured_systems`: STV's ``district_size``, the list PR
    systems' legal ``threshold`` in percent of the vote in each list's area, as ``--threshold``,
    and the second-preference ``transfers_file`` of AV and STV, ``from,to,share``), with the
    Gallagher index, effective parties and wasted votes. The files are ``(text, name)``
    pairs already read; their readers' notes (a results file without seat codes, its seats known by
    name), then what the systems counted assume (:func:`psephos.systems.assumption_notes`:
    AV and STV's modelled preferences, STV's districts, AMS's top-up areas and House), are
    the answer's ``notes``, as the command prints them.

    Raises:
        UnknownSystemError: a system key that is not registered (naming the known ones).
        DataFormatError: a results or transfer file that does not read, naming the row.
    """
    keys = tuple(systems or ())
    if transfers_file is None and results_file is None:
        return _electoral_systems(election_id, keys, district_size, threshold)
    from psephos.jurisdictions import parse_results_csv
    from psephos.systems import TransferMatrix, election_transfers

    with collected_notes(InputWarning) as notes:
        current = (
            election(election_id)
            if results_file is None
            else parse_results_csv(
                results_file[0], name=results_file[1], unknown_parties=unknown_parties
            )
        )
        matrix = (
            None
            if transfers_file is None
            else TransferMatrix.parse_csv(  # the file's rows over the election's default
                transfers_file[0],
                current.parties,
                name=transfers_file[1],
                default=election_transfers(current),
            )
        )
    answer = _systems_answer(current, keys, district_size, threshold, matrix)
    return {**answer, "notes": [*notes, *answer["notes"]]}


@lru_cache(maxsize=32)
def _electoral_systems(
    election_id: str, keys: tuple[str, ...], district_size: int | None, threshold: float | None
) -> dict[str, Any]:
    return _systems_answer(election(election_id), keys, district_size, threshold, None)


def _systems_answer(
    current: Election,
    keys: tuple[str, ...],
    district_size: int | None,
    threshold: float | None,
    transfers: Any,
) -> dict[str, Any]:
    from psephos.systems import (
        assumption_notes,
        configured_systems,
        largest_tie_notes,
        list_bucket_notes,
        party_seats,
        require_votes,
        winner_notes,
    )

    require_votes(current)
    chosen = configured_systems(
        keys,
        district_size=district_size,
        transfers=transfers,
        threshold=None if threshold is None else threshold / 100,
    )
    with COMPUTE_LOCK:
        results = [model.allocate(current) for model in chosen]
    bundled = jurisdictions.bundled_id(current) is not None
    # the command's rows (a key for each system's seats), each party's colour beside them
    rows = [
        {**row, "colour": current.colour(row["party"])} for row in party_seats(current, results)
    ]
    return {
        "election": current.id if bundled else None,
        "name": election_name(current.id) if bundled else current.name,
        "district_size": next(
            (getattr(model, "district_size", None) for model in chosen if model.key == "stv"),
            None,
        ),
        "threshold": threshold,
        "transfers": None if transfers is None else transfers.source,
        "rows": rows,
        "systems": [r.summary(current) for r in results],
        "notes": [
            *assumption_notes(current, chosen),  # AV/STV preferences, STV districts, AMS
            *winner_notes(current, chosen),  # a seat FPTP gives by lot
            *list_bucket_notes(current, chosen),  # Other's small parties get no list seats
            *largest_tie_notes(current, results),  # a dead heat for the most seats
        ],
    }


def ballot_count(
    text: str, name: str, *, seats: int | None, tie_break: str, seed: int | None
) -> dict[str, Any]:
    """A file of ranked ballots (its text already read, and its name: ``.blt`` or a CSV)
    counted as ``psephos count-ballots`` counts it (:func:`psephos.systems.read_ballot_file`'s
    choice of reader, :func:`psephos.systems.count_ballots`): the command's JSON with
    ``--rounds`` (the count round by round, ``rounds``), with its table's ``title`` and the
    ``notes`` it prints (a ranking grid read as one, blank ballots).

    Raises:
        DataFormatError: a file that does not read (naming the line), as many seats as
            candidates.
    """
    from psephos.systems import count_ballots, parse_ballot_file

    rule: Any = tie_break
    with COMPUTE_LOCK:
        with collected_notes(InputWarning) as notes:  # a ranking grid's
            ballots = parse_ballot_file(text, name=name)
        count = count_ballots(
            ballots, seats=seats, tie_break=rule, seed=seed, seats_name="seats", seed_name="seed"
        )
    return {
        "title": count.title(name),
        **count.summary(),
        "rows": count.rows(),
        "notes": [*notes, *count.notes()],
        "rounds": count.round_rows(),
    }


def swap_outlook(
    seat: str, prefer: str, willing: str | None, *, election_id: str, n_sims: int, seed: int
) -> dict[str, Any]:
    """One voter's swap, as ``psephos swap --seat --prefer`` gives it
    (:func:`psephos.tactical.swaps.swap_outlooks` on the simulations ``psephos swap`` uses):
    its JSON, :func:`~psephos.tactical.swaps.outlooks_dict`.

    Raises:
        UnknownConstituencyError, UnknownPartyError: a seat or party that is not known.
        SwapInputError: an offer no swap can honour (the same party twice, a willing party
            not standing in the seat).
        PsephosError: an unknown election.
    """
    from psephos.tactical.api import uncertainty_for
    from psephos.tactical.swaps import outlooks_dict, swap_outlooks

    with COMPUTE_LOCK:  # the simulations, computed once and cached
        uncertainty = uncertainty_for(election_id, n_sims=n_sims, seed=seed)
        return outlooks_dict(swap_outlooks(uncertainty, seat, prefer, willing or None))


def swap_match(
    text: str,
    name: str,
    *,
    election_id: str,
    method: str,
    n_sims: int,
    seed: int,
    include_personal: bool = False,
) -> dict[str, Any]:
    """A file of vote-swap offers (its text already read, and its name) matched as
    ``psephos swap`` matches it (:func:`psephos.io.swap_offers.check_swap_offers`,
    :func:`psephos.tactical.api.uncertainty_for`, :func:`psephos.tactical.swaps.match_swaps`):
    the command's JSON (the swaps as ``rows``, each with ``why`` it helps both sides, the
    ``unmatched`` offers with their ``reason``, who swaps with whom as ``pairs``, a row per
    offer: :meth:`psephos.tactical.swaps.SwapMatch.offer_pairs`, names and e-mail addresses
    only with ``include_personal``), with its table's ``title``, each party's ``labels`` in the
    election and the ``notes`` the command prints (columns ignored, rows copied, a seat of the
    other boundary set followed).

    Raises:
        DataFormatError: a file that does not read, or rows that do not (every bad row
            named at once, with the offers naming an unknown seat or party).
        UnknownConstituencyError, UnknownPartyError: offers naming a seat or party that
            is not known (naming each row, and any other bad rows).
        PsephosError: an unknown election or matching method.
    """
    from psephos.io.swap_offers import check_swap_offers
    from psephos.tactical.api import uncertainty_for
    from psephos.tactical.swaps import match_swaps

    with collected_notes(InputWarning) as read_notes:
        offers, faults = check_swap_offers(text, name=name, keep_personal=include_personal)
    with COMPUTE_LOCK:  # the simulations, computed once and cached
        uncertainty = uncertainty_for(election_id, n_sims=n_sims, seed=seed)
    match = match_swaps(uncertainty, offers, method=method, faults=faults)
    rows, unmatched = match.rows(uncertainty), match.unmatched(uncertainty)
    pairs = match.offer_pairs(uncertainty, offers, include_personal=include_personal)
    named = {row[key] for row in rows for key in ("a_prefers", "a_votes")}
    named |= {row[key] for row in unmatched for key in ("prefers", "votes")}
    election = uncertainty.election
    return {
        "title": match.title(),
        **match.summary(uncertainty),
        "unmatched": unmatched,
        "rows": plain(rows),  # floats as the command's JSON rows carry them
        "pairs": pairs,
        "labels": {party: election.label(party) for party in election.parties if party in named},
        "notes": [*read_notes, *match.types.notes],
    }


def swaps_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """The swaps of :func:`swap_match` (its ``rows``) as the CSV file ``psephos swap --format
    csv`` prints for them (:data:`psephos.tactical.swaps.ROW_COLUMNS`, a header alone where
    there is no swap)."""
    from psephos.io.export import csv_text
    from psephos.tactical.swaps import ROW_COLUMNS

    return csv_text([{column: row[column] for column in ROW_COLUMNS} for row in rows], ROW_COLUMNS)


def tactical_audit(election_id: str, method: str | None = None) -> dict[str, Any]:
    """psephos's advice beside the real tactical-voting sites' of 2019 or 2024, as
    ``psephos tactical-audit --format json`` gives it (:func:`psephos.tactical.audit`): the
    report with its site rows as ``rows`` and its ``title`` (:meth:`AuditReport.to_dict`).

    Raises:
        PsephosError: an election without bundled site recommendations, or an unknown
            pre-election method (naming the known ones).
    """
    from psephos.tactical import audit

    with COMPUTE_LOCK:
        report = audit(election_id, method=method)
    payload = plain(report.to_dict())  # NaN (a rate of no seats) as null, as the command's
    rows = payload.pop("sites")
    return {**payload, "rows": rows}


#: The pact's options as the web's fields name them, in messages (``max_per_party``, where the
#: command says ``--max-per-party``).
PACT_FIELDS = PactNames(
    stand_down="stand_down",
    stand_down_file="stand_down_file",
    optimise="optimise",
    max_per_party="max_per_party",
    max_total="max_total",
    nation="nation",
    fairness="fairness",
    objective="objective",
    bloc="the bloc",
    draws="draws",
    sims="sims",
    draws_needed="sims",
)


def pact(
    election_id: str,
    bloc: list[str] | None,
    options: PactRequest | None = None,
    *,
    picture: bool = False,
) -> dict[str, Any]:
    """An electoral pact on ``election_id``, run as ``psephos pact`` runs it, by the one
    function (:func:`psephos.pacts.run_pact`: the election first projected to a ``poll`` and
    its ``areas`` (area shares, as ``--by-region`` reads them), with the notes it made, drawn
    ``sims`` times around; the stand-downs chosen by the optimiser, given, or the default pact;
    the default transfer rates with the overrides given), its
    messages naming the fields as the page does (:data:`PACT_FIELDS`). ``bloc`` ``None``: the
    election's country's (:attr:`psephos.jurisdictions.Jurisdiction.default_bloc`).
    ``election`` is the id of the election the pact was tried on (``2024-projected`` after a
    poll, as the command's JSON says), ``base`` the election asked for. The command's JSON
    (:meth:`psephos.pacts.run.PactRun.to_dict`: ``rows`` one per party, the bloc's total in
    ``bloc_total``) with each party's colour, and the page's keys beside it. With ``picture``,
    ``picture`` holds the rows that ``psephos pact --chart`` draws as paired bars
    (:func:`psephos.pacts.charts.pact_rows`; the page draws them, the JSON leaves them out).

    Raises:
        UnknownPartyError: a bloc party that is not in the election.
        DataFormatError: no bloc; a bad stand-down, limit, nation or transfer; a stand-down by a
            party outside the bloc; stand-downs given with ``optimise``; optimiser options
            without it; the majority objective without draws.
        InvalidSharesError: a transfer rate outside 0-1; a poll the projection refuses.
    """
    from psephos.pacts.run import run_pact

    options = options or PactRequest()
    current = election(election_id)
    bloc = bloc if bloc is not None else list(jurisdictions.of(current).default_bloc)
    if not bloc:
        raise DataFormatError("A pact needs a bloc: name at least one party, e.g. 'Lab,LD'.")
    with COMPUTE_LOCK:
        run = run_pact(current, bloc, options, names=PACT_FIELDS)
    base, result, projection = run.election, run.result, run.projection
    projected = projection.summary() if projection is not None else None
    house = result.house_after()  # one result: the House after the pact (None over draws)
    answer = run.to_dict()  # the command's JSON, each party's colour added, then the page's
    answer.update(
        {
            "rows": [party_row(base, row) for row in answer["rows"]],
            "bloc_total": {**answer["bloc_total"], "colour": None},  # named by labels
            # who could govern with the House after the pact, as the swingometer links it
            "govern_query": None if house is None else govern_query(house),
            "base": election_id,
            "name": election_name(election_id),
            "bloc_labels": [base.label(party) for party in result.bloc],
            "projected_seats": None
            if projected is None
            else [party_row(base, {"party": p, "seats": n}) for p, n in projected["seats"].items()],
            "poll": options.poll or None,
            "areas": dict(options.areas) if options.areas else None,
            "model": projection.model if projection is not None else None,
            "sims": options.sims,
            "seed": options.seed,
            "optimised": options.optimise,
            "default_pact": run.default_pact,
            "max_per_party": run.max_per_party,
            "max_total": options.max_total,
            "nations": list(options.nations),
            "fairness": options.fairness,
        }
    )
    if picture:
        from psephos.pacts.charts import pact_rows

        answer["picture"] = [party_row(base, row) for row in pact_rows(result)]
    return answer


#: The target list's choices as the page's form names them, where the find line says which
#: list has a seat (``see Party Lab against Reform``, where the command says ``--pair``).
TARGET_FIELDS = ListNames(
    pair="Party {attacker} against {defender}",
    attack="List: seats to win",
    defend="List: seats to defend",
    separator=", ",
)


@lru_cache(maxsize=64)
def targets(
    election_id: str,
    attacker: str | None,
    defender: str | None,
    *,
    kind: str = "attack",
    by_margin: bool = False,
    top: int = LISTED_TARGETS,
    swing: str | None = None,
    poll: str | None = None,
    model: str | None = None,
    national_sd: float = DEFAULT_NATIONAL_SD,
    votes_per_hour: float = DEFAULT_VOTES_PER_HOUR,
    find: str | None = None,
    method: str = "analytic",
    seed: int = FORECAST_SEED,
    results_file: tuple[str, str] | None = None,
    unknown_parties: Literal["error", "other", "own"] = "error",
    areas: str | None = None,
) -> dict[str, Any]:
    """The attacker's target (or defence) list against the defender from ``election_id`` (or
    from a user's ``results_file``, ``(text, name)`` read as ``psephos target FILE`` reads it,
    its parties psephos does not know read as ``unknown_parties`` says, with the reader's notes
    first), as ``psephos target`` ranks it, through the command's own path
    (:func:`psephos.targeting.targets.target_answer` over
    :func:`~psephos.targeting.targets.target_list`, analytic margin model; ``by_margin``:
    smallest margin first, :meth:`TargetList.by_margin`): on the base
    result, a national ``swing`` (``"Lab=+3,Con=-2"``, read by
    :func:`psephos.targeting.sensitivity.parse_swing`) or the base projected to a ``poll``
    and any area shares (``areas``, the text of a ``--by-region`` file: :func:`area_shares`)
    (with ``model``), with the notes the projection made; ``find``: where that seat (code or
    name) ranks on the full list, as ``--find``; ``method`` ``forecast`` (with ``seed``): win
    probabilities and sensitivities from the Monte Carlo forecast instead
    (:mod:`psephos.targeting.forecast_sensitivity`), as ``--method forecast --seed``.
    ``attacker`` or ``defender`` ``None``: the election's country's pair
    (:func:`psephos.targeting.targets.target_pair`, as ``psephos target`` without ``--pair``).

    Raises:
        PsephosError: the same party twice, an unknown party, list kind, method, seat or model,
            a bad swing or poll, or a swing and a poll together.
    """
    from psephos.targeting.sensitivity import scenario_words
    from psephos.targeting.targets import target_answer

    read: list[str] = []
    if results_file is None:
        base = election(election_id)
    else:
        base, read = file_election(results_file, unknown_parties)
    given_areas = area_shares(areas)
    moved = bool(poll or swing or given_areas)
    # the poll's notes, and the seat spread's of a results file (where it was measured)
    with COMPUTE_LOCK, collected_notes(ShareWarning, InputWarning) as notes:
        answer = target_answer(
            base,
            attacker,
            defender,
            kind=kind,  # type: ignore[arg-type]
            by_margin=by_margin,
            swing=swing,
            find=find,
            poll=poll or None,
            projection_model=model,
            national_sd=national_sd,
            votes_per_hour=votes_per_hour,
            method=method,  # type: ignore[arg-type]
            seed=seed,
            results_file=results_file is not None,
            areas=given_areas,
        )
    full, summary = answer.targets, answer.summary()
    # where the seat looked for ranks, as psephos target --find prints it
    found = find_sentence(
        summary,
        attacker=base.label(full.attacker),
        defender=base.label(full.defender),
        names=TARGET_FIELDS,
    )
    return {
        **summary,
        "headline": [] if found is None else [found],
        "name": election_name(base.id) if results_file is None else base.name,
        "attacker_label": base.label(full.attacker),
        "defender_label": base.label(full.defender),
        "attacker_colour": base.colour(full.attacker),
        "rank_by": "margin" if by_margin else "sensitivity",
        "seed": seed if method == "forecast" else None,
        "model": model if moved else None,
        "areas": given_areas,
        # the poll or swing in the words psephos target's title gives them
        "scenario_words": scenario_words(
            poll=poll or None,
            swing=summary["swing_points"],
            model=model if moved else None,
            areas=given_areas,
        ),
        "notes": [*read, *notes],
        "rows": answer.rows(top),  # the command's key for its table
        "from_file": results_file is not None,
    }


#: The seed of the site's forecasts when none is given (the forecast page's blank ``seed``, the
#: swingometer's forecast), fixed so the same poll gives the same answer: ``psephos forecast
#: --seed 20240704 --sims 2000`` repeats the page's default.
POLL_FORECAST_SEED = 20240704


def poll_forecast(
    base: Election,
    mean_shares: np.ndarray,
    *,
    n_sims: int = 2000,
    seed: int = POLL_FORECAST_SEED,
) -> tuple[ForecastResult, LayeredErrors]:
    """The site's one forecast around a projection's shares, the forecast page's and the
    swingometer's alike: ``psephos forecast``'s error model
    (:func:`psephos.forecast.calibration.poll_error_model`) and
    :func:`psephos.forecast.forecast` with ``seed`` (``--seed``; the answer does not depend on
    the threads), so the same poll, seed and simulations give the same answer on both pages
    and at the command line. Returns the result and the error model it used."""
    from psephos.forecast import forecast
    from psephos.forecast.calibration import poll_error_model

    with COMPUTE_LOCK:
        errors = poll_error_model()
        result = forecast(
            base, mean_shares, error_model=errors, n_sims=n_sims, seed=seed, n_threads=1
        )
    return result, errors


#: The file name the forecast page's command line gives the area shares, which the command
#: reads from a file (``--by-region``): the page says to save them under it.
AREAS_FILE = "areas.csv"


def forecast_command(
    base_id: str,
    poll: str | None,
    model: str | None,
    *,
    n_sims: int,
    seed: int,
    areas: bool = False,
) -> str:
    """The ``psephos forecast`` command line that repeats a forecast of the site: the base,
    the poll (quoted for a shell), the area shares as the file :data:`AREAS_FILE`, the model
    where a poll or area shares are projected, the simulations and the seed, so that copying
    it gives the page's numbers (``--sims`` and ``--seed`` alone forecast the latest result
    as it stands, not the poll)."""
    import shlex

    words = ["psephos", "forecast", "--from", base_id]
    if poll:
        words += ["--poll", shlex.quote(poll)]
    if areas:
        words += ["--by-region", AREAS_FILE]
    if model is not None:
        words += ["--model", model]
    return " ".join([*words, "--sims", str(n_sims), "--seed", str(seed)])


@lru_cache(maxsize=32)
def forecast_poll(
    base_id: str,
    poll: str | None,
    model: str,
    *,
    n_sims: int = 2000,
    seed: int = POLL_FORECAST_SEED,
    areas: str | None = None,
) -> dict[str, Any]:
    """Seat intervals, majority and hung-parliament chances from a poll and any area shares
    (``areas``, the text of a ``--by-region`` file: :func:`area_shares`), as ``psephos
    forecast --poll ... --by-region --sims N --seed S`` runs them: the base projected to them
    (:func:`psephos.projection.project`; neither: the base result), the command's error model
    (:func:`psephos.forecast.calibration.poll_error_model`) and
    :func:`psephos.forecast.forecast` with ``seed``, so the same poll gives the same answer;
    the answer records ``n_sims`` and ``seed``, as the command's JSON does, each likely
    government's words (``text``: :func:`psephos.forecast.government_words`, as the command's
    governments line writes it), the ``projection`` forecast around
    (:meth:`psephos.projection.Projection.summary`: model, target shares and each seat to its
    favourite; ``None`` around the base result) and the ``headline`` the command prints under
    its table (:meth:`psephos.forecast.ForecastResult.headline`, with "Each seat to its
    favourite" from a projection).

    Raises:
        PsephosError: a poll or area shares the projection refuses (or that do not read), or
            an unknown model.
    """
    from psephos.forecast import government_words
    from psephos.forecast.charts import seat_distributions
    from psephos.projection import project
    from psephos.projection.models import get_model

    get_model(model)
    base = election(base_id)
    given_areas = area_shares(areas)
    mean_shares = base.contest_shares()  # two Independents are two candidates
    notes: list[str] = []
    projection = None
    if poll or given_areas:
        with share_notes() as notes:
            projection = project(base, poll or None, model=model, areas=given_areas)
        mean_shares = projection.contest_shares()  # two Independents are two candidates
    result, errors = poll_forecast(base, mean_shares, n_sims=n_sims, seed=seed)
    parties = forecast_rows(base, result)
    labels = result.labels(base)
    distributions = seat_distributions(
        result, labels=labels, colours=forecast_colours(base, result)
    )
    summary = projection.summary() if projection is not None else None
    return {
        "base": base.id,
        "name": election_name(base.id),
        "poll": poll or None,
        "areas": given_areas,
        "model": model if projection is not None else None,
        # the projection forecast around, each seat to its favourite, as the command's JSON
        "projection": summary,
        # the coalition builder on those seats, as the swingometer links it
        "govern_query": govern_query(projection.election) if projection is not None else None,
        "headline": result.headline(base, summary["seats"] if summary is not None else None),
        "notes": notes,
        "n_sims": n_sims,
        "seed": seed,
        # the command line that repeats this forecast (the page shows it)
        "command": forecast_command(
            base.id,
            poll or None,
            model if projection is not None else None,
            n_sims=n_sims,
            seed=seed,
            areas=bool(given_areas),
        ),
        "n_seats": base.n_seats,
        "majority_line": nominal_majority(base.n_seats),
        **result.no_majority(base),
        "parties": parties,
        "rows": parties,  # the command's key for its table
        "government_options": [
            {
                "parties": list(o.parties),
                "party_labels": [labels[p] for p in o.parties],
                "probability": clean(float(o.probability)),
                "text": government_words(o, labels),
            }
            for o in result.likeliest_governments(8)
        ],
        "error_model": {
            "national_scale": errors.national_scale,
            "regional_scale": errors.regional_scale,
            "seat_scale": errors.seat_scale,
        },
        # the chart of psephos forecast --chart, from the same simulations
        "distributions": distributions.to_dict(),
        # psephos forecast --seats: each seat's favourite and runner-up (the page's table;
        # the twin gives them with seats=true)
        "seats": result.seat_rows(base),
    }


#: Bloc tactical map: the elections ``psephos tactical`` advises for with their own labels (the
#: next, and past ones as advised before polling day); it takes every other bundled election
#: too, as the expected result (:func:`tactical_elections`).
TACTICAL_ELECTIONS: dict[str, str] = {
    "next": "The next election (from the 2024 result)",
    "2024": "2024, as advised before polling day",
    "2019": "2019, as advised before polling day",
    "2017": "2017, as advised before polling day",
}


def tactical_elections() -> dict[str, str]:
    """Every election the tactical map offers, as ``psephos tactical --election`` takes them
    (:mod:`psephos.tactical.api`): :data:`TACTICAL_ELECTIONS`, then every other bundled
    election of every country, newest first, its result taken as the expected one."""
    offered = dict(TACTICAL_ELECTIONS)
    for country in jurisdictions.JURISDICTIONS.values():
        for election_id in reversed(country.election_ids):
            offered.setdefault(election_id, f"{election_name(election_id)}, as the expected result")
    return offered


def tactical_against(election_id: str) -> str:
    """The parties to defeat the tactical map asks about where none are given (``psephos
    tactical`` asks for them, ``--against``): those of the country whose seats
    ``election_id`` is asked about (:func:`psephos.tactical.api.advice_base`;
    :attr:`psephos.jurisdictions.Jurisdiction.default_against`), comma-separated. A bloc not
    given is every other party, as the command's ``--bloc`` default
    (:func:`psephos.tactical.bloc.default_bloc`), so the map and the command answer "defeat X"
    alike.

    Raises:
        UnknownElectionError: ``election_id`` is neither ``next`` nor a bundled election.
    """
    from psephos.tactical.api import advice_base

    country, _ = jurisdictions.for_election_id(advice_base(election_id))
    return ",".join(country.default_against)


#: Map colours for seats where the bloc's pick is not a target (its own status).
TACTICAL_STATUS_COLOURS: dict[str, str] = {"not needed": "#e3e8ee", "long shot": "#9aa3ad"}


#: The columns :func:`bloc_tactical` adds to each row of ``psephos tactical``.
TACTICAL_PAGE_COLUMNS = ("pick_label", "favourite_label", "colour")


def tactical_table(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows of :func:`bloc_tactical` as ``psephos tactical --format csv`` writes them (the
    page's :data:`TACTICAL_PAGE_COLUMNS` left out): the tactical map's CSV."""
    return [
        {key: value for key, value in row.items() if key not in TACTICAL_PAGE_COLUMNS}
        for row in rows
    ]


def _code_in(name: str, election: Election) -> str:
    """A party name as ``election`` reads it (:func:`psephos.model.party_in`: "Green" is the
    GPC in a Canadian election), else the vocabulary's code, else the name as given."""
    try:
        return party_in(name, election.parties)
    except UnknownPartyError:
        party = find_party(name)
        return name if party is None else party.code


def tactical_poll(election_id: str, poll: str | None) -> str:
    """A tactical map's poll read by the one reader against the election its advice is asked
    on (:func:`psephos.tactical.api.advice_base`) and written canonically
    (:func:`canonical_poll`): the key :func:`bloc_tactical` keeps its answer under; ``""``
    for none.

    Raises:
        PsephosError: a poll that does not read, or an election psephos does not bundle.
    """
    if poll is None or not poll.strip():
        return ""
    return canonical_poll(poll, election(_advice_base(election_id)))


@lru_cache(maxsize=16)
def bloc_tactical(
    election_id: str,
    against: str,
    bloc: str | None,
    build: str | None = None,
    poll: str = "",
    model: str = "",
    areas: str = "",
) -> dict[str, Any]:
    """The bloc's tactical pick in every seat (:func:`psephos.tactical.api.bloc_advice`, as
    ``psephos tactical`` runs it: 2,000 simulations, seed 2024; ``build``: the bloc party to
    back where the bloc is a long shot; ``poll``, as :func:`tactical_poll` writes it, and
    ``areas``, the text of a ``--by-region`` file (:func:`area_shares`), project the result
    first with ``model``, as ``psephos tactical --poll --by-region --model``, the
    projection's summary in ``projection`` and its notes in ``notes``) with a hex map: target
    seats and built seats in the pick's colour, seats where tactics are not needed or a long
    shot in greys.

    Raises:
        PsephosError: an unknown party, election or model, or a poll or area shares the
            advice refuses.
    """
    from psephos.tactical.api import bloc_advice, uncertainty_for

    given_areas = area_shares(areas)
    given = poll or None
    swing = (model or None) if poll or given_areas else None
    with COMPUTE_LOCK, share_notes() as notes:
        answer = bloc_advice(
            against,
            bloc,
            election=election_id,
            build=build,
            poll=given,
            model=swing,
            areas=given_areas,
        )
        used = uncertainty_for(election_id, poll=given, model=swing, areas=given_areas)
        base = used.election
    rows = answer.pop("rows")
    for row in rows:  # the command's columns, then the page's: TACTICAL_PAGE_COLUMNS
        row["pick_label"] = base.label(row["pick"]) if row["pick"] in base.parties else row["pick"]
        row["favourite_label"] = (
            base.label(row["favourite"]) if row["favourite"] in base.parties else row["favourite"]
        )
        row["colour"] = (
            base.colour(row["pick"])
            if row["status"] == "target" or row["rule"] == "build"
            else TACTICAL_STATUS_COLOURS[row["status"]]
        )
    fills = {row["code"]: row["colour"] for row in rows}
    titles = {
        row["code"]: f"{row['name']}: {row['status']}, vote {base.party_name(row['pick'])}"
        for row in rows
    }
    layout = hex_map_of(base)
    hexes = [
        {"code": h.code, "points": h.points, "fill": fills[h.code], "title": titles[h.code]}
        for h in layout.hexes
        if h.code in fills
    ]
    built = sum(row["rule"] == "build" for row in rows)
    legend = [
        {"label": f"Vote {base.label(party)} ({count} seats)", "colour": base.colour(party)}
        for party, count in answer["target_picks"].items()
    ]
    if build and built:
        code = _code_in(build, base)
        legend.append(
            {
                "label": f"Build {base.label(code)} ({built} long shots)",
                "colour": base.colour(code),
            }
        )
    greys = {
        "not needed": ("Tactics not needed", answer["statuses"]["not needed"]),
        "long shot": ("Long shot for the bloc", answer["statuses"]["long shot"] - built),
    }
    legend += [
        {"label": f"{label} ({count} seats)", "colour": TACTICAL_STATUS_COLOURS[status]}
        for status, (label, count) in greys.items()
        if count > 0
    ]
    against_codes = split_parties(against)
    return {
        **answer,
        "election_label": TACTICAL_ELECTIONS.get(election_id, election_name(election_id)),
        "base": base.id,
        "against": against_codes,
        "bloc": split_parties(bloc) if bloc else None,
        "build": build,
        "legend": legend,
        "hexmap": {"view_box": layout.view_box, "hexes": hexes},
        "poll": given,
        "areas": given_areas,
        "model": swing,
        "projection": None if used.projection is None else used.projection.summary(),
        "notes": notes,
        "rows": rows,
    }


#: The elections an exit poll can be emulated for (results and a base on the same boundaries).
EXIT_POLL_ELECTIONS: tuple[str, ...] = ("2024", "2019", "2017", "2015")


@lru_cache(maxsize=64)
def exit_poll_emulation(
    election_id: str, sample_size: int, *, seed: int = 12, estimator: str = "chosen"
) -> dict[str, Any]:
    """One emulated exit poll for a past election, beside the real result and the broadcasters'
    exit poll: ``sample_size`` random Great Britain seats' results, each party's share
    measured with the estimator's sampling error, the back-test's first draw
    (:func:`psephos.forecast.exitpoll.emulation_samples` with ``seed``), fed to
    :func:`psephos.forecast.exitpoll.exit_poll` with the settings chosen on earlier elections
    only; expected seats with the estimate's 90% interval
    (:meth:`psephos.forecast.exitpoll.ExitPollEstimate.seat_intervals`, errors shared by the
    seats included); and the back-test over 50 samples
    (:func:`psephos.forecast.exitpoll.emulate`), scored as ``psephos exitpoll emulate``.

    Raises:
        PsephosError: an election without an emulation, a sample size out of range or an
            unknown estimator.
        UnsupportedCountryError: a country without the exit-poll model (Canada).
    """
    from psephos.forecast.exitpoll import (
        REAL_EXIT_POLL,
        REAL_EXIT_POLL_ERROR,
        check_estimator,
        check_sample_size,
        emulate,
        emulation_inputs,
        emulation_samples,
        estimator_fields,
        estimator_settings,
        run_estimator,
    )

    jurisdictions.require(jurisdictions.EXIT_POLL, election_id)
    if election_id not in EXIT_POLL_ELECTIONS:
        raise PsephosError(
            f"No exit-poll emulation for {election_id!r}; choose one of: "
            f"{', '.join(EXIT_POLL_ELECTIONS)}."
        )
    check_estimator(estimator)
    settings = estimator_settings(election_id, estimator)
    with COMPUTE_LOCK:
        target, base, characteristics = emulation_inputs(election_id)
        check_sample_size(target, sample_size)
        # the back-test's first draw (the same generator and seed)
        sample, observed = next(emulation_samples(target, sample_size, 1, seed, settings.sample_sd))
        estimate = run_estimator(
            characteristics,
            target.parties,
            sample,
            observed,
            settings,
            winners=target.winner[sample],  # the winning candidates, as the back-test scores
        )
        backtest = emulate(election_id, sample_size, n_draws=50, seed=seed, settings=settings)
    actual = target.seats_won()
    # the parties that won seats have rows: the estimate's own (ExitPollEstimate.party_rows)
    view = _exit_poll_view(
        target, estimate, {target.codes[i] for i in sample}, base_name=election_name(base.id)
    )
    broadcast = REAL_EXIT_POLL.get(election_id, {})
    for row in view["parties"]:
        row["actual"] = int(actual.get(row["party"], 0))
        row["real_exit_poll"] = broadcast.get(row["party"])
        row["error"] = round(row["expected_seats"] - row["actual"], 1)
    scored = [abs(row["error"]) for row in view["parties"] if row["party"] in backtest.actual]
    return {
        "mode": "emulation",
        "election": target.id,
        "name": election_name(target.id),
        "base": base.id,
        "base_name": election_name(base.id),
        "sample_size": sample_size,
        "seed": seed,
        "estimator_option": estimator,
        **estimator_fields(estimator, settings),
        **view,
        "mean_abs_error": round(float(np.mean(scored)), 2),
        "backtest": {
            "n_draws": backtest.n_draws,
            "scored_parties": list(backtest.scored_parties),
            "mean_error": round(backtest.mean_error, 2),
            "median_error": round(backtest.median_error, 2),
            "p90_error": round(backtest.p90_error, 2),
            "real_exit_poll_error": REAL_EXIT_POLL_ERROR.get(election_id),
        },
    }


def _exit_poll_view(
    seats: Election,
    estimate: Any,
    sampled: set[str],
    *,
    base_name: str,
    night_of: str | None = None,
) -> dict[str, Any]:
    """An exit-poll estimate as a page shows it: per party its expected seats
    (``expected_seats``, one decimal) and those as whole seats that add up to the House
    (``projected``, as the results night's and ``psephos exitpoll estimate``'s: rounded by
    largest remainders, :func:`psephos.numbers.whole_seats`, as the results-night projection
    is; rounding each party on its own gave 651 of 650), with the 90% interval ``psephos
    exitpoll estimate`` prints (:meth:`psephos.forecast.exitpoll.ExitPollEstimate.seat_intervals`:
    the errors one sample of places shares across seats included; ``low`` and ``high`` ``None``
    from too few sampled seats to measure it, with ``range_note`` saying so, as the command's
    note does, else ``None``), for the parties ``psephos exitpoll estimate`` prints, in its
    order (:meth:`psephos.forecast.exitpoll.ExitPollEstimate.party_rows`, ``seats`` the base:
    emulating an election, ``seats`` is the election, so every party that won seats); the
    line saying how the seats outside the modelled area were estimated
    (:func:`psephos.forecast.exitpoll.apart_note`, as ``psephos exitpoll estimate`` notes it,
    ``apart_note``); and a hex map of each seat's favourite with the sampled seats marked,
    with its legend; ``n_seats``, the House's size. Parties are labelled as ``seats`` labels
    them, or with ``night_of`` (the base of a poll of the next night) as that night does
    (:func:`psephos.model.night_label`: "Reform UK" from 2019, as ``psephos exitpoll
    estimate`` labels them)."""

    def label(code: str) -> str:
        return seats.label(code) if night_of is None else night_label(code, night_of)

    def name(code: str) -> str:  # in words a person hears: the hexes' text alternatives
        from psephos.model import night_of as labels_of_night

        if night_of is None:
            return seats.party_name(code)
        return model_party_name(code, labels_of_night(night_of))

    from psephos.forecast.exitpoll import apart_note
    from psephos.forecast.intervals import INTERVAL_LEVEL

    no_interval = estimate.interval_note  # too few sampled seats to measure a range
    intervals = None if no_interval else estimate.seat_intervals(INTERVAL_LEVEL)
    parties = [
        {
            **party_row(
                seats,
                {
                    "party": row["party"],
                    "projected": row["projected"],
                    "expected_seats": row["expected_seats"],
                    "low": row.get("low"),
                    "high": row.get("high"),
                },
            ),
            "party_label": label(row["party"]),
        }
        for row in estimate.party_rows(seats, intervals)
    ]
    favourite = estimate.win_probability.argmax(axis=1)
    names = {
        code: name(estimate.parties[j]) for code, j in zip(seats.codes, favourite, strict=True)
    }
    fills = {
        code: seats.colour(estimate.parties[j])
        for code, j in zip(seats.codes, favourite, strict=True)
    }
    layout = hex_map_of(seats)
    hexes = [
        {
            "code": h.code,
            "points": h.points,
            "fill": fills[h.code],
            "sampled": h.code in sampled,
            "title": f"{h.name}: {names[h.code]}" + (" (sampled)" if h.code in sampled else ""),
        }
        for h in layout.hexes
    ]
    shown = {estimate.parties[j] for j in set(favourite.tolist())}
    return {
        "sampled_seats": sorted(sampled),
        "n_seats": seats.n_seats,  # the chart's full scale: the House the estimate is for
        "parties": parties,
        "range_note": no_interval,
        "apart_note": apart_note(seats, estimate, sampled, base_name),
        "legend": [
            {"label": label(p), "colour": seats.colour(p)} for p in estimate.parties if p in shown
        ],
        "hexmap": {"view_box": layout.view_box, "hexes": hexes},
    }


def exit_poll_from_sample(
    text: str,
    base_id: str,
    *,
    estimator: str = "chosen",
    recommendations: str | None = None,
    picks_text: str | None = None,
    picks_name: str | None = None,
    unknown_parties: Literal["error", "other"] = "error",
    sample_name: str = "sample.csv",
) -> dict[str, Any]:
    """The exit poll from your own sampled seats, as ``psephos exitpoll estimate`` makes it:
    their whole-seat results in the long results format, or their shares, seats by code or
    name (:func:`psephos.jurisdictions.parse_sample_csv`, the command's reader:
    ``seat_code,seat_name,party,votes``, ``share`` or ``share_pct``),
    change from ``base_id`` modelled by :func:`psephos.forecast.exitpoll.exit_poll_from_results`
    (the settings chosen for a live night; who stands elsewhere as the command's default),
    with the tactical-voting sites' picks as the command takes them
    (:func:`psephos.projection.national.resolve_recommendations`: a bundled set such as
    ``sites-2024``, ``none``, or by default the set bundled for the election after the base),
    or your own picks, ``picks_text`` (an uploaded ``seat,party[,site]`` CSV called
    ``picks_name``, read as ``--recommendations FILE`` reads a file), which replace them.
    A party psephos does not know is refused, or with ``unknown_parties="other"`` counted as
    Other (the reader's option, as ``--unknown-parties other``). Messages name the sample
    ``sample_name``, the uploaded file's name, as the command names its file.

    Raises:
        DataFormatError: a bad file (row and field named), a seat twice or without votes, a
            party the base does not have.
        UnknownConstituencyError: a sampled seat not in the base.
        PsephosError: an unknown estimator or base election, or picks on other boundaries.
        UnsupportedCountryError: a base whose country has no exit-poll model (Canada).
    """
    from psephos.forecast.exitpoll import (
        check_estimator,
        estimator_fields,
        estimator_settings,
        exit_poll_from_results,
        missing_party_notes,
        unused_picks_notes,
    )
    from psephos.io.recommendations import parse_recommendations_csv
    from psephos.jurisdictions import parse_sample_csv
    from psephos.projection.national import recommendations_of_rows, resolve_recommendations

    check_estimator(estimator)
    base = election(base_id)
    jurisdictions.require(jurisdictions.EXIT_POLL, base)  # before the upload is read
    sample, read_notes = parse_sample_csv(
        text, name=sample_name, base=base, unknown_parties=unknown_parties
    )
    recommended: npt.NDArray[np.float64] | None
    if picks_text is not None:
        name = picks_name or "your picks"
        rows = parse_recommendations_csv(picks_text, name=name)
        recommendations, recommended = f"file: {name}", recommendations_of_rows(base, rows)
    else:
        recommendations, recommended = resolve_recommendations(base, recommendations)
    settings = estimator_settings("next", estimator)
    with COMPUTE_LOCK:
        estimate = exit_poll_from_results(base, sample, settings=settings, recommended=recommended)
    sampled = {base.codes[base.seat_index(code)] for code in sample.codes}
    return {
        # how the file was read and what was assumed, as the command says
        "notes": read_notes
        + unused_picks_notes(estimator, settings, recommendations)
        + missing_party_notes(base, sample),
        "mode": "sample",
        "election": base.id,
        "name": f"Your sample of {len(sampled)} seats",
        "base": base.id,
        "base_name": election_name(base.id),
        "sample_size": len(sampled),
        "estimator_option": estimator,
        **estimator_fields(estimator, settings),
        "recommendations": recommendations,
        **_exit_poll_view(
            base, estimate, sampled, base_name=election_name(base.id), night_of=base.labels_id
        ),
    }


#: Allocation map: hours per seat in four shades (fewest to most), seats without hours grey.
ALLOCATION_SHADES: tuple[str, ...] = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")
NO_HOURS_COLOUR = "#eeeeee"


#: The allocation's options as the web names them in messages (its form and API fields).
ALLOCATION_FIELDS = AllocationNames(strict="strict", method="method")


def volunteer_allocation(
    text: str, election_id: str, request: AllocationRequest, *, include_personal: bool = False
) -> dict[str, Any]:
    """A volunteer file's allocation, by the path ``psephos allocate`` takes
    (:func:`psephos.targeting.allocation.allocation_answer`: the options checked, the file read
    by :func:`psephos.targeting.volunteers.parse_volunteers` with postcodes resolved, its
    refusals, the allocation), formatted for the page: the row-numbered problems with their
    line (:func:`psephos.targeting.volunteers.problem_line`), the per-volunteer plan (``rows``,
    as the command's JSON names it, beside its ``projection``), the per-seat hours (``seats``:
    the command's ``rows`` with ``--show seats``) and a hex map of the hours. Nothing is
    stored or logged: the file is personal data.

    Raises:
        DataFormatError: the file (or the capacities file) lacks a required column, has no
            usable row, or (``strict``) has a rejected row.
        PsephosError: an unknown party, seat or election, or a bad setting.
        UnsupportedCountryError: a country without bundled seat centroids (Canada).
    """
    from psephos.targeting.volunteers import parse_volunteers, problem_line

    base = election(election_id)
    # a capacity rounded down; a poll's notes (the rest of a short poll shared out)
    with collected_notes(InputWarning, ShareWarning) as read_notes:
        answer = allocation_answer(
            base,
            lambda: parse_volunteers(text, keep_names=include_personal),
            request,
            names=ALLOCATION_FIELDS,
        )
    parsed, report = answer.volunteers_read, answer.report
    problems = [
        {**row, "message": problem_line(problem)}
        for row, problem in zip(answer.problems(), parsed.problems, strict=True)
    ]
    summary = answer.summary()
    summary["party_label"] = base.label(report.party) if report.party else None
    seats = report.seat_rows()
    hours = {row["code"]: row["hours"] for row in seats}
    most = max(hours.values(), default=0)
    edges = [math.ceil(most * k / len(ALLOCATION_SHADES)) for k in range(1, 5)]

    def shade(value: int) -> str:
        if value <= 0:
            return NO_HOURS_COLOUR
        return ALLOCATION_SHADES[next(k for k, edge in enumerate(edges) if value <= edge)]

    layout = hex_map_of(base)
    hexes = [
        {
            "code": h.code,
            "points": h.points,
            "fill": shade(hours.get(h.code, 0)),
            "title": f"{h.name}: {hours.get(h.code, 0):,} hours",
        }
        for h in layout.hexes
    ]
    legend, low = [], 1
    for colour, edge in zip(ALLOCATION_SHADES, edges, strict=True):
        if edge >= low:
            legend.append({"label": f"{low:,}–{edge:,} hours", "colour": colour})
            low = edge + 1
    legend.append({"label": "No hours", "colour": NO_HOURS_COLOUR})
    return {
        "election": base.id,
        "name": election_name(base.id),
        "summary": summary,
        # the plan in the words psephos allocate prints under its table
        "headline": [allocation_sentence(summary)],
        "problems": problems,
        "ignored_columns": list(parsed.ignored_columns),
        # the reader's notes, then the plan's (seats chosen, hours not placed), as the command
        "notes": [*read_notes, *parsed.notes, *report.notes()],
        # the command's table (rows: the plan per volunteer) and its projection, then the page's
        "rows": answer.plan_rows(include_personal=include_personal),
        "projection": None if answer.projection is None else answer.projection.summary(),
        "seats": seats,  # the command's rows with --show seats
        "legend": legend,
        "hexmap": {"view_box": layout.view_box, "hexes": hexes},
    }


def assignments_csv(rows: list[dict[str, Any]]) -> str:
    """The per-volunteer plan as CSV text, as ``psephos allocate --out`` writes it
    (:func:`psephos.io.export.csv_text`; no rows: the plan's header alone)."""
    from psephos.io.export import csv_text
    from psephos.targeting.allocate import ASSIGNMENT_COLUMNS

    return csv_text(rows, ASSIGNMENT_COLUMNS)


@lru_cache(maxsize=256)
def _target_list(election_id: str, attacker: str, defender: str) -> Any:
    from psephos.targeting.targets import target_list

    return target_list(election(election_id), attacker, defender)


@lru_cache(maxsize=16)
def _marginality_rank(election_id: str) -> dict[str, int]:
    current = election(election_id)
    ranked = marginals(current, top=current.n_seats)  # by votes, as psephos marginals ranks
    return {seat.code: rank for rank, seat in enumerate(ranked, start=1)}


def advice_election(election_id: str) -> str:
    """The election the advice and the tactical map answer for a seat of ``election_id``, as
    ``psephos advise --election`` takes it: the next one after the newest UK result, else
    this election (a seat page's and a postcode's "How should I vote here?" link)."""
    from psephos.tactical.api import LATEST_RESULT, NEXT

    return NEXT if election_id == LATEST_RESULT else election_id


def seat_insights(current: Election, code: str) -> dict[str, Any]:
    """What the capabilities say about one seat, each cheap and each with the page that says
    more: its marginality rank (:func:`psephos.results.marginals`, by majority in votes as
    ``psephos marginals`` and the marginals page rank by default), its place on the runner-up's
    target list against the winner with the analytic win probability
    (:func:`psephos.targeting.targets.target_list`), and, for the newest result, every party's
    chance of winning it next time (:func:`psephos.tactical.api.uncertainty_for`, the
    simulations behind the advice; computed once at start-up).

    Also what the seat's onward links may ask: ``advice_election``, the election the advice
    and the tactical map answer for this seat (the next one after the newest UK result, else
    this election, as ``psephos advise --election`` takes it), and ``nearest``, whether the
    nearest-marginal search knows this country's seats (:data:`psephos.jurisdictions.NEAREST`).
    """
    from psephos.tactical.api import LATEST_RESULT, uncertainty_for

    position = current.seat_index(code)
    result = current.result_at(position)
    winner, runner_up = result.winner, result.runner_up
    insights: dict[str, Any] = {
        "marginality_rank": _marginality_rank(current.id).get(code),
        "marginality_order": MARGINAL_ORDERS["votes"],
        "n_seats": current.n_seats,
        "target": None,
        "next_election": None,
        "advice_election": advice_election(current.id),
        "nearest": jurisdictions.of(current).supports(jurisdictions.NEAREST),
    }
    targets_list = None
    # the Speaker's seat (the country's own label for it) has no party contest to rank
    if winner != jurisdictions.of(current).parliament.speaker_party:
        try:
            targets_list = _target_list(current.id, runner_up, winner)
        except PsephosError:  # a pair the target list cannot rank
            targets_list = None
    if targets_list is not None:
        found = found_seat(current, targets_list, code)
        if found.row is not None:
            attacking = current.label(runner_up)
            # the line psephos target --find prints, which names the list
            sentence = find_sentence(
                TargetAnswer(targets=targets_list, found=found).summary(),
                attacker=attacking,
                defender=current.label(winner),
            )
            insights["target"] = {
                "attacker": runner_up,
                "attacker_label": attacking,
                "defender": winner,
                "defender_label": current.label(winner),
                "rank": found.rank,
                "n_listed": len(targets_list.seats),
                "margin_pct": found.row.margin_pct,
                "win_probability": found.row.win_probability,
                "sentence": sentence,
            }
    if current.id == LATEST_RESULT:
        with COMPUTE_LOCK:
            uncertainty = uncertainty_for("next")
        row = uncertainty.win_probability[uncertainty.election.seat_index(code)]
        parties = uncertainty.election.parties
        order = [j for j in np.argsort(-row, kind="stable") if row[j] >= 0.005]
        chances = [
            party_row(
                uncertainty.election,
                {"party": parties[j], "probability": round(float(row[j]), 3)},
            )
            for j in order
        ]
        insights["next_election"] = {"source": uncertainty.source, "chances": chances}
    return insights


#: Declarations between two points of a replay's convergence curve, as ``psephos nowcast
#: replay --chart`` scores it (every 5).
REPLAY_CURVE_EVERY = 5
#: The seats declared a replay page opens at: the first checkpoint the replay's errors are
#: reported at (:data:`psephos.forecast.nowcast.CHECKPOINTS`), the line its chart marks.
REPLAY_DECLARED = 50


def replay_night_id(election_id: str) -> str:
    """``election_id`` as the night :func:`psephos.forecast.nowcast.replay` replays
    (:func:`psephos.forecast.nowcast.replay_nights`), by its canonical id.

    Raises:
        UnknownElectionError: an election psephos does not bundle (with a "did you mean").
        PsephosError: a bundled election that cannot be replayed (the first on its
            boundaries), naming those that can.
    """
    from psephos.forecast.nowcast import replay_nights

    nights = replay_nights()
    key = jurisdictions.resolve_election_id(election_id)
    if key not in nights:
        raise PsephosError(
            f"No results night {election_id!r} to replay; choose one of: {', '.join(nights)}."
        )
    return key


def _check_declared(key: str, declared: int, n_seats: int) -> None:
    """Refuse a count of seats declared that the night ``key`` of ``n_seats`` seats never had.

    Raises:
        PsephosError: ``declared`` outside 1 to ``n_seats``.
    """
    if not 1 <= declared <= n_seats:
        raise PsephosError(
            f"The seats declared must be between 1 and {n_seats} (every seat of the "
            f"{election_name(key)}), got {declared}."
        )


@lru_cache(maxsize=8)
def replay_curve(election_id: str) -> tuple[tuple[int, ...], tuple[float, ...], tuple[float, ...]]:
    """A night's convergence curve, computed once per night (a replay of every seat takes
    seconds): the seats declared every :data:`REPLAY_CURVE_EVERY` and after the last, with the
    nowcast's and the plain baseline's total seat errors there, from the replay ``psephos
    nowcast replay ID --chart`` draws (:func:`psephos.forecast.nowcast.replay`)."""
    from psephos.forecast.nowcast import replay

    key = replay_night_id(election_id)
    with COMPUTE_LOCK:
        steps = replay(key, every=REPLAY_CURVE_EVERY)
    return (
        tuple(step.n_declared for step in steps),
        tuple(round(step.error_nowcast, 1) for step in steps),
        tuple(round(step.error_baseline, 1) for step in steps),
    )


_REPLAY_CHARTS: dict[tuple[str, int], str] = {}
_MAX_REPLAY_CHARTS = 256


def replay_chart_if_cached(election_id: str, declared: int) -> str | None:
    """The chart of :func:`replay_chart` if already drawn (cheap: safe on the event loop, and
    answered without a heavy slot, so the replay page's image never waits on the page)."""
    try:
        key = jurisdictions.resolve_election_id(election_id)
    except PsephosError:
        return None
    return _REPLAY_CHARTS.get((key, declared))


def replay_chart(election_id: str, declared: int) -> str:
    """The night's convergence chart (:func:`replay_curve`) as SVG text, drawn by the code that
    writes ``psephos nowcast replay --chart`` (:func:`psephos.forecast.charts.convergence_svg`),
    its dotted line at ``declared`` seats; drawn once (the replay page draws it with its
    answer, so the image it links is ready).

    Raises:
        PsephosError: a night that cannot be replayed, or ``declared`` outside 1 to its seats.
    """
    from psephos.forecast.charts import convergence_svg

    key = replay_night_id(election_id)
    chart = _REPLAY_CHARTS.get((key, declared))
    if chart is not None:
        return chart
    curve = replay_curve(key)
    _check_declared(key, declared, curve[0][-1])
    with COMPUTE_LOCK:
        chart = convergence_svg({election_name(key): curve}, marked=declared)
        if len(_REPLAY_CHARTS) >= _MAX_REPLAY_CHARTS:
            _REPLAY_CHARTS.pop(next(iter(_REPLAY_CHARTS)))  # the oldest drawn
        _REPLAY_CHARTS[key, declared] = chart
    return chart


@lru_cache(maxsize=128)
def night_replay(election_id: str, declared: int = REPLAY_DECLARED) -> dict[str, Any]:
    """A past results night replayed to ``declared`` seats, through the replay of ``psephos
    nowcast replay`` (:func:`psephos.forecast.nowcast.replay`, in its order and settings): the
    projection then, each party's whole seats with its 90% interval beside the plain regional
    swing of the declared seats and the final result
    (:func:`psephos.forecast.nowcast.replay_rows`, each with its ``colour`` and ``range_text``),
    what may be said (``call``: the results-night page's words,
    :func:`psephos.results.night.call`; before enough seats have declared "too early to say",
    the projection and the baseline withheld as the page and the command withhold them), the
    total seat errors there (``error_nowcast``, ``error_baseline``, the replay's columns), the
    seat that declared last (``last_seat``), how the order was made (``timed_declarations``,
    ``declaration_order`` where it is assumed), the lines the command prints under its table
    (``notes``) and the night's convergence ``curve`` (:func:`replay_curve`), its picture at
    ``chart``.

    Raises:
        PsephosError: a night that cannot be replayed, or ``declared`` outside 1 to its seats.
    """
    from psephos.forecast.exitpoll import election_pair
    from psephos.forecast.nowcast import (
        assumed_order_note,
        n_timed_declarations,
        replay,
        replay_lines,
        replay_order,
        replay_rows,
    )
    from psephos.results.night import call

    key = replay_night_id(election_id)
    target, base = election_pair(key)
    _check_declared(key, declared, target.n_seats)
    with COMPUTE_LOCK:
        [step] = replay(key, checkpoints=[declared], intervals_at=[declared])
    rows = replay_rows(key, step)
    order = replay_order(key)[:declared]
    said = call(
        [{"code": r["party"], "low": r["low"] or 0, "high": r["high"] or 0} for r in rows],
        base,
        order,
        night_id=key,
    )
    withheld = said["status"] == "too-early"
    for row in rows:
        row["colour"] = target.colour(row["party"])
        if withheld:
            row.update(dict.fromkeys(("projected", "low", "high", "baseline")))
        measured = not withheld and row["low"] is not None
        row["range_text"] = seat_range(row["low"], row["high"]) if measured else None
    last = target.constituencies[target.seat_index(order[-1])]
    assumed = assumed_order_note(key)
    curve = replay_curve(key)
    return {
        "election": key,
        "name": election_name(key),
        "base": base.id,
        "base_name": election_name(base.id),
        "n_seats": target.n_seats,
        "declared": declared,
        "majority_line": nominal_majority(target.n_seats),
        "call": said,
        "error_nowcast": None if withheld else round(step.error_nowcast, 1),
        "error_baseline": None if withheld else round(step.error_baseline, 1),
        "last_seat": {"code": last.code, "name": last.name},
        "timed_declarations": n_timed_declarations(key),
        "declaration_order": assumed,
        "notes": replay_lines(assumed, intervals_at=[declared]),
        "rows": rows,
        "curve": {
            "declared": list(curve[0]),
            "error_nowcast": list(curve[1]),
            "error_baseline": list(curve[2]),
        },
        "chart": "/results-night/replay/chart.svg?"
        + urlencode({"election": key, "declared": declared}),
    }
