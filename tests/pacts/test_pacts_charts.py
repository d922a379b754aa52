"""Seats before and after a pact as paired bars (``psephos pact --chart``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import psephos
from cli_helpers import command_json
from psephos.cli import app
from psephos.errors import PsephosError
from psephos.model import Election
from psephos.pacts import StandDown, best_placed_stand_downs, simulate_pact
from psephos.pacts.charts import pact_chart, pact_figure, pact_rows, stand_down_counts

runner = CliRunner()


def test_bars_are_the_seats_before_and_after(three_seats: Election) -> None:
    # LD stands aside in Beta & Gamma: Lab holds it, the bloc gains nothing there; Lab stands
    # aside in Delta: LD keeps it. The bars are the seat totals either way.
    result = simulate_pact(
        three_seats, [StandDown("LD", "E2"), StandDown("Lab", "S3")], bloc=["Lab", "LD"]
    )
    figure = pact_figure(result)
    axis = figure.axes[0]
    without, with_pact = axis.containers
    shown = [str(row["party"]) for row in pact_rows(result)]
    assert [tick.get_text() for tick in axis.get_xticklabels()] == shown
    assert [bar.get_height() for bar in without] == [result.seats_before[p] for p in shown]
    assert [bar.get_height() for bar in with_pact] == [result.seats_after[p] for p in shown]
    assert shown[:2] == ["Lab", "LD"]  # the bloc first
    assert "2 stand-downs: LD 1, Lab 1" in "".join(t.get_text() for t in axis.texts)


def test_a_real_pact_shows_who_gave_up_what(tmp_path: Path) -> None:
    base = psephos.load("2024")
    result = simulate_pact(
        base, best_placed_stand_downs(base, ["Con", "Reform"]), bloc=["Con", "Reform"]
    )
    figure = pact_figure(result, title="Unite the right")
    axis = figure.axes[0]
    without, with_pact = axis.containers
    gains = np.array([b.get_height() for b in with_pact]) - [b.get_height() for b in without]
    assert gains.sum() == pytest.approx(0)  # seats move between parties, the House stays
    assert gains[0] == result.seats_after["Con"] - result.seats_before["Con"] > 0
    assert axis.get_title() == "Unite the right"
    assert stand_down_counts(result).startswith(f"{len(result.stand_downs)} stand-downs: ")
    written = pact_chart(result, tmp_path / "pact.pdf")
    assert written.read_bytes()[:4] == b"%PDF"
    with pytest.raises(PsephosError, match="must end in"):
        pact_chart(result, tmp_path / "pact.jpeg")


def test_pact_chart_through_the_cli(tmp_path: Path) -> None:
    chart = tmp_path / "pact.png"
    args = ["pact", "2019", "--bloc", "Lab,LD", "-s", "LD:Putney", "--chart", str(chart)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert chart.read_bytes()[:4] == b"\x89PNG"
    assert "Chart written to" in result.output
    command_json(*args)  # the same command writes a JSON object with -f json


def test_a_pact_chart_names_parties_as_the_election_does() -> None:
    """A 2015 pact of the Conservatives and the Reform code is titled and counted with UKIP,
    the party's name in 2015, not the lineage's code."""
    base = psephos.load("2015")
    label = base.label("Reform")
    assert label != "Reform"
    result = simulate_pact(
        base, best_placed_stand_downs(base, ["Con", "Reform"]), bloc=["Con", "Reform"]
    )
    assert any(item.party == "Reform" for item in result.stand_downs)
    counts = stand_down_counts(result)
    assert f"{label} " in counts and "Reform" not in counts
    title = pact_figure(result).axes[0].get_title()
    assert title.endswith(f"bloc Con + {label}"), title


def test_the_parties_of_a_file_of_its_own_country_get_their_own_colours(tmp_path: Path) -> None:
    """Parties psephos does not know, of a results file read as its own country's, each get
    their colour of the one palette by column (:data:`OWN_COLOURS`), not one grey."""
    from matplotlib.colors import to_hex

    from psephos.jurisdictions import read_results_csv
    from psephos.model.party import OWN_COLOURS

    path = tmp_path / "india.csv"
    path.write_text(
        "seat_code,seat_name,party,votes\n1,Riverton,BJP,500\n1,Riverton,INC,400\n"
        "1,Riverton,BSP,300\n2,Hillside,INC,600\n2,Hillside,BJP,300\n2,Hillside,BSP,350\n",
        encoding="utf-8",
    )
    with pytest.warns(Warning, match="its own country"):
        base = read_results_csv(path)
    result = simulate_pact(base, [StandDown("BSP", "2")], bloc=["INC", "BSP"])
    axis = pact_figure(result).axes[0]
    shown = [tick.get_text() for tick in axis.get_xticklabels()]
    colours = {
        party: to_hex(bar.get_facecolor(), keep_alpha=False)
        for party, bar in zip(shown, axis.containers[1], strict=True)
    }
    assert colours == {party: to_hex(OWN_COLOURS[base.parties.index(party)]) for party in shown}
    assert colours["INC"] != colours["BJP"]
