"""UK stand-down experiments from the bundled results, and the default estimate built on them.

Pairs of consecutive general elections on the same boundaries:

* ``2015->2017``: UKIP absent from about 250 seats it had contested (many of them
  Conservative targets), Green stand-downs for the 2017 "progressive alliance" and plain
  non-candidacies;
* ``2017->2019``: the Brexit Party standing aside in Conservative-held seats, the Unite to
  Remain pact (Liberal Democrat, Green and Plaid Cymru stand-downs), Northern Ireland pacts
  (SDLP and Sinn Fein in Belfast, UUP in North Belfast);
* ``2019n->2024``: the 2019 result on the 2024 boundaries (Rallings and Thrasher notional)
  against 2024, where Reform, Green or Liberal Democrat candidates were missing.

A party that stood at the first election of a pair and not at the second is "absent" there,
whatever the reason (a pact or a plain non-candidacy): either way its voters lost their
candidate. Reform UK, the Brexit Party and UKIP share the ``Reform`` column of the bundled
data, so their rows are pooled. Independents and minor parties form one ``Other`` column
(a target only). Seats the Speaker contested at either election are left out.
"""

from __future__ import annotations

import numpy as np

from psephos.jurisdictions import UK, load
from psephos.model.election import Election
from psephos.transfers.estimate import (
    Experiment,
    FloatArray,
    RateFit,
    cap_rows,
    fit_transfer_rates,
)
from psephos.transfers.matrix import TransferEstimate

#: Parties with their own row and column; everything else is ``Other``.
UK_PARTIES: tuple[str, ...] = (
    "Con",
    "Lab",
    "LD",
    "Green",
    "SNP",
    "PC",
    "Reform",
    "DUP",
    "UUP",
    "TUV",
    "SF",
    "SDLP",
    "Alliance",
    "Other",
)

#: Parties standing almost everywhere in Great Britain.
GB_MAIN: tuple[str, ...] = ("Con", "Lab", "LD", "Green", "Reform")

#: Election pairs used (base, target, label).
UK_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("2015", "2017", "2015->2017"),
    ("2017", "2019", "2017->2019"),
    ("2019-notional-2024", "2024", "2019n->2024"),
)

#: The election before each pair's base on the same boundaries (its shares are a control).
UK_PRIOR: dict[str, str] = {"2015": "2010", "2017": "2015"}


def grouped_votes(election: Election) -> FloatArray:
    """Votes in :data:`UK_PARTIES` order (independents, minor parties and others summed)."""
    votes = np.asarray(election.votes, dtype=np.float64)
    out = np.zeros((votes.shape[0], len(UK_PARTIES)))
    for j, party in enumerate(election.parties):
        column = UK_PARTIES.index(party) if party in UK_PARTIES else len(UK_PARTIES) - 1
        if party != "Speaker":
            out[:, column] += votes[:, j]
    return out


def _speaker_seats(election: Election) -> np.ndarray:
    if "Speaker" not in election.parties:
        return np.zeros(election.n_seats, dtype=bool)
    return np.asarray(election.votes)[:, election.parties.index("Speaker")] > 0


def uk_experiments() -> list[Experiment]:
    """The election pairs of :data:`UK_PAIRS` as experiments (bundled data only)."""
    demographics = UK.table("demographics")
    experiments = []
    for base_id, target_id, label in UK_PAIRS:
        base, target = load(base_id), load(target_id)
        position = {code: i for i, code in enumerate(target.codes)}
        common = [(i, position[code]) for i, code in enumerate(base.codes) if code in position]
        speaker = _speaker_seats(base)
        speaker_target = _speaker_seats(target)
        pairs = [(i, j) for i, j in common if not speaker[i] and not speaker_target[j]]
        base_rows = np.array([i for i, _ in pairs])
        target_rows = np.array([j for _, j in pairs])
        codes = [base.codes[i] for i in base_rows]
        boundary = "2024" if target_id == "2024" else "2010"
        leave = (
            demographics[demographics["boundary_set"].astype(str) == boundary]
            .set_index("code")["leave"]
            .reindex(codes)
            .astype(float)
            .fillna(float(demographics["leave"].mean()))
            .to_numpy()
        )
        prior_shares = np.zeros((0, 0))
        if base_id in UK_PRIOR:
            prior = load(UK_PRIOR[base_id])
            prior_position = {code: i for i, code in enumerate(prior.codes)}
            prior_rows = np.array([prior_position[code] for code in codes])
            prior_shares = (
                grouped_votes(prior)[prior_rows]
                / np.asarray(prior.electorate, dtype=np.float64)[prior_rows, None]
            )
        experiments.append(
            Experiment(
                label=label,
                parties=UK_PARTIES,
                base_votes=grouped_votes(base)[base_rows],
                target_votes=grouped_votes(target)[target_rows],
                base_electorate=np.asarray(base.electorate, dtype=np.float64)[base_rows],
                target_electorate=np.asarray(target.electorate, dtype=np.float64)[target_rows],
                groups=tuple(str(r) for r in np.asarray(target.regions)[target_rows]),
                covariates=np.asarray(leave, dtype=np.float64)[:, None],
                prior_shares=prior_shares,
            )
        )
    return experiments


#: Prior rates for the cells the data cannot identify, ``{from: {to: rate}}``. These are
#: assumptions, not estimates: their *shape* follows the second-preference pattern reported from
#: the British Election Study Internet Panel (Fieldhouse et al., *Electoral Shocks*, OUP 2020,
#: ch. 8-9): Green voters lean to Labour, then the Liberal Democrats; Liberal Democrat voters
#: split Labour > Conservative > Green; Labour voters split Liberal Democrat ~ Green;
#: nationalist voters lean to Labour; Conservative and Reform voters lean to each other; in
#: Northern Ireland transfers stay mostly within the unionist or nationalist bloc, with
#: Alliance between. Their *level* (about 55-65% of a withdrawn vote reaching another
#: candidate) reflects the common finding that a stand-down moves fewer votes than stated
#: second preferences suggest. A cell the data identify replaces the prior's, which can reorder
#: a row: the Liberal Democrat row's estimated Labour (0.00) and Conservative (0.07) cells,
#: measured where the party stood aside for Greens, Plaid and independents, reverse the shape
#: above (docs/methodology/transfers.md). Edit them, or pass your own rates, for your own
#: scenarios.
PRIOR_TRANSFERS: dict[str, dict[str, float]] = {
    "Con": {"Reform": 0.30, "LD": 0.15, "Lab": 0.08, "Green": 0.02},
    "Lab": {"LD": 0.25, "Green": 0.20, "SNP": 0.05, "PC": 0.03, "Con": 0.07},
    "LD": {"Lab": 0.30, "Con": 0.17, "Green": 0.12},
    "Green": {"Lab": 0.40, "LD": 0.15, "SNP": 0.03, "PC": 0.03, "Con": 0.04},
    "SNP": {"Lab": 0.30, "Green": 0.12, "LD": 0.08, "Con": 0.05},
    "PC": {"Lab": 0.30, "LD": 0.10, "Green": 0.10, "Con": 0.05},
    "Reform": {"Con": 0.45, "Lab": 0.08},
    "DUP": {"UUP": 0.45, "TUV": 0.25},
    "UUP": {"DUP": 0.35, "Alliance": 0.25},
    "TUV": {"DUP": 0.60, "UUP": 0.10},
    "SDLP": {"SF": 0.30, "Alliance": 0.30},
    "SF": {"SDLP": 0.45, "Alliance": 0.05},
    "Alliance": {"SDLP": 0.25, "UUP": 0.20, "Green": 0.10},
    # Independents and minor parties: an even spread over the main GB parties.
    "Other": {"Con": 0.10, "Lab": 0.10, "LD": 0.10, "Green": 0.10, "Reform": 0.10},
}


def prior_matrix() -> FloatArray:
    """:data:`PRIOR_TRANSFERS` as a matrix over :data:`UK_PARTIES`."""
    index = {party: i for i, party in enumerate(UK_PARTIES)}
    prior = np.zeros((len(UK_PARTIES), len(UK_PARTIES)))
    for source, row in PRIOR_TRANSFERS.items():
        for target, rate in row.items():
            prior[index[source], index[target]] = rate
    return prior


def complete(fit: RateFit, prior: FloatArray) -> TransferEstimate:
    """Keep the cells the data identify and fill the others from the documented prior.

    An unidentified cell ``X -> Y`` gets ``prior[X, Y]`` (:data:`PRIOR_TRANSFERS`); the filled
    cells of a row are scaled down if the row would exceed 1 (the remainder abstains).
    """
    n = len(fit.parties)
    rates = cap_rows(np.where(fit.identified, fit.bounded, 0.0))
    unidentified = ~fit.identified
    np.fill_diagonal(unidentified, False)
    fill = np.where(unidentified, prior, 0.0)
    for x in range(n):
        room = max(0.0, 1.0 - rates[x].sum())
        if fill[x].sum() > room:
            fill[x] *= room / fill[x].sum()
    rates = rates + fill
    se = np.where(fit.identified, fit.se, np.nan)
    return TransferEstimate(
        parties=fit.parties,
        rates=np.floor(rates * 1e4) / 1e4,
        se=np.round(se, 4),
        estimated=fit.identified.copy(),
        treated=fit.treated.copy(),
        experiments=fit.experiments,
        direct_abstention=np.round(fit.direct_abstention, 4),
        direct_abstention_se=np.round(fit.direct_abstention_se, 4),
        neutral_loyalty=0.0,
        n_bootstrap=fit.n_bootstrap,
        source=(
            "psephos estimate from stand-downs in the bundled UK results "
            + ", ".join(label for _, _, label in UK_PAIRS)
            + "; unidentified cells: the documented prior (PRIOR_TRANSFERS in "
            "psephos.transfers.uk)"
        ),
    )


def estimate_uk_transfers(
    *, n_bootstrap: int = 200, min_treated: int = 10, seed: int | None = 0
) -> TransferEstimate:
    """Estimate the UK default transfer matrix from the bundled results (slow: bootstrap).

    Args:
        n_bootstrap: Bootstrap replications over seats.
        min_treated: Treated seats needed before a cell counts as estimated.
        seed: Bootstrap seed.
    """
    fit = fit_transfer_rates(
        uk_experiments(), min_treated=min_treated, n_bootstrap=n_bootstrap, seed=seed
    )
    return complete(fit, prior_matrix())
