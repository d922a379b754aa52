"""Schema checks on the bundled tables, and reproducibility of the build from the raw files."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from psephos.io.bundled import table
from psephos.io.tables import read_columns
from psephos.model import PARTY_CODES

SCHEMAS = {
    "elections": {"election", "name", "date", "boundary_set"},
    "results": {
        "election",
        "code",
        "name",
        "nation",
        "region",
        "electorate",
        "valid_votes",
        "invalid_votes",
        "boundary_set",
        "declared_at",
    },
    "candidates": {"election", "code", "candidate", "party", "party_name", "votes"},
    "geography": {
        "boundary_set",
        "code",
        "latitude",
        "longitude",
        "inside_latitude",
        "inside_longitude",
        "hex_q",
        "hex_r",
    },
    "boundary_overlap": {
        "old_code",
        "new_code",
        "overlap_population",
        "share_of_old_population",
        "share_of_old_area",
        "share_of_new_population",
    },
    "demographics": {
        "boundary_set",
        "code",
        "leave",
        "age_18_24",
        "age_65_plus",
        "degree",
        "white_british",
        "owner_occupied",
        "social_rented",
        "students",
        "retired",
    },
}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_table_columns(name: str) -> None:
    assert set(table(name).columns) == SCHEMAS[name]


def test_values_are_sane() -> None:
    candidates = table("candidates")
    assert (candidates["votes"] >= 0).all()
    assert set(candidates["party"]) <= set(PARTY_CODES)
    geography = table("geography")
    assert geography.groupby("boundary_set")["code"].nunique().to_dict() == {
        "2010": 650,
        "2024": 650,
    }
    assert geography["latitude"].between(49.5, 61).all()
    assert geography["longitude"].between(-8.5, 2).all()
    assert not geography.duplicated(["boundary_set", "hex_q", "hex_r"]).any()
    overlap = table("boundary_overlap")
    shares = overlap.groupby("new_code")["share_of_new_population"].sum()
    assert shares.round(6).eq(1).all() and len(shares) == 650
    demographics = table("demographics")
    assert demographics["leave"].between(0.15, 0.8).all()
    assert demographics.groupby("boundary_set")["code"].nunique().to_dict() == {
        "2010": 650,
        "2024": 650,
    }
    gb = demographics[~demographics["code"].str.startswith("N")]
    assert gb["age_18_24"].between(0.02, 0.45).all()


def test_provenance_is_shipped() -> None:
    text = resources.files("psephos.data").joinpath("PROVENANCE.md").read_text(encoding="utf-8")
    assert "Open Parliament Licence" in text and "Open Government Licence" in text


def test_build_script_reproduces_bundled_tables(shared_data: Path, tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_dataset.py"
    spec = importlib.util.spec_from_file_location("build_dataset", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--shared", str(shared_data), "--out", str(tmp_path)]) == 0
    for name in SCHEMAS:
        rebuilt = pd.DataFrame(read_columns(tmp_path / f"{name}.npz"))
        pd.testing.assert_frame_equal(rebuilt, table(name), check_like=False)
