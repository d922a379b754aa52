"""Projection fast paths against plain references: batched seat counts vs one plain NumPy
projection per scenario (exact), the covariate terms vs the explicit feature stack, and the
cached candidate-list path vs a fresh computation."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import psephos
from psephos.errors import InvalidSharesError, ShareWarning
from psephos.model import Election
from psephos.projection import (
    batch_seats,
    bundled_candidates,
    fitted_model,
    prepare,
    project,
    project_batch,
)
from psephos.projection.covariate import features, weighted_features

#: The note on the parties a poll leaves out whose seats move (SNP, PC, Independents).
SEATS_NOTE = "their seats from the base"


@pytest.fixture(scope="module")
def notional() -> Election:
    return psephos.load("2019-notional-2024")


def _best_parts(base: Election) -> np.ndarray:
    """Plain reference: each column's best candidate's part of its votes (two Independents
    under ``Ind``), 1 where a column is one candidate or has no votes."""
    assert base.candidates is not None
    top = np.zeros(base.votes.shape)  # each column's best candidate's votes
    for seat, candidates in enumerate(base.candidates):
        for candidate in candidates:
            column = base.parties.index(candidate.party)
            top[seat, column] = max(top[seat, column], candidate.votes)
    cast = base.votes > 0
    return np.where(cast, top / np.where(cast, base.votes, 1.0), 1.0)


def _plain_uniform_seats(base: Election, targets: np.ndarray) -> np.ndarray:
    """Plain reference: per scenario, add the Great Britain change to every GB seat (not the
    Speaker's) for the parties standing, clip at zero, renormalise, count the party of each
    seat's leading candidate (a column of several candidates, two Independents, counts its
    best one's part of it)."""
    shares = base.shares()
    best = _best_parts(base)
    standing = shares > 0
    speaker = shares[:, base.parties.index("Speaker")] > 0
    moved = (base.nations != "Northern Ireland") & ~speaker
    gb_shares = (shares[moved] * base.valid_votes[moved, None]).sum(axis=0)
    gb_shares /= gb_shares.sum()
    counts = np.zeros((len(targets), len(base.parties)), dtype=np.int64)
    for scenario, target in enumerate(targets):
        projected = shares.copy()
        projected[moved] += target - gb_shares
        projected *= standing
        np.maximum(projected, 0.0, out=projected)
        projected /= projected.sum(axis=1, keepdims=True)
        counts[scenario] = np.bincount(
            (projected * best).argmax(axis=1), minlength=len(base.parties)
        )
    return counts


def test_batched_uniform_seats_equal_plain_projections(notional: Election) -> None:
    prepared_base = prepare(notional, "national")
    gb = prepared_base.base_area[0]
    rng = np.random.default_rng(21)
    targets = np.clip(gb + rng.normal(0, 0.03, size=(400, gb.size)) * (gb > 0), 0, None)
    targets /= targets.sum(axis=1, keepdims=True)
    expected = _plain_uniform_seats(notional, targets)
    assert np.array_equal(batch_seats(notional, targets, model="uniform"), expected)
    assert np.array_equal(project_batch(notional, targets, model="uniform")[0], expected)


@pytest.mark.parametrize(
    "count",
    [batch_seats, lambda *a, **k: project_batch(*a, **k)[0]],
    ids=["batch_seats", "project_batch"],
)
def test_batch_targets_are_fractions_summing_to_1_or_refused(notional: Election, count) -> None:
    """A row of percentages (Lab 35 ... summing to 96) was projected as it was, Lab 439 seats
    where ``project`` gives 341; a row short of 1 or with a negative share the same: each is
    refused naming the first such row as the caller indexes it, and its area."""
    gb = prepare(notional, "national").base_area[0]
    poll = {"Lab": 35, "Con": 24, "Reform": 15, "LD": 12, "Green": 7, "SNP": 3}
    percent = np.array([[poll.get(party, 0) for party in notional.parties]], dtype=np.float64)
    for rows, said in (
        (percent, r"targets\[0\] \(Great Britain\) sums to 96: give each row as fractions"),
        (np.vstack([gb, gb * 0.9]), r"targets\[1\] \(Great Britain\) sums to 0\.9: "),
        (np.vstack([gb, gb + np.nan]), r"targets\[1\] \(Great Britain\) sums to nan: "),
    ):
        with pytest.raises(InvalidSharesError, match=said):
            count(notional, rows, model="uniform")
    regions = prepare(notional, "region")
    area = regions.base_area[:-1].copy()
    area[2, :2] += (-area[2, 0] - 0.01, area[2, 0] + 0.01)  # sums to 1, one share below 0
    with pytest.raises(InvalidSharesError, match=rf"targets\[0, 2\] \({regions.areas[2]}\) has a"):
        count(notional, area[None], model="regional-uniform")
    # the uniform model moves the SNP by its GB change in points, which a note says too
    with (
        pytest.warns(ShareWarning, match=SEATS_NOTE),
        pytest.warns(ShareWarning, match="remaining 4.0%"),
        pytest.warns(ShareWarning, match="SNP stands in 57 of the 631 seats"),
    ):
        single = project(notional, poll, model="uniform")
    counts = count(notional, single.target, model="uniform")  # the poll as fractions: read
    assert dict(zip(notional.parties, counts[0].tolist(), strict=True)) == single.seats()


def test_project_uniform_equals_the_plain_reference(notional: Election) -> None:
    """The front door, ``project(base, poll)`` with the uniform model, gives what plain NumPy
    doing the same work gives (benchmarks/front_doors.py times one against the other): the
    projected shares, votes and winners (the leading candidates'), and the derived fields it
    computes on first read."""
    from psephos.model import winners_from_votes

    shares = notional.shares()
    speaker = shares[:, notional.parties.index("Speaker")] > 0
    moved = (notional.nations != "Northern Ireland") & ~speaker
    gb = (shares[moved] * notional.valid_votes[moved, None]).sum(axis=0)
    gb /= gb.sum()
    best = _best_parts(notional)
    rng = np.random.default_rng(8)
    for _ in range(5):
        target = np.clip(gb + rng.normal(0, 0.03, gb.size) * (gb > 0), 0, None)
        target /= target.sum()
        projected = shares.copy()
        projected[moved] += target - gb
        projected *= shares > 0
        np.maximum(projected, 0.0, out=projected)
        projected /= projected.sum(axis=1, keepdims=True)
        votes = projected * notional.valid_votes[:, None]
        poll = dict(zip(notional.parties, (target * 100).tolist(), strict=True))
        with warnings.catch_warnings():  # notes on the SNP's share: the numbers are compared
            warnings.simplefilter("ignore", ShareWarning)
            result = project(notional, poll, model="uniform")
        np.testing.assert_allclose(result.shares, projected, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(result.election.votes, votes, rtol=1e-12, atol=1e-9)
        # the winner and runner-up are candidates: a column of several counts its best one
        winner, runner_up, majority = winners_from_votes(votes * best)
        assert np.array_equal(result.election.winner, winner)
        assert np.array_equal(result.election.runner_up, runner_up)
        np.testing.assert_allclose(result.election.majority, majority, rtol=1e-9, atol=1e-6)
        np.testing.assert_allclose(result.election.valid_votes, notional.valid_votes, rtol=1e-12)


def _typed(base: Election, poll: str) -> tuple[object, list[tuple[str, str, int]]]:
    """``project(base, poll)`` (uniform) and its notes, each with the line it names."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = project(base, poll, model="uniform")
    return result, [(str(w.message), w.filename, w.lineno) for w in caught]


def test_a_poll_typed_again_is_read_once_and_gives_the_same_notes(
    notional: Election, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same text against the same election is read once (a page drawn again, a
    benchmark): the second projection gives the same shares and every note again, the one
    on a renamed party included, pointing at the caller's line as the first did."""
    import psephos.projection.inputs as inputs

    reads = []
    parse = inputs.parse_poll

    def counted(*args: object, **kwargs: object) -> dict[str, float]:
        reads.append(args)
        return parse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(inputs, "parse_poll", counted)
    poll = "Lab 39 Con 25 Brexit 14 LD 11 Green 6"  # a text no other test reads
    first, first_notes = _typed(notional, poll)
    again, again_notes = _typed(notional, poll)
    assert len(reads) == 1
    assert again_notes == first_notes
    assert first_notes[0][0] == "Brexit read as Reform UK (the same party)."
    assert {filename for _, filename, _ in first_notes} == {__file__}
    assert np.array_equal(again.shares, first.shares)  # type: ignore[attr-defined]


def test_a_refused_poll_gives_its_notes_and_its_error_every_time(notional: Election) -> None:
    """A poll refused is read afresh each time: the notes made before the refusal come each
    time, then the error (nothing refused is kept)."""
    for _ in range(2):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pytest.raises(InvalidSharesError, match="appears twice"):
                project(notional, "Brexit 15 Lab 35 Lab 24", model="uniform")
        assert [str(w.message) for w in caught] == ["Brexit read as Reform UK (the same party)."]


def test_a_poll_projected_again_looks_up_nothing_of_its_base_again(
    notional: Election, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a projection reads of its base (its country, its national area, the seats each
    party won for the note on parties a poll leaves out) is worked out once per base: a
    second poll looks up no jurisdiction, and its notes are those of a fresh base."""
    import psephos.jurisdictions as jurisdictions

    poll = "Lab 40 Con 25 Reform 15 LD 12 Green 6 PC 1"  # leaves the SNP out: it moves
    _, first_notes = _typed(notional, poll)
    lookups = []
    of = jurisdictions.of

    def counted(election: Election) -> object:
        lookups.append(election)
        return of(election)

    monkeypatch.setattr(jurisdictions, "of", counted)
    _, again_notes = _typed(notional, "Lab 41 Con 24 Reform 15 LD 12 Green 6 PC 1")
    assert lookups == []
    assert any("SNP from 48 to 50" in note for note, _, _ in first_notes)
    assert any("their seats from the base" in note for note, _, _ in again_notes)


def test_covariate_terms_equal_the_feature_stack(notional: Election) -> None:
    model = fitted_model("covariate", notional)
    base = prepare(notional, model.level)
    rng = np.random.default_rng(5)
    area = base.base_area[:-1]
    targets = np.clip(area + rng.normal(0, 0.03, size=(7, *area.shape)) * (area > 0), 0, None)
    targets /= targets.sum(axis=-1, keepdims=True)
    extended = base.extend(targets)
    beta = np.asarray(model.coefficients)
    assert np.abs(beta).sum() > 0
    stacked = np.tensordot(beta, features(base, extended, model.feature_names), axes=(0, 0))
    fast = weighted_features(base, extended, model.feature_names, beta)
    np.testing.assert_allclose(fast, stacked, rtol=1e-12, atol=1e-15)


def test_candidate_lists_are_cached_by_value(notional: Election) -> None:
    # the poll names 86% of the vote: each projection says where the rest goes
    with (
        pytest.warns(ShareWarning, match=SEATS_NOTE),
        pytest.warns(ShareWarning, match=r"Great Britain shares sum to 86\.0%;"),
    ):
        lists = bundled_candidates("2024")
        first = project(notional, "Lab 35 Con 24 Reform 15 LD 12", candidates=lists)
        again = project(notional, "Lab 35 Con 24 Reform 15 LD 12", candidates=dict(lists))
        assert np.array_equal(first.shares, again.shares)
        code = next(iter(lists))
        changed = {**lists, code: tuple(pair for pair in lists[code] if pair[1] != "Lab")}
        other = project(notional, "Lab 35 Con 24 Reform 15 LD 12", candidates=changed)
        row = notional.seat_index(code)
        assert other.shares[row, notional.party_index("Lab")] == 0.0
        # lists given as lists (unhashable) take the uncached path and give the same answer
        as_lists = {seat: list(pairs) for seat, pairs in lists.items()}
        uncached = project(notional, "Lab 35 Con 24 Reform 15 LD 12", candidates=as_lists)
        assert np.array_equal(first.shares, uncached.shares)


def _plain_redistribute(base, kept, group, base_area, target_area):
    """The transition models' redistribution written as one expression (plain reference; rows
    summed as the model sums them, ``core.row_sums``, checked against ``sum`` below)."""
    from psephos.projection.core import row_sums

    gain = np.maximum(target_area - base_area, 0.0)
    released_area = gain.sum(axis=-1, keepdims=True)
    released_seat = row_sums(base) - row_sums(kept)
    per_released = np.where(released_area > 1e-12, gain / np.maximum(released_area, 1e-12), 0.0)
    return kept + np.take(per_released, group, axis=-2) * released_seat


def _plain_adaptive(base, stood, group, base_area, target_area, low=0.25, high=0.5):
    """Adaptive transition as the formulas read (plain reference: no in-place steps)."""
    from psephos.projection import core

    weight = core.loss_weight(base_area, target_area, low, high)
    loss = np.maximum(base_area - target_area, 0.0)
    relative = np.where(base_area > 1e-12, loss / np.where(base_area > 1e-12, base_area, 1.0), 0)
    seat_weight = np.take(weight, group, axis=-2)
    proportional = base * np.take(relative, group, axis=-2)
    uniform = np.take(loss, group, axis=-2) * (base > 0.0)
    kept = np.maximum(base - seat_weight * proportional - (1.0 - seat_weight) * uniform, 0.0)
    raw = _plain_redistribute(base, kept, group, base_area, target_area)
    return core.finish_shares(raw, stood, base)


def _plain_transition(base, stood, group, base_area, target_area):
    from psephos.projection import core

    keep_ratio = np.minimum(core.proportional_ratio(base_area, target_area), 1.0)
    keep_ratio = np.where(base_area > 1e-12, keep_ratio, 1.0)
    kept = base * np.take(keep_ratio, group, axis=-2)
    raw = _plain_redistribute(base, kept, group, base_area, target_area)
    return core.finish_shares(raw, stood, base)


@pytest.mark.parametrize("leading", [(), (7,)])
def test_in_place_transition_steps_match_the_formulas_exactly(leading) -> None:
    """The transition and adaptive transition models compute in place; the plain formulas
    (new arrays at every step) give the same numbers, one scenario or a batch: the very same
    bits for the transition model; the adaptive one groups its factors at area level
    (``base * (1 - w * r) - (1 - w) * loss``), equal to the last bits."""
    from psephos.projection import core

    rng = np.random.default_rng(21)
    n_seats, n_areas, n_parties = 60, 5, 7
    base = rng.dirichlet(np.ones(n_parties), size=n_seats)
    base[rng.random(base.shape) < 0.2] = 0.0
    base /= base.sum(axis=1, keepdims=True)
    stood = base > 0
    stood[:, 0] = True
    group = rng.integers(0, n_areas, size=n_seats)
    base_area = np.vstack(
        [base[group == a].mean(axis=0) if (group == a).any() else base[0] for a in range(n_areas)]
    )
    target = base_area * rng.uniform(0.3, 1.8, size=(*leading, n_areas, n_parties))
    target /= target.sum(axis=-1, keepdims=True)
    got = core.transition_swing(base, stood, group, base_area, target)
    assert np.array_equal(got, _plain_transition(base, stood, group, base_area, target))
    got = core.adaptive_transition_swing(base, stood, group, base_area, target)
    want = _plain_adaptive(base, stood, group, base_area, target)
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)


def test_challenger_term_and_its_centring_match_the_feature_stack(notional: Election) -> None:
    """The national model's consolidation term: built directly, its area means from
    area-level sums, the challenger slice of the explicit feature stack centred on a copy (to
    the last bits; scaled, the same times the scale)."""
    from psephos.projection.covariate import _centred, challenger_term
    from psephos.projection.national import consolidation_term

    region = prepare(notional, "region")
    rng = np.random.default_rng(7)
    area = region.base_area
    target = area * rng.uniform(0.5, 1.5, size=(3, *area.shape))
    target /= target.sum(axis=-1, keepdims=True)
    stack = features(region, target, ("challenger",))
    assert np.array_equal(challenger_term(region, target), stack[0])
    centred = _centred(region, stack[0])
    np.testing.assert_allclose(consolidation_term(region, target), centred, rtol=0, atol=1e-15)
    np.testing.assert_allclose(
        consolidation_term(region, target, 0.3), 0.3 * centred, rtol=0, atol=1e-15
    )


@pytest.mark.parametrize("shape", [(650, 16), (7, 60, 9), (3, 5, 2), (4, 0)])
def test_row_sums_equal_numpy_sums(shape) -> None:
    """The hot paths' row sums (a product with a ones vector) are ``sum(axis=-1)`` up to the
    last bit."""
    from psephos.projection.core import row_sums

    values = np.random.default_rng(5).random(shape)
    got = row_sums(values)
    assert got.shape == (*shape[:-1], 1)
    np.testing.assert_allclose(got, values.sum(axis=-1, keepdims=True), rtol=1e-14, atol=0)
