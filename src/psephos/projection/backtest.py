"""Back-testing swing models on real elections, strictly out of sample.

Each model projects each bundled base election to the next one on the same boundaries
(2010->2015, 2015->2017, 2017->2019, 2019 notional->2024) given only the result's true national
and regional shares. Fitted models are fitted on the pairs that ended no later than the base.
Scored seats are Great Britain seats where the Speaker stood in neither election; area shares
are vote-weighted over those seats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from psephos.model import Election
from psephos.projection.covariate import history_before, truth_target
from psephos.projection.models import MODELS, SwingModel, get_model

#: Back-test pairs (base, result), oldest first.
DEFAULT_PAIRS: tuple[tuple[str, str], ...] = (
    ("2010", "2015"),
    ("2015", "2017"),
    ("2017", "2019"),
    ("2019-notional-2024", "2024"),
)


@dataclass(frozen=True, slots=True)
class BacktestResult:
    """One model on one (base, result) pair.

    Attributes:
        model: Model name.
        base: Base election id.
        result: Result election id.
        n_seats: Seats scored.
        called: Seats whose winner the model got right.
        seat_error: Sum over parties of |projected seats - actual seats| (scored seats).
        party_error: Projected minus actual seats per party (non-zero entries only).
        fitted_on: Pairs a fitted model learnt from (empty for parameter-free models).
        candidates: Whether the projection knew the result's candidate lists.
    """

    model: str
    base: str
    result: str
    n_seats: int
    called: int
    seat_error: int
    party_error: dict[str, int] = field(default_factory=dict)
    fitted_on: tuple[str, ...] = ()
    candidates: bool = False

    @property
    def called_pct(self) -> float:
        """Seats called as a percentage of scored seats."""
        return 100.0 * self.called / self.n_seats if self.n_seats else 0.0

    @property
    def pair(self) -> str:
        """``"base->result"``."""
        return f"{self.base}->{self.result}"


def backtest_pair(
    model: SwingModel,
    base: Election,
    result: Election,
    *,
    candidates: bool = False,
    rebase: bool = True,
) -> BacktestResult:
    """Score one model projecting ``base`` to ``result``'s true regional/national shares.

    With ``candidates`` the projection also knows who stood in each seat of the result (the
    candidate lists, public at the close of nominations; never their votes).
    """
    fitted = model.fitted(history_before(base)) if getattr(model, "fits_history", False) else model
    prepared_base, truth, scored = truth_target(
        base, result, fitted.level, candidates=candidates, rebase=rebase
    )
    shares = fitted.project(prepared_base, truth)
    winner = np.argmax(shares, axis=1)
    n_parties = len(base.parties)
    projected = np.bincount(winner[scored], minlength=n_parties)
    actual = np.bincount(result.winner[scored], minlength=n_parties)
    difference = projected - actual
    return BacktestResult(
        model=fitted.name,
        base=base.id,
        result=result.id,
        n_seats=int(scored.sum()),
        called=int((winner == result.winner)[scored].sum()),
        seat_error=int(np.abs(difference).sum()),
        party_error={p: int(d) for p, d in zip(base.parties, difference, strict=True) if d},
        fitted_on=tuple(getattr(fitted, "fitted_on", ())),
        candidates=candidates,
    )


def backtest(
    models: Iterable[str | SwingModel] | None = None,
    pairs: Sequence[tuple[str, str]] = DEFAULT_PAIRS,
    *,
    loader: Callable[[str], Election] | None = None,
    progress: Callable[[], None] | None = None,
    candidates: bool = False,
    rebase: bool = True,
) -> list[BacktestResult]:
    """Run every model on every pair.

    Args:
        models: Model names or objects (default: every registered model).
        pairs: (base id, result id) pairs of bundled elections.
        loader: How to load an election id (default :func:`psephos.jurisdictions.load`).
        progress: Called after each (model, pair), e.g. to advance a progress bar.
        candidates: Give every projection the result's candidate lists (who stood where).

    Returns:
        One :class:`BacktestResult` per model and pair, pairs in the inner loop.
    """
    if loader is None:
        from psephos.jurisdictions import load

        loader = load
    resolved = [get_model(m) for m in (models if models is not None else MODELS)]
    loaded = [(loader(base), loader(result)) for base, result in pairs]
    results = []
    for model in resolved:
        for base, result in loaded:
            results.append(backtest_pair(model, base, result, candidates=candidates, rebase=rebase))
            if progress is not None:
                progress()
    return results


def results_table(results: Sequence[BacktestResult]) -> list[dict[str, object]]:
    """Rows for output: model, pair, seats scored, called, % called, |seat error|, per party."""
    return [
        {
            "model": r.model,
            "pair": r.pair,
            "seats": r.n_seats,
            "called": r.called,
            "called_pct": round(r.called_pct, 1),
            "seat_error": r.seat_error,
            "party_error": ", ".join(f"{p} {d:+d}" for p, d in r.party_error.items()),
            "candidates": r.candidates,
        }
        for r in results
    ]


def save_chart(results: Sequence[BacktestResult], path: str | Path) -> Path:
    """Grouped bar chart of % seats called per model and pair, saved as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    models = list(dict.fromkeys(r.model for r in results))
    pairs = list(dict.fromkeys(r.pair for r in results))
    value = {(r.model, r.pair): r.called_pct for r in results}
    figure, axis = plt.subplots(figsize=(12, 4.8))
    width = 0.8 / max(len(models), 1)
    # one distinct colour per model (the default cycle has ten; there are more models)
    palette = [plt.get_cmap("tab20")(i) for i in range(20)]
    for offset, model in enumerate(models):
        xs = np.arange(len(pairs)) + offset * width - 0.4 + width / 2
        axis.bar(
            xs,
            [value.get((model, p), np.nan) for p in pairs],
            width,
            label=model,
            color=palette[(2 * offset) % 20 if offset < 10 else (2 * offset + 1) % 20],
        )
    axis.set_xticks(np.arange(len(pairs)), pairs)
    axis.set_ylabel("GB seats called (%)")
    axis.set_ylim(65, 100)
    with_lists = bool(results) and all(r.candidates for r in results)
    axis.set_title(
        "Swing models back-tested on true regional shares (out of sample"
        + (", with the result's candidate lists)" if with_lists else ")")
    )
    axis.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axis.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=110)
    plt.close(figure)
    return target
