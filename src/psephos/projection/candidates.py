"""This time's candidate lists: re-basing the last election on the parties standing now.

Which parties stand in each seat is public at the close of nominations, about three weeks before
polling day, so it is information a projection may use (only the presence of a candidate, never
a vote). A swing model starts from the last result; when the field changes, that result is not
the right starting point: a party standing now that did not stand last time starts at 0 (the
Brexit Party stood down in 317 Conservative-held seats in 2019, so Reform would start at 0 there
in 2024), and a party that stood last time but not now keeps votes nobody can cast for it.

:func:`rebase` builds the *candidate-adjusted base* ``s~`` (seats x parties) seat by seat (Great
Britain seats; the seat where the Speaker stands this time is left alone), from the base's shares
of the candidates themselves (:func:`field_shares`):

0. **The field.** Where a new Speaker stands (the Speaker stands now, not last time), the Speaker
   takes the share of the party that won the seat last time (the Speaker is that seat's MP, and
   the main parties do not stand against the Speaker). Independents and Others
   (:data:`~psephos.model.CANDIDATE_GROUPS`) are columns of many candidates whose votes are their
   own: where the lists name this time's candidates, such a column keeps only the votes of last
   time's candidates who stand again (:func:`carried_shares`), so a different Independent starts
   from 0 as every entrant Independent does; the rest goes to the seat's other parties in
   proportion. Lists without names carry a column's whole share over, whoever stands for it.
1. **Withdrawals.** A party ``p`` that stood last time but not now releases its share
   ``s_kp``; each party ``j`` still standing receives it in proportion to ``A_pj s_kj``.
2. **Entrants.** A major party ``p`` (:data:`IMPUTED_PARTIES`) standing now but not last time
   gets an imputed share ``m_kp``: a least-squares fit, on the seats of the same (base)
   election where ``p`` did stand in that nation, of ``log s_kp`` on region indicators and the
   seat's standardised Leave estimate, share with a degree, share aged 65+ and share White
   British (:meth:`psephos.jurisdictions.UK.table` ``("demographics")``), predicted for seat ``k``,
   exponentiated and clipped to ``[0.002, 0.6]``. The share comes from the other standing
   parties in proportion to ``A_pj s_kj`` (never taking more than a party has). In the former
   Speaker's seat (the Speaker stood there last time, not now) the Speaker's share counts
   among them: the parties that did not stand against the Speaker take their shares from it,
   and what is left of it is then released as a withdrawal.

``A`` is the *affinity* matrix (ones unless overridden). :data:`DEFAULT_AFFINITY` gives the
Reform lineage (UKIP / Brexit Party / Reform UK) a Conservative affinity of 3: its votes come
from, and go back to, the Conservatives three times as readily as from a party of equal share.
This follows the 2019 stand-downs: in the 2017->2019 back-test the Conservatives out-ran
regional uniform swing where the Brexit Party did not stand (see docs/backtests.md).

Other parties (independents, "Other", Northern Ireland parties) entering start at 0, as before;
every party absent from the list gets exactly 0. With this time's lists equal to last time's
(and the same Independents), ``s~ = s`` exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError, UnknownConstituencyError
from psephos.model import CANDIDATE_GROUPS, Election, get_party, own_party_in, party_in
from psephos.model.names import normalise_name

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Parties whose base share is imputed where they stand now but did not last time.
IMPUTED_PARTIES: tuple[str, ...] = ("Con", "Lab", "LD", "Green", "SNP", "PC", "Reform")
#: Demographic columns used to impute an entrant's base share.
IMPUTATION_COLUMNS: tuple[str, ...] = ("leave", "degree", "age_65_plus", "white_british")
#: Affinity overrides ``(from, to) -> weight`` (every other pair is 1).
DEFAULT_AFFINITY: Mapping[tuple[str, str], float] = {("Reform", "Con"): 3.0}
#: Largest and smallest imputed share.
MAX_IMPUTED = 0.6
MIN_IMPUTED = 0.002
#: Seats where a party had less than this share are left out of its imputation fit: a notional
#: result spreads one candidate's votes over parts of several new seats (the Brexit Party has
#: "stood" in 336 notional 2019 seats, a tenth of them below 0.4%).
MIN_TRAINING = 0.01
#: A seat's field: party codes, or ``(candidate name, party code)`` pairs ("" when unnamed).
Field = Sequence[str] | Sequence[tuple[str, str]]


@cache
def _demography(boundary_set: str) -> dict[str, dict[str, float]]:
    from psephos.io.tables import columns

    table = columns("demographics")  # the UK's bundled table, read without pandas
    rows = np.asarray(table["boundary_set"] == boundary_set)
    codes = table["code"][rows].tolist()
    return {
        column: {str(k): float(v) for k, v in zip(codes, table[column][rows].tolist(), strict=True)}
        for column in IMPUTATION_COLUMNS
    }


def seat_covariates(election: Election) -> FloatArray:
    """Standardised demographics per seat, ``seats x len(IMPUTATION_COLUMNS)`` (missing -> 0)."""
    boundary_set = election.constituencies[0].boundary_set if election.n_seats else ""
    values = _demography(boundary_set)
    out = np.zeros((election.n_seats, len(IMPUTATION_COLUMNS)))
    for column, name in enumerate(IMPUTATION_COLUMNS):
        raw = np.array([values[name].get(code, np.nan) for code in election.codes])
        finite = np.isfinite(raw)
        if finite.sum() > 2 and raw[finite].std() > 0:
            out[:, column] = np.where(finite, (raw - raw[finite].mean()) / raw[finite].std(), 0.0)
    return out


def affinity_matrix(
    parties: Sequence[str], overrides: Mapping[tuple[str, str], float] | None = None
) -> FloatArray:
    """``A`` (parties x parties): ones, with ``overrides[(from, to)]`` where given."""
    matrix = np.ones((len(parties), len(parties)))
    for (source, sink), weight in (DEFAULT_AFFINITY if overrides is None else overrides).items():
        if source in parties and sink in parties:
            matrix[parties.index(source), parties.index(sink)] = weight
    return matrix


def imputed_shares(election: Election, entering: BoolArray, eligible: BoolArray) -> FloatArray:
    """Imputed base shares (seats x parties) where ``entering``; 0 elsewhere.

    For each party and nation, a least-squares fit of its log share on a nation level, region
    deviations (unit ridge penalty, so a region without data gets the nation's level) and
    standardised demographics, over the ``eligible`` seats where it had at least
    :data:`MIN_TRAINING` of the vote.
    """
    shares = election.shares()
    covariates = seat_covariates(election)
    regions = election.regions
    nations = election.nations
    out = np.zeros(shares.shape)
    for index, party in enumerate(election.parties):
        if party not in IMPUTED_PARTIES or not entering[:, index].any():
            continue
        for nation in np.unique(nations[entering[:, index]]):
            in_nation = (nations == nation) & eligible
            train = in_nation & (shares[:, index] >= MIN_TRAINING)
            target = entering[:, index] & (nations == nation)
            if train.sum() < 10:
                continue
            names = sorted(set(regions[in_nation]))
            dummies = (regions[:, None] == np.array(names)[None, :]).astype(np.float64)
            design = np.hstack((np.ones((len(regions), 1)), dummies, covariates))
            logs = np.log(np.maximum(shares[train, index], MIN_IMPUTED))
            # Region effects are deviations from the nation's level with a unit ridge penalty,
            # so a region where the party stood nowhere gets the nation's level.
            penalty = np.zeros((len(names), design.shape[1]))
            penalty[:, 1 : 1 + len(names)] = np.eye(len(names))
            beta, *_ = np.linalg.lstsq(
                np.vstack((design[train], penalty)),
                np.concatenate((logs, np.zeros(len(names)))),
                rcond=None,
            )
            out[target, index] = np.clip(np.exp(design[target] @ beta), MIN_IMPUTED, MAX_IMPUTED)
    return out


def rebase(
    election: Election,
    stood_now: npt.ArrayLike,
    *,
    affinity: Mapping[tuple[str, str], float] | None = None,
    frozen: npt.ArrayLike | None = None,
    withdrawals: bool = True,
    carried: npt.ArrayLike | None = None,
) -> FloatArray:
    """The candidate-adjusted base shares (see the module docstring).

    Args:
        election: The base election.
        stood_now: Seats x parties: who stands this time.
        affinity: ``(from, to) -> weight`` overrides of the affinity matrix (default
            :data:`DEFAULT_AFFINITY`).
        frozen: Seats to leave as they are (default: the seats where the Speaker stands this
            time, and Northern Ireland). A new Speaker's seat still goes to the Speaker.
        withdrawals: Release the share of a party not standing now to the parties standing
            (``False``: leave it in the row, as :func:`psephos.projection.prepare` does, which
            zeroes it when it projects).
        carried: Seats x parties: the part of each column's last share that its candidates
            now bring (:func:`carried_shares`; default: all of it).

    Returns:
        Seats x parties shares, rows summing to 1, exactly 0 where a party does not stand now
        (unless no party in the row stands, when the row is left as it was); equal to
        ``election.shares()`` wherever the field is unchanged. Computed once per election and
        set of arguments (cached on the election).
    """
    now = np.asarray(stood_now, dtype=bool)
    frozen_key = None if frozen is None else np.asarray(frozen, dtype=bool).tobytes()
    affinity_key = None if affinity is None else tuple(sorted(affinity.items()))
    carried_key = None if carried is None else np.asarray(carried, dtype=np.float64).tobytes()
    key = (
        "candidates.rebase",
        now.shape,
        now.tobytes(),
        frozen_key,
        affinity_key,
        withdrawals,
        carried_key,
    )
    out: FloatArray = election.cached(
        key,
        lambda: _rebase(
            election,
            now,
            affinity=affinity,
            frozen=frozen,
            withdrawals=withdrawals,
            carried=carried,
        ),
    )
    return out.copy()


def speaker_column(election: Election) -> int | None:
    """The column of the Speaker's own label in ``election`` (its country's
    :attr:`~psephos.jurisdictions.ParliamentRules.speaker_party`; ``None`` where it has none)."""
    from psephos import jurisdictions  # jurisdictions project with this module

    speaker = jurisdictions.of(election).parliament.speaker_party
    return election.parties.index(speaker) if speaker in election.parties else None


def field_shares(
    election: Election, stood_now: npt.ArrayLike, carried: npt.ArrayLike | None = None
) -> FloatArray:
    """The base shares of the candidates themselves, before any re-basing.

    * A new Speaker's seat (the Speaker stands now, not last time): the Speaker takes the
      share of the party that won the seat last time. The Speaker is elected from the sitting
      MPs, and by convention the main parties do not stand against the Speaker.
    * An Independent's (or Other's) column keeps only ``carried`` of its share, the votes of
      last time's candidates who stand again (:func:`carried_shares`); the rest goes to the
      other parties in the seat in proportion to their shares.

    Every other row is ``election.shares()`` exactly.
    """
    shares = election.shares().copy()
    now = np.asarray(stood_now, dtype=bool)
    if carried is not None:
        kept = np.clip(np.asarray(carried, dtype=np.float64), 0.0, 1.0)
        rows = np.flatnonzero(((kept < 1.0) & (shares > 0)).any(axis=1))
        if rows.size:
            scaled = shares[rows] * kept[rows]
            totals = scaled.sum(axis=1, keepdims=True)
            shares[rows] = np.divide(scaled, totals, out=shares[rows].copy(), where=totals > 0)
    speaker = speaker_column(election)
    if speaker is not None:
        for row in np.flatnonzero(now[:, speaker] & ~(shares[:, speaker] > 0)):
            winner = int(election.winner[row])
            if winner != speaker and shares[row, winner] > 0:
                shares[row, speaker] += shares[row, winner]
                shares[row, winner] = 0.0
    return shares


def _rebase(
    election: Election,
    stood_now: npt.ArrayLike,
    *,
    affinity: Mapping[tuple[str, str], float] | None,
    frozen: npt.ArrayLike | None,
    withdrawals: bool,
    carried: npt.ArrayLike | None,
) -> FloatArray:
    now = np.asarray(stood_now, dtype=bool)
    shares = field_shares(election, now, carried)
    before = shares > 0
    speaker = speaker_column(election)
    if frozen is None:
        standing = now[:, speaker] if speaker is not None else np.zeros(len(now), dtype=bool)
        frozen = standing | ~election.gb_mask
    movable = ~np.asarray(frozen, dtype=bool)
    # The former Speaker's seat: the main parties did not stand against the Speaker, so the
    # Speaker's share is what the parties entering there take their imputed shares from.
    pool = np.zeros_like(before)
    if speaker is not None:
        pool[:, speaker] = before[:, speaker] & ~now[:, speaker] & movable
    matrix = affinity_matrix(election.parties, affinity)
    out = shares.copy()
    # 1. Withdrawals: released share to the parties still standing, by affinity x share.
    leaving = before & ~now & movable[:, None]
    releasing = leaving & ~pool & withdrawals
    staying = now & before
    rows = np.flatnonzero(releasing.any(axis=1) & staying.any(axis=1))
    if rows.size:
        released = shares[rows] * releasing[rows]  # seats x parties (source)
        receive = shares[rows] * staying[rows]  # seats x parties (sink)
        # flow[k, p, j] = released[k, p] * A[p, j] s_kj / sum_j A[p, j] s_kj
        weight = matrix[None, :, :] * receive[:, None, :]
        totals = weight.sum(axis=2, keepdims=True)
        flow = released[:, :, None] * np.divide(
            weight, totals, out=np.zeros_like(weight), where=totals > 0
        )
        out[rows] = shares[rows] * (staying | pool)[rows] + flow.sum(axis=1)
    # 2. Entrants: imputed share taken from the standing parties, by affinity x share.
    entering = now & ~before & movable[:, None]
    eligible = movable & election.gb_mask
    imputed = imputed_shares(election, entering & eligible[:, None], eligible)
    for row in np.flatnonzero(imputed.any(axis=1)):
        current = out[row] * (now[row] | pool[row])
        for party in np.flatnonzero(imputed[row]):
            wanted = imputed[row, party]
            weight = matrix[party] * current
            weight[party] = 0.0
            total = weight.sum()
            if total <= 0:
                continue
            take = np.minimum(wanted * weight / total, current)
            current = current - take
            current[party] += take.sum()
        out[row] = current
    if withdrawals:
        out *= now | ~movable[:, None]
    totals = out.sum(axis=1, keepdims=True)
    keep = (totals[:, 0] <= 0) | ~(leaving.any(axis=1) | entering.any(axis=1))
    totals[keep] = 1.0
    out = out / totals
    out[keep] = shares[keep]  # unchanged fields (and empty rows) keep the base exactly
    return out


def candidate_mask(election: Election, candidates: Mapping[str, Field]) -> BoolArray:
    """Seats x parties mask from candidate lists; seats not listed keep last time's field."""
    key = _lists_key(candidates)
    if key is None:
        return _candidate_mask(election, candidates)
    mask: BoolArray = election.cached(
        ("candidates.mask", key), lambda: _candidate_mask(election, candidates)
    )
    return mask.copy()


def _candidate_mask(election: Election, candidates: Mapping[str, Field]) -> BoolArray:
    parties, _ = split_candidates(election, candidates)
    mask = np.asarray(election.votes > 0).copy()
    if not parties:
        return mask
    column = {party: index for index, party in enumerate(election.parties)}
    lookup = election.seat_lookups.lookup  # split_candidates returns ONS codes
    rows = np.fromiter((lookup[code] for code in parties), dtype=np.intp, count=len(parties))
    mask[rows] = False
    seat_rows: list[int] = []
    party_columns: list[int] = []
    for row, standing in zip(rows.tolist(), parties.values(), strict=True):
        for party in standing:
            if party not in column:  # another country's party: refused, naming the parties
                from psephos.jurisdictions import refuse_foreign_party  # they project

                refuse_foreign_party(party, election.parties)  # naming both countries
                party_in(party, election.parties, across=False)
            seat_rows.append(row)
            party_columns.append(column[party])
    mask[seat_rows, party_columns] = True
    return mask


class _ListsKey:
    """A hashable, value-based key for candidate lists (hash computed once)."""

    __slots__ = ("hash", "items")

    def __init__(self, items: tuple[Any, ...]) -> None:
        self.items = items
        self.hash = hash(items)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _ListsKey) and self.hash == other.hash and self.items == other.items
        )


def _lists_key(candidates: Mapping[str, Any]) -> _ListsKey | None:
    """A cache key for candidate lists, or ``None`` when they hold unhashable values (lists)."""
    try:
        return _ListsKey(tuple(candidates.items()))
    except TypeError:
        return None


Split = tuple[dict[str, tuple[str, ...]], dict[str, tuple[tuple[str, str], ...]] | None]


def split_candidates(election: Election, candidates: Mapping[str, Field]) -> Split:
    """Split candidate lists into parties per seat and, when names are given, named pairs.

    Computed once per election and set of lists (by value; cached on the election), so a
    projection that needs the split in several places pays for it once.

    Args:
        election: The base election (seats may be given by ONS code or name).
        candidates: Seat -> party codes, or seat -> ``(name, party)`` pairs.

    Returns:
        ``code -> parties`` and ``code -> (name, party)`` (``None`` when no name is given).
    """
    key = _lists_key(candidates)
    if key is None:
        return _split_candidates(election, candidates)
    parties, named = election.cached(
        ("candidates.split", key), lambda: _split_candidates(election, candidates)
    )
    return dict(parties), (None if named is None else dict(named))


def check_boundaries(election: Election, seats: Sequence[str], what: str) -> None:
    """Refuse seat-keyed input (``what``: "candidate lists", "recommendations") drawn on other
    boundaries than ``election``'s: when at least half of its ONS codes are not among the
    election's seats, one clear error instead of a "no constituency" for the first of them.

    Raises:
        UnknownConstituencyError: naming how many codes are unknown and one of them.
    """
    lookup = election.seat_lookups.lookup
    codes = list(
        dict.fromkeys(
            str(seat).strip().upper() for seat in seats if _ONS_CODE.match(str(seat).strip())
        )
    )
    unknown = [code for code in codes if code not in lookup]
    if codes and 2 * len(unknown) >= len(codes):
        raise UnknownConstituencyError(
            f"{len(unknown)} of the {len(codes)} seats in the {what} are not seats of "
            f"{election.id!r} (e.g. {unknown[0]}): they are for other boundaries. Give "
            f"{what} for the seats of {election.id!r}, e.g. those of an election on the same "
            "boundaries."
        )


#: An ONS (GSS) constituency code: a country letter and eight digits.
_ONS_CODE = re.compile(r"^[ENSW]\d{8}$", re.IGNORECASE)


def _within_selection(election: Election, candidates: Mapping[str, Field]) -> dict[str, Field]:
    """``candidates`` without the seats a selection leaves out
    (:attr:`~psephos.model.Election.seats_left_out`, by code or name): lists for the whole
    election (the bundled ones, a nominations file) serve a selection of its seats."""
    left_out = election.seats_left_out
    if not left_out:
        return dict(candidates)
    codes = {seat.code.upper() for seat in left_out}
    names = {normalise_name(seat.name) for seat in left_out}
    return {
        seat: field
        for seat, field in candidates.items()
        if str(seat).strip().upper() not in codes and normalise_name(str(seat)) not in names
    }


def _split_candidates(election: Election, candidates: Mapping[str, Field]) -> Split:
    candidates = _within_selection(election, candidates)
    check_boundaries(election, list(candidates), "candidate lists")
    parties: dict[str, tuple[str, ...]] = {}
    named: dict[str, tuple[tuple[str, str], ...]] = {}
    any_name = False
    codes = election.codes
    party_codes: dict[str, str] = {}  # each distinct spelling resolved once

    def code_of(party: object) -> str:
        key = str(party)
        code = party_codes.get(key)
        if code is None:
            # the election's own party ("Green" is the GPC in a Canadian election), else the
            # vocabulary's (a party new to the seats; one no country knows is refused)
            code = party_codes[key] = own_party_in(key, election.parties) or get_party(key).code
        return code

    for seat, field in candidates.items():
        code = codes[election.seat_index(str(seat))]
        pairs = [
            (str(item[0]), code_of(item[1])) if isinstance(item, tuple) else ("", code_of(item))
            for item in field
        ]
        any_name = any_name or any(name.strip() for name, _ in pairs)
        parties[code] = tuple(dict.fromkeys(party for _, party in pairs))
        named[code] = tuple(pairs)
    return parties, (named if any_name else None)


def _candidate_rows(election_id: str) -> tuple[Mapping[str, npt.NDArray[Any]], BoolArray]:
    """The UK's bundled candidate table as columns (read without pandas) and its rows for one
    election."""
    from psephos.io.tables import columns

    table = columns("candidates")
    return table, np.asarray(table["election"] == election_id)


def _names(table: Mapping[str, npt.NDArray[Any]], rows: BoolArray) -> list[str]:
    """Candidate names of the selected rows, ``""`` where the table has none."""
    return ["" if name is None else str(name) for name in table["candidate"][rows].tolist()]


@cache
def _bundled(election_id: str) -> dict[str, tuple[tuple[str, str], ...]]:
    table, rows = _candidate_rows(election_id)
    if not rows.any():
        raise DataFormatError(
            f"No bundled candidate lists for election {election_id!r}; elections: "
            + ", ".join(sorted(map(str, np.unique(table["election"]))))
            + "."
        )
    out: dict[str, list[tuple[str, str]]] = {}
    names = _names(table, rows)
    for code, name, party in zip(
        table["code"][rows].tolist(), names, table["party"][rows].tolist(), strict=True
    ):
        out.setdefault(str(code), []).append((name, str(party)))
    return {code: tuple(rows) for code, rows in out.items()}


def bundled_candidates(election_id: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """Who stood in each seat of a bundled election: ONS code -> ``(name, party)`` pairs.

    Only the presence (and name) of each candidate, never a vote; names are empty where the
    bundled table has none (2010, notional results).

    Raises:
        DataFormatError: for an election without bundled lists.
    """
    from psephos.jurisdictions import UK

    key = str(election_id).strip()
    return dict(_bundled(UK.canonical_id(key) or key))


def next_nominations(base: Election) -> BoolArray | None:
    """Who stood at the election that followed ``base`` on the same boundaries, seats x
    parties aligned to ``base``, when that election's lists are bundled (nominations close
    weeks before polling day, so a results night or an exit poll on ``base`` had them); else
    ``None``, and a caller falls back to ``base``'s own field."""
    from psephos.jurisdictions import following_id

    following = following_id(base)
    if following is None:
        return None
    try:
        lists = bundled_candidates(following)
    except DataFormatError:  # an election without bundled lists
        return None
    return candidate_mask(base, lists)


def standing_or_next_nominations(base: Election, standing: Any = None) -> Any:
    """``standing`` when given, else :func:`next_nominations` (``None`` when nothing is
    bundled, so the caller keeps ``base``'s own field): the default field of a results night
    or an exit poll on ``base``."""
    return next_nominations(base) if standing is None else standing


def result_candidates(base: Election, result: Election) -> BoolArray:
    """Who stood in ``result``, as a seats x parties mask aligned to ``base`` (same boundaries).

    Taken from the result's own votes (presence of a candidate only); seats of ``base`` missing
    from ``result`` keep the base's field.
    """
    mask = np.asarray(base.votes > 0).copy()
    stood = np.asarray(result.votes > 0)
    position = {code: row for row, code in enumerate(result.codes)}
    columns = [result.parties.index(p) if p in result.parties else -1 for p in base.parties]
    for row, code in enumerate(base.codes):
        other = position.get(code)
        if other is None:
            continue
        mask[row] = [stood[other, c] if c >= 0 else False for c in columns]
    return mask


def carried_shares(election: Election, candidates: Mapping[str, Field]) -> FloatArray | None:
    """The part of each Independent's (and Other's) last share that its candidates now bring.

    ``Ind`` and ``Other`` (:data:`~psephos.model.CANDIDATE_GROUPS`) are columns of many
    candidates, whose votes are their own: where the lists name this time's candidates, a
    column keeps the votes of last time's candidates who stand again (the same name, compared
    as :func:`name_key` compares them), and an Independent who did not stand last time starts
    from 0, as every such entrant does. Last time's candidates are the base's own where it
    names them; a notional base names none, so a candidate standing again brings at most the
    votes they won at the real election behind it (:data:`SITTING_FROM`), anywhere.

    Args:
        election: The base election.
        candidates: This time's lists (seat -> ``(name, party)`` pairs).

    Returns:
        Seats x parties fractions in ``[0, 1]`` (1 outside those columns, in seats not listed,
        where a name is missing and where the column does not stand now), or ``None`` when
        the lists or the base carry no names: the column's whole share is then carried over.
    """
    key = _lists_key(candidates)
    if key is None:
        return _carried_shares(election, candidates)
    carried: FloatArray | None = election.cached(
        ("candidates.carried", key), lambda: _carried_shares(election, candidates)
    )
    return None if carried is None else carried.copy()


def _carried_shares(election: Election, candidates: Mapping[str, Field]) -> FloatArray | None:
    _, named = split_candidates(election, candidates)
    if named is None or election.candidates is None:
        return None
    from psephos.jurisdictions import bundled_id

    bundled = bundled_id(election)  # a user's file is no notional base, whatever its name
    real = SITTING_FROM.get(bundled) if bundled is not None else None
    earlier = _candidate_votes(real) if real is not None else None
    columns = [column for column, party in enumerate(election.parties) if party in CANDIDATE_GROUPS]
    carried = np.ones(election.votes.shape)
    lookup = election.seat_lookups.lookup
    for code, pairs in named.items():
        row = lookup[code]
        for column in columns:
            party = election.parties[column]
            now = [name_key(name) for name, code_ in pairs if code_ == party]
            last = [c for c in election.candidates[row] if c.party == party]
            total = float(sum(c.votes for c in last))
            if not now or total <= 0 or None in now:
                continue
            if all(c.name.strip() for c in last):
                kept = float(sum(c.votes for c in last if name_key(c.name) in now))
            elif earlier is not None:
                kept = min(total, float(sum(earlier.get((key, party), 0.0) for key in now)))
            else:
                continue
            carried[row, column] = kept / total
    return carried if (carried < 1.0).any() else None


@cache
def _candidate_votes(election_id: str) -> dict[tuple[tuple[str, str] | None, str], float]:
    """(name key, party) -> votes of every named candidate of a bundled election."""
    table, rows = _candidate_rows(election_id)
    out: dict[tuple[tuple[str, str] | None, str], float] = {}
    parties, votes_ = table["party"][rows].tolist(), table["votes"][rows].tolist()
    for name, party, votes in zip(_names(table, rows), parties, votes_, strict=True):
        if name.strip():
            key = (name_key(name), str(party))
            out[key] = max(out.get(key, 0.0), float(votes))
    return out


def result_carried(base: Election, result: Election) -> FloatArray | None:
    """:func:`carried_shares` for the candidates of ``result`` (on ``base``'s boundaries): who
    stood and under what name, never their votes; ``None`` when ``result`` names none."""
    if result.candidates is None:
        return None
    lists = {
        code: tuple((c.name, c.party) for c in seat)
        for code, seat in zip(result.codes, result.candidates, strict=True)
        if code in base.seat_lookups.lookup
    }
    return carried_shares(base, lists)


#: Incumbency features, in order (see :func:`incumbency_features`).
INCUMBENCY_FEATURES: tuple[str, ...] = ("open_seat", "first_term")
#: A notional base's sitting MPs are those of this real election.
SITTING_FROM: Mapping[str, str] = {"2019-notional-2024": "2019"}
#: The real general election before each bundled one (for first-term incumbents).
EARLIER_REAL: Mapping[str, str] = {"2015": "2010", "2017": "2015", "2019": "2017"}
_TITLES = frozenset(
    [
        "dr",
        "sir",
        "dame",
        "mr",
        "mrs",
        "ms",
        "miss",
        "rt",
        "hon",
        "mp",
        "the",
        "lord",
        "lady",
        "prof",
        "cllr",
        "rev",
    ]
)


def name_key(name: str) -> tuple[str, str] | None:
    """A loose key for a candidate's name: (first, last) word, lower case, titles dropped."""
    lowered = name.lower()
    if not lowered.replace(" ", "").isalpha():  # punctuation, digits or other spaces: blank them
        lowered = "".join(c if c.isalpha() or c == " " else " " for c in lowered)
    words = [word for word in lowered.split() if word not in _TITLES]
    return (words[0], words[-1]) if words else None


@cache
def _sitting(election_id: str) -> frozenset[tuple[tuple[str, str] | None, str]] | None:
    """(name key, party) of every winner of a bundled real election; ``None`` if unnamed."""
    table, rows = _candidate_rows(election_id)
    names = _names(table, rows)
    if not names or sum(not name.strip() for name in names) / len(names) > 0.5:
        return None
    best: dict[str, tuple[float, tuple[str, str] | None, str]] = {}
    for code, name, party, votes in zip(
        table["code"][rows].tolist(),
        names,
        table["party"][rows].tolist(),
        table["votes"][rows].tolist(),
        strict=True,
    ):
        if str(code) not in best or float(votes) > best[str(code)][0]:
            best[str(code)] = (float(votes), name_key(name), str(party))
    return frozenset((key, party) for _, key, party in best.values())


def incumbency_features(
    base: Election,
    standing: Mapping[str, Sequence[tuple[str, str]]],
    previous: Election | None = None,
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Open seats and first-term incumbents, from this time's candidate names.

    For the party that won seat ``k`` last time (``p``):

    * ``open_seat``: 1 when none of ``p``'s candidates in ``k`` now is a sitting MP of ``p``
      (a winner of the base election, or of the real election behind a notional base): the
      MP stood down or was deselected, so the party loses any personal vote.
    * ``first_term``: 1 when ``p``'s candidate is a sitting MP in a first term: not a winner
      of the real election before the base (by name), or, where those names are not bundled,
      the seat changed hands at the base election (``previous`` on the same boundaries).

    Args:
        base: The base election (a bundled one, whose winners' names are bundled).
        standing: ONS code -> ``(candidate name, party code)`` pairs standing now.
        previous: The election before ``base`` on the same boundaries, if any (default: the
            bundled one).

    Returns:
        Features ``(2, seats, parties)`` (non-zero only in the base winner's column) and which
        of the two are known (names of the base's winners, and of the election before).
    """
    key = _lists_key(standing)
    if key is None or previous is not None:
        return _incumbency_features(base, standing, previous)
    features, known = base.cached(
        ("candidates.incumbency", key), lambda: _incumbency_features(base, standing, None)
    )
    return features.copy(), known.copy()


def _incumbency_features(
    base: Election,
    standing: Mapping[str, Sequence[tuple[str, str]]],
    previous: Election | None,
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    from psephos.jurisdictions import bundled_id

    bundled = bundled_id(base)  # a user's file has no bundled winners, whatever its name
    sitting_id = SITTING_FROM.get(bundled, bundled) if bundled is not None else None
    sitting = _sitting(sitting_id) if sitting_id is not None else None
    earlier_id = EARLIER_REAL.get(sitting_id) if sitting_id is not None else None
    earlier = _sitting(earlier_id) if earlier_id else None
    if previous is None and earlier is None:
        from psephos.jurisdictions import previous_election

        previous = previous_election(base)
    changed = (
        np.asarray(previous.winner != base.winner)
        if previous is not None and previous.codes == base.codes
        else None
    )
    out = np.zeros((len(INCUMBENCY_FEATURES), *base.votes.shape))
    known = np.array(
        [sitting is not None, sitting is not None and (earlier is not None or changed is not None)]
    )
    if sitting is None:
        return out, known
    for row, code in enumerate(base.codes):
        column = int(base.winner[row])
        party = base.parties[column]
        if code not in standing:
            continue
        keys = [name_key(name) for name, code_ in standing[code] if code_ == party]
        sitting_now = [key for key in keys if (key, party) in sitting]
        if not sitting_now:
            out[0, row, column] = 1.0
        elif earlier is not None:
            out[1, row, column] = float((sitting_now[0], party) not in earlier)
        elif changed is not None:
            out[1, row, column] = float(changed[row])
    return out, known
