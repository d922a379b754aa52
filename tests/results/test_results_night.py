"""Results night in the library: declared seats as an election (two independents are two
candidates), gains and holds, and the projection's range and call."""

from __future__ import annotations

import numpy as np

import psephos
from psephos.model import Candidate, get_party
from psephos.results import national_table
from psephos.results.night import (
    TOO_EARLY_SEATS,
    SeatDeclaration,
    call,
    declaration_from_rows,
    declared_election,
    declared_words,
    n_modelled,
    outcomes,
    projection_interval,
    too_early,
)

BROMLEY = "E14001137"


def test_two_independents_are_two_candidates() -> None:
    base = psephos.load("2024")
    people = (
        Candidate("Ann", "Ind", "Independent", 300),
        Candidate("Bob", "Ind", "Independent", 290),
        Candidate("Cat", "Lab", "Labour Party", 400),
    )
    so_far, positions = declared_election(
        base, [SeatDeclaration(BROMLEY, people)], "night", "Night"
    )
    assert so_far.seats_won()["Lab"] == 1 and so_far.seats_won()["Ind"] == 0
    row = outcomes(base, so_far, positions)[0]
    assert row["winner"] == "Lab" and row["majority"] == 100
    assert row["outcome"] == "gain from Con" and row["gain"]


def test_declaration_from_rows_without_candidates() -> None:
    seat = declaration_from_rows(BROMLEY, None, {"Lab": 10, "Con": 5}, revision=2)
    assert {c.party: c.votes for c in seat.candidates} == {"Lab": 10, "Con": 5}
    assert seat.revision == 2


def test_projection_interval_and_call() -> None:
    probabilities = np.array([[0.5, 0.5], [1.0, 0.0], [0.0, 1.0], [0.9, 0.1]])
    undeclared = np.array([True, True, True, False])
    rows = projection_interval({"A": 1}, probabilities, ["A", "B"], undeclared)
    first = rows[0]
    # expected 2.5 and 1.5 of 4 seats: the tied remainder goes to the earlier party
    assert first["code"] == "A" and first["expected_seats"] == 2.5 and first["projected"] == 3
    assert [row["projected"] for row in rows] == [3, 1]
    assert first["declared"] <= first["low"] <= first["expected_seats"] <= first["high"] <= 4
    uk = psephos.load("2024")  # 650 seats: 326 for a majority
    assert call(rows, uk, uk.codes[: TOO_EARLY_SEATS - 1])["status"] == "too-early"
    majority = call([{"code": "A", "low": 330, "high": 350}], uk, uk.codes[:400])
    assert majority["status"] == "majority"
    # the range as the projection table writes one, with an en dash
    assert majority["message"] == "A majority projected (330\u2013350 seats; 326 needed)."
    hung = call([{"code": "A", "low": 300, "high": 320}], uk, uk.codes[:400])
    assert hung == {"status": "hung", "party": None, "message": "Hung parliament projected."}
    close = call([{"code": "A", "low": 300, "high": 340}], uk, uk.codes[:400])
    assert close["status"] == "too-close"


def test_seats_modelled_apart_do_not_count_toward_a_projection() -> None:
    """Northern Ireland's declarations move only its own seats, so 18 of them and 2 in Great
    Britain are too early to say: the line counts the 2 and says why the 18 do not."""
    uk = psephos.load("2024")
    apart = [code for code, inside in zip(uk.codes, uk.gb_mask, strict=True) if not inside]
    main = [code for code, inside in zip(uk.codes, uk.gb_mask, strict=True) if inside]
    declared = apart[:18] + main[:2]
    assert n_modelled(uk, declared) == 2 and too_early(uk, declared)
    said = call([{"code": "Lab", "low": 330, "high": 350}], uk, declared)
    assert said["status"] == "too-early"
    assert said["message"] == (
        "Too early to say: 2 of the 20 seats in Great Britain needed for a projection "
        "have declared (18 declared in Northern Ireland, modelled apart, do not count)."
    )
    one_each = call([{"code": "Lab", "low": 330, "high": 350}], uk, apart[:1] + main[:1])
    assert one_each["message"] == (
        "Too early to say: 1 of the 20 seats in Great Britain needed for a projection "
        "has declared (1 declared in Northern Ireland, modelled apart, does not count)."
    )
    assert not too_early(uk, apart[:18] + main[:TOO_EARLY_SEATS])


def test_the_too_early_line_agrees_with_its_count() -> None:
    """One declared seat "has declared", more "have": the line counts the seats toward the 20
    needed, not "the first 20"."""
    uk = psephos.load("2024")
    rows = [{"code": "Lab", "low": 330, "high": 350}]
    assert call(rows, uk, uk.codes[:1])["message"] == (
        "Too early to say: 1 of the 20 seats needed for a projection has declared."
    )
    assert call(rows, uk, uk.codes[:3])["message"] == (
        "Too early to say: 3 of the 20 seats needed for a projection have declared."
    )


def test_with_every_seat_declared_the_call_is_the_result() -> None:
    """Once every seat has declared the verdict says the result, not a projection."""
    uk = psephos.load("2024")
    said = call([{"code": "Lab", "low": 411, "high": 411}], uk, uk.codes)
    assert said == {
        "status": "majority",
        "party": "Lab",
        "message": "Lab majority: 411 seats, 326 needed.",
    }
    hung = call([{"code": "Lab", "low": 300, "high": 300}], uk, uk.codes)
    assert hung["message"] == "Hung parliament: no party has the 326 seats needed."


def test_the_call_names_the_party_as_the_night_s_tables_do() -> None:
    """The call names the party by its label as the night's tables do, "Reform UK majority
    projected", not by its code; and not by the base's label either: a night on the 2019
    result on the 2024 boundaries labels Reform as every night does, not "Brexit Party"."""
    base = psephos.load("2019-notional-2024")
    assert base.label("Reform") == "Brexit Party"
    people = (Candidate("Ann", "Reform", "Reform UK", 500), Candidate("Cat", "Con", "", 400))
    so_far, _ = declared_election(base, [SeatDeclaration(BROMLEY, people)], "night", "Night")
    rows = [{"code": "Reform", "low": 330, "high": 350}]
    said = call(rows, base, base.codes[:400], night_id=so_far.id)
    assert said["message"] == (
        f"{so_far.label('Reform')} majority projected (330\u2013350 seats; 326 needed)."
    )
    assert said["message"].startswith("Reform UK majority") and said["party"] == "Reform"
    # the command, which has no night id, names it the same way
    assert call(rows, base, base.codes[:400])["message"] == said["message"]


def test_a_declared_seat_s_words_come_from_the_seat_page_s_sentence() -> None:
    """The night's Result and Majority cells and the declaration page's sentence are written
    by one function, in the words of the seat page (:func:`psephos.results.outcome_words`),
    with the seat nobody else had a vote in said so."""
    base = psephos.load("2024")
    people = (Candidate("Ann", "Reform", "Reform UK", 5500), Candidate("Cat", "Con", "", 4000))
    so_far, positions = declared_election(
        base, [SeatDeclaration(BROMLEY, people)], "night", "Night"
    )
    (row,) = outcomes(base, so_far, positions)
    assert row["result_text"] == "Reform UK gain from Con"
    assert row["majority_text"] == "1,500 (15.79%)"
    assert row["outcome_sentence"] == "Reform UK gain from Con: majority 1,500 (15.79%) over Con"
    assert declared_words(row) == {
        key: row[key] for key in ("result_text", "majority_text", "outcome_sentence")
    }
    alone = (Candidate("Cat", "Con", "", 4000), Candidate("Bob", "Lab", "", 0))
    so_far, positions = declared_election(base, [SeatDeclaration(BROMLEY, alone)], "n", "N")
    (row,) = outcomes(base, so_far, positions)
    assert row["outcome_sentence"] == "Con hold: no other candidate had a vote"


def test_a_canadian_night_names_a_house_without_a_majority_as_canada_does() -> None:
    """Canada's "Minority Parliament", on the night page and in ``psephos nowcast`` alike
    (:func:`call`), not the UK's "hung parliament"; its majority line is 170 of 338."""
    canada = psephos.load("canada-2021")
    hung = call([{"code": "LPC", "low": 140, "high": 160}], canada, canada.codes[:200])
    assert hung["message"] == "Minority Parliament projected."
    close = call([{"code": "LPC", "low": 160, "high": 180}], canada, canada.codes[:200])
    assert close["message"] == "Too close to call: the leading party's range straddles 170."


def test_a_night_names_parties_as_the_vocabulary_does() -> None:
    """A results night is no bundled election, so its labels come from the party vocabulary:
    Reform UK, as the newest bundled election names it, not the bare code."""
    base = psephos.load("2024")
    people = (
        Candidate("Ann", "Reform", "Reform UK", 500),
        Candidate("Cat", "Con", "Conservative Party", 400),
    )
    so_far, positions = declared_election(
        base, [SeatDeclaration(BROMLEY, people)], "night", "Night"
    )
    row = outcomes(base, so_far, positions)[0]
    assert row["winner"] == "Reform"
    assert row["winner_label"] == get_party("Reform").name == base.label("Reform")
    table = {r["party"]: r["party_label"] for r in national_table(so_far, base)}
    assert table["Reform"] == base.label("Reform") and table["Con"] == base.label("Con")


def test_a_declared_seat_names_a_group_s_candidate_as_the_seat_page_does() -> None:
    """Birmingham Yardley's runner-up, a Workers Party candidate declared with the code Other,
    was "over Other" on the night's seat page, "over Workers Party of Britain (Other)" on the
    seat page: both now label the winner and runner-up by one function
    (:func:`psephos.results.seat_labels`), so the sentence is the seat page's."""
    from psephos.results import outcome_sentence, seat_report

    result = psephos.load("2024")
    yardley = "E14001100"
    declared = SeatDeclaration(yardley, result.candidates[result.seat_index(yardley)])
    base = psephos.load("2019-notional-2024")
    so_far, positions = declared_election(base, [declared], "night", "Night")
    (row,) = outcomes(base, so_far, positions)
    assert row["runner_up_label"] == "Workers Party of Britain (Other)"
    page = outcome_sentence(seat_report(result, yardley))
    assert row["outcome_sentence"] == "Lab hold: majority 693 (1.92%) over " + (
        "Workers Party of Britain (Other)"
    )
    assert page.endswith(row["outcome_sentence"].removeprefix("Lab hold"))
