"""Statements the docs make in prose hold for today's code.

``test_docs_examples.py`` runs every documented command and checks the figures beside them; this
file checks a few statements of running text that no command line carries (a list of commands,
the party vocabulary, a seat count, a correction, a quoted output line), each against the code
that decides it, so a change there fails here until the sentence is brought up to date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

import psephos
from cli_helpers import command_result
from psephos import jurisdictions
from psephos.cli import app
from psephos.errors import ShareWarning

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def prose(name: str) -> str:
    """A doc's running text: fenced blocks left out, line breaks and indents as single spaces."""
    text = (ROOT / name).read_text("utf-8")
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"\s+", " ", text)


def stated(pattern: str, name: str) -> re.Match[str]:
    found = re.search(pattern, prose(name))
    assert found, f"{name} no longer says {pattern!r}: update this test with the sentence"
    return found


def _commands(command: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for name, sub in getattr(command, "commands", {}).items():
        yield f"{prefix}{name}", sub
        yield from _commands(sub, f"{prefix}{name} ")


def test_readme_names_every_command_that_takes_a_poll() -> None:
    listed = stated(r"Every command with `--poll` \(([^)]*)\)", "README.md").group(1)
    taking = {
        name
        for name, command in _commands(get_command(app))
        if any("--poll" in getattr(param, "opts", ()) for param in command.params)
    }
    assert set(re.findall(r"`([\w -]+)`", listed)) == taking


def test_readme_party_vocabulary_is_the_uk_entry_s() -> None:
    listed = stated(r"One party vocabulary runs across years: `([^`]*)`", "README.md").group(1)
    assert tuple(code.strip() for code in listed.split(",")) == jurisdictions.UK.party_codes


def test_readme_speaker_seat_counts() -> None:
    """The README: "as the official totals count it (2019: Con 365, Lab 202, Speaker 1)"."""
    found = stated(r"official totals count it \((\d{4}): ([^)]*)\)", "README.md")
    seats = psephos.load(found.group(1)).seats_won()
    for party, count in re.findall(r"(\w+) (\d+)", found.group(2)):
        assert seats[party] == int(count), f"{found.group(1)}: {party} won {seats[party]}"


def test_readme_dataset_size() -> None:
    stated_mb = float(stated(r"NumPy `\.npz` tables, about ([\d.]+) MB", "README.md").group(1))
    size = sum(path.stat().st_size for path in (ROOT / "src/psephos/data").glob("*.npz"))
    assert round(size / 1e6, 1) == stated_mb


@pytest.mark.parametrize("name", ["README.md", "docs/architecture.md"])
def test_bundled_elections_listed_beside_load(name: str) -> None:
    """The comment beside ``psephos.load("2017")`` lists every bundled election."""
    lines = (ROOT / name).read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if 'psephos.load("2017")' in line)
    comment = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.strip().startswith("#"):
            break
        comment.append(line)
    named = set(re.findall(r'"([^"]+)"', "\n".join(comment)))
    assert named == set(jurisdictions.available_elections())


def test_targeting_top_of_the_list_gains() -> None:
    """docs/targeting.md: "8 of the top 10 and 15 of the top 30 were Labour gains in 2017"."""
    from psephos.targeting.targets import target_list

    found = stated(
        r"(\d+) of the top (\d+) and (\d+) of the top (\d+) were Labour gains in 2017",
        "docs/targeting.md",
    )
    targets = target_list(psephos.load("2015"), "Lab", "Con")
    result = psephos.load("2017")
    won = [
        result.parties[result.winner[result.seat_index(seat.code)]] == "Lab"
        for seat in targets.seats
    ]
    numbers = [int(number) for number in found.groups()]
    for gains, top in zip(numbers[::2], numbers[1::2], strict=True):
        assert sum(won[:top]) == gains, f"Labour won {sum(won[:top])} of the top {top}"


def test_targeting_ranking_comparison_rows() -> None:
    """docs/methodology/targeting.md §1.4: the default row and the plain baseline, Labour's
    share deficit (``--rank majority``, :meth:`TargetList.by_margin`), count the 2017 Labour
    gains in the top 10/20/30/50 that the code's lists give, and Croydon Central's rank on
    each is as the page says."""
    from psephos.targeting.targets import target_list

    page = (ROOT / "docs/methodology/targeting.md").read_text("utf-8")

    def row(label: str) -> list[int]:
        line = next(line for line in page.splitlines() if line.startswith(f"| {label}"))
        return [int(cell.strip(" *")) for cell in line.strip("|").split("|")[1:]]

    targets = target_list(psephos.load("2015"), "Lab", "Con")
    result = psephos.load("2017")

    def gains(ordered: Any) -> list[int]:
        won = [
            result.parties[result.winner[result.seat_index(seat.code)]] == "Lab"
            for seat in ordered.seats
        ]
        return [sum(won[:top]) for top in (10, 20, 30, 50)]

    deficit = targets.by_margin()
    assert all(seat.margin_pct < 0 for seat in deficit.seats)  # Labour behind in every seat
    assert row("sensitivity, analytic (default)") == gains(targets)
    assert row("Labour's share deficit to its strongest opponent") == gains(deficit)
    ordinal = {1: "st", 2: "nd", 3: "rd"}
    rank = deficit.rank_of("Croydon Central")
    assert rank is not None
    stated(
        rf"puts Croydon Central \*\*{rank}{ordinal.get(rank, 'th')}\*\*",
        "docs/methodology/targeting.md",
    )
    stated(
        rf"{rank}{ordinal.get(rank, 'th')} on Labour's deficit\)", "docs/methodology/targeting.md"
    )


def test_forecast_poll_adjustment_today() -> None:
    """docs/forecast.md: "(from the latest result, every one of them: Con +0.6, Lab -0.8
    points", as `--adjust-polls` corrects a poll swung from the latest result."""
    from psephos.projection.polls import poll_bias

    found = stated(
        r"every one of them: Con ([+-][\d.]+), Lab ([+-][\d.]+) points;", "docs/forecast.md"
    )
    correction = poll_bias().correction
    assert f"{correction['Con']:+.1f}" == found.group(1)
    assert f"{correction['Lab']:+.1f}" == found.group(2)


@pytest.mark.parametrize("name", ["docs/cli.md", "docs/targeting.md"])
def test_find_line_quoted_as_target_prints_it(name: str) -> None:
    quoted = stated(r"`(Hampstead and Highgate: not on Lab's target list[^`]*)`", name).group(1)
    result = runner.invoke(app, ["target", "--pair", "Lab,Con", "--find", "Hampstead and Highgate"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == quoted


def test_swing_forms_read_as_targeting_says() -> None:
    """docs/targeting.md: the ``--swing`` forms it lists read as one swing, and the refusal it
    quotes is parse_swing's."""
    from psephos.errors import InvalidSharesError
    from psephos.targeting.sensitivity import parse_swing

    found = stated(
        r"`--swing` takes the pair forms a poll takes, each change signed: ([^(]*)\(",
        "docs/targeting.md",
    )
    forms = re.findall(r"`([^`]+)`", found.group(1))
    assert len(forms) == 3
    assert all(parse_swing(form) == {"LD": 4.0, "Con": -10.0} for form in forms)
    refusal = stated(r"is refused by name \(`(Swing item '([^']*)'[^`]*)`\)", "docs/targeting.md")
    with pytest.raises(InvalidSharesError) as error:
        parse_swing(refusal.group(2))
    assert str(error.value) == refusal.group(1)
    number_first = stated(r"as a chart prints it \(`([^`]+)`\)", "docs/targeting.md")
    assert parse_swing(number_first.group(1)) == {"LD": 4.0, "Con": -10.0}
    twice = stated(
        r"as a poll refuses it \(`(Party '\w+' appears twice in swing '([^']*)'[^`]*)`\)",
        "docs/targeting.md",
    )
    with pytest.raises(InvalidSharesError) as error:
        parse_swing(twice.group(2))
    assert str(error.value) == twice.group(1)


def test_web_systems_row_states_the_ams_house_the_command_gives() -> None:
    """docs/web.md's /systems row: AMS on 2019's votes gives "1,149 seats, 575 for a
    majority", as ``psephos systems 2019 --system ams`` does (it said 1,147 and 574)."""
    from cli_helpers import command_json

    found = stated(r"([\d,]+) seats, ([\d,]+) for a majority, on (\d{4})'s votes", "docs/web.md")
    (system,) = command_json("systems", found.group(3), "--system", "ams")["systems"]
    assert (system["seats"], system["majority_line"]) == tuple(
        int(number.replace(",", "")) for number in found.group(1, 2)
    )


def test_web_number_rule_quotes_2024_s_share_changes_as_written() -> None:
    """docs/web.md's number rule quotes 2024's share changes as the national table writes
    them (``psephos results 2024`` and ``/elections/2024``: :func:`psephos.numbers
    .format_column` at ``+.2f``); it quoted ``-0.0123`` and ``+1.6`` where both write
    ``-0.01`` and ``+1.62``."""
    from psephos.numbers import format_column
    from psephos.results import national_table

    found = stated(
        r"2024's share changes show the Speaker's `([^`]+)` \(too small for two places\) "
        r"beside Alliance's `([^`]+)` and Labour's `([^`]+)`",
        "docs/web.md",
    )
    rows = national_table(psephos.load("2024"), psephos.load("2019-notional-2024"))
    written = dict(
        zip(
            [row["party"] for row in rows],
            format_column([row["share_change_pct"] for row in rows], "+.2f"),
            strict=True,
        )
    )
    assert (written["Speaker"], written["Alliance"], written["Lab"]) == found.groups()


def pages_table_keys(text: str) -> list[str]:
    """The page each row of a doc's "## Pages" table describes: the first code span of its
    first cell, without its query (``/seats/{code}?election=`` is ``/seats/{code}``)."""
    section = re.split(r"^## Pages\n", text, maxsplit=1, flags=re.M)[1].split("\n## ", 1)[0]
    keys = []
    for line in section.splitlines():
        first = line.split(" | ", 1)[0]
        if line.startswith("| ") and (span := re.search(r"`([^`]+)`", first)):
            keys.append(span.group(1).split("?", 1)[0])
    return keys


def test_the_pages_table_finder_reads_each_row_s_page() -> None:
    text = (
        "## Pages\n\n| page | JSON twin | library functions |\n|---|---|---|\n"
        "| `/seats/{code}?election=` a seat | `/api/seats` | `x` |\n"
        "| `POST /api/poll-average` (JSON only) | | `y` |\n"
        "| `/seats/{code}` again | `/api/seats` | `x` |\n\n## Next\n\n| `/other` | |\n"
    )
    assert pages_table_keys(text) == ["/seats/{code}", "POST /api/poll-average", "/seats/{code}"]


def test_web_pages_table_describes_each_page_once() -> None:
    """docs/web.md's Pages table has one row per page: copies of a row drift apart (the
    exit-poll page's twin fields were `projected` beside `expected_seats` in one copy and
    `seats` beside `projected` in another), so a page's facts are added to its one row."""
    keys = pages_table_keys((ROOT / "docs/web.md").read_text("utf-8"))
    assert len(keys) > 20
    assert sorted(key for key in set(keys) if keys.count(key) > 1) == []


def _table_after(heading: str, name: str) -> list[list[str]]:
    """The cells of the first Markdown table after the line ``heading`` in ``name``, header
    and rule left out."""
    lines = (ROOT / name).read_text("utf-8").splitlines()
    start = lines.index(heading)
    rows = []
    for line in lines[start + 1 :]:
        if rows and not line.startswith("|"):
            break
        if line.startswith("|"):
            rows.append([cell.strip().strip("*") for cell in line.strip("|").split("|")])
    return rows[2:]


def test_backtests_with_candidate_lists_are_what_the_command_prints() -> None:
    """docs/backtests.md's table "With the target's candidate lists" and the headline table
    (seats called, seat error, the margin over the references and the distance to each aim)
    are what ``psephos backtest --candidates`` gives today."""
    from psephos.projection import backtest

    results = {(r.model, r.pair): r for r in backtest(candidates=True)}
    pairs = list(dict.fromkeys(pair for _, pair in results))
    table = _table_after("**With the target's candidate lists:**", "docs/backtests.md")
    models = [re.findall(r"^`([\w-]+)`", row[0])[0] for row in table]
    assert set(models) == {model for model, _ in results}
    for model, row in zip(models, table, strict=True):
        printed = [
            f"{r.called_pct:.1f}% ({r.called}/{r.n_seats}), {r.seat_error}"
            for r in (results[model, pair] for pair in pairs)
        ]
        assert row[1:] == printed, model

    headline = _table_after("--candidates` prints them today:", "docs/backtests.md")
    short_pairs = {"2015->2017": pairs[1], "2017->2019": pairs[2], "2019n->2024": pairs[3]}
    for row in headline:
        result = results["adaptive-incumbency", short_pairs[row[0]]]
        assert row[3] == (
            f"{result.called_pct:.1f}% ({result.called}/{result.n_seats}), "
            f"error {result.seat_error}"
        )
        references = [int(called) for called in re.findall(r"\((\d+)\)", row[1] + row[2])]
        margin = result.called - max(references)
        assert row[4] == f"yes, by {margin} seat{'s' if margin != 1 else ''}"
        aim = float(row[5].rstrip("%"))
        short = re.search(r"\(([\d.]+) short\)", row[6])
        if short:
            assert float(short.group(1)) == round(aim - result.called_pct, 1)


def test_forecast_benchmark_contenders_as_docs_perf_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/perf/forecast.md: "every seat has three to eight contenders (8 seats three, 166
    four, ...)", as ``benchmarks/forecast_speed.py`` plans its scenario and prints it."""
    import importlib

    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    benchmark = importlib.import_module("forecast_speed")
    found = stated(
        r"Wide errors: every seat has [a-z]+ to [a-z]+ contenders \(([^)]*)\)",
        "docs/perf/forecast.md",
    )
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
    said = {words[n]: int(count) for count, n in re.findall(r"(\d+)(?: seats)? (\w+)", found[1])}
    with pytest.warns(ShareWarning):  # the poll leaves 4% unnamed, as the benchmark says
        plan = benchmark.scenario_plan()
    assert benchmark.seats_by_contenders(plan) == said


def test_forecast_calibration_table_error_sizes_are_today_s_fit() -> None:
    """docs/forecast.md's calibration table: each default row's (headline mean, regional
    shares, seat spread) regional scale, seat scale and spread k are what the code fits on the
    earlier pairs, so a change to the mean or the fit fails here until the table is re-run
    (``python benchmarks/forecast_evaluation.py --only calibration``)."""
    from psephos.forecast.calibration import calibrate_error_model, fit_seat_spread

    text = (ROOT / "docs/forecast.md").read_text("utf-8")
    rows = re.findall(
        r"^\| headline \| regions \| yes \| (\d{4}) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|",
        text,
        flags=re.M,
    )
    assert [row[0] for row in rows] == ["2017", "2019", "2024"]
    for election, regional, seat, k in rows:
        layers = calibrate_error_model(election, mean="headline", scenario="regions")
        fitted_seat, fitted_k = fit_seat_spread(election, mean="headline", scenario="regions")
        fitted = f"{layers.regional_scale:.4f} {fitted_seat:.4f} {fitted_k:.2f}"
        assert fitted == f"{regional} {seat} {k}", election


def test_readme_poll_example_names_the_unnamed_parties_seats_as_the_note_does() -> None:
    """README's worked example of a poll's unnamed parties quotes the note ``psephos project``
    prints and gives the SNP's, PC's, Ind's and Other's seats before and after as the
    projection does (it said Ind and Other up to 10 and 4, where the code gives 8 and 3)."""
    found = stated(
        r'`--poll "([^"]+)"` from (\d{4}) leaves the SNP [\d.]+% of Great Britain and (\d+) '
        r"seat of its (\d+) and Plaid Cymru (\d+) of its (\d+), and fills Ind and Other up to "
        r'(\d+) seats and (\d+) \(from (\d+) and (\d+)\): "([^"]+)"',
        "README.md",
    )
    poll, base = found.group(1, 2)
    # (base seats, projected seats) as the sentence gives them
    said = {
        party: (int(found.group(before)), int(found.group(after)))
        for party, before, after in (("SNP", 4, 3), ("PC", 6, 5), ("Ind", 9, 7), ("Other", 10, 8))
    }
    answer, result = command_result("project", "--from", base, "--poll", poll)
    rows = {row["party"]: (row["base_seats"], row["seats"]) for row in answer["rows"]}
    assert {party: rows[party] for party in said} == said
    assert answer["notes"] and found.group(11) in " ".join(result.stderr.split())


def test_web_swingometer_running_total_quotes_what_the_page_shows() -> None:
    """docs/web.md's swingometer row quotes the running total's parties without a slider and
    its "Together" as the page gives them for its poll (it said Other 1.2%, the page 1.1%),
    and the sliders and they add to 100 up to the rounding of each to one decimal."""
    from psephos.web.services import swingometer

    found = stated(
        r'"Ind ([\d.]+)% and Other ([\d.]+)%" beside "Together ([\d.]+)%" for `([^`]+)` from '
        r"(\d{4})",
        "docs/web.md",
    )
    ind, other, together = map(float, found.group(1, 2, 3))
    answer = swingometer(found.group(5), found.group(4), "national")
    assert answer["without_slider_pct"] == {"Ind": ind, "Other": other}
    assert round(sum(answer["shares_pct"].values()), 1) == together
    assert abs(ind + other + together - 100) <= 0.15
    assert f"SNP {answer['shares_pct']['SNP']:g} and Other {other:g})" in prose("docs/web.md")
