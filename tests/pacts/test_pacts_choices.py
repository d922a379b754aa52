"""How a pact's choices are read and checked (:mod:`psephos.pacts.choices`)."""

from __future__ import annotations

import numpy as np
import pytest

import psephos
from psephos.errors import DataFormatError
from psephos.pacts.choices import (
    OBJECTIVES,
    check_objective,
    check_optimiser_options,
    nation_mask,
    nation_names,
)


def test_the_majority_objective_needs_draws_named_as_the_caller_names_them() -> None:
    with pytest.raises(DataFormatError, match=r"^--objective majority needs --draws or --sims\.$"):
        check_objective("majority", None)
    with pytest.raises(DataFormatError, match=r"^objective majority needs sims\.$"):
        check_objective("majority", None, name="objective", draws_names="sims")
    for objective in OBJECTIVES:
        check_objective(objective, np.zeros((2, 1, 1)))  # with draws every objective is fine
    check_objective("seats", None)  # expected seats need no draws


def test_an_unknown_objective_names_the_choices() -> None:
    with pytest.raises(DataFormatError, match="Unknown objective 'majorty'; choose seats or "):
        check_objective("majorty", None, name="objective")


def test_stand_downs_and_the_optimiser_exclude_each_other() -> None:
    """Stand-downs given with the optimiser are refused (it chooses them itself), optimiser
    options without it are refused, each named as the caller names them."""
    with pytest.raises(
        DataFormatError,
        match=r"^The optimiser chooses the stand-downs itself; leave out --stand-down and "
        r"--stand-down-file, or --optimise\.$",
    ):
        check_optimiser_options(
            [], optimised=True, stand_downs=["--stand-down", "--stand-down-file"]
        )
    with pytest.raises(DataFormatError, match=r"leave out stand_down, or optimise\.$"):
        check_optimiser_options([], optimised=True, stand_downs=["stand_down"], optimise="optimise")
    with pytest.raises(DataFormatError, match=r"^--max-total only applies with --optimise"):
        check_optimiser_options(["--max-total"], stand_downs=["--stand-down"])
    check_optimiser_options(["--max-total"], optimised=True)  # the optimiser's own options
    check_optimiser_options([], stand_downs=["--stand-down"])  # stand-downs, simulated


def test_nations_are_read_in_any_case_as_party_and_seat_names_are() -> None:
    """``--nation england`` was refused ("Unknown nation 'england' ... Did you mean 'England',
    'Northern Ireland'?") where ``green:central devon`` and ``labour`` are read."""
    election_2019 = psephos.load("2019")
    assert nation_names(election_2019, ["england", "WALES", "England"]) == ["England", "Wales"]
    mask = nation_mask(election_2019, ["england"])
    assert mask is not None and mask.tolist() == (election_2019.nations == "England").tolist()
    assert nation_mask(election_2019, []) is None
    with pytest.raises(DataFormatError, match=r"^Unknown nation 'Englnd'; .* 'England'\?$"):
        nation_mask(election_2019, ["Englnd"])


def test_a_stand_down_file_headed_as_a_results_sheet_reads_its_seats() -> None:
    """A file headed "Party,Constituency" was refused for lacking a seat column, where the
    results reader reads "Constituency" as the seat; the stand-down file reads it too."""
    from psephos.pacts.choices import checked_stand_down_file

    base = psephos.load("2017")
    for header in ("Party,Constituency", "Party name,ONS code", "party,seat_name"):
        seat = "W07000057" if "code" in header.lower() else "Arfon"
        chosen = checked_stand_down_file(
            base, (f"{header}\nLD,{seat}\n", "s.csv"), ["LD", "Green", "PC"]
        )
        assert [(item.party, item.seat) for item in chosen] == [("LD", seat)]


def test_a_stand_down_given_on_several_rows_is_read_once_with_a_note() -> None:
    """ "LD,Arfon" twice and "ld,W07000057" (Arfon's code) were one stand-down without a word;
    a note names the rows, however they spell the party and the seat."""
    from psephos.errors import InputWarning
    from psephos.pacts.choices import checked_stand_down_file

    text = "party,seat\nLD,Arfon\nLD,Arfon\nld,W07000057\nPC,Ceredigion\n"
    with pytest.warns(InputWarning) as caught:
        checked_stand_down_file(psephos.load("2017"), (text, "s.csv"), ["LD", "Green", "PC"])
    assert [str(w.message) for w in caught] == [
        "The stand-down file 's.csv' gives 1 stand-down on more than one row: LD in Arfon "
        "(rows 2, 3, 4); each is read once."
    ]
