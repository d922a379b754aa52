"""A pact as a user asks for it, run from start to end (:func:`psephos.pacts.run_pact`)."""

from __future__ import annotations

import re
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import numpy as np
import pytest

import psephos
from psephos.errors import DataFormatError, ShareWarning
from psephos.forecast.calibration import poll_error_model
from psephos.pacts import (
    PactRequest,
    best_placed_stand_downs,
    optimise_pact,
    parse_stand_downs,
    run_pact,
    simulate_pact,
)
from psephos.pacts.run import OPTIMISING, SMALL_GAIN, optimiser_notes, pact_sentence
from psephos.projection import project
from psephos.tactical.uncertainty import ForecastErrors, SeatUncertainty
from psephos.web.services import PACT_FIELDS

POLL = "Lab 30 Con 22 Reform 25 LD 12 Green 8"


def test_no_request_is_the_default_pact_on_the_result() -> None:
    base = psephos.load("2019")
    run = run_pact(base, ["Lab", "LD"])
    expected = simulate_pact(base, best_placed_stand_downs(base, ["Lab", "LD"]), bloc=["Lab", "LD"])
    assert run.default_pact and run.projection is None and run.plan is None
    assert run.election is base
    assert run.stand_downs == expected.stand_downs
    assert run.summary() == expected.summary()


def test_a_pact_run_pickles_and_deep_copies() -> None:
    import copy
    import pickle

    run = run_pact(psephos.load("2019"), ["Lab", "LD"])
    for back in (pickle.loads(pickle.dumps(run)), copy.deepcopy(run)):
        assert back.summary() == run.summary() and back.stand_downs == run.stand_downs
        assert back.election.seats_won() == run.election.seats_won()


def test_a_pact_run_shows_as_one_line() -> None:
    """Its dataclass repr held the election's and the result's arrays (about 627 KB)."""
    run = run_pact(psephos.load("2019"), ["Lab", "LD"])
    result = run.result
    assert repr(result) == (
        f"PactResult(election='2019', bloc=('Lab', 'LD'), stand_downs={len(run.stand_downs)}, "
        f"draws=1, bloc_seats_before={result.bloc_seats_before:g}, "
        f"bloc_seats_after={result.bloc_seats_after:g})"
    )
    assert repr(run) == f"PactRun({result!r}, projection=None, optimised=False)"


def test_a_poll_and_sims_are_the_projection_drawn_around() -> None:
    """The pact is tried on the projection, over draws made around it with the seed given;
    the projection's notes come first."""
    base = psephos.load("2024")
    request = PactRequest(
        poll=POLL, model="proportional", sims=30, seed=5, stand_downs=("LD:Bath",)
    )
    run = run_pact(base, ["Lab", "LD"], request)  # its notes kept, not warned
    with pytest.warns(ShareWarning):
        projection = project(base, POLL, model="proportional")
    assert run.projection is not None and run.projection.model == "proportional"
    assert run.election.seats_won() == projection.election.seats_won()
    errors = ForecastErrors(poll_error_model(), name="forecast")  # psephos forecast's
    draws = SeatUncertainty.from_election(
        projection.election, error_model=errors, n_sims=30, seed=5
    ).draws
    expected = simulate_pact(
        projection.election, parse_stand_downs(["LD:Bath"]), bloc=["Lab", "LD"], draws=draws
    )
    assert not run.default_pact
    assert run.summary() == expected.summary()
    assert any("remaining 3.0% goes to the parties not named" in note for note in run.notes)
    again = run_pact(base, ["Lab", "LD"], request)
    assert again.summary() == run.summary() and again.notes == run.notes


def test_optimised_within_the_limits_with_its_progress_shown() -> None:
    base = psephos.load("2019")
    shown: list[str] = []

    def progress(message: str) -> AbstractContextManager[object]:
        shown.append(message)
        return nullcontext()

    request = PactRequest(optimise=True, max_per_party="LD=2,Green=1", nations=("England",))
    run = run_pact(base, ["Lab", "LD", "Green"], request, progress=progress)
    plan = optimise_pact(
        base,
        bloc=["Lab", "LD", "Green"],
        max_per_party={"LD": 2, "Green": 1},
        allowed_seats=np.isin(base.nations, ["England"]),
    )
    assert shown == [OPTIMISING]
    assert run.plan is not None and run.max_per_party == {"LD": 2, "Green": 1}
    assert run.stand_downs == plan.result.stand_downs and not run.default_pact
    assert run.summary()["stand_downs_per_party"] == plan.per_party()
    run_pact(base, ["Lab", "LD"], PactRequest(stand_downs=("LD:Bath",)), progress=progress)
    assert shown == [OPTIMISING]  # only the optimiser shows progress


def test_the_optimisers_notes_say_a_binding_limit_and_how_many_stand_downs_add_little() -> None:
    """Over draws the optimiser takes any gain, however small: a note names the bloc parties
    whose stand-down limit binds (each at its limit), and another counts the plan's
    stand-downs adding under SMALL_GAIN expected seats to the bloc, naming the least, as the
    ledger gives them; the web names the limit by its field. The plan itself is the
    optimiser's, unchanged."""
    base = psephos.load("2019")
    request = PactRequest(optimise=True, max_per_party="20", sims=200, seed=1)
    run = run_pact(base, ["Lab", "LD", "Green", "PC"], request)
    assert run.plan is not None
    per_party = run.plan.per_party()
    binding = [party for party, n in per_party.items() if n == 20]
    assert binding  # the case of the finding: the quota is used in full
    said = [note for note in run.notes if "as many seats as the per-party limit allows" in note]
    assert len(said) == 1 and said[0].startswith(f"{', '.join(binding[:-1])} and {binding[-1]}")
    assert "(20 seats each): the limit binds" in said[0]
    small = sorted(
        (row for row in run.result.ledger if row["bloc_gain"] < SMALL_GAIN),
        key=lambda row: row["bloc_gain"],
    )
    assert small  # seats worth a few hundredths of a seat
    (counted,) = [note for note in run.notes if "each add under 0.05 expected seats" in note]
    assert counted.startswith(f"{len(small)} of the plan's {len(run.stand_downs)} stand-downs")
    assert f"(the least: {small[0]['party']} in {small[0]['seat_name']}, " in counted
    assert optimiser_notes(run.plan, base.label) == [said[0], counted]
    one_result = run_pact(base, ["Lab", "LD"], PactRequest(optimise=True, max_per_party="Lab=1"))
    assert "Lab stands down in as many seats as the per-party limit allows (1 seat):" in " ".join(
        one_result.notes
    )
    unlimited = run_pact(base, ["Lab", "LD"], PactRequest(optimise=True))
    assert not any("the limit binds" in note for note in unlimited.notes)


def test_a_draws_file_is_the_draws_it_holds(tmp_path: Path) -> None:
    base = psephos.load("2019")
    draws = np.repeat(base.shares()[None], 3, axis=0)
    path = tmp_path / "draws.npy"
    np.save(path, draws)
    request = PactRequest(stand_downs=("LD:Kensington",), draws=str(path))
    from_file = run_pact(base, ["Lab", "LD"], request)
    given = run_pact(base, ["Lab", "LD"], PactRequest(stand_downs=("LD:Kensington",), draws=draws))
    assert from_file.summary() == given.summary() and given.summary()["n_draws"] == 3


def test_a_stand_down_file_read_or_uploaded_is_the_same_pact(tmp_path: Path) -> None:
    base = psephos.load("2019")
    text = "party,seat\nLD,Kensington\n"
    path = tmp_path / "stand_downs.csv"
    path.write_text(text, encoding="utf-8")
    read = run_pact(base, ["Lab", "LD"], PactRequest(stand_down_file=path))
    uploaded = run_pact(base, ["Lab", "LD"], PactRequest(stand_down_file=(text, "mine.csv")))
    items = run_pact(base, ["Lab", "LD"], PactRequest(stand_downs=("LD:Kensington",)))
    assert read.stand_downs == uploaded.stand_downs == items.stand_downs
    assert len(read.stand_downs) == 1 and not read.default_pact


@pytest.mark.parametrize(
    ("request_", "flags", "fields"),
    [
        (
            PactRequest(max_per_party="3"),
            "--max-per-party only applies with --optimise",
            "max_per_party only applies with optimise",
        ),
        (
            PactRequest(optimise=True, stand_downs=("LD:Bath",)),
            "leave out --stand-down, or --optimise.",
            "leave out stand_down, or optimise.",
        ),
        (
            PactRequest(optimise=True, objective="majority"),
            "--objective majority needs --draws or --sims.",
            "objective majority needs sims.",
        ),
        (
            PactRequest(stand_downs=("Con:Kensington",)),
            "add it to --bloc or stand down a bloc party.",
            "add it to the bloc or stand down a bloc party.",
        ),
        (PactRequest(stand_downs=("LD",)), "Bad --stand-down 'LD'", "Bad stand_down 'LD'"),
        (
            PactRequest(optimise=True, fairness=651),
            "--fairness 651 is out of range; give the seats a bloc party may end below",
            "fairness 651 is out of range; give the seats a bloc party may end below",
        ),
        (
            PactRequest(optimise=True, max_per_party="LD=5,Green=3"),
            "--max-per-party Green=3: Green is not in the bloc (Lab, LD) and stands aside "
            "nowhere; add it to --bloc",
            "max_per_party Green=3: Green is not in the bloc (Lab, LD) and stands aside "
            "nowhere; add it to the bloc",
        ),
        (
            PactRequest(draws=np.zeros((2, 1, 1)), sims=10),
            "Give --draws (a file) or --sims (drawn here), not both.",
            "Give draws (a file) or sims (drawn here), not both.",
        ),
    ],
)
def test_messages_name_the_options_as_the_caller_does(
    request_: PactRequest, flags: str, fields: str
) -> None:
    base = psephos.load("2019")
    with pytest.raises(DataFormatError, match=re.escape(flags)):
        run_pact(base, ["Lab", "LD"], request_)
    with pytest.raises(DataFormatError, match=re.escape(fields)):
        run_pact(base, ["Lab", "LD"], request_, names=PACT_FIELDS)


def _summary(n_draws: int, before: float, after: float, p_before: float, p_after: float) -> dict:
    """A pact's headline figures as :meth:`psephos.pacts.PactRun.summary` gives them."""
    return {
        "n_stand_downs": 12,
        "n_draws": n_draws,
        "bloc_seats_before": before,
        "bloc_seats_after": after,
        "bloc_gain": after - before,
        "majority": 326,
        "p_bloc_majority_before": p_before,
        "p_bloc_majority_after": p_after,
    }


@pytest.mark.parametrize(
    ("had", "words"),
    [
        ((1.0, 1.0), "a bloc majority before and after the pact"),
        ((0.0, 1.0), "no bloc majority before, a bloc majority after the pact"),
        ((1.0, 0.0), "a bloc majority before, none after the pact"),
        ((0.0, 0.0), "no bloc majority before or after the pact"),
    ],
)
def test_pact_sentence_of_one_result_counts_seats_and_says_the_majority(
    had: tuple[float, float], words: str
) -> None:
    """One result: seats are counts and the majority had or not, in words."""
    summary = _summary(1, 320.0, 327.0, *had)
    assert pact_sentence(summary) == (
        f"12 stand-downs; bloc seats 320 -> 327 (+7); {words} (326 seats needed)."
    )


def test_pact_sentence_over_draws_gives_expected_seats_and_a_counted_chance() -> None:
    """Over draws: expected seats, and the chance of a majority in words, where none or every
    draw is said as such (0 of 20 draws, not "effectively zero")."""
    assert pact_sentence(_summary(20, 300.25, 310.5, 0.0, 1.0)) == (
        "12 stand-downs; expected bloc seats 300.2 -> 310.5 (+10.2) over 20 draws; chance of "
        "a bloc majority of 326: 0 of 20 draws before, all 20 draws after the pact."
    )
    assert pact_sentence(_summary(1000, 300.0, 299.0, 0.0004, 0.38)).endswith(
        "(-1.0) over 1,000 draws; chance of a bloc majority of 326: about 1 in 2,500 before, "
        "38% after the pact."
    )


def test_pact_sentence_reads_the_run_summary() -> None:
    """The sentence reads what :func:`run_pact` answers (the summary the JSON carries)."""
    run = run_pact(psephos.load("2019"), ["Lab", "LD"], PactRequest(sims=20, seed=1))
    said = pact_sentence(run.summary())
    assert said.startswith(f"{len(run.stand_downs)} stand-downs; expected bloc seats ")
    assert "over 20 draws; chance of a bloc majority of 326: " in said


def test_a_pact_on_a_count_with_a_seat_won_by_lot_says_so() -> None:
    """The bloc's majority before the pact rests on seat C, a tie psephos counts for Lab: the
    run's notes carry the tie as ``psephos results`` words it."""
    from psephos.model import Constituency, Election
    from psephos.results import close_calls

    seats = [
        Constituency(f"E{i:02d}", name, "England", "London", 1000, "t")
        for i, name in enumerate("ABC")
    ]
    tied = Election.from_votes(
        "tie", seats, ("Lab", "Con", "LD"), [[100, 90, 5], [90, 100, 5], [100, 100, 5]]
    )
    run = run_pact(tied, ["Lab", "LD"])
    assert close_calls(tied) != [] and set(close_calls(tied)) <= set(run.notes)


def test_sims_expect_the_seats_psephos_forecast_expects_on_the_same_poll() -> None:
    """``sims`` draw with ``psephos forecast``'s calibrated error model, so the pact's seats
    without it are the forecast's to within a few seats (the seat layer is drawn per party as
    shares, the forecast's as one Gumbel error per seat): with the generic "normal" model
    Reform had 318 expected seats to the forecast's 293."""
    from psephos.forecast import forecast

    base = psephos.load("2024")
    poll = "Reform 29 Lab 21 Con 17 LD 14 Green 12"
    run = run_pact(base, ["Con", "Reform"], PactRequest(poll=poll, sims=400, seed=2))
    assert run.projection is not None
    expected = forecast(
        run.election,
        np.asarray(run.projection.shares),
        error_model=poll_error_model(),
        n_sims=4000,
        seed=2,
        n_threads=1,
    ).expected_seats
    before = run.result.seats_before
    for party in ("Reform", "Lab", "Con", "LD"):
        assert abs(before[party] - expected[party]) < 10, party


def test_seat_figures_over_draws_are_whole_draws_without_float_noise() -> None:
    """Expected seats are counts of draws over the draws: no figure is a float's noise (the
    optimiser's table showed ``0.000`` for Labour's nothing beside ``2.9``), every one is a
    whole number of draws."""
    base = psephos.load("2019-notional-2024")
    request = PactRequest(
        poll="Lab 30 Con 26 Reform 18 LD 12", sims=300, seed=1, optimise=True, max_per_party="20"
    )
    result = run_pact(base, ["Lab", "LD"], request).result
    for row in result.seat_rows():
        for key in ("seats_given_up", "net_where_others_stood_aside", "seats_before", "change"):
            draws = row[key] * result.n_draws  # at ten significant digits, as files write
            assert abs(draws - round(draws)) < 1e-3, (row["party"], key, row[key])
            assert row[key] == float(f"{row[key]:.10g}"), (row["party"], key, row[key])


def test_default_pact_names_the_seat_it_hands_outside_the_bloc() -> None:
    """At the default rates Labour, Liberal Democrat and Green voters help the Conservatives
    more than the SNP (docs/methodology/transfers.md), so the default progressive-alliance pact
    on this poll hands one SNP seat to the Conservatives: a note names it, beside the +43."""
    run = run_pact(
        psephos.load("2024"),
        ["progressive alliance"],
        PactRequest(poll="Reform 29 Lab 21 Con 17 LD 14 Green 12"),
    )
    assert run.summary()["bloc_gain"] > 0
    lost = [note for note in run.notes if note.startswith("The stand-downs cost the bloc")]
    assert len(lost) == 1
    assert (
        "1 seat it wins without them: Berwickshire, Roxburgh and Selkirk (SNP to Con)" in (lost[0])
    )


def test_after_a_pact_the_outcome_lines_say_who_could_govern() -> None:
    """On one result the headline ends with what the House after the pact means for who
    governs, in ``project``'s sentences (:func:`psephos.government.outcome_lines`) led by
    "After the pact, ": Reform UK falls from a majority to 302, 24 short (each seat's winner
    its winning candidate, two Independents apart). Over draws, where
    seats are expectations, there is no such House and no such line."""
    from psephos.government import outcome_lines

    base = psephos.load("2024")
    request = PactRequest(poll="Reform 29 Lab 21 Con 17 LD 14 Green 12", optimise=True)
    run = run_pact(base, ["progressive alliance"], request)
    house = run.result.house_after()
    assert house is not None and house.seats_won()["Reform"] == 302
    assert house.seats_won() == {
        party: round(n) for party, n in run.result.seats_after.items() if round(n)
    }
    lines = run.headline()
    assert lines[-2:] == run.outcome() == outcome_lines(house, after="the pact")
    assert (
        lines[-2] == "After the pact, hung parliament: no party has the 326 seats a majority needs."
    )
    assert lines[-1].startswith("Reform UK, with 302 seats: 24 short of a majority (326)")
    drawn = run_pact(base, ["Lab", "LD"], PactRequest(sims=20, seed=1))
    assert drawn.result.house_after() is None and drawn.outcome() == []
    assert len(drawn.headline()) == 1


def test_a_transfer_rate_for_a_party_that_never_stands_aside_is_noted() -> None:
    """A ``--transfer`` rate from a party outside the bloc, or from a bloc party that stands
    aside in no seat of the stand-downs given, can change nothing: a note says so, as the
    command says of stand-downs that change nothing. A rate that is used gets no such note."""
    base = psephos.load("2024")
    request = PactRequest(
        stand_downs=("Green:Waveney Valley",),
        transfers=("Con>Lab=0.5", "Con>LD=0.1", "LD>Lab=0.4", "Green>Lab=0.5"),
    )
    run = run_pact(base, ["Lab", "LD", "Green"], request)
    idle = [note for note in run.notes if " nothing: " in note]
    assert idle == [
        "The transfer rates Con>Lab, Con>LD change nothing: Con is not in the bloc, so it "
        "stands aside nowhere.",
        "The transfer rate LD>Lab changes nothing: LD stands aside in no seat of this pact.",
    ]
    # the optimiser weighs a bloc party's rates even where it leaves the party standing
    optimised = run_pact(
        base,
        ["Lab", "LD"],
        PactRequest(transfers=("LD>Lab=0.0", "Reform>Con=0.5"), optimise=True, max_total=1),
    )
    assert [note for note in optimised.notes if " nothing: " in note] == [
        "The transfer rate Reform>Con changes nothing: Reform is not in the bloc, so it stands "
        "aside nowhere."
    ]
