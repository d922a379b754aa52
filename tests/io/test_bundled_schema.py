"""Schema checks on the bundled tables, and reproducibility of the build from the raw files."""

from __future__ import annotations

import ast
import importlib.util
from importlib import resources
from pathlib import Path
from types import ModuleType

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


def build_script() -> ModuleType:
    """``scripts/build_dataset.py`` as a module."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_dataset.py"
    spec = importlib.util.spec_from_file_location("build_dataset", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_script_reproduces_bundled_tables(
    shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = build_script()
    assert module.main(["--shared", str(shared_data), "--out", str(tmp_path)]) == 0
    for name in SCHEMAS:
        rebuilt = pd.DataFrame(read_columns(tmp_path / f"{name}.npz"))
        pd.testing.assert_frame_equal(rebuilt, table(name), check_like=False)
    # Every name the build repaired is listed, as repaired, in PROVENANCE.md.
    repaired = [
        line.rsplit(" -> ", 1)[1]
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("repaired ")
    ]
    provenance = resources.files("psephos.data").joinpath("PROVENANCE.md").read_text("utf-8")
    assert repaired
    for name in repaired:
        assert f"`{ast.literal_eval(name)}`" in provenance


@pytest.mark.parametrize(
    ("name", "wrong_decoding"),
    [("Áine Groogan", "latin-1"), ("Isla O’Reilly", "cp1252"), ("Thérèse Coffey", "cp1252")],
)
def test_repair_mojibake_undoes_double_encoding(name: str, wrong_decoding: str) -> None:
    mojibake = name.encode("utf-8").decode(wrong_decoding)
    assert mojibake != name
    assert build_script().repair_mojibake(mojibake) == name


@pytest.mark.parametrize("name", ["Siân Berry", "Ynys Môn", "Âge", "Gearóid Ó Heára", "Ãx"])
def test_repair_mojibake_keeps_real_text(name: str) -> None:
    assert build_script().repair_mojibake(name) == name


def test_bundled_text_has_no_mojibake() -> None:
    repair = build_script().repair_mojibake
    data = resources.files("psephos.data")
    for path in sorted(p.name for p in data.iterdir() if p.name.endswith(".npz")):
        for column, values in read_columns(data.joinpath(path)).items():
            if values.dtype.kind in "UO":
                broken = {v for v in set(values.tolist()) if isinstance(v, str) and repair(v) != v}
                assert not broken, f"{path} {column}: {sorted(broken)}"


@pytest.mark.parametrize(
    ("name", "normalised"),
    [("Isla  O’Reilly", "Isla O’Reilly"), ("Cumbria First ", "Cumbria First"), ("A\u00a0B", "A B")],
)
def test_normalise_whitespace_makes_spaces_single(name: str, normalised: str) -> None:
    assert build_script().normalise_whitespace(name) == normalised
    assert build_script().repair_name(name) == normalised


def test_bundled_text_is_single_spaced() -> None:
    """No bundled name, of any table or country, holds doubled, leading or trailing spaces."""
    normalise = build_script().normalise_whitespace
    data = resources.files("psephos.data")
    for path in sorted(p.name for p in data.iterdir() if p.name.endswith(".npz")):
        for column, values in read_columns(data.joinpath(path)).items():
            if values.dtype.kind in "UO":
                spaced = {
                    v for v in set(values.tolist()) if isinstance(v, str) and normalise(v) != v
                }
                assert not spaced, f"{path} {column}: {sorted(spaced)[:10]}"
