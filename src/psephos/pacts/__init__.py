"""Electoral pacts: stand-down simulator and optimiser.

Parties stand aside in chosen seats; their voters transfer by a transfer matrix. Works on a
real result, a projection (an ``Election``) or forecast draws (``n_sims x seats x parties``)::

    from psephos.pacts import StandDown, simulate_pact, optimise_pact
    e = psephos.load("2019")
    result = simulate_pact(e, [StandDown("LD", "E14000...")], bloc=["Lab", "LD", "Green"])
    plan = optimise_pact(e, bloc=["Lab", "LD", "Green", "PC"], max_per_party=40)

A pact as a user asks for it (a poll, stand-downs as text, draws, the optimiser's limits), run
as ``psephos pact`` and the web's ``/pacts`` run it::

    run = run_pact(e, ["Lab", "LD"], PactRequest(poll="Lab 30 Con 25 Reform 20", sims=500))

Methodology: docs/methodology/pacts.md.
"""

from psephos.pacts.choices import (
    OBJECTIVES,
    check_fairness,
    check_in_bloc,
    check_limits,
    check_objective,
    check_optimiser_options,
    checked_stand_down_file,
    nation_mask,
    nation_names,
    parse_limits,
    parse_stand_downs,
)
from psephos.pacts.optimise import OptionOutcomes, PactPlan, optimise_pact, option_outcomes
from psephos.pacts.run import PactNames, PactRequest, PactRun, pact_sentence, run_pact
from psephos.pacts.simulate import (
    PactResult,
    StandDown,
    aligned_transfers,
    apply_stand_downs,
    best_placed_stand_downs,
    pact_winners,
    simulate_pact,
    stand_down_mask,
    win_probabilities,
)
from psephos.pacts.transfers import DEFAULT_TRANSFERS, TransferMatrix, parse_transfer_overrides

__all__ = [
    "DEFAULT_TRANSFERS",
    "OBJECTIVES",
    "OptionOutcomes",
    "PactNames",
    "PactPlan",
    "PactRequest",
    "PactResult",
    "PactRun",
    "StandDown",
    "TransferMatrix",
    "aligned_transfers",
    "apply_stand_downs",
    "best_placed_stand_downs",
    "check_fairness",
    "check_in_bloc",
    "check_limits",
    "check_objective",
    "check_optimiser_options",
    "checked_stand_down_file",
    "nation_mask",
    "nation_names",
    "optimise_pact",
    "option_outcomes",
    "pact_sentence",
    "pact_winners",
    "parse_limits",
    "parse_stand_downs",
    "parse_transfer_overrides",
    "run_pact",
    "simulate_pact",
    "stand_down_mask",
    "win_probabilities",
]
