"""The results-night nowcast on a Canadian base: the same seat model with the features Canada
has (no Leave estimate, no party coded ``Con``), provinces as regions, replayed in an assumed
east-to-west order and fed from a user's declarations file."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cli_helpers import command_json
from psephos import jurisdictions
from psephos.cli import app
from psephos.errors import PsephosError, UnsupportedCountryError
from psephos.forecast.nowcast import (
    CHECKPOINTS,
    LIVE_SETTINGS,
    Nowcast,
    assumed_declaration_order,
    declaration_order,
    model_features,
    replay,
    replay_order,
    seat_frame,
    votes_of,
)
from psephos.forecast.pooling import NEEDS_CON, NEEDS_LEAVE, SEAT_FEATURES, feature_matrix
from psephos.jurisdictions import CANADA

runner = CliRunner()


def _group_of(region: str) -> int:
    return next(i for i, group in enumerate(CANADA.reporting_groups) if region in group)


def test_the_assumed_order_follows_the_time_zones_and_its_seed() -> None:
    election = jurisdictions.load("canada-2021")
    order = assumed_declaration_order("canada-2021", seed=0)
    assert sorted(order) == sorted(election.codes)  # all 338 ridings, once each
    regions = dict(zip(election.codes, election.regions, strict=True))
    groups = [_group_of(str(regions[code])) for code in order]
    assert groups == sorted(groups)  # east to west: no riding before an eastern group's
    assert regions[order[0]] == "Newfoundland and Labrador"
    assert str(regions[order[-1]]) in CANADA.reporting_groups[-1]
    assert assumed_declaration_order("canada-2021", seed=0) == order  # same seed, same order
    other = assumed_declaration_order("canada-2021", seed=1)
    assert other != order and [_group_of(str(regions[c])) for c in other] == groups
    assert replay_order("canada-2021") == order
    assert replay_order("2017") == declaration_order("2017")  # a UK night keeps its times
    with pytest.raises(UnsupportedCountryError, match="bundled declaration order"):
        declaration_order("canada-2021")
    with pytest.raises(PsephosError, match="No assumed declaration order"):
        assumed_declaration_order("2017")


def test_the_seat_frame_leaves_out_the_features_canada_has_no_data_for() -> None:
    base = jurisdictions.load("canada-2019")
    frame = seat_frame(base)
    assert frame.leave is None and frame.con is None and not frame.outside.any()
    used = frame.usable(SEAT_FEATURES)
    assert set(used) == set(SEAT_FEATURES) - set(NEEDS_LEAVE) - set(NEEDS_CON)
    assert model_features(base, LIVE_SETTINGS) == (
        frame.usable(LIVE_SETTINGS.features),
        (*NEEDS_LEAVE, *NEEDS_CON),
    )
    with pytest.raises(PsephosError, match="no data for the seat feature 'leave'"):
        feature_matrix(frame, 0, ("own", "leave"), frame.con)
    uk = seat_frame(jurisdictions.load("2019"))
    assert uk.leave is not None and uk.con is not None
    assert uk.usable(SEAT_FEATURES) == SEAT_FEATURES  # the UK keeps every feature


def test_a_canadian_replay_is_scored_beside_provincial_swing() -> None:
    steps = replay("canada-2021", checkpoints=CHECKPOINTS, intervals_at=CHECKPOINTS)
    assert [step.n_declared for step in steps] == list(CHECKPOINTS)
    for step in steps:
        for value in (step.error_nowcast, step.error_baseline):
            assert math.isfinite(value) and value >= 0
        assert step.error_baseline == int(step.error_baseline)  # seats won, whole numbers
        assert sum(step.party_error_baseline) == 0  # every one of the 338 ridings counted
        assert step.coverage is not None and step.coverage[1] > 0
        assert sum(step.projected.values()) == 338  # whole seats that add up to the House
    # the replay declares the assumed order: a different seed scores another night
    other = replay("canada-2021", checkpoints=(50,), seed=1)[0]
    assert other.error_baseline != steps[0].error_baseline or (
        other.projected != steps[0].projected
    )


def test_replay_command_labels_the_order_as_assumed() -> None:
    report = command_json("nowcast", "replay", "canada-2021")
    assert report["declaration_order"].startswith("assumed, not recorded")
    assert "Newfoundland and Labrador" in report["declaration_order"]
    assert report["timed_declarations"] == 0
    assert "leave" not in report["settings"]["features"]
    assert report["settings"]["features_without_data"] == [*NEEDS_LEAVE, *NEEDS_CON]
    assert "northern_ireland_sd" not in report["settings"]
    assert {row["declared"] for row in report["rows"]} >= set(CHECKPOINTS)
    assert all("error_nowcast_gb" not in row for row in report["rows"])  # no block apart
    table = runner.invoke(app, ["nowcast", "replay", "canada-2021", "--every", "200"])
    assert table.exit_code == 0 and "Declaration order: assumed" in table.stdout
    help_text = runner.invoke(app, ["nowcast", "replay", "--help"]).stdout
    assert "ASSUMED order" in help_text and "--seed" in help_text


def test_a_canadian_declarations_file_is_fed(tmp_path: Path) -> None:
    from psephos.results.night import TOO_EARLY_SEATS  # fewer: no projection shown

    target = jurisdictions.load("canada-2021")
    lines = []
    for index in range(TOO_EARLY_SEATS):  # each riding's candidates, as declared
        candidates = target.candidates[index] if target.candidates else ()
        assert candidates
        people = [{"name": c.name, "party": c.party, "votes": c.votes} for c in candidates]
        lines.append(json.dumps({"seat": target.codes[index], "candidates": people}))
    path = tmp_path / "night.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path / "night.sqlite"
    args = ["nowcast", "feed", str(path), "--from", "canada-2019", "--store", str(store)]
    report = command_json(*args)
    assert report["base"] == "canada-2019" and report["n_declared"] == TOO_EARLY_SEATS
    assert sum(row["projected"] for row in report["rows"]) == 338
    parties = {row["party"] for row in report["rows"]}
    assert {"LPC", "CPC"} <= parties
    # the same declarations through the library give the same projection
    nowcast = Nowcast(jurisdictions.load("canada-2019"))
    for index in range(TOO_EARLY_SEATS):
        nowcast.declare(target.codes[index], votes_of(target, index))
    projected = nowcast.projection().whole_seats()
    for row in report["rows"]:
        assert row["projected"] == projected[row["party"]]
    nowcast.close()
    assert command_json("nowcast", "show", "--store", str(store))["rows"] == report["rows"]
    assert np.isfinite([row["projected"] for row in report["rows"]]).all()
