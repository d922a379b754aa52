"""Real pacts against the optimiser: the 2017 Green stand-downs and 2019 Unite to Remain.

Run: ``python benchmarks/pacts_real_pacts.py``. Prints the figures quoted in
docs/methodology/pacts.md. Nothing here is tuned: default transfer rates throughout.

Lists are *derived from the bundled candidate data*, not copied from a published list:

* Unite to Remain (2019): seats in England and Wales (not the Speaker's) where exactly one of
  LD / Green / PC (PC in Wales only) stood, an absent partner had stood there in 2015 or 2017,
  and no independent or minor-party candidate took 8%+ (that marks a stand-down for a pro-Remain
  independent: Beaconsfield, Broxtowe, Luton South). For the LD side, where Green absences are
  often plain non-candidacy, we also require the Liberal Democrat to have taken 10%+ in 2019.
* Green 2017: seats in England and Wales where the Green Party stood in 2015 but not in 2017
  (the same independent filter). This cannot separate a pact from a seat the party simply did
  not contest, so it over-counts the 2017 "progressive alliance" stand-downs.

Ex ante base: the previous result with every party's votes in each GB seat scaled by the ratio
of its GB vote share at the election to its GB share at the previous one (proportional swing;
the scenario supplies only national shares), Northern Ireland unchanged.

An accuracy evaluation, not a speed benchmark: it compares seat figures (the real pacts, the
optimiser's plans), so it has no plain reference and prints no time ratio (the optimiser's
speed is measured beside a textbook MILP in ``pacts_optimise.py``).
"""

from __future__ import annotations

import numpy as np

import psephos
from psephos.model import Election
from psephos.pacts import StandDown, optimise_pact, simulate_pact


def proportional_projection(previous: Election, target: Election) -> Election:
    """``previous`` with GB votes scaled to ``target``'s GB national shares (same boundaries)."""
    gb = previous.nations != "Northern Ireland"
    before = previous.votes[gb].sum(axis=0)
    after = target.votes[gb].sum(axis=0)
    ratio = np.divide(
        after / after.sum(), before / before.sum(), out=np.zeros_like(before), where=before > 0
    )
    votes = previous.votes.copy()
    scaled = votes[gb] * ratio
    totals = votes[gb].sum(axis=1, keepdims=True)
    votes[gb] = scaled / np.maximum(scaled.sum(axis=1, keepdims=True), 1e-9) * totals
    return previous.with_votes(votes, election_id=f"{previous.id}-to-{target.id}")


def noisy_draws(election: Election, n_draws: int, *, seed: int) -> np.ndarray:
    """Shares with a 2-point national and a 3-point seat error per standing party (seeded)."""
    rng = np.random.default_rng(seed)
    shares = election.shares()
    standing = shares > 0
    national = rng.normal(0, 0.02, (n_draws, 1, shares.shape[1]))
    local = rng.normal(0, 0.03, (n_draws, *shares.shape))
    return np.clip(shares[None] + (national + local) * standing, 0, None)


def _independent_share(election: Election) -> np.ndarray:
    columns = [election.party_index("Ind"), election.party_index("Other")]
    return election.shares()[:, columns].max(axis=1)


def unite_to_remain() -> dict[str, str]:
    """Derived Unite to Remain unity seats: ONS code -> unity party."""
    e19, e17, e15 = (psephos.load(y) for y in ("2019", "2017", "2015"))
    standing = e19.votes > 0
    shares = e19.shares()
    independent = _independent_share(e19)
    seats: dict[str, str] = {}
    for i, seat in enumerate(e19.constituencies):
        if seat.nation not in ("England", "Wales") or e19.parties[e19.winner[i]] == "Speaker":
            continue
        parties = ["LD", "Green"] + (["PC"] if seat.nation == "Wales" else [])
        present = [p for p in parties if standing[i, e19.party_index(p)]]
        absent = [p for p in parties if p not in present]
        stood_before = [
            p
            for p in absent
            if e17.votes[i, e17.party_index(p)] > 0 or e15.votes[i, e15.party_index(p)] > 0
        ]
        if len(present) != 1 or not stood_before or independent[i] >= 0.08:
            continue
        unity = present[0]
        if unity == "LD" and shares[i, e19.party_index("LD")] < 0.10:
            continue
        seats[seat.code] = unity
    return seats


def green_2017() -> list[str]:
    """Derived 2017 Green stand-downs (E&W seats contested in 2015, not in 2017)."""
    e17, e15 = psephos.load("2017"), psephos.load("2015")
    green = e17.party_index("Green")
    independent = _independent_share(e17)
    return [
        seat.code
        for i, seat in enumerate(e17.constituencies)
        if seat.nation in ("England", "Wales")
        and e15.votes[i, green] > 0
        and e17.votes[i, green] == 0
        and e17.parties[e17.winner[i]] != "Speaker"
        and independent[i] < 0.08
    ]


def _report(label: str, before: float, after: float) -> None:
    print(f"  {label:58s} bloc seats {before:6.1f} -> {after:6.1f} ({after - before:+.1f})")


def main() -> None:
    # -- 2019 Unite to Remain -----------------------------------------------------------------
    e19, e17 = psephos.load("2019"), psephos.load("2017")
    unity = unite_to_remain()
    counts = {p: sum(1 for v in unity.values() if v == p) for p in ("LD", "Green", "PC")}
    print(
        f"Unite to Remain (derived): {len(unity)} seats {counts} (published: 60 = LD 43, "
        "Green 10, PC 7)"
    )
    for party in ("Green", "PC", "LD"):
        names = sorted(e19.result(c).constituency.name for c, v in unity.items() if v == party)
        print(f"  {party}: {', '.join(names)}")
    bloc = ["LD", "Green", "PC"]
    base = proportional_projection(e17, e19)
    stand = [
        StandDown(p, code)
        for code, party in unity.items()
        for p in bloc
        if p != party and base.votes[base.seat_index(code), base.party_index(p)] > 0
    ]
    budgets = {p: sum(1 for s in stand if s.party == p) for p in bloc}
    print(f"  stand-downs per party in the derived list: {budgets}")
    real = simulate_pact(base, stand, bloc=bloc)
    print("  ex ante (2017 result, proportional swing to 2019 GB shares), default transfers:")
    _report("derived Unite to Remain", real.bloc_seats_before, real.bloc_seats_after)
    gained = [r["seat_name"] for r in real.ledger if r["bloc_gain"] > 0]
    print(f"    seats gained: {sorted(set(gained))}")
    same = optimise_pact(base, bloc=bloc, max_per_party=budgets)
    _report(
        "optimiser, same per-party budgets",
        same.result.bloc_seats_before,
        same.result.bloc_seats_after,
    )
    fair = optimise_pact(base, bloc=bloc, max_per_party=budgets, fairness=0.0)
    _report(
        "optimiser, same budgets + fairness 0",
        fair.result.bloc_seats_before,
        fair.result.bloc_seats_after,
    )
    free = optimise_pact(base, bloc=bloc)
    _report("optimiser, no limits", free.result.bloc_seats_before, free.result.bloc_seats_after)
    chosen = {s.seat for s in same.stand_downs}
    print(
        f"    optimiser seats {len(chosen)}; also in derived list "
        f"{len(chosen & set(unity))}; optimiser seats: "
        f"{sorted(base.result(c).constituency.name for c in chosen)}"
    )
    draws = noisy_draws(base, 500, seed=2019)
    print("  same base with 500 draws (2-pt national, 3-pt seat error), expected seats:")
    real_p = simulate_pact(base, stand, bloc=bloc, draws=draws)
    _report("derived Unite to Remain", real_p.bloc_seats_before, real_p.bloc_seats_after)
    same_p = optimise_pact(base, bloc=bloc, draws=draws, max_per_party=budgets)
    _report(
        "optimiser, same per-party budgets",
        same_p.result.bloc_seats_before,
        same_p.result.bloc_seats_after,
    )
    fair_p = optimise_pact(base, bloc=bloc, draws=draws, max_per_party=budgets, fairness=0.0)
    _report(
        "optimiser, same budgets + fairness 0",
        fair_p.result.bloc_seats_before,
        fair_p.result.bloc_seats_after,
    )
    chosen_p = {s.seat for s in same_p.stand_downs}
    print(
        f"    optimiser seats {len(chosen_p)}, in derived list {len(chosen_p & set(unity))}; "
        f"stand-downs {same_p.per_party()}; solve {same_p.solve_seconds:.2f} s"
    )
    with_lab = optimise_pact(base, bloc=["Lab", *bloc], max_per_party=40)
    print(
        f"  with Labour in the bloc, max 40 each: gain "
        f"{with_lab.result.bloc_seats_after - with_lab.result.bloc_seats_before:+.1f} "
        f"{with_lab.per_party()}"
    )
    won = sum(1 for code, party in unity.items() if e19.result(code).winner == party)
    print(f"  ex post: unity candidates won {won} of {len(unity)} derived seats in 2019")
    # -- 2017 Green stand-downs ---------------------------------------------------------------
    e15 = psephos.load("2015")
    seats = green_2017()
    print(f"\nGreen 2017 (derived): {len(seats)} E&W seats contested in 2015 but not 2017")
    base = proportional_projection(e15, e17)
    bloc = ["Lab", "LD", "Green"]
    stand = [StandDown("Green", c) for c in seats]
    real = simulate_pact(base, stand, bloc=bloc)
    print("  ex ante (2015 result, proportional swing to 2017 GB shares), default transfers:")
    _report("derived Green stand-downs", real.bloc_seats_before, real.bloc_seats_after)
    print(f"    seats gained: {sorted({r['seat_name'] for r in real.ledger if r['bloc_gain']})}")
    limits = {"Lab": 0, "LD": 0, "Green": len(seats)}
    best = optimise_pact(base, bloc=bloc, max_per_party=limits)
    _report(
        f"optimiser, Greens only, at most {len(seats)}",
        best.result.bloc_seats_before,
        best.result.bloc_seats_after,
    )
    print(
        f"    optimiser's Green stand-downs ({len(best.stand_downs)}): "
        f"{sorted(base.result(s.seat).constituency.name for s in best.stand_downs)}; "
        f"in derived list: {len({s.seat for s in best.stand_downs} & set(seats))}"
    )
    draws = noisy_draws(base, 500, seed=2017)
    real_p = simulate_pact(base, stand, bloc=bloc, draws=draws)
    print("  same base with 500 draws, expected seats:")
    _report("derived Green stand-downs", real_p.bloc_seats_before, real_p.bloc_seats_after)
    best_p = optimise_pact(base, bloc=bloc, draws=draws, max_per_party=limits)
    _report(
        f"optimiser, Greens only, at most {len(seats)}",
        best_p.result.bloc_seats_before,
        best_p.result.bloc_seats_after,
    )
    overlap = len({s.seat for s in best_p.stand_downs} & set(seats))
    print(f"    optimiser Green stand-downs {len(best_p.stand_downs)}, in derived list {overlap}")
    actual = simulate_pact(e17, [], bloc=bloc)
    print(
        f"  ex post 2017: Lab+LD+Green won {actual.bloc_seats_before:.0f}; in the derived "
        f"seats they won {sum(1 for c in seats if e17.result(c).winner in bloc)} of "
        f"{len(seats)}"
    )


if __name__ == "__main__":
    main()
