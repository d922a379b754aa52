"""What was known before an election: the projection tactical advice is built on.

For election Y with base B (the previous election on the same boundaries, or the notional
result on new ones) the pre-election shares use only:

* the base result B;
* the nominations for Y (who stands where: public about three weeks before polling day);
* the average GB voting intention of the polls in the fortnight before the cutoff (the date
  the tactical sites' advice was captured), bundled in ``tactical_polls.npz``;
* optionally (2024 only) the average of the pre-election MRP seat estimates compiled by Movement
  Forward (``tactical_mrp_2024.npz``).

Never the result of Y itself. The seats are projected by the projection engine
(:func:`psephos.projection.project`, the swing-model registry), as every poll in psephos is.
The ``uniform`` method gives it per-nation targets (:func:`nation_targets`): each polled party's
nation share moves by its change in GB share since B, except the SNP and Plaid Cymru, whose GB
change is scaled up to their nation (the change in GB share divided by the nation's part of the
GB vote); the registry's ``nation-uniform`` model (additive swing, Butler 1963) then moves every
seat by its nation's change. This time's nominations go in as the candidate lists, so a party
standing where it did not stand in B starts from the engine's imputed share
(:func:`psephos.projection.rebase`) and a party not standing gets 0. A sitting MP who restands
under a different label (the 2019 defectors; on new boundaries, the winner of the real election
behind a notional base, such as Jeremy Corbyn before 2024) takes ``DEFECTOR_RETENTION`` of their
previous party's share with them. A new Speaker takes all of it, by the projection engine's own
rule (:func:`psephos.projection.candidates.field_shares`). Northern Ireland is not polled and
keeps B's shares.
"""

from __future__ import annotations

import warnings
from functools import cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from psephos.errors import PsephosError, UnknownElectionError, did_you_mean
from psephos.jurisdictions import (
    Jurisdiction,
    for_election_id,
    load,
    of,
    previous_id,
    resolve_election_id,
    seats_across_boundaries,
)
from psephos.model import CANDIDATE_GROUPS, Election
from psephos.numbers import format_number
from psephos.projection.shape import mrp_shares

FloatArray = npt.NDArray[np.float64]

#: Share of a defecting incumbent's previous-party vote that follows them.
DEFECTOR_RETENTION = 0.5
#: Elections with bundled pre-election polls.
PRE_ELECTION_IDS: tuple[str, ...] = ("2017", "2019", "2024")
#: Elections whose pre-election MRP average is bundled (the ``mrp`` method).
MRP_ELECTIONS: tuple[str, ...] = ("2024",)


def default_method(election_id: str) -> str | None:
    """The pre-election projection advice for ``election_id`` uses unless told otherwise:
    ``mrp`` where the MRP average the tactical-voting sites themselves used is bundled (2024),
    else the projection engine's default model (:data:`psephos.projection.DEFAULT_MODEL`, the
    headline of the real-input back-test) applied to the final polls; ``None`` for anything
    that is not pre-election advice (``next`` or a result: the result is the expectation)."""
    try:
        resolved = resolve_election_id(election_id)
    except UnknownElectionError:  # "next", or an election of the user's own
        return None
    return pre_election_method(resolved) if resolved in PRE_ELECTION_IDS else None


def pre_election_method(key: str) -> str:
    """:func:`default_method` of a canonical pre-election id (``2017``, ``2019``, ``2024``)."""
    from psephos.projection import DEFAULT_MODEL

    return "mrp" if key in MRP_ELECTIONS else DEFAULT_MODEL


def method_phrase(method: str) -> str:
    """How a pre-election method reads in a sentence ("uniform swing to the final polls")."""
    if method == "mrp":
        return "the MRP average"
    if method == "base":
        return "the previous result with no swing"
    if method == "uniform":
        return "uniform swing to the final polls"
    return f"the {method} model applied to the final polls"


def bundling_country(election_id: str, table: str) -> Jurisdiction | None:
    """The jurisdiction of a bundled election id when it bundles ``table`` (the pre-election
    polls, ``tactical_polls``, and the tactical-voting sites' picks,
    ``tactical_recommendations``: the UK's), else ``None``."""
    try:
        country = for_election_id(election_id)[0]
    except UnknownElectionError:
        return None
    return country if country.has_table(table) else None


@cache
def polls(election_id: str) -> dict[str, float]:
    """Average GB poll share per party in the fortnight before the cutoff (bundled in the
    election's jurisdiction)."""
    country = bundling_country(election_id, "tactical_polls")
    frame = None if country is None else country.table("tactical_polls")
    frame = None if frame is None else frame[frame["election"] == election_id]
    if frame is None or frame.empty:
        raise UnknownElectionError(
            f"No bundled pre-election polls for {election_id!r}; "
            f"available: {', '.join(PRE_ELECTION_IDS)}."
        )
    return {str(p): float(s) for p, s in zip(frame["party"], frame["share"], strict=True)}


def nominations(election_id: str, election: Election) -> npt.NDArray[np.bool_]:
    """Seats x parties: did the party stand in ``election_id`` (known before polling day);
    the projection package's reading of the bundled lists
    (:func:`psephos.projection.candidate_mask` of :func:`psephos.projection.bundled_candidates`)."""
    from psephos.projection import bundled_candidates, candidate_mask

    return candidate_mask(election, bundled_candidates(election_id))


def _defections(election_id: str, base: Election) -> list[tuple[int, str, str]]:
    """(seat, old party, new party) where the base winner, the sitting MP, restands there under
    another label in ``election_id``'s nominations (and not also under the old one: a
    namesake of the MP's stands beside them); not a new Speaker, whose seat the projection
    engine gives the last winner's share (:func:`psephos.projection.candidates.field_shares`).
    Names are compared as the projection compares them
    (:func:`psephos.projection.candidates.name_key`). A notional base names no
    candidates: its sitting MPs are the winners of the real election behind it
    (:data:`psephos.projection.candidates.SITTING_FROM`, e.g. 2019 for the 2019 notional
    result on the 2024 seats) in an old seat the new one was drawn from
    (:func:`psephos.jurisdictions.seats_across_boundaries`), of the notional winner's party."""
    if base.candidates is None:
        return []
    from psephos.projection import bundled_candidates
    from psephos.projection.candidates import SITTING_FROM, name_key, speaker_column

    real = load(SITTING_FROM[base.id]) if base.id in SITTING_FROM else base
    if real.candidates is None:
        return []
    sitting: dict[tuple[str, str] | None, list[tuple[int, str]]] = {}
    for real_row, seat_candidates in enumerate(real.candidates):
        if seat_candidates:
            winner = max(seat_candidates, key=lambda c: c.votes)
            if winner.name.strip():
                sitting.setdefault(name_key(winner.name), []).append((real_row, winner.party))
    out = []
    lookup = base.seat_lookups.lookup
    for code, pairs in bundled_candidates(election_id).items():
        if code not in lookup or not base.candidates[lookup[code]]:
            continue
        row = lookup[code]
        old = base.parties[int(base.winner[row])]
        labels: dict[tuple[str, str] | None, set[str]] = {}
        for name, party in pairs:
            labels.setdefault(name_key(name), set()).add(party)
        for key, parties in labels.items():
            if old in parties or len(parties) > 1:  # restands for the party (or a namesake)
                continue
            (new,) = parties
            if base.parties.index(new) == speaker_column(base):
                continue  # a new Speaker: the projection's rule gives them the winner's share
            for real_row, party in sitting.get(key, []):
                if party == old and _drawn_from(real, base, real_row, row):
                    out.append((row, old, new))
    return out


def _drawn_from(real: Election, base: Election, real_row: int, row: int) -> bool:
    """Whether seat ``real_row`` of ``real`` is seat ``row`` of ``base``, or, on other
    boundaries, one of the old seats that supplied its population."""
    if real is base:
        return real_row == row
    found = seats_across_boundaries(real, base.codes[row])
    return found is not None and real_row in found[0]


def nation_targets(base: Election, poll: dict[str, float]) -> dict[str, dict[str, float]]:
    """Per-nation target shares (percent) from a GB poll (fractions), for ``nation-uniform``.

    Each polled party's share in each GB nation moves by its change in GB share since ``base``;
    a nation-only party (the country's :attr:`~psephos.jurisdictions.Jurisdiction.nation_parties`:
    the SNP, Plaid Cymru) moves in its own nation by its GB change times the GB vote over the
    nation's vote (its whole GB vote is cast there). Parties not polled keep their base share.
    """
    from psephos.projection import base_area_shares, base_national_shares

    nation_parties = of(base).nation_parties
    gb_base = base_national_shares(base)
    nation_base = base_area_shares(base, "nation")
    valid = base.valid_votes
    gb = base.gb_mask
    out: dict[str, dict[str, float]] = {}
    for nation, shares in nation_base.items():
        target = dict(shares)
        for party, share in poll.items():
            if party not in target:
                continue
            change = share - gb_base[party]
            if party in nation_parties:
                if nation_parties[party] != nation:
                    continue
                change *= valid[gb].sum() / max(valid[base.nations == nation].sum(), 1.0)
            target[party] = max(target[party] + change, 0.0)
        total = sum(target.values())
        out[nation] = {party: 100.0 * value / total for party, value in target.items()}
    return out


@cache
def pre_election_shares(election_id: str, *, method: str | None = None) -> FloatArray:
    """Seats x parties shares expected before ``election_id`` from pre-election information.

    Args:
        election_id: ``"2017"``, ``"2019"`` or ``"2024"``.
        method: ``"base"`` (the base result with the nominations, no swing: a baseline),
            ``"uniform"`` (base + uniform swing to the final polls), ``"mrp"`` (2024:
            the MRP average where it covers a seat, its ``Other`` shared among the standing
            Independents and Others (:func:`_mrp_fielded`), uniform swing elsewhere), or any other
            swing model of the projection package (``proportional``, ``transition``,
            ``strong-transition``, ``regional-uniform``, ``covariate``...), applied through its
            public ``project`` to the same polls and nominations. Default:
            :func:`default_method`.

    Returns:
        Shares aligned to ``pre_election_base(election_id)``'s seats and parties.
    """
    key = resolve_election_id(election_id)
    if key not in PRE_ELECTION_IDS:
        raise UnknownElectionError(
            f"No pre-election information for {election_id!r}; "
            f"available: {', '.join(PRE_ELECTION_IDS)}."
        )
    method = method or pre_election_method(key)
    if method not in ("base", "uniform", "mrp", *projection_models()):
        raise PsephosError(
            f"Unknown pre-election method {method!r}; use 'base', 'uniform', 'mrp' or a "
            f"projection model: {', '.join(projection_models())}."
            + did_you_mean(method, ("base", "uniform", "mrp", *projection_models()))
        )
    if method == "mrp" and key not in MRP_ELECTIONS:
        raise PsephosError(f"MRP seat estimates are bundled for {', '.join(MRP_ELECTIONS)} only.")
    base = pre_election_base(key)
    stood = nominations(key, base)
    adjusted = base.shares().copy()
    for seat, old, new in _defections(key, base):
        j_old, j_new = base.parties.index(old), base.parties.index(new)
        moved = DEFECTOR_RETENTION * adjusted[seat, j_old]
        adjusted[seat, j_old] -= moved
        adjusted[seat, j_new] += moved
    base_adjusted = base.with_votes(adjusted * base.valid_votes[:, None], election_id=base.id)
    if method == "base":
        shares = _projected(base_adjusted, {}, stood)
    elif method in ("uniform", "mrp"):
        shares = _projected(base_adjusted, polls(key), stood)
    else:
        shares = _projected(base_adjusted, polls(key), stood, method)
    if method == "mrp":
        mrp = _mrp_fielded(base, shares, stood)
        known = ~np.isnan(mrp).any(axis=1)
        shares[known] = mrp[known]
    shares.setflags(write=False)
    return shares


def _mrp_fielded(base: Election, projected: FloatArray, stood: npt.NDArray[np.bool_]) -> FloatArray:
    """The MRP average (:func:`psephos.projection.shape.mrp_shares`) on this time's
    nominations, rows summing to 1 (NaN where it has no seat). Its ``Other`` is every
    candidate outside the parties it names, so it goes to the seat's standing candidate
    groups (:data:`~psephos.model.CANDIDATE_GROUPS`: ``Ind``, ``Other``) in proportion to
    their ``projected`` shares (equally where those are 0): an Independent standing, a sitting
    MP among them, keeps the MRP's share of them. Parties not standing get 0."""
    mrp = mrp_shares(base)
    groups = [base.parties.index(code) for code in CANDIDATE_GROUPS if code in base.parties]
    other = base.parties.index("Other") if "Other" in base.parties else None
    out = mrp * stood
    if other is not None:
        standing = stood[:, groups]
        weight = np.where(standing, projected[:, groups], 0.0)
        totals = weight.sum(axis=1, keepdims=True)
        even = standing / np.maximum(standing.sum(axis=1, keepdims=True), 1)
        part = np.divide(weight, totals, out=even.astype(np.float64), where=totals > 0)
        out[:, groups] = mrp[:, [other]] * part
    totals = out.sum(axis=1, keepdims=True)
    return np.asarray(out / np.where(totals > 0, totals, 1.0), dtype=np.float64)


def projection_models() -> tuple[str, ...]:
    """Swing models of the projection package usable as pre-election methods ('' if absent)."""
    try:
        from psephos.projection import MODELS
    except ImportError:  # pragma: no cover - the projection package ships with psephos
        return ()
    return tuple(name for name in MODELS if name != "uniform")


def _projected(
    base: Election, poll: dict[str, float], stood: npt.NDArray[np.bool_], model: str | None = None
) -> FloatArray:
    """Seat shares from the projection engine; this time's nominations are the candidate lists
    (entrants imputed, absentees 0). Without ``model`` (the ``uniform`` method): the
    registry's ``nation-uniform`` model given :func:`nation_targets` (no poll: the base's own
    nation shares, a zero swing); with one, that model given the GB poll."""
    from psephos.projection import ShareWarning, project

    with warnings.catch_warnings():
        # The unpolled parties sharing the remainder in proportion is what we want here.
        warnings.simplefilter("ignore", ShareWarning)
        if model is None:
            areas = nation_targets(base, poll)
            projected = project(
                base, areas=areas, model="nation-uniform", candidates=stood, rebase=True
            )
        else:
            national = {party: 100.0 * share for party, share in poll.items()}
            projected = project(base, national, model=model, candidates=stood, rebase=True)
    shares = np.array(projected.shares, dtype=np.float64)
    return shares


def pre_election_base(election_id: str) -> Election:
    """The base election whose seats the pre-election shares are aligned to: the previous
    election on the same boundaries (:func:`psephos.jurisdictions.previous_id`)."""
    return load(previous_id(election_id))


def describe(election_id: str, method: str | None = None) -> str:
    """One phrase naming the information used (for reasoning text and reports; ``method``
    defaults to :func:`default_method`)."""
    key = resolve_election_id(election_id)
    method = method or pre_election_method(key)
    previous = previous_id(key)
    if method == "base":
        return f"before {key}: the {previous} result with this time's nominations, no swing"
    poll = polls(key)
    country = for_election_id(key)[0]
    frame = country.table("tactical_polls")
    cutoff = str(frame[frame["election"] == key]["cutoff"].iloc[0])
    text = ", ".join(f"{country.label(p, key)} {format_number(s, '.0%')}" for p, s in poll.items())
    what = "MRP average where available, else " if method == "mrp" else ""
    how = "uniform swing" if method in ("uniform", "mrp") else f"the {method} model applied"
    return (
        f"before {key}: {what}the {previous} result with {how} to the polls "
        f"of the fortnight to {cutoff} ({text})"
    )


def pre_election_frame(election_id: str, method: str | None = None) -> pd.DataFrame:
    """The pre-election shares as a DataFrame (seat code rows, party columns)."""
    base = pre_election_base(election_id)
    return pd.DataFrame(
        pre_election_shares(election_id, method=method),
        index=list(base.codes),
        columns=list(base.parties),
    )
