"""Party-to-party transfer rates estimated from stand-downs in real results.

One estimate serves every package that moves a party's voters elsewhere: the pact simulator
(:mod:`psephos.pacts.transfers`) and the second-preference model for AV/STV recounts
(:mod:`psephos.systems.preferences`)::

    from psephos.transfers import default_estimate
    estimate = default_estimate()
    estimate.rate("Green", "Lab"), estimate.abstention("Green")

The default is built by ``scripts/build_transfers.py`` (:func:`estimate_uk_transfers`) and
shipped as ``psephos/data/transfers_uk.json``. Methodology: docs/methodology/transfers.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from psephos.transfers.matrix import DEFAULT_FILE, TransferEstimate, default_estimate

if TYPE_CHECKING:
    from psephos.transfers.estimate import Experiment, RateFit, fit_transfer_rates

__all__ = [
    "DEFAULT_FILE",
    "Experiment",
    "RateFit",
    "TransferEstimate",
    "default_estimate",
    "fit_transfer_rates",
]


def __getattr__(name: str) -> Any:
    """Import the estimator (and SciPy) only when it is asked for."""
    if name in ("Experiment", "RateFit", "fit_transfer_rates"):
        from psephos.transfers import estimate

        return getattr(estimate, name)
    raise AttributeError(f"module 'psephos.transfers' has no attribute {name!r}")
