"""`psephos nowcast show` reads the base election from the store it was fed with."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from psephos.cli import app
from psephos.errors import DataFormatError
from psephos.forecast.nowcast import stored_base

runner = CliRunner()
FEED = '{"seat": "E14000530", "votes": {"Con": 20123, "Lab": 18001}}\n'


def test_show_needs_no_base_after_a_feed(tmp_path: Path) -> None:
    store = tmp_path / "night.sqlite"
    fed = runner.invoke(
        app,
        ["nowcast", "feed", "--base", "2019", "--store", str(store), "--quiet", "-f", "csv"],
        input=FEED,
    )
    assert fed.exit_code == 0, fed.output
    assert stored_base(store) == "2019"
    shown = runner.invoke(app, ["nowcast", "show", "--store", str(store), "-f", "csv"])
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[1:] == fed.output.splitlines()[1:]


def test_a_missing_or_foreign_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="No nowcast store"):
        stored_base(tmp_path / "none.sqlite")
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"not a database at all")
    with pytest.raises(DataFormatError, match="not a nowcast store"):
        stored_base(other)


def test_a_feed_with_more_votes_than_electors_is_refused(tmp_path: Path) -> None:
    """Refused naming the seat as every refusal names it, "Aldershot (E14000530)" (its code
    alone before)."""
    feed = '{"seat": "E14000530", "votes": {"Con": 20123, "Lab": 900000}}\n'
    store = tmp_path / "night.sqlite"
    fed = runner.invoke(
        app, ["nowcast", "feed", "--base", "2019", "--store", str(store), "-f", "csv"], input=feed
    )
    assert fed.exit_code != 0
    assert "Aldershot (E14000530): 920,123 valid votes is more than the electorate" in fed.output


def test_the_shown_table_says_what_its_interval_columns_are(tmp_path: Path) -> None:
    """A reader of ``nowcast show`` is told that ``low`` and ``high`` are the ends of each
    party's 90% interval of seats (:mod:`psephos.columns`); the CSV keeps plain numbers."""
    import json

    from psephos.columns import legend
    from psephos.jurisdictions import load
    from psephos.results.night import TOO_EARLY_SEATS  # fewer: no projection, no interval

    base = load("2019")
    feed = "".join(
        json.dumps({"seat": code, "votes": dict(zip(base.parties, map(float, votes), strict=True))})
        + "\n"
        for code, votes in zip(base.codes[:TOO_EARLY_SEATS], base.votes, strict=False)
    )
    store = tmp_path / "night.sqlite"
    fed = runner.invoke(
        app, ["nowcast", "feed", "--base", "2019", "--store", str(store), "--quiet"], input=feed
    )
    assert fed.exit_code == 0, fed.output
    shown = runner.invoke(app, ["nowcast", "show", "--store", str(store)], terminal_width=300)
    assert shown.exit_code == 0, shown.output
    said = " ".join(shown.output.split())
    for line in legend(["low", "high"]):
        assert line in said
    assert "90% interval of seats" in said
