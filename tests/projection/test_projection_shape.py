"""Seat shapes: a national poll applied to seat-level shares (a published MRP's estimates)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import psephos
from psephos.cli import app
from psephos.errors import DataFormatError, InvalidSharesError, UnknownConstituencyError
from psephos.model import Election
from psephos.projection import project
from psephos.projection.shape import load_shape, mrp_shares, shape_from_table

runner = CliRunner()
POLL = "Con 24.4 Lab 34.7 LD 12.5 SNP 2.5 PC 0.7 Green 6.9 Reform 14.7 Other 3.6"


@pytest.fixture(scope="module")
def notional() -> Election:
    return psephos.load("2019-notional-2024")


def _write_shape(path: Path, election: Election, shape: np.ndarray) -> None:
    """The shape as a user's wide CSV: seat names, percentages, NA where not estimated."""
    columns = [
        p
        for p in election.parties
        if not np.all(
            np.isnan(shape[:, election.parties.index(p)])
            | (shape[:, election.parties.index(p)] == 0)
        )
    ]
    lines = ["constituency," + ",".join(columns)]
    for row, seat in enumerate(election.constituencies):
        if np.isnan(shape[row, 0]):
            continue
        cells = [f"{100 * shape[row, election.parties.index(p)]:.6f}" for p in columns]
        lines.append(f'"{seat.name}",' + ",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.filterwarnings(  # the poll's Others 3.6 shared out: its note
    "ignore:The parties the poll does not name share its Others:psephos.errors.ShareWarning"
)
def test_a_shape_file_gives_the_same_projection_as_the_bundled_mrp(
    tmp_path: Path, notional: Election
) -> None:
    bundled = mrp_shares(notional)
    path = tmp_path / "mrp.csv"
    _write_shape(path, notional, bundled)
    from_file = load_shape(notional, path)
    np.testing.assert_allclose(from_file, bundled, atol=1e-8)
    assert np.isnan(from_file).all(axis=1).sum() == np.isnan(bundled).all(axis=1).sum() > 0
    a = project(notional, POLL, model="national", shape=from_file)
    b = project(notional, POLL, model="national", shape=load_shape(notional, "mrp-2024"))
    assert a.seats() == b.seats()
    plain = project(notional, POLL, model="national")
    assert a.seats() != plain.seats()  # the shape changes the answer
    args = ["project", "--from", notional.id, "--poll", POLL, "--shape", str(path), "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    seats = {party: n for party, n in a.seats().items() if n}
    assert {p: n for p, n in payload["seats"].items() if n} == seats
    assert payload["shape"] == str(path)


def test_shape_errors_are_one_line(tmp_path: Path, notional: Election) -> None:
    with pytest.raises(DataFormatError, match="No constituency 'Hampstead and Kilbrun'"):
        shape_from_table(notional, {"Hampstead and Kilbrun": {"Lab": 50, "Con": 20}})
    with pytest.raises(DataFormatError, match="sum to 0"):
        shape_from_table(notional, {notional.codes[0]: {"Lab": 0}})
    with pytest.raises(InvalidSharesError, match="needs the national model"):
        project(notional, POLL, model="uniform", shape=mrp_shares(notional))
    with pytest.raises(InvalidSharesError, match="seats x parties"):
        project(notional, POLL, model="national", shape=np.zeros((3, 3)))
    result = runner.invoke(app, ["project", "--poll", POLL, "--shape", "mrp-2099"])
    assert result.exit_code == 2 and "No seat shape 'mrp-2099'" in result.output


def test_seats_a_shape_leaves_out_are_named_in_a_note(tmp_path: Path, notional: Election) -> None:
    bundled = mrp_shares(notional)
    left_out = [row for row in range(notional.n_seats) if not np.isnan(bundled[row, 0])][:7]
    shape = bundled.copy()
    shape[left_out] = np.nan
    path = tmp_path / "mrp.csv"
    _write_shape(path, notional, shape)
    args = ["project", "--from", notional.id, "--poll", POLL, "--shape", str(path), "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    projected = int((~np.isnan(bundled[:, 0])).sum())
    names = [notional.constituencies[row].name for row in left_out]
    note = (
        f"The seat shape has no estimate for 7 of the {projected} seats projected "
        f"({'; '.join(names[:5])} and 2 more); they keep the base result's shape."
    )
    assert f"note: {note}" in result.stderr
    assert note in json.loads(result.stdout)["notes"]
    full = runner.invoke(app, [*args[:-2], "--shape", "mrp-2024", "-f", "json"])
    assert "seat shape" not in full.stderr  # every projected seat estimated: nothing to say


def test_a_shape_on_other_boundaries_is_refused() -> None:
    on_2024 = psephos.load("2024")
    with pytest.raises(DataFormatError, match="drawn on the UK's 2024 seats"):
        mrp_shares(psephos.load("2019"))  # a few Scottish codes recur: still refused
    table = {code: {"Lab": 40.0, "Con": 30.0} for code in on_2024.codes[:40]}
    with pytest.raises(UnknownConstituencyError, match="are for other boundaries"):
        shape_from_table(psephos.load("2019"), table)


def test_a_party_the_shape_estimates_stands_where_it_did_not_last_time(
    notional: Election,
) -> None:
    """The Brexit Party stood in 275 GB seats in 2019; the 2024 MRPs estimate Reform UK in
    every one. Without candidate lists, a party the shape estimates in a seat stands there
    (its estimate was dropped: Clacton's Reform 41% became 0); with lists, they decide."""
    clacton = notional.seat_index("Clacton")
    reform = notional.parties.index("Reform")
    assert notional.votes[clacton, reform] == 0  # no Brexit Party candidate in 2019
    shaped = project(notional, POLL, shape=mrp_shares(notional))
    assert shaped.shares[clacton, reform] > 0.3
    assert shaped.election.parties[int(shaped.election.winner[clacton])] == "Reform"
    gone = {"Clacton": [p for p in notional.parties if p != "Reform"]}
    listed = project(notional, POLL, shape=mrp_shares(notional), candidates=gone)
    assert listed.shares[clacton, reform] == 0


def test_a_shape_keyed_by_ukparl_short_codes_is_refused_saying_what_to_give(
    tmp_path: Path, notional: Election
) -> None:
    """Movement Forward's MRP sheet keys seats by mySociety's UKPARL.2025 short codes; the
    refusal says so and what psephos reads instead (ONS codes or names)."""
    path = tmp_path / "mrp.csv"
    path.write_text(
        "Short Codes ,Utility,MRP Poll Sheet,Con,Lab\nUKPARL.2025.AAD,5,AVERAGE,20.55%,47.44%\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFormatError) as refused:
        load_shape(notional, path)
    message = str(refused.value)
    assert "its 'Short Codes' column holds UKPARL.2025 short codes" in message
    assert "give each seat's ONS code (PCON24CD" in message


def test_a_new_shape_is_never_served_an_earlier_shape_s_region_base() -> None:
    """The region base made for a seat shape is cached on the (long-lived) prepared base: a
    later, different shape array, even one Python puts where a freed one was (the same
    ``id``), gets a region base of its own shares."""
    from psephos.projection.national import region_base
    from psephos.projection.project import prepared

    election = psephos.load("2019-notional-2024")
    base = prepared(election, "national", False)
    lab = election.parties.index("Lab")
    for step in range(6):
        shape = np.array(base.shares, dtype=np.float64)
        shape[:, lab] += 0.01 * (step + 1)
        shape /= shape.sum(axis=1, keepdims=True)
        expected = float(shape[base.active, lab].max())
        region = region_base(base, shape)
        assert float(region.shares[base.active, lab].max()) == pytest.approx(expected)
        del shape, region
