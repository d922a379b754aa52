"""Back-testing swing models on real elections, strictly out of sample.

Each model projects each bundled base election to the next one on the same boundaries
(2010->2015, 2015->2017, 2017->2019, 2019 notional->2024) given only the result's true national
and regional shares. Fitted models are fitted on the pairs that ended no later than the base.
Scored seats are Great Britain seats where the Speaker stood in neither election; area shares
are vote-weighted over those seats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from psephos.charts import check_chart_path, new_figure, save_figure
from psephos.model import Election, party_label
from psephos.projection.covariate import history_before, truth_target
from psephos.projection.models import MODELS, SwingModel, get_model

#: Back-test pairs (base, result), oldest first.
DEFAULT_PAIRS: tuple[tuple[str, str], ...] = (
    ("2010", "2015"),
    ("2015", "2017"),
    ("2017", "2019"),
    ("2019-notional-2024", "2024"),
)


def country_pairs(country: str = "uk") -> tuple[tuple[str, str], ...]:
    """A country's back-test pairs (base, result), oldest first: each bundled election with
    a previous one on the same boundaries
    (:attr:`~psephos.jurisdictions.Jurisdiction.previous_ids`);
    the UK's are :data:`DEFAULT_PAIRS`, Canada's ``canada-2019 -> canada-2021``.

    Raises:
        UnknownElectionError: a country no jurisdiction knows, naming those known.
        PsephosError: a country with no such pair bundled.
    """
    from psephos.errors import PsephosError
    from psephos.jurisdictions import get

    jurisdiction = get(country)
    order = jurisdiction.election_ids
    pairs = tuple(
        (base, result)
        for result, base in sorted(
            jurisdiction.previous_ids.items(), key=lambda item: order.index(item[0])
        )
    )
    if not pairs:
        raise PsephosError(
            f"{jurisdiction.name} has no two bundled elections on the same boundaries to back-test."
        )
    return pairs


def aligned_result(base: Election, result: Election) -> Election:
    """``result`` on ``base``'s seats (in ``base``'s order, matched by code) and party
    columns, so two elections given as files can be back-tested as a bundled pair is: its votes,
    and each seat's real winner (the winning candidate's party, never a party sum). A party of
    ``result`` that ``base`` lacks is counted as ``base``'s Other, with a note.

    Raises:
        DataFormatError: the two have different seats (naming some of each), or ``result`` has
            a party ``base`` lacks and ``base`` has no Other column to count it in.
    """
    import warnings

    from psephos.errors import DataFormatError, InputWarning

    codes = list(base.codes)
    position = {code: index for index, code in enumerate(result.codes)}
    missing = [code for code in codes if code not in position]
    extra = sorted(set(result.codes) - set(codes))
    if missing or extra:
        parts = []
        if missing:
            parts.append(
                f"{len(missing)} seats of {base.source_name} are not in {result.source_name} "
                f"(e.g. {', '.join(missing[:3])})"
            )
        if extra:
            parts.append(
                f"{len(extra)} seats of {result.source_name} are not in {base.source_name} "
                f"(e.g. {', '.join(extra[:3])})"
            )
        raise DataFormatError(
            "A back-test projects one election onto the next on the same seats: "
            + "; ".join(parts)
            + "."
        )
    order = np.array([position[code] for code in codes], dtype=np.int64)
    column: dict[str, int] = {}
    new: list[str] = []
    for party in result.parties:
        if party in base.parties:
            column[party] = base.parties.index(party)
        elif "Other" in base.parties:
            column[party] = base.parties.index("Other")
            new.append(party)
        else:
            raise DataFormatError(
                f"{party} stands in {result.source_name} but not in {base.source_name}, which "
                "has no Other column to count it in; give the base a row for it (0 votes)."
            )
    votes = np.zeros((len(codes), len(base.parties)))
    result_votes = np.asarray(result.votes)[order]
    for index, party in enumerate(result.parties):
        votes[:, column[party]] += result_votes[:, index]
    if new and any(result_votes[:, result.parties.index(p)].any() for p in new):
        warnings.warn(
            f"{', '.join(new)} of {result.source_name} stood nowhere in {base.source_name}, so "
            "the back-test counts their votes as Other.",
            InputWarning,
            stacklevel=2,
        )
    winners = np.array(
        [column[result.parties[int(w)]] for w in np.asarray(result.winner)[order]], dtype=np.int64
    )
    aligned = base.with_votes(votes, election_id=result.id, name=result.name)
    return replace(aligned, winner=winners)


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
    winner = prepared_base.winners(shares)
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
            "party_error": ", ".join(
                f"{party_label(p, r.result)} {d:+d}" for p, d in r.party_error.items()
            ),
            "candidates": r.candidates,
        }
        for r in results
    ]


def save_chart(results: Sequence[BacktestResult], path: str | Path) -> Path:
    """Grouped bar chart of % seats called per model and pair (PNG, SVG or PDF by extension)."""
    from matplotlib import colormaps

    check_chart_path(path)
    models = list(dict.fromkeys(r.model for r in results))
    pairs = list(dict.fromkeys(r.pair for r in results))
    value = {(r.model, r.pair): r.called_pct for r in results}
    figure, axis = new_figure(12, 4.8)
    width = 0.8 / max(len(models), 1)
    # one distinct colour per model (the default cycle has ten; there are more models)
    palette = [colormaps["tab20"](i) for i in range(20)]
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
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return save_figure(figure, path)


# --- Real-input back-test: what a user had on the eve of the election -----------------------

#: Inputs of :func:`real_input_backtest`: ``polls`` (the final week's GB poll average),
#: ``polls-adjusted`` (that average corrected for the polls' systematic error learnt from
#: earlier elections, :mod:`psephos.projection.polls`), ``gb`` (the result's true GB shares,
#: national only), ``regional`` (the result's true shares in the 11 GB regions and nations) and
#: ``mrp`` (true GB shares applied to the 2024 MRP seat shape).
INPUTS: tuple[str, ...] = ("polls", "polls-adjusted", "gb", "regional", "mrp")
#: Inputs read from the final week's polls.
POLL_INPUTS: tuple[str, ...] = ("polls", "polls-adjusted")
#: Elections the real-input back-test covers (2015 has no earlier pair to fit on).
REAL_INPUT_ELECTIONS: tuple[str, ...] = ("2015", "2017", "2019", "2024")
#: Elections with a bundled seat shape (published MRP) for the ``mrp`` input.
SHAPE_ELECTIONS: tuple[str, ...] = ("2024",)


def input_applies(kind: str, election_id: str) -> bool:
    """Whether the real-input back-test has input ``kind`` for ``election_id``: every input
    but ``mrp``, which needs a bundled seat shape (:data:`SHAPE_ELECTIONS`)."""
    return kind != "mrp" or election_id in SHAPE_ELECTIONS


def final_polls(election_id: str) -> dict[str, float]:
    """The final week's GB poll average (percent) for a bundled election
    (``final_polls.npz``, built by ``scripts/build_polls.py``).

    Raises:
        UnknownElectionError: for an election without bundled polls.
    """
    from psephos.errors import UnknownElectionError
    from psephos.jurisdictions import UK

    frame = UK.table("final_polls")
    rows = frame[frame["election"] == str(election_id)]
    if rows.empty:
        raise UnknownElectionError(
            f"No bundled final-week polls for {election_id!r}; available: "
            f"{', '.join(sorted(set(map(str, frame['election']))))}."
        )
    return {str(p): float(s) * 100.0 for p, s in zip(rows["party"], rows["share"], strict=True)}


def headline_poll_input(election_id: str) -> str:
    """``polls-adjusted`` where :func:`psephos.projection.polls.adjustment_rule` adopts the
    correction on the elections before ``election_id``, else ``polls``."""
    from psephos.projection.polls import adjustment_rule

    return "polls-adjusted" if adjustment_rule(election_id).adopt else "polls"


def adjusted_final_polls(election_id: str) -> dict[str, float]:
    """The bundled final-week GB poll average of ``election_id`` (percent), corrected for the
    polls' systematic error learnt from the elections before it
    (:func:`psephos.projection.polls.poll_bias`)."""
    from psephos.projection.polls import adjust_poll, poll_bias

    return adjust_poll(final_polls(election_id), poll_bias(election_id))


@dataclass(frozen=True, slots=True)
class RealInputResult:
    """One model on one election from one kind of input, scored by :mod:`.scoring`.

    Attributes:
        model: Model name.
        election: Result election id.
        input: One of :data:`INPUTS`.
        score: The GB seat score.
        shares: Projected per-seat shares (seats x parties), for forecasts.
        gb_target: The GB shares given (fractions per party; the regional input's GB total).
        fitted_on: Pairs the model was fitted on.
    """

    model: str
    election: str
    input: str
    score: Any
    shares: Any
    gb_target: dict[str, float]
    fitted_on: tuple[str, ...] = ()


def _previous(result: Election, loader: Callable[[str], Election]) -> Election:
    """The bundled election before ``result`` on the same boundaries, through ``loader``."""
    from psephos.jurisdictions import require_previous

    return loader(require_previous(result).id)


def check_input(kind: str, election_id: str) -> None:
    """Refuse an input the real-input back-test does not have for ``election_id`` (an unknown
    input, an election without final-week polls, ``mrp`` before 2024) in one line.

    Raises:
        PsephosError: naming the input or election and what there is instead.
    """
    from psephos.errors import PsephosError, UnknownElectionError, unknown_choice
    from psephos.jurisdictions import REAL_INPUT_BACKTEST, require

    if kind not in INPUTS:
        raise PsephosError(unknown_choice("back-test input", kind, INPUTS, listed_as="inputs"))
    with suppress(UnknownElectionError):  # a country without final-week polls: say so
        require(REAL_INPUT_BACKTEST, election_id)
    if election_id not in REAL_INPUT_ELECTIONS:
        raise PsephosError(
            f"No real-input back-test for {election_id!r}; elections: "
            f"{', '.join(REAL_INPUT_ELECTIONS)}."
        )
    if not input_applies(kind, election_id):
        raise PsephosError(
            f"No bundled seat shape (MRP) for {election_id}; the mrp input covers "
            f"{', '.join(SHAPE_ELECTIONS)}."
        )


def real_input_backtest(
    election_id: str,
    kind: str = "gb",
    model: str | SwingModel = "national",
    *,
    loader: Callable[[str], Election] | None = None,
) -> RealInputResult:
    """Project ``election_id`` from its predecessor given one kind of real input; score it.

    The model is fitted on bundled pairs ending no later than the base only. Every input also
    gives the candidate lists (who stands where, public at the close of nominations), so a
    party standing where it did not stand last time enters with an imputed share. Parties a
    poll does not name share the remainder in proportion to the base's GB shares.
    """
    import warnings

    from psephos.errors import ShareWarning
    from psephos.projection.base import prepare
    from psephos.projection.candidates import result_candidates, result_carried
    from psephos.projection.inputs import build_target, share_vector
    from psephos.projection.models import NationalModel
    from psephos.projection.national import site_recommendations
    from psephos.projection.scoring import score_winners

    check_input(kind, election_id)
    if loader is None:
        from psephos.jurisdictions import load

        loader = load
    result = loader(election_id)
    base = _previous(result, loader)
    resolved = get_model(model)
    fitted = (
        resolved.fitted(history_before(base))
        if getattr(resolved, "fits_history", False)
        else resolved
    )
    region_base, region_truth, scored = truth_target(base, result, "region", candidates=True)
    weights = np.asarray(result.valid_votes, dtype=np.float64)[scored]
    gb_truth = (result.shares()[scored] * weights[:, None]).sum(axis=0) / weights.sum()
    prepared = prepare(
        base,
        fitted.level,
        candidates=result_candidates(base, result),
        rebase=True,
        carried=result_carried(base, result),
    )
    if kind in POLL_INPUTS:
        poll = final_polls(election_id) if kind == "polls" else adjusted_final_polls(election_id)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ShareWarning)
            gb = share_vector(poll, base.parties, prepared.base_area[0], policy="fill")
    else:
        gb = gb_truth
    areas = None
    if kind == "regional":
        areas = {
            area: dict(zip(base.parties, map(float, region_truth[row]), strict=True))
            for row, area in enumerate(region_base.areas)
        }
    if isinstance(fitted, NationalModel):
        if areas is not None:
            fitted = fitted.with_inputs(
                areas={area: list(shares.values()) for area, shares in areas.items()}
            )
        if kind == "mrp":
            from psephos.projection.shape import mrp_shares

            fitted = fitted.with_inputs(shape=mrp_shares(base))
        recommended = site_recommendations(base, election_id)
        if recommended is not None:
            # The tactical-voting sites' recommendations, published before polling day.
            fitted = fitted.with_inputs(recommended=recommended)
        target = prepared.effective_target(prepared.extend(gb[None, :]))
    else:
        if kind == "mrp":
            from psephos.errors import PsephosError

            raise PsephosError(f"Model {fitted.name!r} takes no seat shape; use 'national'.")
        gb_map = dict(zip(base.parties, map(float, gb), strict=True))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ShareWarning)
            target = prepared.effective_target(
                build_target(prepared, gb_map, areas, derive=fitted.derive, policy="rescale")
            )
    shares = fitted.project(prepared, target)
    score = score_winners(f"{fitted.name} / {kind}", base, result, prepared.winners(shares))
    return RealInputResult(
        model=fitted.name,
        election=election_id,
        input=kind,
        score=score,
        shares=shares,
        gb_target={p: float(v) for p, v in zip(base.parties, gb, strict=True) if v > 0},
        fitted_on=tuple(getattr(fitted, "fitted_on", ())),
    )


def real_input_scores(
    elections: Sequence[str] = REAL_INPUT_ELECTIONS,
    inputs: Sequence[str] = INPUTS,
    models: Sequence[str | SwingModel] = ("national",),
    *,
    references: bool = True,
    progress: Callable[[], None] | None = None,
) -> list[tuple[str, str, str, Any]]:
    """The real-input back-test's scores as ``(election, input, source, SeatScore)``: every
    election x input x model, then the published references of each election
    (:data:`psephos.projection.scoring.PUBLISHED_REFERENCES`, input ``"published"``). Inputs
    that do not apply to an election (``mrp`` before 2024) are skipped."""
    from psephos.jurisdictions import load
    from psephos.projection.scoring import reference_scores

    scores: list[tuple[str, str, str, Any]] = []
    for election_id in elections:
        for kind in inputs:
            if not input_applies(kind, election_id):
                continue
            for model in models:
                run = real_input_backtest(election_id, kind, model)
                scores.append((election_id, kind, run.model, run.score))
                if progress is not None:
                    progress()
        if references:
            result = load(election_id)
            base = _previous(result, load)
            for score in reference_scores(base, result):
                scores.append((election_id, "published", score.label, score))
    return scores


def real_input_rows(
    elections: Sequence[str] = REAL_INPUT_ELECTIONS,
    inputs: Sequence[str] = INPUTS,
    models: Sequence[str | SwingModel] = ("national",),
    *,
    references: bool = True,
    progress: Callable[[], None] | None = None,
) -> list[dict[str, object]]:
    """Rows of the real-input back-test (:func:`real_input_scores`) as tables show them:
    seats and party errors written out ("Lab 450, Con 78"; :func:`score_record` keeps
    them as numbers)."""
    scores = real_input_scores(elections, inputs, models, references=references, progress=progress)
    return [score_row(score, election, kind, source) for election, kind, source, score in scores]


def score_record(score: Any, election_id: str, kind: str, source: str) -> dict[str, object]:
    """One real-input score as numbers, for JSON: ``called`` ``None`` for a published
    reference (seat totals only), ``projected`` and ``party_error`` keyed by party code."""
    return {
        "election": election_id,
        "input": kind,
        "source": source,
        "seat_error": score.seat_error,
        "called": score.called,
        "seats": score.n_seats,
        "projected": dict(sorted(score.seats.items(), key=lambda item: -item[1])),
        "party_error": dict(score.party_error),
    }


def score_row(score: Any, election_id: str, kind: str, source: str) -> dict[str, object]:
    """One real-input score as tables show it: seats and party errors written out with the
    election's party names ("Lab 450, Con 78"), ``called`` blank for a published reference."""
    return {
        "election": election_id,
        "input": kind,
        "source": source,
        "seat_error": score.seat_error,
        "called": "" if score.called is None else score.called,
        "seats": score.n_seats,
        "projected": ", ".join(
            f"{party_label(p, election_id)} {n}"
            for p, n in sorted(score.seats.items(), key=lambda item: -item[1])
        ),
        "party_error": ", ".join(
            f"{party_label(p, election_id)} {d:+d}" for p, d in score.party_error.items()
        ),
    }


def default_model_rule(
    models: Iterable[str] | None = None,
    elections: Sequence[str] = REAL_INPUT_ELECTIONS,
) -> tuple[str, dict[str, int]]:
    """The rule choosing :data:`psephos.projection.DEFAULT_MODEL`.

    Every model projects each of ``elections`` from the result's true GB shares (the ``gb``
    input; national only, with the candidate lists), fitted on earlier pairs only; the model
    with the smallest GB seat error summed over those elections wins (ties: registry order).
    Applied to the elections before a target it uses nothing of the target; the default for
    the next election uses every bundled election.

    Returns:
        The chosen model and each model's summed GB seat error.
    """
    totals = {}
    for name in models if models is not None else MODELS:
        totals[name] = sum(
            real_input_backtest(year, "gb", name).score.seat_error for year in elections
        )
    return min(totals, key=lambda name: totals[name]), totals
