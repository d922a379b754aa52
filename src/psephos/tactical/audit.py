"""Audit psephos's bloc advice against the real tactical-voting sites of 2019 and 2024.

The sites' recommendations are bundled in ``tactical_recommendations.npz`` (built by
``scripts/build_tactical.py``; provenance in ``data/PROVENANCE-tactical.md``). Each site has a
goal: in 2019 six Remain sites (defeat the Conservatives, the Brexit Party and the DUP) and two
Leave sites (defeat the Remain parties); in 2024 five anti-Conservative sites and Scotland in
Union (defeat the SNP). psephos gives the advice it would have given before polling day
(:mod:`psephos.tactical.preelection`: the previous result, the nominations and the final
fortnight's polls; for 2024 optionally the MRP average), never the result, and then compares:

* per site: the share of its party picks that psephos's pick for the same goal matches;
* consensus seats (at least two sites of a goal named a party, and all named the same one):
  how often psephos reproduces the consensus, with each remaining difference and its reason;
* where the sites disagreed with each other (pairwise agreement, disputed seats);
* after the fact (the real result, used only here): how often each site's pick and psephos's
  won the seat, and how often the pick was the bloc's strongest party in the result.

Only each site's latest snapshot is audited; earlier 2024 snapshots are reported as changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from psephos.errors import PsephosError
from psephos.forecast.exitpoll import leave_vector
from psephos.jurisdictions import load, resolve_election_id
from psephos.model import Election, party_label
from psephos.numbers import format_number
from psephos.tactical.bloc import (
    ABSTENTIONIST_VALUE,
    SeatRecommendation,
    abstentionist_parties,
    bloc_recommendations,
)
from psephos.tactical.preelection import (
    DEFECTOR_RETENTION,
    _defections,
    bundling_country,
    describe,
    method_phrase,
    pre_election_base,
    pre_election_method,
    pre_election_shares,
)
from psephos.tactical.uncertainty import SeatUncertainty

PROGRESSIVE = ("Lab", "LD", "Green", "SNP", "PC", "SF", "SDLP", "Alliance")


@dataclass(frozen=True, slots=True)
class Goal:
    """What a group of sites was trying to do."""

    name: str
    label: str
    against: tuple[str, ...]
    bloc: tuple[str, ...]
    #: The sites' stated long-shot strategy, if any: back ``build`` where the bloc cannot win
    #: and the seat's estimated Leave share is above ``build_min_leave``.
    build: str | None = None
    build_min_leave: float = 0.0


GOALS: dict[str, Goal] = {
    "remain": Goal(
        "remain",
        "Remain: defeat the Conservatives, the Brexit Party and the DUP",
        ("Con", "Reform", "DUP"),
        (*PROGRESSIVE, "Ind"),
    ),
    "leave": Goal(
        "leave",
        "Leave: defeat the Remain parties",
        PROGRESSIVE,
        ("Con", "Reform", "DUP", "UUP"),
        # Unite2Leave published its inputs (the referendum, the 2017 general election, the
        # 2019 European election, the MP's Brexit stance) and backed the Brexit Party in the
        # Labour-held Leave seats that the Conservatives could not win; psephos does not
        # bundle the European election, so "voted Leave" (estimated Leave share above one
        # half, a fixed threshold, not fitted) stands in for the Brexit Party's strength.
        build="Reform",
        build_min_leave=0.5,
    ),
    "anti-con": Goal("anti-con", "Defeat the Conservatives", ("Con",), PROGRESSIVE),
    "unionist": Goal(
        "unionist", "Scottish Unionist: defeat the SNP", ("SNP",), ("Lab", "Con", "LD")
    ),
}


def recommendations(election_id: str, *, latest: bool = True) -> pd.DataFrame:
    """The bundled site recommendations for one election (latest snapshot per site)."""
    country = bundling_country(election_id, "tactical_recommendations")
    frame = None if country is None else country.table("tactical_recommendations")
    frame = None if frame is None else frame[frame["election"] == election_id]
    if frame is None or frame.empty:
        raise PsephosError(
            f"No bundled tactical-site recommendations for {election_id!r}; available: 2019, 2024."
        )
    if latest:
        last = frame.groupby("site")["snapshot"].transform("max")
        frame = frame[frame["snapshot"] == last]
    return frame.reset_index(drop=True)


def psephos_picks(
    election_id: str,
    goal: str,
    method: str | None = None,
    n_sims: int = 2000,
    seed: int = 2024,
    strategy: bool = True,
) -> dict[str, SeatRecommendation]:
    """psephos's pre-election bloc recommendation per seat code for a goal.

    With ``strategy`` (the default) a goal's stated long-shot strategy (:attr:`Goal.build`)
    is applied; without it every pick is the bloc's best-placed party.
    """
    build = GOALS[goal].build if strategy else None
    chosen = method or pre_election_method(resolve_election_id(election_id))
    return _picks(election_id, goal, chosen, n_sims, seed, build)


def command_build_picks(
    election_id: str, goal: str, method: str | None = None, n_sims: int = 2000, seed: int = 2024
) -> dict[str, SeatRecommendation]:
    """The picks ``psephos tactical --against ... --bloc ... --build P`` gives for a goal with a
    stated long-shot strategy (:attr:`Goal.build`): ``P`` in every long-shot seat where it
    stands, without the strategy's Leave-seat condition (:attr:`Goal.build_min_leave`), which
    no option of the command sets; the best-placed picks for a goal without a strategy."""
    chosen = method or pre_election_method(resolve_election_id(election_id))
    build = GOALS[goal].build
    return _picks(election_id, goal, chosen, n_sims, seed, build, anywhere=True)


@cache
def _picks(
    election_id: str,
    goal: str,
    method: str,
    n_sims: int,
    seed: int,
    build: str | None,
    anywhere: bool = False,
) -> dict[str, SeatRecommendation]:
    uncertainty = _pre_election_uncertainty(election_id, method, n_sims, seed)
    spec = GOALS[goal]
    where = None
    if build is not None and not anywhere:
        where = leave_vector(uncertainty.election, fill_missing=False) > spec.build_min_leave
    recs = bloc_recommendations(
        uncertainty,
        spec.against,
        spec.bloc,
        abstentionist_value=ABSTENTIONIST_VALUE,  # the value _reason's sentence gives
        build=build,
        build_where=where,
    )
    return {r.code: r for r in recs}


@cache
def _pre_election_uncertainty(
    election_id: str, method: str, n_sims: int, seed: int
) -> SeatUncertainty:
    """The simulated pre-election shares every goal's picks share (one draw per election)."""
    base = pre_election_base(election_id)
    shares = pre_election_shares(election_id, method=method)
    return SeatUncertainty.from_election(base, mean_shares=shares, n_sims=n_sims, seed=seed)


@dataclass(frozen=True, slots=True)
class Difference:
    """A consensus seat where psephos picked differently, with the reason."""

    code: str
    name: str
    goal: str
    sites_pick: str
    n_sites: int
    psephos_pick: str
    confidence: str
    status: str
    base_shares: str
    projected_shares: str
    winner: str
    best_placed: str
    category: str
    reason: str


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Everything docs/tactical.md reports for one election."""

    election: str
    method: str
    information: str
    site_rows: tuple[dict[str, Any], ...]
    consensus_rows: tuple[dict[str, Any], ...]
    differences: tuple[Difference, ...]
    pairwise: tuple[dict[str, Any], ...]
    disputed: tuple[dict[str, Any], ...]
    changes: tuple[dict[str, Any], ...]
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def audit_only_rate(self) -> float:
        """Share of consensus seats (all goals with two or more sites) the audit's picks
        reproduce, with the long-shot strategy of the sites that the audit alone applies
        (:attr:`Goal.build`, the 2019 Leave sites): an in-sample figure, docs/tactical.md's
        ``audit_only_rate``; :attr:`advice_rate` is psephos's own advice's, the headline."""
        n = sum(row["consensus_seats"] for row in self.consensus_rows)
        ok = sum(row["reproduced"] for row in self.consensus_rows)
        return ok / n if n else float("nan")

    @property
    def advice_rate(self) -> float:
        """Share of consensus seats psephos's own advice reproduces: ``psephos tactical`` with
        each goal's parties and no ``--build`` (``reproduced_best_placed``). It differs from
        :attr:`audit_only_rate` only where a goal has a stated long-shot strategy
        (:attr:`Goal.build`, the 2019 Leave sites), which the audit alone applies."""
        n = sum(row["consensus_seats"] for row in self.consensus_rows)
        ok = sum(row["reproduced_best_placed"] for row in self.consensus_rows)
        return ok / n if n else float("nan")

    def title(self) -> str:
        """One line: the election, the information psephos had and the consensus rate of
        psephos's own advice, with the audit's where the sites' strategy changes it."""
        title = (
            f"{self.election}: psephos vs the sites ({self.information}); "
            f"consensus reproduced {format_number(self.advice_rate, '.1%')} by the advice of "
            "psephos tactical"
        )
        if self.audit_only_rate != self.advice_rate:
            title += (
                f", {format_number(self.audit_only_rate, '.1%')} only with the long-shot "
                "strategy of the sites that the audit alone applies"
            )
        return title

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict. A party is named by its code (``sites_pick``, ``psephos_pick``,
        ``psephos``, ``winner``, ``best_placed``) with the election's label beside it in the
        field's ``_label`` (:func:`psephos.model.party_label`: "Brexit Party" in 2019), as
        every JSON answer names one; ``title`` is :meth:`title`, the headline, and the rates
        are :attr:`advice_rate`, psephos's own advice's, and :attr:`audit_only_rate`, the
        in-sample figure. The one JSON of the audit: ``psephos tactical-audit --format json``
        and ``/api/tactical-audit`` alike."""
        return {
            "title": self.title(),
            "election": self.election,
            "method": self.method,
            "information": self.information,
            "advice_rate": self.advice_rate,
            "audit_only_rate": self.audit_only_rate,
            "sites": list(self.site_rows),
            "consensus": list(self.consensus_rows),
            "differences": [
                self._labelled(_diff_dict(d), _DIFFERENCE_PARTIES) for d in self.differences
            ],
            "pairwise": list(self.pairwise),
            "disputed": [self._labelled(row, _DISPUTED_PARTIES) for row in self.disputed],
            "changes": list(self.changes),
        }

    def _labelled(self, row: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
        """``row`` with each party field's label after it (none where no party is named)."""
        out: dict[str, Any] = {}
        for key, value in row.items():
            out[key] = value
            if key in fields:
                out[f"{key}_label"] = party_label(value, self.election) if value else value
        return out


#: The fields of a difference, and of a disputed seat, that hold a party code.
_DIFFERENCE_PARTIES = ("sites_pick", "psephos_pick", "winner", "best_placed")
_DISPUTED_PARTIES = ("psephos", "winner", "best_placed")


def _diff_dict(d: Difference) -> dict[str, Any]:
    return {name: getattr(d, name) for name in Difference.__slots__}


def _fmt(
    election: Election,
    shares: np.ndarray,
    i: int,
    parties: list[str],
    named_by: Election | None = None,
) -> str:
    """Seat ``i``'s shares of ``parties`` (columns of ``election``), each party by its label in
    ``named_by`` (default ``election``): a projection for 2019 from the 2017 result names
    the Reform code the Brexit Party, as 2019 did, where the 2017 result names it UKIP."""
    label = (named_by or election).label
    return ", ".join(
        f"{label(p)} {format_number(100 * shares[i, election.parties.index(p)], '.1f')}"
        for p in parties
    )


def _reason(
    goal: str,
    base: Election,
    projected: np.ndarray,
    i: int,
    site_pick: str,
    rec: SeatRecommendation,
    defected: dict[int, tuple[str, str]],
    method: str,
    leave: float = float("nan"),
    named_by: Election | None = None,
) -> tuple[str, str]:
    """(category, reason) for one consensus seat where psephos picked differently.

    ``named_by``: the election whose party names are used (default the base).
    """
    label = (named_by or base).label
    base_shares = base.shares()
    a, b = base.parties.index(site_pick), base.parties.index(rec.pick)
    tail = ""
    if rec.status != "target":
        standing = {  # the status in words ("is a 'not needed'" read as a noun)
            "long shot": "is a long shot for the bloc",
            "not needed": "is not needed by the bloc (the parties it defeats cannot win it)",
        }.get(rec.status, f"is '{rec.status}' for the bloc")
        tail = (
            f" The seat {standing} in psephos's projection, so the choice between the two"
            " matters little."
        )
    side = "Leave" if goal == "leave" else "bloc"
    if site_pick not in GOALS[goal].bloc:
        return "sites backed a candidate outside the bloc", (
            f"The sites backed the {label(site_pick)} candidate, outside the {side} parties "
            "psephos chooses from (a sitting MP whose own stance matched the sites' goal); "
            f"psephos backs {label(rec.pick)}."
            + (" The seat is a long shot for the bloc." if rec.status == "long shot" else "")
        )
    if rec.rule == "build":
        return "long-shot strategy: sites kept the best-placed party", (
            f"No {side} party could win here on the pre-election numbers and the seat voted "
            f"Leave (estimated {format_number(leave, '.0%')}), so psephos applies the sites' "
            f"stated strategy and backs {label(rec.pick)}; here the sites stayed with "
            f"{label(site_pick)} ({format_number(projected[i, a], '.1%')} vs "
            f"{format_number(projected[i, b], '.1%')} "
            "projected)."
        )
    build = GOALS[goal].build
    if build is not None and site_pick == build and rec.status == "long shot":
        built = (named_by or base).party_name(build)  # "the Brexit Party" in 2019
        threshold = GOALS[goal].build_min_leave
        where = (
            f"the seat's estimated Leave share ({format_number(leave, '.0%')}) is not above "
            f"{format_number(threshold, '.0%')}, the line above which psephos applies the "
            f"sites' {built} strategy"
            if not leave > threshold
            else f"the {built} does not stand in psephos's nominations here"
        )
        return f"leave sites' {built} targeting", (
            f"No Leave party could win here on the pre-election numbers; both Leave sites backed "
            f"the {built}, but {where}; psephos backs the party best placed, "
            f"{label(rec.pick)} ({format_number(projected[i, b], '.1%')} vs "
            f"{format_number(projected[i, a], '.1%')} projected)."
        )
    if i in defected and (site_pick in ("Ind", "Other") or rec.pick in ("Ind", "Other")):
        old, new = defected[i]
        return "defecting MP", (
            f"The sitting MP ({label(old)} in {base.id}) restood as {label(new)}; psephos carries "
            f"{format_number(DEFECTOR_RETENTION, '.0%')} of their vote to the new label, the sites "
            + ("backed them." if site_pick == new else f"stayed with {label(site_pick)}.")
            + tail
        )
    if site_pick in ("Ind", "Other"):
        return "independent candidate", (
            "The sites backed an independent candidate with no vote in the base result; psephos"
            " has no evidence of their strength." + tail
        )
    if base_shares[i, a] <= 0:
        return "new candidate", (
            f"{label(site_pick)} did not stand here in {base.id}; psephos starts it from its "
            f"national share, which leaves it behind {label(rec.pick)}." + tail
        )
    absent = [p for p in (site_pick, rec.pick) if p in abstentionist_parties(base)]
    if absent:
        named = (named_by or base).party_name(absent[0])  # "Sinn Féin"
        return "abstentionist party", (
            f"{named} does not take its seats: psephos counts a {named} seat at"
            f" {format_number(ABSTENTIONIST_VALUE, '.0%')} of a seat's value, the sites chose"
            f" {label(site_pick)}." + tail
        )
    source = method_phrase(method)
    if base_shares[i, a] > base_shares[i, b] and projected[i, b] >= projected[i, a]:
        return "swing reorders the parties", (
            f"The sites kept the {base.id} order ({label(site_pick)} "
            f"{format_number(base_shares[i, a], '.1%')} vs {label(rec.pick)} "
            f"{format_number(base_shares[i, b], '.1%')});"
            f" {source} puts {label(rec.pick)} ahead ({format_number(projected[i, b], '.1%')} vs "
            f"{format_number(projected[i, a], '.1%')})." + tail
        )
    return "sites expected a change psephos does not see", (
        f"psephos follows the {base.id} result and {source} ({label(rec.pick)} "
        f"{format_number(projected[i, b], '.1%')} vs {label(site_pick)} "
        f"{format_number(projected[i, a], '.1%')}); the"
        f" sites expected {label(site_pick)} to overtake on evidence psephos does not bundle"
        " (local results, constituency polls, campaign strength)." + tail
    )


def _best_placed(result: Election, bloc: tuple[str, ...]) -> list[str]:
    idx = [result.parties.index(p) for p in bloc]
    votes = result.votes[:, idx]
    best = votes.argmax(axis=1)
    return [bloc[j] if votes[i, j] > 0 else "" for i, j in enumerate(best)]


@dataclass(frozen=True, slots=True)
class _Context:
    """What every part of one audit shares: the election, psephos's information and the result
    (the result is used only for the after-the-fact columns)."""

    key: str
    method: str
    strategy: bool
    base: Election
    projected: np.ndarray
    result: Election
    position: Mapping[str, int]
    defected: Mapping[int, tuple[str, str]]
    leave: np.ndarray

    @property
    def winner(self) -> dict[str, str]:
        """Winning party per seat code in the result."""
        return {
            code: self.result.parties[int(w)]
            for code, w in zip(self.result.codes, self.result.winner, strict=True)
        }


@dataclass(frozen=True, slots=True)
class _GoalView:
    """One goal's sites and psephos's picks for the goal, with and without its strategy."""

    goal: Goal
    group: pd.DataFrame
    picks: Mapping[str, SeatRecommendation]
    plain: Mapping[str, SeatRecommendation]
    winner: Mapping[str, str]
    best: Mapping[str, str]
    #: ``psephos tactical --build``'s picks (:func:`command_build_picks`).
    command_build: Mapping[str, SeatRecommendation]

    @property
    def party(self) -> pd.DataFrame:
        """Rows naming a party."""
        return self.group[self.group["kind"] == "party"]

    @property
    def site_names(self) -> list[str]:
        """The goal's sites, sorted."""
        return sorted(set(self.group["site"]))

    def named_by_seat(self) -> tuple[dict[str, tuple[str, ...]], dict[str, int]]:
        """Per seat: the distinct parties the sites named, and how many sites named one."""
        named_by: dict[str, list[str]] = {}
        for code, named_party in zip(self.party["code"], self.party["party"], strict=True):
            named_by.setdefault(str(code), []).append(str(named_party))
        by_seat = {code: tuple(sorted(set(p))) for code, p in named_by.items()}
        return by_seat, {code: len(p) for code, p in named_by.items()}


def _share_where(flags: list[bool]) -> float:
    return float(np.mean(flags)) if flags else float("nan")


def _site_rows(view: _GoalView) -> list[dict[str, Any]]:
    """One row per site of the goal: how often psephos agrees, how often the site's pick won."""
    rows_out: list[dict[str, Any]] = []
    for site, rows in view.group.groupby("site", sort=False):
        party_rows = rows[rows["kind"] == "party"]
        pairs = list(zip(party_rows["code"], party_rows["party"], strict=True))
        agree = [view.picks[c].pick == p for c, p in pairs]
        free = rows[rows["kind"] == "free"]
        rows_out.append(
            {
                "site": str(site),
                "site_name": str(rows["site_name"].iloc[0]),
                "goal": view.goal.name,
                "snapshot": str(rows["snapshot"].iloc[0]),
                "party_picks": len(pairs),
                "psephos_agrees": int(sum(agree)),
                "agreement": _share_where(agree),
                "free_votes": len(free),
                "psephos_also_free": int(
                    sum(view.picks[c].status != "target" for c in free["code"])
                ),
                "pick_won": _share_where([view.winner[c] == p for c, p in pairs]),
                "pick_best_placed": _share_where([view.best[c] == p for c, p in pairs]),
            }
        )
    return rows_out


def _psephos_row(ctx: _Context, view: _GoalView) -> dict[str, Any]:
    """psephos's own row for the goal, over the seats the sites covered."""
    goal = view.goal
    covered = sorted(set(view.party["code"]))
    building = (
        f", building {ctx.result.label(goal.build)} where Leave > "
        f"{format_number(goal.build_min_leave, '.0%')})"
        if ctx.strategy and goal.build
        else ")"
    )
    free = sum(view.picks[c].status != "target" for c in covered)
    return {
        "site": "psephos",
        "site_name": f"psephos ({ctx.method}" + building,
        "goal": goal.name,
        "snapshot": "pre-election",
        "party_picks": len(covered),
        "psephos_agrees": len(covered),
        "agreement": 1.0,
        "free_votes": free,
        "psephos_also_free": free,
        "pick_won": float(np.mean([view.winner[c] == view.picks[c].pick for c in covered])),
        "pick_best_placed": float(np.mean([view.best[c] == view.picks[c].pick for c in covered])),
    }


def _difference(
    ctx: _Context, view: _GoalView, code: str, site_pick: str, n_sites: int
) -> Difference:
    """A consensus seat where psephos picks differently, with the reason."""
    rec = view.picks[code]
    i = ctx.position[code]
    category, reason = _reason(
        view.goal.name,
        ctx.base,
        ctx.projected,
        i,
        site_pick,
        rec,
        dict(ctx.defected),
        ctx.method,
        ctx.leave[i],
        ctx.result,
    )
    shown = list(dict.fromkeys([site_pick, rec.pick]))
    return Difference(
        code=code,
        name=ctx.base.constituencies[i].name,
        goal=view.goal.name,
        sites_pick=site_pick,
        n_sites=n_sites,
        psephos_pick=rec.pick,
        confidence=rec.confidence,
        status=rec.status,
        base_shares=_fmt(ctx.base, ctx.base.shares(), i, shown),
        projected_shares=_fmt(ctx.base, ctx.projected, i, shown, ctx.result),
        winner=view.winner[code],
        best_placed=view.best[code],
        category=category,
        reason=reason,
    )


def _consensus(ctx: _Context, view: _GoalView) -> tuple[dict[str, Any], list[Difference]]:
    """Seats where at least two sites named one party: the row and psephos's differences."""
    by_seat, n_sites = view.named_by_seat()
    consensus = {code: p[0] for code, p in by_seat.items() if len(p) == 1 and n_sites[code] >= 2}
    picks, plain, best = view.picks, view.plain, view.best
    changed = [c for c in consensus if picks[c].pick != plain[c].pick]
    differences = [
        _difference(ctx, view, code, site_pick, int(n_sites[code]))
        for code, site_pick in consensus.items()
        if picks[code].pick != site_pick
    ]
    reproduced = len(consensus) - len(differences)
    row = {
        "goal": view.goal.name,
        "sites": len(view.site_names),
        "consensus_seats": len(consensus),
        "reproduced": reproduced,
        "rate": reproduced / len(consensus) if len(consensus) else float("nan"),
        "reproduced_best_placed": sum(plain[c].pick == p for c, p in consensus.items()),
        # what psephos tactical --build gives (no Leave-seat condition)
        "reproduced_command_build": sum(
            view.command_build[c].pick == p for c, p in consensus.items()
        ),
        "changed_by_strategy": len(changed),
        "strategy_pick_best_after": sum(picks[c].pick == best[c] for c in changed),
        "best_placed_pick_best_after": sum(plain[c].pick == best[c] for c in changed),
        "consensus_pick_won": float(np.mean([view.winner[c] == p for c, p in consensus.items()])),
    }
    return row, differences


def _pairwise(view: _GoalView) -> list[dict[str, Any]]:
    """How often each pair of the goal's sites named the same party where both named one."""
    wide = view.party.pivot_table(index="code", columns="site", values="party", aggfunc="first")
    rows = []
    for a, b in combinations(view.site_names, 2):
        if a not in wide or b not in wide:
            continue
        both = wide[[a, b]].dropna()
        rows.append(
            {
                "goal": view.goal.name,
                "site_a": a,
                "site_b": b,
                "both_named": len(both),
                "agreement": float((both[a] == both[b]).mean()) if len(both) else float("nan"),
            }
        )
    return rows


def _picks_text(votes: Mapping[str, Sequence[str]], election_id: str) -> str:
    """Which sites named which party in a seat, each party by its label in the election
    (:func:`psephos.model.party_label`): ``"Con: unite-2-leave; Brexit Party: one-uk"``."""
    return "; ".join(
        f"{party_label(party, election_id)}: {', '.join(sites)}" for party, sites in votes.items()
    )


def _disputed(ctx: _Context, view: _GoalView) -> list[dict[str, Any]]:
    """Seats where the goal's sites named different parties."""
    by_seat, _ = view.named_by_seat()
    party = view.party
    rows = []
    for code, parties_named in by_seat.items():
        if len(parties_named) < 2:
            continue
        seat_rows = party[party["code"] == code]
        votes = {p: sorted(seat_rows[seat_rows["party"] == p]["site"]) for p in parties_named}
        rows.append(
            {
                "goal": view.goal.name,
                "code": code,
                "name": ctx.base.constituencies[ctx.position[code]].name,
                "picks": _picks_text(votes, ctx.key),
                "psephos": view.picks[code].pick,
                "winner": view.winner[code],
                "best_placed": view.best[code],
            }
        )
    return rows


def _context(key: str, method: str, strategy: bool) -> _Context:
    base = pre_election_base(key)
    return _Context(
        key=key,
        method=method,
        strategy=strategy,
        base=base,
        projected=pre_election_shares(key, method=method),
        result=load(key),
        position={code: i for i, code in enumerate(base.codes)},
        defected={i: (old, new) for i, old, new in _defections(key, base)},
        leave=leave_vector(base, fill_missing=False),
    )


def audit(election_id: str, *, method: str | None = None, strategy: bool = True) -> AuditReport:
    """Audit psephos against the sites for ``"2019"`` or ``"2024"``.

    Args:
        election_id: the election.
        method: pre-election projection (``uniform``, ``base``, a projection model or, for
            2024, ``mrp``; default :func:`~psephos.tactical.preelection.default_method`: ``mrp``
            for 2024, the projection engine's default model for 2019).
        strategy: apply a goal's stated long-shot strategy (:attr:`Goal.build`; the 2019
            Leave sites); the consensus rows always also count the seats reproduced without
            it (``reproduced_best_placed``).
    """
    key = resolve_election_id(election_id)
    if key not in ("2019", "2024"):
        raise PsephosError(
            f"No tactical-site recommendations for {election_id!r}; use 2019 or 2024."
        )
    method = method or pre_election_method(key)
    ctx = _context(key, method, strategy)
    winner = ctx.winner
    site_rows: list[dict[str, Any]] = []
    consensus_rows: list[dict[str, Any]] = []
    differences: list[Difference] = []
    pairwise: list[dict[str, Any]] = []
    disputed: list[dict[str, Any]] = []
    for goal_name, group in recommendations(key).groupby("goal", sort=False):
        goal = GOALS[str(goal_name)]
        view = _GoalView(
            goal,
            group,
            psephos_picks(key, goal.name, method, strategy=strategy),
            psephos_picks(key, goal.name, method, strategy=False),
            winner,
            dict(zip(ctx.result.codes, _best_placed(ctx.result, goal.bloc), strict=True)),
            command_build_picks(key, goal.name, method),
        )
        site_rows += [*_site_rows(view), _psephos_row(ctx, view)]
        if len(view.site_names) < 2:
            continue
        row, goal_differences = _consensus(ctx, view)
        consensus_rows.append(row)
        differences += goal_differences
        pairwise += _pairwise(view)
        disputed += _disputed(ctx, view)
    return AuditReport(
        election=key,
        method=method,
        information=describe(key, method),
        site_rows=tuple(site_rows),
        consensus_rows=tuple(consensus_rows),
        differences=tuple(differences),
        pairwise=tuple(pairwise),
        disputed=tuple(disputed),
        changes=tuple(_changes(key)),
        meta={"base": ctx.base.id},
    )


def _changes(election_id: str) -> list[dict[str, Any]]:
    """How each site's advice changed between its bundled snapshots."""
    frame = recommendations(election_id, latest=False)
    out = []
    for site, rows in frame.groupby("site"):
        snapshots = sorted(set(rows["snapshot"]))
        if len(snapshots) < 2:
            continue
        first = rows[rows["snapshot"] == snapshots[0]].set_index("code")
        last = rows[rows["snapshot"] == snapshots[-1]].set_index("code")
        common = first.index.intersection(last.index)
        label_first = first.loc[common, "kind"] + ":" + first.loc[common, "party"]
        label_last = last.loc[common, "kind"] + ":" + last.loc[common, "party"]
        out.append(
            {
                "site": str(site),
                "from": snapshots[0],
                "to": snapshots[-1],
                "seats": len(common),
                "changed": int((label_first != label_last).sum()),
                "unsure_before": int((first.loc[common, "kind"] == "unsure").sum()),
                "unsure_after": int((last.loc[common, "kind"] == "unsure").sum()),
            }
        )
    return out
