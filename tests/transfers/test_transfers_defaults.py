"""The bundled transfer estimate: schema, provenance, reproducibility and its two users."""

from __future__ import annotations

import json
from importlib.resources import files

import numpy as np
import pytest

from psephos.errors import DataFormatError, InvalidSharesError, ShareWarning, UnknownPartyError
from psephos.pacts import DEFAULT_TRANSFERS, TransferMatrix
from psephos.systems.preferences import UK_PLUMP, UK_TRANSFERS, default_transfers
from psephos.transfers import DEFAULT_FILE, TransferEstimate, default_estimate
from psephos.transfers.estimate import cap_rows, fit_transfer_rates
from psephos.transfers.uk import UK_PARTIES, uk_experiments


def test_bundled_schema_and_validity() -> None:
    raw = json.loads(files("psephos.data").joinpath(DEFAULT_FILE).read_text(encoding="utf-8"))
    assert set(raw) >= {"parties", "rates", "se", "estimated", "treated", "experiments", "source"}
    estimate = default_estimate()
    assert estimate.parties == UK_PARTIES
    rates = estimate.rates
    assert np.all((rates >= 0) & (rates <= 1)) and np.all(rates.sum(axis=1) <= 1)
    assert np.all(np.diag(rates) == 0)
    # Estimated cells carry a standard error and their experiments; prior cells do not.
    assert np.all(np.isfinite(estimate.se[estimate.estimated]))
    assert np.all(np.isnan(estimate.se[~estimate.estimated]))
    for i, j in zip(*np.nonzero(estimate.estimated), strict=True):
        assert estimate.treated[i, j] >= 10 and "n=" in estimate.experiments[i][j]
    assert estimate.n_bootstrap >= 100
    # UKIP/Brexit/Reform absences identify their row; Green stand-downs are confounded by
    # seat selection (Green -> LD at the bound), so the whole Green row comes from the prior.
    assert estimate.estimated[UK_PARTIES.index("Reform"), UK_PARTIES.index("Con")]
    assert not estimate.estimated[UK_PARTIES.index("Green")].any()
    assert not estimate.estimated[UK_PARTIES.index("Lab")].any()  # Labour never stood aside


def test_round_trip(tmp_path) -> None:
    estimate = default_estimate()
    path = tmp_path / "t.json"
    estimate.write(path)
    again = TransferEstimate.read(path)
    np.testing.assert_array_equal(again.rates, estimate.rates)
    np.testing.assert_array_equal(again.se, estimate.se)
    assert again.experiments == estimate.experiments
    with pytest.raises(DataFormatError):
        TransferEstimate.from_json({"parties": ["A"]})
    with pytest.raises(UnknownPartyError, match="Did you mean"):
        estimate.rate("Gren", "Lab")


def test_point_estimates_reproduce_from_bundled_data() -> None:
    bundled = default_estimate()
    fit = fit_transfer_rates(uk_experiments(), n_bootstrap=0)
    rates = cap_rows(np.where(bundled.estimated, fit.bounded, 0.0))
    np.testing.assert_allclose(
        rates[bundled.estimated], bundled.rates[bundled.estimated], atol=2e-4
    )


def test_one_shared_estimate_feeds_pacts_and_systems() -> None:
    estimate = default_estimate()
    assert estimate.as_mapping() == DEFAULT_TRANSFERS
    parties = ("Con", "Lab", "LD", "Green", "Reform", "Other")
    pact = TransferMatrix.default(parties)
    assert pact.rate("Reform", "Con") == estimate.rate("Reform", "Con")
    for source in ("Green", "Reform", "LD"):
        assert UK_PLUMP[source] == pytest.approx(100 * estimate.abstention(source), abs=0.01)
        for target, rate in estimate.as_mapping()[source].items():
            assert UK_TRANSFERS[source][target] == pytest.approx(100 * rate, abs=0.01)
    matrix = default_transfers(parties)
    shares = matrix.next_shares("Reform")
    assert sum(shares.values()) == pytest.approx(1 - UK_PLUMP["Reform"] / 100)
    assert estimate.source in matrix.source


@pytest.mark.slow
def test_bundled_file_is_rebuilt_exactly() -> None:
    """The build script's estimate (200 bootstrap replications, seed 0) is what ships."""
    from psephos.transfers.uk import estimate_uk_transfers

    rebuilt = estimate_uk_transfers(n_bootstrap=default_estimate().n_bootstrap, seed=0)
    bundled = default_estimate()
    np.testing.assert_array_equal(rebuilt.estimated, bundled.estimated)
    np.testing.assert_allclose(rebuilt.rates, bundled.rates, atol=1e-4)
    np.testing.assert_allclose(rebuilt.se, bundled.se, atol=1e-4, equal_nan=True)


def test_overriding_a_full_default_row_makes_room() -> None:
    parties = ("Con", "Lab", "LD", "Green", "Reform", "Other")
    matrix = TransferMatrix.default(parties)
    before = {p: matrix.rate("Green", p) for p in ("Con", "LD", "Reform")}
    with pytest.warns(ShareWarning, match=r"^The transfer rates from Green not given \(") as noted:
        changed = matrix.with_rates({"Green": {"Lab": 0.9}})
    factor = changed.rate("Green", "Con") / before["Con"]
    assert factor < 1
    assert f"were scaled by {factor:.2g} to make room for Green>Lab" in str(noted[0].message)
    assert changed.rate("Green", "Lab") == 0.9
    assert changed.rates.sum(axis=1).max() <= 1 + 1e-9
    # The rates not set shrink in proportion.
    ratio = changed.rate("Green", "Con") / before["Con"]
    for party in ("LD", "Reform"):
        assert changed.rate("Green", party) == pytest.approx(before[party] * ratio)
    with pytest.raises(InvalidSharesError):
        matrix.with_rates({"Green": {"Lab": 0.7, "LD": 0.5}})


def test_a_rate_of_100_percent_names_the_rates_it_sets_to_zero() -> None:
    """``Green>Lab=100%`` said "The transfer rates from Green not given () were scaled by 0":
    the parties were listed after their rates had become 0."""
    parties = ("Con", "Lab", "LD", "Green", "Reform", "Other")
    matrix = TransferMatrix.default(parties)
    others = [p for p in parties if p not in ("Green", "Lab") and matrix.rate("Green", p) > 0]
    assert others  # the default row has rates to take the room from
    with pytest.warns(ShareWarning) as noted:
        changed = matrix.with_rates({"Green": {"Lab": 1.0}})
    assert str(noted[0].message) == (
        f"The transfer rates from Green not given ({', '.join(others)}) were set to 0 to make "
        "room for Green>Lab, so the rates from Green sum to at most 100%."
    )
    assert changed.rate("Green", "Lab") == 1.0
    assert all(changed.rate("Green", p) == 0 for p in others)
