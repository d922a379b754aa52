"""Tactical-voting sites' recommendations as a projection input (the national model's term)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import psephos
from cli_helpers import command_json
from psephos.cli import app
from psephos.errors import DataFormatError, InvalidSharesError
from psephos.model import Election
from psephos.projection import project
from psephos.projection.national import (
    read_recommendations,
    recommendation_matrix,
    site_recommendations,
)

runner = CliRunner()
POLL = "Con 24.4 Lab 34.7 LD 12.5 SNP 2.5 PC 0.7 Green 6.9 Reform 14.7 Other 3.6"


@pytest.fixture(scope="module")
def notional() -> Election:
    return psephos.load("2019-notional-2024")


def test_a_users_file_gives_each_seat_the_share_of_sites(
    tmp_path: Path, notional: Election
) -> None:
    first, second = notional.constituencies[0], notional.constituencies[1]
    path = tmp_path / "picks.csv"
    path.write_text(
        "seat,party,site\n"
        f"{first.code},Labour,A\n"
        f'"{first.name}",Lib Dem,B\n'
        f"{second.code},LD,A\n"
        f"{second.code},LD,B\n",
        encoding="utf-8",
    )
    matrix = read_recommendations(notional, str(path))
    expected = np.zeros(notional.votes.shape)
    expected[0, notional.party_index("Lab")] = 0.5
    expected[0, notional.party_index("LD")] = 0.5
    expected[1, notional.party_index("LD")] = 1.0
    np.testing.assert_array_equal(matrix, expected)


@pytest.mark.filterwarnings(  # the poll's Others 3.6 shared out: its note
    "ignore:The parties the poll does not name share its Others:psephos.errors.ShareWarning"
)
def test_the_bundled_sites_through_the_command_line(notional: Election) -> None:
    sites = site_recommendations(notional, "2024")
    assert sites is not None and sites.sum() > 400
    with_sites = project(notional, POLL, model="national", recommended=sites)
    without = project(notional, POLL, model="national")
    assert with_sites.seats() != without.seats()  # the term is fitted non-zero for 2024
    args = ["project", "--from", notional.id, "--poll", POLL, "--recommendations", "sites-2024"]
    seats = {party: n for party, n in command_json(*args)["seats"].items() if n}
    assert seats == {party: n for party, n in with_sites.seats().items() if n}


def test_recommendation_errors_are_one_line(tmp_path: Path, notional: Election) -> None:
    bad_seat = tmp_path / "seat.csv"
    bad_seat.write_text("seat,party\nHampstead and Kilbrun,Lab\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="No constituency 'Hampstead and Kilbrun'"):
        read_recommendations(notional, str(bad_seat))
    no_party = tmp_path / "party.csv"
    no_party.write_text("seat,party\nE14001290,\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="row 2: party: missing"):
        read_recommendations(notional, str(no_party))
    with pytest.raises(DataFormatError, match="bundled: sites-2019, sites-2024"):
        read_recommendations(notional, "sites-2099")
    with pytest.raises(InvalidSharesError, match="need the national model"):
        project(notional, POLL, model="uniform", recommended=recommendation_matrix(notional, [], 1))
    result = runner.invoke(app, ["project", "--poll", POLL, "--recommendations", "nope.csv"])
    assert result.exit_code == 2 and "No recommendations 'nope.csv'" in result.output
