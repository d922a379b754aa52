"""Estimating party-to-party transfer rates from stand-downs in real results.

When party ``X`` stands in a seat at one election and not at the next, its voters there lose
their candidate. Comparing the change in every other party's vote in those seats with the
change in comparable seats where ``X`` stood again estimates where they went. With

* ``u[s, p]``: party ``p``'s votes in seat ``s`` as a share of the seat's electorate
  (base election ``b`` and target ``t``),
* ``D[s, X] = 1`` where ``X`` stood at ``b`` but not at ``t``,
* ``xhat[s, X]``: the share ``X`` would have taken in ``s`` had it stood, predicted from the
  control seats ``c`` where ``X`` stood both times and nobody stood aside (free of transfers
  from other absent parties): by default a least-squares regression of ``u_t[c, X]`` on every
  party's ``u_b[c, .]``, region dummies and the covariates; or (``expected_model="ratio"``)
  ``r_X * u_b[s, X]`` with ``r_X = sum u_t[c, X] / sum u_b[c, X]``. ``xhat = 0`` where ``X``
  stood;

the change of each target party ``Y`` (in seats where ``Y`` stood both times) is

    u_t[s, Y] - u_b[s, Y] = Z[s] . gamma_Y + sum_X T[X, Y] * xhat[s, X] + e[s, Y]

with controls ``Z``: a constant, region dummies, ``Y``'s base share and its square, whether
``Y`` was first or second in the seat, ``Y``'s share at the election before ``b`` (when given),
every absent party's base share ``u_b[s, X]`` (so a seat where ``X`` stood aside is compared with
seats where ``X`` stood with the same strength), dummies for parties entering the seat, and seat
covariates (the EU-referendum Leave estimate). ``T[X, Y]`` is the extra gain of ``Y`` where
``X`` was absent per vote ``X`` would have taken: the transfer rate. Several elections are
pooled (one coefficient per ``X -> Y`` across all pairs); the controls are fitted per pair and
target.

Constraints: ``0 <= T[X, Y] <= 1`` by bounded least squares on the control-residualised
system (Frisch-Waugh-Lovell holds under constraints on the treatment coefficients only: for
any ``T`` the best controls leave the residual ``M_Z (dy - xhat T)``), then a row whose sum
exceeds 1 is scaled down to 1; ``1 - sum_Y T[X, Y]`` abstains. A separate unconstrained
regression of the change in total turnout (share of the electorate) on the same design
measures abstention directly: its coefficient on ``xhat_X`` is ``sum_Y T[X, Y] - 1``.
Standard errors: bootstrap over seats (resampled within each election pair).

Sources: the design is the comparison of seats with and without a party's candidate used to
measure stand-down effects in British election analysis (e.g. Curtice, Fisher and English,
"The results analysed", appendix to Ford, Bale, Jennings and Surridge, *The British General
Election of 2019*, Palgrave Macmillan 2021); the bounded least-squares solver is BVLS (Stark and
Parker, *Computational Statistics* 10, 1995) as in SciPy's ``lsq_linear``. Methodology:
docs/methodology/transfers.md.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.optimize import lsq_linear

from psephos.errors import InvalidSharesError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True, eq=False)
class Experiment:
    """Two elections on the same seats: who stood where, and the votes.

    Attributes:
        label: Name shown in the provenance of each rate (``"2017->2019"``).
        parties: Column order of the vote arrays (the last may be an ``Other`` bucket).
        base_votes: Votes at the earlier election, seats x parties (0 = no candidate).
        target_votes: Votes at the later election, same seats and parties.
        base_electorate: Electorate per seat at the earlier election.
        target_electorate: Electorate per seat at the later election.
        groups: Region (or other stratum) of each seat; one dummy per group is a control.
        covariates: Extra seat controls, seats x k (may have k = 0).
        prior_shares: Optional votes / electorate at the election before ``base``, seats x
            parties (same seats): target ``Y``'s earlier strength is then a control too.
    """

    label: str
    parties: tuple[str, ...]
    base_votes: FloatArray
    target_votes: FloatArray
    base_electorate: FloatArray
    target_electorate: FloatArray
    groups: tuple[str, ...]
    covariates: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    prior_shares: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))

    def __post_init__(self) -> None:
        base = np.asarray(self.base_votes, dtype=np.float64)
        target = np.asarray(self.target_votes, dtype=np.float64)
        n_seats = base.shape[0]
        if base.shape != target.shape or base.shape[1] != len(self.parties):
            raise InvalidSharesError(
                f"{self.label}: vote arrays must both be seats x {len(self.parties)}, not "
                f"{base.shape} and {target.shape}"
            )
        covariates = np.asarray(self.covariates, dtype=np.float64)
        if covariates.size == 0:
            covariates = np.zeros((n_seats, 0))
        if covariates.shape[0] != n_seats or len(self.groups) != n_seats:
            raise InvalidSharesError(f"{self.label}: groups and covariates need one row per seat")
        for name, values in (("base", self.base_electorate), ("target", self.target_electorate)):
            electorate = np.asarray(values, dtype=np.float64)
            if electorate.shape != (n_seats,) or np.any(electorate <= 0):
                raise InvalidSharesError(f"{self.label}: {name} electorate must be positive")
        object.__setattr__(self, "base_votes", base)
        object.__setattr__(self, "target_votes", target)
        object.__setattr__(self, "base_electorate", np.asarray(self.base_electorate, float))
        object.__setattr__(self, "target_electorate", np.asarray(self.target_electorate, float))
        object.__setattr__(self, "covariates", covariates)
        prior = np.asarray(self.prior_shares, dtype=np.float64)
        if prior.size and prior.shape != base.shape:
            raise InvalidSharesError(f"{self.label}: prior shares must be {base.shape}")
        object.__setattr__(self, "prior_shares", prior)

    @property
    def n_seats(self) -> int:
        """Number of seats."""
        return int(self.base_votes.shape[0])

    def absent(self) -> BoolArray:
        """``absent[s, p]``: ``p`` stood at the base election but not at the target."""
        return (self.base_votes > 0) & (self.target_votes <= 0)


@dataclass(frozen=True, slots=True, eq=False)
class RateFit:
    """Transfer rates fitted on stand-down experiments.

    Attributes:
        parties: Row and column order.
        rates: ``rates[X, Y]``: share of ``X``'s voters who vote ``Y`` when ``X`` stands aside
            (rows capped at 1 by :func:`cap_rows`).
        bounded: The rates before the row cap (each in 0-1).
        se: Bootstrap standard error of each rate (NaN where not identified or no bootstrap).
        treated: Seats where ``X`` stood aside and ``Y`` stood (both elections), all pairs.
        controls: Seats where ``X`` and ``Y`` both stood at both elections, all pairs.
        confounded: Per source, whether its stand-downs look chosen for a beneficiary: a cell
            at ``max_rate`` covering at least a quarter of the row's widest treated count.
        identified: Enough treated and control seats, ``se <= max_se`` and the rate below
            ``max_rate`` (see :func:`fit_transfer_rates`); others are not to be trusted.
        experiments: For each cell, the experiment labels with treated seats, with counts.
        direct_abstention: Per source, abstention measured on total turnout (NaN if none).
        direct_abstention_se: Its bootstrap standard error.
        n_bootstrap: Bootstrap replications behind ``se``.
    """

    parties: tuple[str, ...]
    rates: FloatArray
    bounded: FloatArray
    se: FloatArray
    treated: IntArray
    controls: IntArray
    confounded: BoolArray
    identified: BoolArray
    experiments: tuple[tuple[str, ...], ...]
    direct_abstention: FloatArray
    direct_abstention_se: FloatArray
    n_bootstrap: int


def _residualise(controls: FloatArray, values: FloatArray) -> FloatArray:
    """``values`` minus their least-squares projection on ``controls`` (column-wise)."""
    if controls.shape[1] == 0:
        return values
    coef, *_ = np.linalg.lstsq(controls, values, rcond=None)
    residual: FloatArray = values - controls @ coef
    return residual


def _group_dummies(groups: Sequence[str]) -> FloatArray:
    labels = sorted(set(groups))
    if len(labels) <= 1:
        return np.zeros((len(groups), 0))
    index = {label: i for i, label in enumerate(labels)}
    dummies = np.zeros((len(groups), len(labels) - 1))
    for row, group in enumerate(groups):
        column = index[group]
        if column:
            dummies[row, column - 1] = 1.0
    return dummies


def _stack(
    items: Sequence[tuple[FloatArray, FloatArray, list[int]]],
) -> tuple[list[int], FloatArray, FloatArray]:
    """Blocks of ``(outcome, treatment columns, source parties)`` stacked into one regression:
    the source parties (the design's columns, sorted), the design matrix and the outcome."""
    columns = sorted({x for _, _, xs in items for x in xs})
    position = {x: i for i, x in enumerate(columns)}
    design = np.zeros((sum(len(o) for o, _, _ in items), len(columns)))
    outcome = np.concatenate([o for o, _, _ in items])
    start = 0
    for o, treatment, xs in items:
        for k, x in enumerate(xs):
            design[start : start + len(o), position[x]] = treatment[:, k]
        start += len(o)
    return columns, design, outcome


def _blocks(
    experiment: Experiment,
    rows: IntArray,
    sources: Sequence[int],
    targets: Sequence[int],
    expected_model: str = "ratio",
) -> tuple[
    dict[int, list[tuple[FloatArray, FloatArray, list[int]]]],
    tuple[FloatArray, FloatArray, list[int]] | None,
]:
    """Control-residualised outcome and treatment columns per target party (and total)."""
    base = experiment.base_votes[rows]
    target = experiment.target_votes[rows]
    base_share = base / experiment.base_electorate[rows, None]
    target_share = target / experiment.target_electorate[rows, None]
    stood_base, stood_target = base > 0, target > 0
    absent = stood_base & ~stood_target
    entered = ~stood_base & stood_target
    rank = np.argsort(np.argsort(-base, axis=1), axis=1)
    prior = experiment.prior_shares[rows] if experiment.prior_shares.size else np.zeros((0, 0))
    groups = [experiment.groups[int(r)] for r in rows]
    common = np.column_stack(
        [np.ones(len(rows)), _group_dummies(groups), experiment.covariates[rows]]
    )
    active: list[int] = []
    expected: dict[int, FloatArray] = {}
    quiet = ~absent.any(axis=1)  # seats where nobody stood aside: no transfers in
    for x in sources:
        control = stood_base[:, x] & stood_target[:, x]
        if (control & quiet).sum() >= 3:
            control &= quiet
        if not absent[:, x].any() or base_share[control, x].sum() <= 0:
            continue
        if expected_model == "regression":
            predictors = np.column_stack([common, base_share])
            if control.sum() > predictors.shape[1] + 10:
                coef, *_ = np.linalg.lstsq(
                    predictors[control], target_share[control, x], rcond=None
                )
                expected[x] = np.clip(predictors @ coef, 0.0, None) * absent[:, x]
                active.append(x)
                continue
        ratio = target_share[control, x].sum() / base_share[control, x].sum()
        expected[x] = ratio * base_share[:, x] * absent[:, x]
        active.append(x)
    blocks: dict[int, list[tuple[FloatArray, FloatArray, list[int]]]] = {}
    for y in targets:
        keep = stood_base[:, y] & stood_target[:, y]
        sources_y = [x for x in active if x != y and absent[keep, x].any()]
        if not sources_y or keep.sum() < 3:
            continue
        entries = [z for z in range(base.shape[1]) if z != y and entered[keep, z].any()]
        controls = np.column_stack(
            [
                common[keep],
                base_share[keep][:, [y]],
                base_share[keep][:, [y]] ** 2,
                (rank[keep, y] == 0).astype(float),
                (rank[keep, y] == 1).astype(float),
                prior[keep][:, [y]] if prior.size else np.zeros((int(keep.sum()), 0)),
                base_share[keep][:, sources_y],
                entered[keep][:, entries].astype(float),
            ]
        )
        outcome = target_share[keep, y] - base_share[keep, y]
        treatment = np.column_stack([expected[x][keep] for x in sources_y])
        blocks[y] = [
            (
                _residualise(controls, outcome[:, None])[:, 0],
                _residualise(controls, treatment),
                sources_y,
            )
        ]
    total: tuple[FloatArray, FloatArray, list[int]] | None = None
    if active:
        controls = np.column_stack(
            [
                common,
                base_share.sum(axis=1),
                base_share[:, active],
                entered[:, [z for z in range(base.shape[1]) if entered[:, z].any()]].astype(float),
            ]
        )
        outcome = target_share.sum(axis=1) - base_share.sum(axis=1)
        treatment = np.column_stack([expected[x] for x in active])
        total = (
            _residualise(controls, outcome[:, None])[:, 0],
            _residualise(controls, treatment),
            active,
        )
    return blocks, total


def _solve(
    experiments: Sequence[Experiment],
    samples: Sequence[IntArray],
    sources: Sequence[int],
    targets: Sequence[int],
    n_parties: int,
    expected_model: str = "ratio",
) -> tuple[FloatArray, FloatArray]:
    """One fit: bounded rates (rows capped at 1) and direct abstention per source."""
    per_target: dict[int, list[tuple[FloatArray, FloatArray, list[int]]]] = {}
    totals: list[tuple[FloatArray, FloatArray, list[int]]] = []
    for experiment, rows in zip(experiments, samples, strict=True):
        blocks, total = _blocks(experiment, rows, sources, targets, expected_model)
        for y, items in blocks.items():
            per_target.setdefault(y, []).extend(items)
        if total is not None:
            totals.append(total)
    rates = np.zeros((n_parties, n_parties))
    for y, items in per_target.items():
        columns, design, outcome = _stack(items)
        scale = np.sqrt((design**2).sum(axis=0))
        usable = scale > 1e-12
        if not usable.any():
            continue
        fit = lsq_linear(
            design[:, usable] / scale[usable],
            outcome,
            bounds=(np.zeros(usable.sum()), scale[usable]),
            method="bvls",
        )
        coefficients = np.zeros(len(columns))
        coefficients[usable] = fit.x / scale[usable]
        for x, value in zip(columns, coefficients, strict=True):
            rates[x, y] = float(np.clip(value, 0.0, 1.0))
    abstention = np.full(n_parties, np.nan)
    if totals:
        columns, design, outcome = _stack(totals)
        position = {x: i for i, x in enumerate(columns)}
        solution, *_ = np.linalg.lstsq(design, outcome, rcond=None)
        for x, value in zip(columns, solution, strict=True):
            if np.any(design[:, position[x]]):
                abstention[x] = -float(value)
    return rates, abstention


def cap_rows(rates: FloatArray) -> FloatArray:
    """Scale down every row summing above 1 so that it sums to 1 (the rest abstain)."""
    capped = np.array(rates, dtype=np.float64)
    sums = capped.sum(axis=1)
    over = sums > 1
    capped[over] /= sums[over, None]
    return capped


def fit_transfer_rates(
    experiments: Sequence[Experiment],
    *,
    sources: Sequence[str] | None = None,
    min_treated: int = 10,
    max_se: float = 0.15,
    max_rate: float = 0.95,
    n_bootstrap: int = 200,
    seed: int | None = 0,
    expected_model: str = "regression",
) -> RateFit:
    """Fit transfer rates on pooled stand-down experiments (see the module docstring).

    Args:
        experiments: Election pairs with the same party columns.
        sources: Parties whose absence is a treatment (default: all but ``Other``).
        min_treated: Treated seats (where ``X`` stood aside and ``Y`` stood) and control
            seats (where both stood at both elections) needed to call a rate identified.
        max_se: Largest bootstrap standard error of an identified rate (ignored without a
            bootstrap).
        max_rate: A rate at or above this is not identified: ``Y`` gained at least as much
            as ``X``'s whole expected vote, which says where ``X`` chose to stand aside (seat
            selection), not where its voters went. If such a cell covers at least a quarter
            of the row's widest treated count, the whole row is confounded (the other
            parties were squeezed in the same seats) and nothing in it is identified.
        n_bootstrap: Bootstrap replications over seats for the standard errors (0: none).
        seed: Seed of the bootstrap.
        expected_model: How ``X``'s would-be share in a seat where it stood aside is
            predicted from the control seats: ``"regression"`` (its later share regressed on
            every party's earlier share, region dummies and the covariates) or ``"ratio"``
            (its earlier share times its overall ratio of later to earlier share).

    Returns:
        The rates with standard errors and where each one comes from.

    Raises:
        InvalidSharesError: no experiments, experiments with different party columns, or an
            unknown ``expected_model``.
    """
    if expected_model not in ("regression", "ratio"):
        raise InvalidSharesError(
            f"expected_model must be 'regression' or 'ratio', not {expected_model!r}"
        )
    if not experiments:
        raise InvalidSharesError("At least one experiment is needed to fit transfer rates.")
    parties = experiments[0].parties
    if any(e.parties != parties for e in experiments):
        raise InvalidSharesError("All experiments must share one party order.")
    n = len(parties)
    source_names = [p for p in parties if p != "Other"] if sources is None else list(sources)
    source_index = [parties.index(p) for p in source_names]
    targets = list(range(n))
    full = [np.arange(e.n_seats) for e in experiments]
    rates, abstention = _solve(experiments, full, source_index, targets, n, expected_model)

    treated = np.zeros((n, n), dtype=np.int64)
    controls = np.zeros((n, n), dtype=np.int64)
    labels: list[list[list[str]]] = [[[] for _ in range(n)] for _ in range(n)]
    for experiment in experiments:
        absent = experiment.absent()
        both = (experiment.base_votes > 0) & (experiment.target_votes > 0)
        counts = absent.T.astype(np.int64) @ both.astype(np.int64)
        controls += both.T.astype(np.int64) @ both.astype(np.int64)
        for x in source_index:
            for y in targets:
                if x != y and counts[x, y]:
                    treated[x, y] += counts[x, y]
                    labels[x][y].append(f"{experiment.label} (n={int(counts[x, y])})")
    np.fill_diagonal(treated, 0)

    se = np.full((n, n), np.nan)
    abstention_se = np.full(n, np.nan)
    if n_bootstrap > 0:
        rng = np.random.default_rng(seed)
        draws = np.empty((n_bootstrap, n, n))
        direct = np.empty((n_bootstrap, n))
        for b in range(n_bootstrap):
            samples = [rng.integers(0, e.n_seats, e.n_seats) for e in experiments]
            draws[b], direct[b] = _solve(
                experiments, samples, source_index, targets, n, expected_model
            )
        se = draws.std(axis=0, ddof=1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # sources absent from resamples
            abstention_se = np.nanstd(direct, axis=0, ddof=1)
    np.fill_diagonal(controls, 0)
    enough = (treated >= min_treated) & (controls >= min_treated)
    at_bound = enough & (rates >= max_rate)
    widest = treated.max(axis=1, keepdims=True)
    confounded = (at_bound & (treated >= 0.25 * widest)).any(axis=1)
    identified = enough & ~at_bound & ~confounded[:, None]
    if n_bootstrap > 1:
        identified &= se <= max_se
    return RateFit(
        parties=parties,
        rates=cap_rows(rates),
        bounded=rates,
        se=se,
        treated=treated,
        controls=controls,
        confounded=confounded,
        identified=identified,
        experiments=tuple(tuple("; ".join(cell) for cell in row) for row in labels),
        direct_abstention=abstention,
        direct_abstention_se=abstention_se,
        n_bootstrap=n_bootstrap,
    )
