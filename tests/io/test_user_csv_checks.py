"""A results file's rows checked whole: real counts of any size, one party (however written)
once a seat, a row pasted twice, seats known by their codes, electorates (io/user_csv.py)."""

from __future__ import annotations

import warnings
from pathlib import Path

from psephos.jurisdictions import read_results_csv


def write(tmp_path: Path, text: str, name: str = "results.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_indian_seats_real_count_is_read(tmp_path: Path) -> None:
    """2024 Lok Sabha: Dhubri's winner had 1,471,885 votes, Indore's 1,226,751."""
    text = (
        "seat_code,seat_name,party,votes,candidate,electorate\n"
        '26,Indore,BJP,"1,226,751",Shankar Lalwani,"2,535,000"\n'
        "26,Indore,BSP,51659,Lakshman Solanki,2535000\n"
        "2,Dhubri,INC,1471885,Rakibul Hussain,2660827\n"
        "2,Dhubri,AIUDF,459409,Mohammed Badruddin Ajmal,2660827\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # read as an election of its own country, with a note
        election = read_results_csv(write(tmp_path, text))
    assert election.result("Dhubri").votes["INC"] == 1471885
    assert election.result("Indore").winner == "BJP"
