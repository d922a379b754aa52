"""Each party's seat errors over the exit-poll emulation's draws (``exitpoll emulate --chart``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from psephos.cli import app
from psephos.errors import PsephosError
from psephos.forecast.charts import exit_poll_error_chart, exit_poll_error_figure
from psephos.forecast.exitpoll import REAL_EXIT_POLL, EmulationResult, emulate

runner = CliRunner()


@pytest.fixture(scope="module")
def emulated() -> EmulationResult:
    return emulate("2017", 80, n_draws=4, seed=3)


def test_each_draws_errors_are_kept_and_agree_with_the_summary(emulated: EmulationResult) -> None:
    errors = np.array([emulated.seat_errors[p] for p in emulated.scored_parties])
    assert errors.shape == (len(emulated.scored_parties), emulated.n_draws)
    for party, row in zip(emulated.scored_parties, errors, strict=True):
        bias = emulated.mean_expected[party] - emulated.actual[party]
        assert row.mean() == pytest.approx(bias, abs=0.05)  # mean_expected is rounded to 0.1
    assert np.abs(errors).mean(axis=0).mean() == pytest.approx(emulated.mean_error)


def test_the_figure_shows_every_draw_the_mean_and_the_real_exit_poll(
    emulated: EmulationResult,
) -> None:
    figure = exit_poll_error_figure(emulated)
    axis = figure.axes[0]
    parties = emulated.scored_parties
    by_gid = {artist.get_gid(): artist for artist in [*axis.collections, *axis.lines]}
    for party in parties:
        dots = by_gid[f"draws-{party}"].get_offsets()
        assert np.allclose(np.asarray(dots)[:, 1], emulated.seat_errors[party])
    means = by_gid["mean"].get_ydata()
    assert np.allclose(means, [np.mean(emulated.seat_errors[p]) for p in parties])
    real = [seg[0][1] for seg in by_gid["real-exit-poll"].get_segments()]
    assert real == [REAL_EXIT_POLL["2017"][p] - emulated.actual[p] for p in parties]
    assert len(axis.patches) == len(parties)  # one box each
    assert [t.get_text() for t in axis.get_xticklabels()] == list(parties)


def test_the_chart_file_by_extension(emulated: EmulationResult, tmp_path: Path) -> None:
    written = exit_poll_error_chart(emulated, tmp_path / "errors.svg")
    assert "<svg" in written.read_text(encoding="utf-8")
    with pytest.raises(PsephosError, match="must end in"):
        exit_poll_error_chart(emulated, tmp_path / "errors.html")


def test_emulate_chart_through_the_cli(tmp_path: Path) -> None:
    chart = tmp_path / "errors.png"
    args = ["exitpoll", "emulate", "2019", "--k", "60", "--draws", "2"]
    result = runner.invoke(app, [*args, "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    assert chart.read_bytes()[:4] == b"\x89PNG"
    bad = runner.invoke(app, [*args, "--chart", str(tmp_path / "errors.txt")])
    assert bad.exit_code == 2 and "must end in" in bad.stderr
