"""``psephos exitpoll`` and :func:`exit_poll_from_results`."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import psephos
from cli_helpers import command_json, command_result
from psephos.cli import app
from psephos.errors import DataFormatError, UnknownConstituencyError
from psephos.forecast.exitpoll import (
    chosen_exit_poll_settings,
    emulate,
    exit_poll,
    exit_poll_from_results,
)
from psephos.io.rows import file_named
from psephos.io.user_csv import SAMPLE_WHAT
from psephos.jurisdictions import read_results_csv

#: Files of bundled seat codes without a region column read their regions from the bundled
#: seats, with a note (io/user_csv.py _places_note, tested in tests/io/test_user_csv_checks.py).
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*regions are read from the bundled seats:psephos.errors.InputWarning"
)

runner = CliRunner()


def _write_sample(path: Path, election: psephos.Election, rows: np.ndarray) -> Path:
    lines = ["seat_code,seat_name,party,votes"]
    for i in rows:
        for j, party in enumerate(election.parties):
            if election.votes[i, j] > 0:
                name = election.constituencies[i].name.replace('"', "")
                lines.append(f'{election.codes[i]},"{name}",{party},{int(election.votes[i, j])}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_2019(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    target = psephos.load("2019")
    gb = np.flatnonzero(target.nations != "Northern Ireland")
    rows = np.sort(np.random.default_rng(7).choice(gb, 100, replace=False))
    return _write_sample(tmp_path_factory.mktemp("exit") / "s.csv", target, rows), rows


def test_results_file_gives_the_same_estimate_as_shares(sample_2019) -> None:
    path, rows = sample_2019
    base, target = psephos.load("2017"), psephos.load("2019")
    from_file = exit_poll_from_results(base, read_results_csv(path), standing=target.votes > 0)
    direct = exit_poll(
        base, [target.codes[i] for i in rows], target.shares()[rows], standing=target.votes > 0
    )
    assert np.allclose(from_file.win_probability, direct.win_probability)
    seats = from_file.expected_seats
    assert abs(seats["Con"] - 365) < 25 and abs(seats["Lab"] - 202) < 25


def test_sample_errors(tmp_path: Path) -> None:
    base = psephos.load("2017")
    wrong = read_results_csv(
        _write_sample(tmp_path / "w.csv", psephos.load("2024"), np.array([0, 1]))
    )
    with pytest.raises(UnknownConstituencyError):
        exit_poll_from_results(base, wrong)
    empty = tmp_path / "e.csv"
    empty.write_text(
        "seat_code,seat_name,party,votes\nE14000530,Aldershot,Con,0\n", encoding="utf-8"
    )
    with pytest.raises(DataFormatError, match="no votes"):
        exit_poll_from_results(base, read_results_csv(empty))
    one = tmp_path / "one.csv"
    one.write_text(
        "seat_code,seat_name,party,votes\nE14000530,Aldershot,Con,100\n", encoding="utf-8"
    )
    with pytest.raises(DataFormatError, match="has 1 seat; it needs at least 2"):
        exit_poll_from_results(base, read_results_csv(one))


def test_a_sample_needs_two_seats_in_great_britain(tmp_path: Path) -> None:
    """Northern Ireland's sampled seats move Northern Ireland only: a sample of two Belfast
    seats, or one of them and one English seat, measured no change in Great Britain (it kept
    its base result, Con 370 of 372, or swung every seat as Clacton did, Reform 487) and is
    refused, in the command's words and the library's."""
    base, result = psephos.load("2019-notional-2024"), psephos.load("2024")
    ulster = [i for i, nation in enumerate(result.nations) if nation == "Northern Ireland"][:2]
    for rows, in_gb in ((ulster, 0), ([ulster[0], result.seat_index("Clacton")], 1)):
        path = _write_sample(tmp_path / f"s{in_gb}.csv", result, np.array(rows))
        with pytest.raises(DataFormatError, match=f"has {in_gb} seats? in Great Britain"):
            exit_poll_from_results(base, read_results_csv(path))
        args = ["exitpoll", "estimate", str(path), "--from", base.id]
        refused = runner.invoke(app, args)
        assert refused.exit_code != 0
        assert f"has {in_gb} seat" in refused.stderr and "Northern Ireland" in refused.stderr


def test_cli_estimate_json_and_seats(sample_2019) -> None:
    path, _rows = sample_2019
    args = ["exitpoll", "estimate", str(path), "--from", "2017", "--standing-from", "2019"]
    payload = command_json(*args)
    assert payload["sampled_seats"] == 100
    con = next(row for row in payload["rows"] if row["party"] == "Con")
    assert con["base_seats"] == 317 and con["expected_seats"] > 330
    listed = command_json(*args, "--seats")["rows"]
    assert len(listed) == 650
    sampled = [row for row in listed if row["sampled"]]
    assert len(sampled) == 100
    # the chosen estimator predicts sampled seats (measured, not certain) ...
    assert any(row["probability"] < 1.0 for row in sampled)
    assert sum(row["favourite"] == row["base_winner"] for row in sampled) > 50
    # ... the linear one counts them as certain
    linear = command_json(*args, "--seats", "--estimator", "linear")
    assert all(row["probability"] == 1.0 for row in linear["rows"] if row["sampled"])


def test_cli_estimate_shows_the_interval_in_every_format(sample_2019) -> None:
    path, _rows = sample_2019
    args = ["exitpoll", "estimate", str(path), "--from", "2017", "--standing-from", "2019"]
    payload = command_json(*args)
    rows = {row["party"]: row for row in payload["rows"]}
    assert payload["interval"] == 0.9
    for party, row in rows.items():
        low, high = payload["intervals"].get(party, (0, 0))
        assert (row["low"], row["high"]) == (low, high)
        if row["expected_seats"] >= 0.5:
            assert low <= row["expected_seats"] <= high
    csv = runner.invoke(app, [*args, "-f", "csv"]).stdout.splitlines()
    assert csv[0].startswith("party,party_label,projected,expected_seats,low,high,")
    con = rows["Con"]
    assert any(
        line.startswith(
            f"Con,Con,{con['projected']},{con['expected_seats']},{con['low']},{con['high']},"
        )
        for line in csv
    )
    table = runner.invoke(app, args)
    said = " ".join(table.stdout.split())
    assert table.exit_code == 0 and "low: the bottom of the party's 90% interval of seats" in said
    listed = command_json(*args, "--seats")
    assert listed["intervals"] == payload["intervals"]  # every seat's list carries them too


def test_cli_estimate_gives_no_range_from_too_few_seats(tmp_path: Path) -> None:
    """From 3 sampled seats the error the sample shares cannot be measured: the expected
    seats alone, with a note saying why and how many seats a range needs (before, a range
    narrower than the 12-seat sample's, with no word); from 4 a range."""
    result = psephos.load("2024")
    gb = np.flatnonzero(result.gb_mask)
    args = ["exitpoll", "estimate", "--from", "2019-notional-2024", "-f", "json"]
    few = runner.invoke(app, [*args, str(_write_sample(tmp_path / "s3.csv", result, gb[:3]))])
    assert few.exit_code == 0, few.output
    note = (
        "No seat ranges from 3 sampled seats: a range measures how far another sample would "
        "move the seats by refitting on halves of the sample, which needs at least 4 sampled "
        "seats; the expected seats are given alone."
    )
    assert f"note: {note}" in few.stderr
    payload = json.loads(few.stdout)
    assert payload["intervals"] is None and note in payload["notes"]
    assert payload["rows"] and all("low" not in row for row in payload["rows"])
    csv = runner.invoke(app, [*args[:-1], "csv", str(tmp_path / "s3.csv")]).stdout
    assert csv.startswith("party,party_label,projected,expected_seats,favourite_seats,")
    enough = command_json(*args[:-2], str(_write_sample(tmp_path / "s4.csv", result, gb[:4])))
    assert enough["intervals"]["Lab"][0] < enough["intervals"]["Lab"][1]


def test_cli_estimate_names_its_favourite_columns_and_says_what_they_count(sample_2019) -> None:
    """The party table's seat counts have names that say what they count, and the line under
    the table says it in words: seats a party is the favourite in (as --seats lists each
    seat's favourite), and those it leads with a 90% chance or more."""
    path, _rows = sample_2019
    args = ["exitpoll", "estimate", str(path), "--from", "2017", "--standing-from", "2019"]
    rows = command_json(*args)["rows"]
    seats = command_json(*args, "--seats")["rows"]
    for row in rows:
        mine = [seat["probability"] for seat in seats if seat["favourite"] == row["party"]]
        assert row["favourite_seats"] == len(mine)
        # --seats rounds each chance to 3 places: a seat at 0.8996 shows as 0.9
        assert sum(p > 0.9005 for p in mine) <= row["favourite_90pct_seats"]
        assert row["favourite_90pct_seats"] <= sum(p >= 0.8995 for p in mine)
    table = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    said = " ".join(table.stdout.split())
    from psephos.columns import legend  # the legend's own words (psephos.columns)

    for line in legend(["favourite_seats", "favourite_90pct_seats"], "exitpoll"):
        assert line in said
    assert "favourite_90pct_seats: those of them where that chance is 90% or more" in said


def test_cli_emulate_reports_the_real_exit_poll() -> None:
    payload = command_json("exitpoll", "emulate", "2019", "--k", "60", "--draws", "3")
    assert payload["real_exit_poll_error"] == 5.75
    assert payload["n_draws"] == 3 and 0 < payload["mean_error"] < 15
    assert {row["party"] for row in payload["rows"]} == {"Con", "Lab", "LD", "SNP"}
    # the broadcasters' own figures beside
    assert {row["party"]: row["real_exit_poll"] for row in payload["rows"]}["Con"] == 368
    # the estimator the rule chose for 2019 by name, with its settings, not the option "chosen"
    chosen = chosen_exit_poll_settings("2019")
    assert payload["estimator"] == chosen.estimator == "linear"
    assert payload["estimator_chosen_by_rule"] is True
    assert payload["estimator_settings"] == json.loads(json.dumps(asdict(chosen.linear)))
    assert payload["estimator_settings"]["local_k"] == 5
    assert payload["interval_scale"] == chosen.interval_scale
    assert "in_90_interval" not in payload["rows"][0]


def test_cli_emulate_names_an_estimator_asked_for_as_not_chosen_by_the_rule() -> None:
    payload = command_json(
        "exitpoll", "emulate", "2019", "--k", "60", "--draws", "2", "--estimator", "pooled"
    )
    assert payload["estimator"] == "pooled" and payload["estimator_chosen_by_rule"] is False
    assert payload["estimator_settings"]["slope_strength"] == 3.0


def test_cli_emulate_checks_the_intervals_when_asked() -> None:
    args = ["exitpoll", "emulate", "2019", "--k", "60", "--draws", "2"]
    checked = command_json(*args, "--coverage")
    plain = command_json(*args)
    assert checked["mean_error"] == plain["mean_error"]  # the scores do not move
    result = emulate("2019", 60, n_draws=2, seed=12, interval_scales=(1.0,))
    inside = {row["party"]: row["in_90_interval"] for row in checked["rows"]}
    assert inside == result.coverage(1.0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["exitpoll", "emulate", "2010"], "has no earlier bundled election on its boundaries"),
        (["exitpoll", "emulate", "2019", "--k", "1"], "use a value from 2 to 632"),
        (
            ["exitpoll", "emulate", "2019", "--estimator", "linear", "--features", "x"],
            "feature set",
        ),
        (["exitpoll", "emulate", "2019", "--estimator", "x"], "Unknown estimator"),
        (
            ["exitpoll", "emulate", "2019", "--estimator", "pooledd"],
            "Unknown estimator 'pooledd'; known: chosen, pooled, linear. Did you mean 'pooled'?",
        ),
        (["exitpoll", "estimate", "/no/such.csv"], "does not exist"),
    ],
)
def test_cli_errors_are_one_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_who_stands_is_read_the_same_way_as_for_a_projection(sample_2019, tmp_path) -> None:
    """`exitpoll estimate` and `nowcast feed` take this time's candidates like `project`: a CSV
    of nominations (what a user has on a live night) or a bundled election's lists, and the
    two give the same answer; the older `--standing-from` still works."""
    from psephos.projection import bundled_candidates

    path, _rows = sample_2019
    nominations = tmp_path / "nominations.csv"
    lines = ["seat_code,party,candidate"]
    for code, pairs in bundled_candidates("2019").items():
        lines += [f'{code},{party},"{name}"' for name, party in pairs]
    nominations.write_text("\n".join(lines) + "\n", encoding="utf-8")
    common = ["exitpoll", "estimate", str(path), "--from", "2017"]
    answers = [
        command_json(*common, *extra)["rows"]
        for extra in (
            ["--candidates", str(nominations)],
            ["--candidates-from", "2019"],
            ["--standing-from", "2019"],
        )
    ]
    assert answers[0] == answers[1] == answers[2]
    other = runner.invoke(app, [*common, "-f", "json", "--candidates-from", "2024"])
    assert other.exit_code == 2 and "other boundaries" in other.output
    store = tmp_path / "night.sqlite"
    feed_args = ["nowcast", "feed", str(path), "--base", "2017", "--candidates", str(nominations)]
    feed = runner.invoke(app, [*feed_args, "--store", str(store), "--quiet", "-f", "json"])
    assert feed.exit_code == 0, feed.output


def test_a_night_on_a_base_defaults_to_the_next_elections_nominations() -> None:
    """Without candidate lists, a nowcast or exit poll on a base whose next election is
    bundled uses that election's nominations (public before its polling day), as the replays
    do; on the latest result there is nothing to use and the base's field stands."""
    from psephos.forecast import Nowcast
    from psephos.projection.candidates import next_nominations

    for base_id, result_id in (("2019-notional-2024", "2024"), ("2017", "2019")):
        base, result = psephos.load(base_id), psephos.load(result_id)
        mask = next_nominations(base)
        assert mask is not None
        assert (mask == (result.votes > 0)).all(), base_id
        nowcast = Nowcast(base)
        try:
            assert (nowcast.frame.standing == mask).all()
        finally:
            nowcast.close()
    assert next_nominations(psephos.load("2024")) is None


def test_estimate_takes_the_tactical_sites_picks(tmp_path: Path) -> None:
    """`exitpoll estimate --recommendations` gives the live night's estimator the sites' picks
    (a bundled set or a CSV a user has), as `project` takes them; the two give one answer.
    Left out, the picks bundled for the election after the base are used (none after 2024)."""
    from psephos.projection.national import site_recommendations

    target, base = psephos.load("2024"), psephos.load("2019-notional-2024")
    gb = np.flatnonzero(target.gb_mask)
    rows = np.sort(np.random.default_rng(11).choice(gb, 100, replace=False))
    path = _write_sample(tmp_path / "s.csv", target, rows)
    common = ["exitpoll", "estimate", str(path), "--from", base.id]

    def expected(extra: list[str]) -> dict[str, float]:
        return command_json(*common, *extra)["expected_seats"]

    plain = expected(["--recommendations", "none"])
    bundled = expected(["--recommendations", "sites-2024"])
    assert bundled != plain
    # by default the picks bundled for the election after the base, as its nominations
    assert expected([]) == bundled
    assert command_json(*common[:3], "--from", "2024")["recommendations"] is None
    picks = site_recommendations(base, "2024")
    assert picks is not None
    parties = base.parties
    # one site's picks: every seat's most recommended party, as a user's own file would hold
    top = {i: int(np.argmax(picks[i])) for i in np.flatnonzero(picks.sum(axis=1) > 0)}
    own = tmp_path / "picks.csv"
    own.write_text(
        "seat,party\n" + "".join(f"{base.codes[i]},{parties[j]}\n" for i, j in top.items()),
        encoding="utf-8",
    )
    from_file = expected(["--recommendations", str(own)])
    assert from_file != plain
    pooled = runner.invoke(
        app, [*common, "-f", "json", "--recommendations", "sites-2024", "--estimator", "pooled"]
    )
    assert pooled.exit_code == 0 and "does not use the sites' picks" in pooled.stderr
    bad = runner.invoke(app, [*common, "-f", "json", "--recommendations", "sites-2010"])
    assert bad.exit_code == 2 and "No bundled tactical-voting sites" in bad.output


def test_estimate_counts_unknown_parties_as_other_when_asked(
    tmp_path: Path, sample_2019: tuple[Path, np.ndarray]
) -> None:
    """A real results file names minor parties psephos does not know: the error says how to
    count them as Other, and `--unknown-parties other` does, as `results` reads such files,
    saying which labels it counted so with the note ``psephos nowcast feed`` prints
    (:func:`psephos.io.rows.counted_as_other_note`; it said nothing)."""
    path, _ = sample_2019
    lines = path.read_text(encoding="utf-8").splitlines()
    code, name = lines[1].split(",")[0], lines[1].split(",")[1]
    lines.append(f"{code},{name},Party of Women,321")
    own = tmp_path / "with-minor.csv"
    own.write_text("\n".join(lines) + "\n", encoding="utf-8")
    common = ["exitpoll", "estimate", str(own), "--from", "2017"]
    refused = runner.invoke(app, [*common, "-f", "json"])
    assert refused.exit_code == 2 and "--unknown-parties other" in refused.output
    counted = runner.invoke(app, [*common, "--unknown-parties", "other", "-f", "json"])
    assert counted.exit_code == 0, counted.output
    note = (
        "exit-poll sample 'with-minor.csv': counted as Other, as parties psephos does not "
        "know: Party of Women."
    )
    assert f"note: {note}" in counted.stderr
    assert json.loads(counted.stdout)["sampled_seats"] == 100
    assert note in json.loads(counted.stdout)["notes"]


def test_a_sample_that_fits_better_than_its_measurement_keeps_some_spread(tmp_path: Path) -> None:
    """Whole-seat results read as an exit poll's sample fit better than the 2-point
    measurement error the estimator allows for; the seats decided by a handful of votes must
    still be uncertain (the deconvolution keeps DECONVOLUTION_FLOOR of the spread)."""
    target = psephos.load("2024")
    rng = np.random.default_rng(5)
    rows = np.sort(rng.choice(np.flatnonzero(target.gb_mask), 100, False))
    # each party's votes off by up to 5%: a sample that fits within 2 points
    noisy = target.with_votes(target.votes * rng.uniform(0.95, 1.05, target.votes.shape))
    path = _write_sample(tmp_path / "s.csv", noisy, rows)
    answer = command_json("exitpoll", "estimate", str(path), "--from", "2024", "--seats")
    seats = {row["name"]: row for row in answer["rows"]}
    # without the floor every seat came out certain (650 of 650), Poole (a Labour majority
    # of 18 votes) included
    assert sum(row["probability"] >= 1.0 for row in seats.values()) < 650
    assert not seats["Poole"]["sampled"] and seats["Poole"]["probability"] < 0.9


def test_a_party_missing_from_some_sampled_seats_gets_a_note(tmp_path: Path) -> None:
    """A desk's sample that leaves a party out of some seats' rows (it stands there): read as
    0% there, and the command says so, naming the seats; a sample with every row has no note."""
    result = psephos.load("2024")
    gb = [i for i in range(result.n_seats) if result.nations[i] != "Northern Ireland"][:20]
    path = _write_sample(tmp_path / "whole.csv", result, np.array(gb))
    args = ["exitpoll", "estimate", "--from", "2019-notional-2024", "-f", "json"]
    whole = runner.invoke(app, [*args, str(path)])
    assert whole.exit_code == 0, whole.output
    # no note but the one saying how Northern Ireland, modelled apart, was estimated
    [apart] = json.loads(whole.stdout)["notes"]
    assert apart.startswith("Northern Ireland's 18 seats are not estimated")
    assert [line for line in whole.stderr.splitlines() if line.startswith("note:")] == [
        f"note: {apart}"
    ]
    green = result.parties.index("Green")
    dropped = [i for i in gb if result.votes[i, green] > 0][:2]
    names = [result.constituencies[i].name for i in dropped]
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [
        line
        for line in lines
        if not (line.endswith(tuple(f",Green,{int(result.votes[i, green])}" for i in dropped)))
    ]
    assert len(kept) == len(lines) - 2
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    partial = runner.invoke(app, [*args, str(path)])
    assert partial.exit_code == 0, partial.output
    assert (
        f"note: Green stands in {', '.join(names)} but the sample has no votes for it there: "
        "read as 0%, as if it did not stand." in partial.stderr
    )
    # the JSON carries the notes printed, word for word
    printed = [line.removeprefix("note: ") for line in partial.stderr.splitlines()]
    assert json.loads(partial.stdout)["notes"] == printed


def test_a_party_missing_from_every_sampled_seat_gets_a_note_of_its_own(tmp_path: Path) -> None:
    """A party left out of every sampled seat it stands in (Reform from a whole GB sample;
    SDLP and TUV from Lagan Valley) is named, its change unmeasured; before, it vanished with
    no word while a party missing from only some seats was named."""
    result = psephos.load("2024")
    gb = np.flatnonzero(result.gb_mask)[:5]
    lagan = result.seat_index("Lagan Valley")
    path = _write_sample(tmp_path / "sample.csv", result, np.array([*gb, lagan]))
    dropped = (",Reform,", ",SDLP,", ",TUV,")
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not any(party in line for party in dropped)]
    assert len(kept) == len(lines) - 7  # Reform in the 5 GB seats, SDLP and TUV in Lagan Valley
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    answer = runner.invoke(
        app, ["exitpoll", "estimate", str(path), "--from", "2019-notional-2024", "-f", "json"]
    )
    assert answer.exit_code == 0, answer.output
    names = ", ".join(result.constituencies[i].name for i in gb[:3])
    unmeasured = (
        "but the sample has no votes for it in any sampled seat: read as 0% in all of them, as "
        "if it did not stand, so its change is not measured and elsewhere it keeps about its "
        "base share; give its votes where it stood."
    )
    notes = json.loads(answer.stdout)["notes"]
    assert notes[:3] == [
        f"Reform stands in {names} and 2 more {unmeasured}",
        f"SDLP stands in Lagan Valley {unmeasured}",
        f"TUV stands in Lagan Valley {unmeasured}",
    ]
    assert len(notes) == 4 and notes[3].startswith("Northern Ireland's 18 seats move only")
    assert all(f"note: {note}" in answer.stderr for note in notes)


def _write_shares(
    path: Path, election: psephos.Election, rows: np.ndarray, *, column: str, scale: float
) -> Path:
    """A broadcaster's desk's sample: each seat's shares (``scale`` 100: percentages, 1:
    fractions), rounded as a desk rounds them, seats by name only."""
    lines = [f"seat_name,party,{column}"]
    shares = election.shares()
    for i in rows:
        for j, party in enumerate(election.parties):
            if election.votes[i, j] > 0:
                name = election.constituencies[i].name.replace('"', "")
                lines.append(f'"{name}",{party},{round(shares[i, j] * scale, 6)}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("column", "scale"), [("share", 100.0), ("share", 1.0), ("share_pct", 100.0)]
)
def test_a_sample_of_shares_by_seat_name_gives_the_estimate_of_its_votes(
    sample_2019, tmp_path: Path, column: str, scale: float
) -> None:
    """A desk has each sampled seat's estimated shares (47.1 or 0.471), not votes, and may name
    its seats without codes: both were refused ("votes: not a whole number", no seat_code). The
    shares read through the exit poll's own reader give the estimate the votes give, with a
    note saying how they were read."""
    path, rows = sample_2019
    shares = _write_shares(
        tmp_path / "shares.csv", psephos.load("2019"), rows, column=column, scale=scale
    )
    args = ["exitpoll", "estimate", "--from", "2017", "--estimator", "pooled"]
    of_votes, from_votes = command_result(*args, str(path))
    of_shares, from_shares = command_result(*args, str(shares))
    votes_seats = of_votes["expected_seats"]
    shares_seats = of_shares["expected_seats"]
    assert votes_seats.keys() == shares_seats.keys()
    assert all(abs(votes_seats[p] - shares_seats[p]) < 0.05 for p in votes_seats)
    read = "fractions" if scale == 1.0 else "percentages"
    note = f"gives shares ({column}), not votes: read as {read} of each seat"
    assert note in from_shares.stderr and "gives shares" not in from_votes.stderr


def test_a_sample_file_s_messages_name_it_as_an_exit_poll_sample(tmp_path: Path) -> None:
    """The sample's refusals and notes call it what the user gave, through the one
    file-naming rule (``exit-poll sample 'x.csv'``), not a "results file"."""
    bad = tmp_path / "x.csv"
    bad.write_text("seat_code,seat_name,party,votes\nE14001186,Croydon East,Lab,lots\n")
    result = runner.invoke(app, ["exitpoll", "estimate", str(bad), "--from", "2019-notional-2024"])
    assert result.exit_code == 2, result.output
    assert f"{file_named(SAMPLE_WHAT, 'x.csv')} row 2" in result.stderr
    assert "results file" not in result.stderr


def test_cli_estimate_table_signs_each_change_as_project_does(sample_2019) -> None:
    """A party's change on the base reads +17.2 or -37.6 in the table, as project's and
    results' changes do, never a bare 17.2 beside -37.6."""
    from psephos.numbers import format_number

    path, _rows = sample_2019
    args = ["exitpoll", "estimate", str(path), "--from", "2017", "--standing-from", "2019"]
    rows = command_json(*args)["rows"]
    table = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    gains = [row for row in rows if row["change"] >= 0.05]
    assert gains
    for row in gains:
        (cells,) = [line for line in lines if line.startswith(f"│ {row['party']} ")]
        assert cells.rstrip(" │").endswith(format_number(row["change"], "+.1f"))


def test_cli_estimate_names_each_party_as_the_night_after_its_base_does(sample_2019) -> None:
    """A poll of the 2024 night from the notional 2019 result names Reform "Reform UK" (not
    the base's "Brexit Party"; psephos.model.night_label), in
    ``party_label`` beside the code, as the web exit-poll page does; the table shows the
    label in the code's place."""
    path, _rows = sample_2019
    args = ["exitpoll", "estimate", str(path), "--standing-from", "2019"]
    target = psephos.load("2024")
    gb = np.flatnonzero(target.nations != "Northern Ireland")[:100]
    sample = _write_sample(path.parent / "s2024.csv", target, gb)
    night = [*args[:2], str(sample), "--from", "2019-notional-2024"]
    rows = command_json(*night)["rows"]
    assert {row["party_label"] for row in rows if row["party"] == "Reform"} == {"Reform UK"}
    seats = command_json(*night, "--seats")["rows"]
    assert {row["favourite_label"] for row in seats if row["favourite"] == "Reform"} <= {
        "Reform UK"
    }
    assert {row["base_winner_label"] for row in seats if row["base_winner"] == "Reform"} <= {
        "Brexit Party"
    }
    table = runner.invoke(app, night, terminal_width=200)
    assert "Reform UK" in table.stdout and "party_label" not in table.stdout


def test_cli_estimate_says_how_northern_ireland_was_estimated_as_the_web_page_does(
    tmp_path: Path,
) -> None:
    """Northern Ireland is modelled apart: the command says how its seats were estimated (its
    parties' ranges have no width), in the exit-poll page's words, where before it printed
    DUP "8, 8-8" with no word; one sentence, not "each and goes"."""
    result = psephos.load("2024")
    gb = np.flatnonzero(result.gb_mask)
    ireland = np.flatnonzero(~result.gb_mask)[:3]
    args = ["exitpoll", "estimate", "--from", "2019-notional-2024", "-f", "json"]
    none_there = runner.invoke(
        app, [*args, str(_write_sample(tmp_path / "g.csv", result, gb[:20]))]
    )
    assert none_there.exit_code == 0, none_there.output
    note = (
        "Northern Ireland's 18 seats are not estimated: none is in the sample, so each keeps its "
        "shares from the UK general election 2019, notional result on the 2024 boundaries, and "
        "goes to the party ahead, for certain (their parties' ranges have no width)."
    )
    assert f"note: {note}" in none_there.stderr
    assert note in json.loads(none_there.stdout)["notes"]
    rows = np.concatenate([gb[:20], ireland])
    sampled = command_json(*args[:-2], str(_write_sample(tmp_path / "n.csv", result, rows)))
    [moved] = [n for n in sampled["notes"] if n.startswith("Northern Ireland's 18 seats")]
    assert moved.startswith(
        "Northern Ireland's 18 seats move only with the 3 seats sampled there (their mean "
        "change, shrunk towards none), not with the rest of the sample; each goes to the party "
        "ahead, for certain"
    ), moved
