"""psephos's own tables read back (a page's plan, swaps and pairs posted for download): the one
reader, :func:`psephos.io.own_tables.read_own_table`, and its row schema."""

from __future__ import annotations

import pytest

from psephos.errors import DataFormatError
from psephos.io.own_tables import read_own_table
from psephos.tactical.swaps import PAIR_COLUMNS, PERSONAL_PAIR_COLUMNS, ROW_COLUMNS
from psephos.targeting.allocate import ASSIGNMENT_COLUMNS, PERSONAL_COLUMNS

PLAN = (
    "volunteer_id,seat_code,seat_name,hours,distance_km,reason,name\n"
    "v1,E14001063,Aldershot,3,4.2,closest marginal,Ann Smith \n"
    "\n"
    "v2,E14001064,Aldridge-Tamworth,2,,,\n"
)


def test_a_plan_reads_back_with_the_columns_its_header_has() -> None:
    rows = read_own_table(PLAN, ASSIGNMENT_COLUMNS, optional=PERSONAL_COLUMNS, what="plan")
    assert [row["volunteer_id"] for row in rows] == ["v1", "v2"]  # the blank line skipped
    assert set(rows[0]) == {*ASSIGNMENT_COLUMNS, "name"}  # no latitude: not in the header
    assert rows[0]["name"] == "Ann Smith "  # a cell as written
    assert rows[1]["reason"] == ""


@pytest.mark.parametrize(
    "header",
    [
        "seat_code,volunteer_id,seat_name,hours,distance_km,reason",  # out of order
        "volunteer_id,seat_code,seat_name,hours,distance_km,reason,password",  # not its own
        "volunteer_id,seat_code,seat_name,hours,distance_km,reason,name,name",  # twice
        "a,b",
        "",
    ],
)
def test_a_header_that_is_not_the_table_s_is_refused(header: str) -> None:
    with pytest.raises(DataFormatError, match=r"^Not a plan: its header must be volunteer_id"):
        read_own_table(
            f"{header}\n1,2\n", ASSIGNMENT_COLUMNS, optional=PERSONAL_COLUMNS, what="plan"
        )


def test_a_row_longer_than_its_header_is_refused_naming_it() -> None:
    text = ",".join(ROW_COLUMNS) + "\n" + ",".join(["x"] * len(ROW_COLUMNS)) + ",extra\n"
    with pytest.raises(DataFormatError, match=r"^table of swaps row 2: .*13 fields"):
        read_own_table(text, ROW_COLUMNS, what="table of swaps")


def test_the_swaps_table_takes_no_other_column() -> None:
    text = ",".join((*ROW_COLUMNS, "name")) + "\n"
    with pytest.raises(DataFormatError, match="Not a table of swaps"):
        read_own_table(text, ROW_COLUMNS, what="table of swaps")
    header = ",".join((*PAIR_COLUMNS, *PERSONAL_PAIR_COLUMNS[:2]))
    assert (
        read_own_table(header + "\n", PAIR_COLUMNS, optional=PERSONAL_PAIR_COLUMNS, what="pairs")
        == []
    )
