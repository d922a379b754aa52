"""The bundled table format: one writer, one reader, no pickles, and the shipped tables agree with
the raw public files they were built from."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from psephos.errors import DataFormatError
from psephos.io.tables import (
    NULL_PREFIX,
    VALUES_PREFIX,
    columns,
    read_columns,
    table,
    write_table,
)


def test_a_table_round_trips_with_its_types_and_missing_values(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "code": ["E14000530", "S14000001", "W07000081"],
            "votes": np.array([12, 0, 7], dtype=np.int64),
            "small": np.array([1, 2, 3], dtype=np.int16),
            "share": [0.5, np.nan, 0.25],
            "live": [True, False, True],
            "party_name": ["Labour", None, "Plaid Cymru – The Party of Wales"],
        }
    )
    path = write_table(frame, tmp_path / "seats")
    assert path.name == "seats.npz"
    read = read_columns(path)
    assert list(read) == list(frame.columns)
    assert read["small"].dtype == np.int16 and read["votes"].dtype == np.int64
    assert read["party_name"].tolist() == ["Labour", None, "Plaid Cymru – The Party of Wales"]
    assert read["code"].dtype.kind == "U"
    assert not read["code"].flags.writeable
    pd.testing.assert_frame_equal(pd.DataFrame(read), frame.astype({"party_name": "str"}))
    assert list(read_columns(path, ["share", "code"])) == ["share", "code"]
    with np.load(path, allow_pickle=False) as archive:  # nothing needs pickle
        assert set(archive.files) == {
            *frame.columns,
            NULL_PREFIX + "party_name",
            VALUES_PREFIX + "code",
            VALUES_PREFIX + "party_name",
        }
        assert archive["code"].dtype == np.uint8  # text is stored as codes into its values
        assert archive[VALUES_PREFIX + "code"].tolist() == sorted(frame["code"])


def test_the_writer_refuses_what_the_format_cannot_hold(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="'mixed'"):
        write_table(pd.DataFrame({"mixed": ["a", 1]}), tmp_path / "bad.npz")
    with pytest.raises(DataFormatError, match="reserved"):
        write_table(pd.DataFrame({NULL_PREFIX + "x": [1]}), tmp_path / "bad.npz")
    path = write_table(pd.DataFrame({"a": [1]}), tmp_path / "ok.npz")
    with pytest.raises(DataFormatError, match="no column 'b'"):
        read_columns(path, ["b"])


def test_bundled_tables_read_as_columns_and_frames() -> None:
    results = columns("results")
    assert len(results["code"]) == 3900  # six elections of 650 seats
    frame = table("results")
    assert list(frame.columns) == list(results)
    assert frame["electorate"].dtype == np.int64


@pytest.mark.filterwarnings("ignore::psephos.errors.ShareWarning")  # the default group split
def test_a_table_handed_out_is_the_callers_to_change() -> None:
    import psephos
    from psephos.jurisdictions import UK
    from psephos.targeting import turnout_scenario

    election = psephos.load("2019")
    flips = [flip.name for flip in turnout_scenario(election, "18-24", 10).flips]
    shown = UK.table("demographics")
    shown["age_18_24"] = shown["age_18_24"] * 100  # "show it as percent"
    shown.loc[0, "leave"] = -1.0
    again = table("demographics")
    assert again["age_18_24"].max() <= 1 and again.loc[0, "leave"] != -1.0
    assert [flip.name for flip in turnout_scenario(election, "18-24", 10).flips] == flips


def test_loading_an_election_needs_neither_pandas_nor_pyarrow() -> None:
    code = (
        "import json, sys\nimport psephos\n"
        "e = psephos.load('2024'); c = psephos.load('canada-2021')\n"
        "print(json.dumps([e.n_seats, c.n_seats, sorted(sys.modules)]))"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    n_uk, n_canada, modules = json.loads(done.stdout)
    assert (n_uk, n_canada) == (650, 338)
    loaded = {name.split(".")[0] for name in modules}
    assert not loaded & {"pandas", "pyarrow"}, sorted(loaded & {"pandas", "pyarrow"})


def _raw_candidates(shared_data: Path, year: str) -> list[dict[str, str]]:
    path = shared_data / "uk" / "results" / f"HoC-GE{year}-results-by-candidate.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # 2015 and 2019 name the columns ons_id and votes; 2024 names them "ONS ID" and "Votes".
    return [
        {"code": row.get("ONS ID", row.get("ons_id")), "votes": row.get("Votes", row.get("votes"))}
        for row in rows
    ]


@pytest.mark.parametrize("year", ["2015", "2019", "2024"])
def test_bundled_candidates_match_the_raw_house_of_commons_file(
    shared_data: Path, year: str
) -> None:
    raw = _raw_candidates(shared_data, year)
    bundled = columns("candidates")
    mine = bundled["election"] == year
    assert int(mine.sum()) == len(raw)
    assert int(bundled["votes"][mine].sum()) == sum(int(row["votes"]) for row in raw)
    per_seat = {row["code"] for row in raw}
    assert set(bundled["code"][mine].tolist()) == per_seat
    # The largest single candidate vote in the file is in the same seat.
    top = max(raw, key=lambda row: int(row["votes"]))
    rows = mine & (bundled["code"] == top["code"])
    assert int(bundled["votes"][rows].max()) == int(top["votes"])
