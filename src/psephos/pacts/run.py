"""A pact as a user asks for it, run from start to end: the one sequence of steps behind
``psephos pact`` and the web's ``/pacts`` (its JSON twin too).

The steps: project the election to a poll first (:func:`psephos.projection.project`, keeping
its notes); the default transfer rates with the overrides given; the nations the optimiser may
use; refuse the optimiser's options without it and the stand-downs given by hand with it
(:func:`psephos.pacts.check_optimiser_options`); the forecast draws (a draws array or file, or
``sims`` drawn by :class:`psephos.tactical.uncertainty.SeatUncertainty` with ``psephos
forecast``'s calibrated error model, :func:`psephos.forecast.calibration.poll_error_model`);
then either
:func:`psephos.pacts.optimise_pact` for the objective or the stand-downs given (items and a
``party,seat`` file; none: the default pact, :func:`psephos.pacts.best_placed_stand_downs`)
simulated by :func:`psephos.pacts.simulate_pact`. Callers only format what :func:`run_pact`
returns. Messages name each option as the caller names it (:class:`PactNames`): ``--max-per-party``
on the command line, ``max_per_party`` on the web.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from psephos import jurisdictions
from psephos.errors import DataFormatError, collected_share_notes
from psephos.model import Election
from psephos.numbers import counted, format_number, listed, one_in, plain
from psephos.pacts.choices import (
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
from psephos.pacts.optimise import PactPlan, optimise_pact
from psephos.pacts.simulate import (
    PactResult,
    StandDown,
    best_placed_stand_downs,
    party_code,
    simulate_pact,
)
from psephos.pacts.transfers import (
    TransferMatrix,
    parse_transfer_overrides,
    share_transfers_note,
)

if TYPE_CHECKING:
    from psephos.projection import Projection

#: Draws of shares, ``n_sims x seats x parties``, aligned to the election.
Draws = npt.NDArray[np.floating[Any]]

#: What the optimiser step says while it works (the command line shows it as a spinner).
OPTIMISING = "Optimising stand-downs with HiGHS..."

#: A stand-down of the optimiser's plan adding less than this to the bloc's expected seats in
#: its seat (the ledger's ``bloc_gain``) is counted in a note (:func:`optimiser_notes`): the
#: optimiser takes any gain, however small, where a campaign would not ask a party to stand
#: aside for a few hundredths of a seat.
SMALL_GAIN = 0.05


@dataclass(frozen=True, slots=True)
class PactNames:
    """How the caller names each option in messages; the command line's flags by default.

    Attributes:
        stand_down: The stand-down items.
        stand_down_file: The ``party,seat`` stand-down file.
        optimise: The optimiser's switch.
        max_per_party: The optimiser's per-party limit.
        max_total: The optimiser's total limit.
        nation: The optimiser's nations.
        fairness: The optimiser's fairness rule.
        objective: What the optimiser maximises.
        bloc: The bloc, where a message says to add a party to it.
        draws: A file of forecast draws.
        sims: Forecast draws made here.
        draws_needed: What the majority objective needs (some draws).
    """

    stand_down: str = "--stand-down"
    stand_down_file: str = "--stand-down-file"
    optimise: str = "--optimise"
    max_per_party: str = "--max-per-party"
    max_total: str = "--max-total"
    nation: str = "--nation"
    fairness: str = "--fairness"
    objective: str = "--objective"
    bloc: str = "--bloc"
    draws: str = "--draws"
    sims: str = "--sims"
    draws_needed: str = "--draws or --sims"


@dataclass(frozen=True, slots=True)
class PactRequest:
    """What a user gives for a pact, as given (``psephos pact``'s options, the web's fields).

    Attributes:
        stand_downs: ``PARTY:SEAT[,SEAT...]`` items (:func:`psephos.pacts.parse_stand_downs`).
        stand_down_file: A ``party,seat`` CSV: its path, read by
            or its ``(text, name)`` already read (an upload), read and checked by
            :func:`psephos.pacts.checked_stand_down_file`.
        transfers: ``FROM>TO=RATE`` overrides (:func:`psephos.pacts.parse_transfer_overrides`).
        optimise: Choose the stand-downs with the integer programme.
        max_per_party: Optimiser: ``N`` or ``PARTY=N`` pairs (:func:`psephos.pacts.parse_limits`).
        max_total: Optimiser: most stand-downs in all.
        nations: Optimiser: only stand down in seats of these nations.
        fairness: Optimiser: most seats any party may end below its no-pact seats.
        majority: Seats the bloc needs for a majority (default: half the House plus one).
        poll: Project the election to this poll first; the pact is tried on the projection.
        areas: Area shares (sub-polls, as ``--by-region`` reads them) projected with the poll
            or alone.
        model: Swing model for the poll (default :data:`psephos.projection.DEFAULT_MODEL`).
        draws: Forecast draws, ``n_sims x seats x parties`` shares aligned to the election the
            pact is tried on: an array, or a ``.npy`` file read by
            :func:`psephos.io.draws.read_draws`.
        sims: Draw this many forecast scenarios around the result or projection
            (:class:`psephos.tactical.uncertainty.SeatUncertainty` with the forecast's error
            model, :func:`_draws`; not with ``draws``); seats become expectations and the
            majority a probability.
        seed: Random seed of the ``sims`` draws.
        objective: Optimiser: ``seats`` or ``majority`` (needs draws;
            :data:`psephos.pacts.OBJECTIVES`).
    """

    stand_downs: tuple[str, ...] = ()
    stand_down_file: str | Path | tuple[str, str] | None = None
    transfers: tuple[str, ...] = ()
    optimise: bool = False
    max_per_party: str | None = None
    max_total: int | None = None
    nations: tuple[str, ...] = ()
    fairness: float | None = None
    majority: int | None = None
    poll: str | None = None
    areas: Mapping[str, Mapping[str, float]] | None = None
    model: str | None = None
    draws: Draws | str | Path | None = None
    sims: int | None = None
    seed: int | None = None
    objective: str = "seats"


@dataclass(frozen=True, slots=True)
class PactRun:
    """A pact run by :func:`run_pact`.

    Attributes:
        election: The election the pact was tried on (the projection's with a poll).
        result: The pact simulated (seats, ledger; the optimiser's plan simulated).
        transfers: The transfer rates used (the defaults with the overrides).
        default_pact: Whether no stand-downs were given, so the best-placed bloc party stood
            in each seat.
        projection: The projection to the poll, or ``None`` without one.
        plan: The optimiser's answer, or ``None`` without the optimiser.
        max_per_party: The optimiser's stand-down limit as read (``None``: none).
        notes: The projection's notes, the seats of the count before the pact won by lot or
            without votes (:func:`psephos.results.close_calls`), then the pact's (stand-downs
            that changed nothing).
        draws: The forecast draws the pact was tried on (given, read from their file or drawn
            for ``sims``; :func:`psephos.io.draws.write_draws` saves them), or ``None`` for the
            one result.
        nations: The nations the optimiser could stand down in, as the election names them
            (``()``: every nation).
    """

    election: Election
    result: PactResult
    transfers: TransferMatrix
    default_pact: bool
    projection: Projection | None
    plan: PactPlan | None
    max_per_party: int | dict[str, int] | None
    notes: tuple[str, ...]
    draws: Draws | None = None
    nations: tuple[str, ...] = ()

    def __repr__(self) -> str:
        """A line, not every array: the pact (:class:`PactResult`'s line), the projection
        and whether the optimiser chose it."""
        projection = None if self.projection is None else self.projection.model
        return (
            f"PactRun({self.result!r}, projection={projection!r}, "
            f"optimised={self.plan is not None})"
        )

    @property
    def stand_downs(self) -> tuple[StandDown, ...]:
        """The stand-downs of the pact (given, the default pact's or the optimiser's)."""
        return self.result.stand_downs

    def summary(self) -> dict[str, Any]:
        """Headline figures: the pact's, with the optimiser's after an optimisation (its
        ``limits`` naming the ``nations`` it could stand down in, ``[]`` for all)."""
        if self.plan is None:
            return self.result.summary()
        summary = self.plan.summary()
        summary["limits"] = {**summary["limits"], "nations": list(self.nations)}
        return summary

    def headline(self) -> list[str]:
        """The sentences ``psephos pact`` prints above its tables, which its JSON carries as
        ``headline``: the pact in words (:func:`pact_sentence`), after an optimisation the
        optimiser's line (:func:`optimiser_sentence`), then on one result who could govern
        after it (:meth:`outcome`)."""
        summary = self.summary()
        lines = [pact_sentence(summary)]
        if self.plan is not None:
            lines.append(optimiser_sentence(summary, self.election.label))
        return [*lines, *self.outcome()]

    def outcome(self) -> list[str]:
        """What the House after the pact means for who governs, in the sentences ``psephos
        project`` prints (:func:`psephos.government.outcome_lines`), the first led by "After
        the pact, ": the last lines of :meth:`headline`. None over draws, where seats are
        expectations, not a House; none either on a results file of a country psephos does
        not know (:data:`psephos.jurisdictions.OWN`), whose party names seats per party would
        read as another country's."""
        house = self.result.house_after()
        if house is None or jurisdictions.of(self.election) is jurisdictions.OWN:
            return []
        from psephos.government import outcome_lines

        return outcome_lines(house, after="the pact")

    def to_dict(self) -> dict[str, Any]:
        """The pact as ``psephos pact -f json`` writes it and ``/api/pacts`` carries it (the
        web adding its own keys and each party's colour): the headline figures
        (:meth:`summary`), ``headline``, ``notes``, ``projection`` (``None`` without a poll),
        ``rows`` (one per party, each by its code and label: a file's rows are parties, so
        summing them counts each once), ``bloc_total`` (the bloc's total row, named
        ``bloc: Lab + LD + ...``), ``ledger``, ``stand_downs`` and ``transfers`` (the rates
        used, the defaults with the overrides, one row a pair with both parties' labels, as
        ``--view transfers`` shows them)."""
        label = self.election.label
        *rows, bloc_total = self.result.labelled_seat_rows(label)
        return {
            **self.summary(),
            "headline": self.headline(),
            "notes": list(self.notes),
            "projection": self.projection.summary() if self.projection is not None else None,
            "rows": rows,
            "bloc_total": bloc_total,
            "ledger": self.result.labelled_ledger(label),
            "stand_downs": self.result.stand_down_rows(label),
            "transfers": [  # each rate as a file writes it: 0.45, not 0.44999999999999996
                {
                    **plain(row),
                    "from_label": label(str(row["from"])),
                    "to_label": label(str(row["to"])),
                }
                for row in self.transfers.to_rows()
            ],
        }


def _drawn_chance(probability: float, n_draws: int) -> str:
    """A chance counted over ``n_draws`` in words (:func:`psephos.numbers.one_in`), where none
    or every draw is said as such: 0 of 20 draws is not "effectively zero"."""
    if probability <= 0:
        return f"0 of {counted(n_draws, 'draw')}"
    if probability >= 1:
        return f"all {counted(n_draws, 'draw')}"
    return one_in(probability)


def pact_sentence(summary: Mapping[str, Any]) -> str:
    """A pact's headline figures (:meth:`PactRun.summary`, which ``/api/pacts`` carries too) in
    words, as ``psephos pact`` prints them above its tables and the ``/pacts`` page shows them:
    the stand-downs, the bloc's seats before and after, and its majority. Over draws, expected
    seats and the chance of a majority (none or every draw said as such, ``0 of 20 draws``);
    for one result, seats are counts and the majority is had or not."""
    stand_downs = counted(summary["n_stand_downs"], "stand-down")
    before, after = summary["bloc_seats_before"], summary["bloc_seats_after"]
    n_draws, majority = summary["n_draws"], summary["majority"]
    if n_draws > 1:
        return (
            f"{stand_downs}; expected bloc seats {format_number(before, ',.1f')} -> "
            f"{format_number(after, ',.1f')} ({format_number(after - before, '+,.1f')}) "
            f"over {counted(n_draws, 'draw')}; chance of a bloc majority of {majority}: "
            f"{_drawn_chance(summary['p_bloc_majority_before'], n_draws)} before, "
            f"{_drawn_chance(summary['p_bloc_majority_after'], n_draws)} after the pact."
        )
    had = summary["p_bloc_majority_before"] >= 1, summary["p_bloc_majority_after"] >= 1
    verdict = {
        (True, True): "a bloc majority before and after the pact",
        (False, True): "no bloc majority before, a bloc majority after the pact",
        (True, False): "a bloc majority before, none after the pact",
        (False, False): "no bloc majority before or after the pact",
    }[had]
    return (
        f"{stand_downs}; bloc seats {round(before):,} -> {round(after):,} "
        f"({round(after - before):+,}); {verdict} ({majority:,} seats needed)."
    )


def pact_title(
    name: str,
    bloc_labels: Sequence[str],
    *,
    poll: str | None = None,
    model: str | None = None,
    n_draws: int = 1,
    optimised: bool = False,
    default_pact: bool = False,
    areas: Mapping[str, Mapping[str, float]] | None = None,
) -> str:
    """What a pact was tried on, in one line, as ``psephos pact`` titles its output and the
    ``/pacts`` page opens: ``UK general election 2024 projected to the poll Reform 29 Lab 21
    (uniform model), over 1,000 forecast draws: bloc Lab + LD + Green, stand-downs chosen by
    the optimiser.``

    Args:
        name: The election asked for (before any projection).
        bloc_labels: The bloc's parties as the election labels them.
        poll: The poll the election was projected to, as given (``None``: the result itself).
        model: The projection's swing model.
        areas: The area shares projected beside the poll (or alone), named by their areas.
        n_draws: Forecast draws the pact was tried over (1: the result or projection itself).
        optimised: Whether the optimiser chose the stand-downs.
        default_pact: Whether none were given, so the best-placed bloc party stands in each
            seat.
    """
    from psephos.io.shares import area_shares_words

    title = name
    given = [
        *([f"the poll {poll}"] if poll else []),
        *([area_shares_words(areas)] if areas else []),
    ]
    if given:
        title += f" projected to {listed(given)}" + (f" ({model} model)" if model else "")
    if n_draws > 1:
        title += f", over {format_number(n_draws, ',.0f')} forecast draws"
    if optimised:
        how = "stand-downs chosen by the optimiser"
    elif default_pact:
        how = "the best-placed bloc party stands in each seat (default)"
    else:
        how = "the stand-downs you gave"
    return f"{title}: bloc {' + '.join(bloc_labels)}, {how}."


def optimiser_sentence(summary: Mapping[str, Any], label: Callable[[str], str] = str) -> str:
    """What the optimiser did and found (:meth:`PactRun.summary`) in words, as ``psephos pact
    --optimise`` prints it under the pact's line and the ``/pacts`` page shows it: what it
    maximised (:meth:`PactPlan.objective_text`: the draws it optimised over, and whether that
    is an approximation), the limits in force (:func:`limits_text`), the outcome (proven or
    not), the stand-downs per bloc party (each as ``label`` names its code: the election's
    labels, "Reform UK"), the binary variables and HiGHS's time."""
    per_party = ", ".join(
        f"{label(party)} {format_number(n, ',.0f')}"
        for party, n in summary["stand_downs_per_party"].items()
    )
    return (
        f"Optimiser: maximising {summary['objective_text']}; limits: "
        f"{limits_text(summary['limits'], label)}; {summary['outcome']}; "
        f"stand-downs per party {per_party}; "
        f"{format_number(summary['n_variables'], ',.0f')} variables; solved in "
        f"{format_number(summary['solve_seconds'], '.2f')} s."
    )


def limits_text(limits: Mapping[str, Any], label: Callable[[str], str] = str) -> str:
    """The optimiser's limits (:meth:`PactRun.summary`'s ``limits``) in words, ``"none"``
    without any: ``"at most 5 stand-downs per party, 20 in all, only in England and Wales,
    no bloc party below its seats without the pact"``.

    Args:
        limits: ``max_per_party``, ``max_total``, ``fairness``, ``allowed_seats`` and
            ``nations`` (:meth:`PactPlan.limits`).
        label: Names a party's code.
    """
    parts = []
    per_party = limits["max_per_party"]
    if per_party and len(set(per_party.values())) == 1 and len(per_party) > 1:
        parts.append(f"at most {counted(next(iter(per_party.values())), 'stand-down')} per party")
    elif per_party:
        each = ", ".join(f"{label(p)} {format_number(n, ',.0f')}" for p, n in per_party.items())
        parts.append(f"per-party stand-downs at most {each}")
    if limits["max_total"] is not None:
        parts.append(f"at most {counted(limits['max_total'], 'stand-down')} in all")
    if limits.get("nations"):
        parts.append(f"only in {listed(limits['nations'])}")
    elif limits["allowed_seats"] is not None:
        parts.append(f"only in {counted(limits['allowed_seats'], 'seat')}")
    fairness = limits["fairness"]
    if isinstance(fairness, Mapping):
        each = ", ".join(f"{label(p)} {format_number(t, ',g')}" for p, t in fairness.items())
        parts.append(f"seats a party may end below its seats without the pact: {each}")
    elif fairness is not None and fairness > 0:
        parts.append(
            f"no bloc party more than {format_number(fairness, ',g')} "
            f"{'seat' if fairness == 1 else 'seats'} below its seats without the pact"
        )
    elif fairness is not None:
        parts.append("no bloc party below its seats without the pact")
    return ", ".join(parts) or "none"


def run_pact(
    base: Election,
    bloc: Sequence[str],
    request: PactRequest | None = None,
    *,
    names: PactNames | None = None,
    progress: Callable[[str], AbstractContextManager[object]] | None = None,
) -> PactRun:
    """The pact ``request`` asks for, tried on ``base`` (or on ``base`` projected to its poll)
    for the ``bloc`` parties, in the steps of the module's docstring.

    Args:
        base: The election asked for.
        bloc: The bloc parties (codes or names), or a bloc the country names
            (:meth:`psephos.jurisdictions.Jurisdiction.bloc_parties`: "progressive alliance").
        request: What the user gave (default: the default pact on the result).
        names: How the caller names the options in messages (default: the command's flags).
        progress: Called with a line saying what the optimiser does, as a context manager
            around its work (the command line's spinner); default: nothing shown.

    Raises:
        UnknownPartyError: a bloc party that is not in the election.
        DataFormatError: a bad stand-down, stand-down file, limit, nation or draws file; a
            stand-down or a limit for a party outside the bloc; a fairness outside 0 to the
            House's seats; stand-downs given with ``optimise``;
            optimiser options without it; both ``draws`` and ``sims``; the majority objective
            without draws.
        InvalidSharesError: a transfer rate outside 0-1; a poll the projection refuses.
    """
    request = request or PactRequest()
    names = names or PactNames()
    bloc = jurisdictions.bloc_parties(base, bloc)
    projection, notes = _projected(base, request)
    election = projection.election if projection is not None else base
    overrides = parse_transfer_overrides(request.transfers)
    with collected_share_notes() as rate_notes:  # rates scaled to make room for the overrides
        transfers = TransferMatrix.for_election(election).with_rates(overrides)
    transfer_note = share_transfers_note(election)  # what the default rates assume
    if request.draws is not None and request.sims is not None:
        raise DataFormatError(
            f"Give {names.draws} (a file) or {names.sims} (drawn here), not both."
        )
    nations = nation_names(election, request.nations)
    allowed_seats = nation_mask(election, nations)
    _check_options(request, names)
    check_fairness(request.fairness, election, name=names.fairness)
    limits = parse_limits(request.max_per_party, name=names.max_per_party)
    check_limits(election, limits, bloc, name=names.max_per_party, bloc_name=names.bloc)
    draws = _draws(election, request)
    plan, default_pact = None, False
    if request.optimise:
        check_objective(
            request.objective, draws, name=names.objective, draws_names=names.draws_needed
        )
        with (progress or _silent)(OPTIMISING):
            plan = optimise_pact(
                election,
                bloc=bloc,
                transfers=transfers,
                draws=draws,
                max_per_party=limits,
                allowed_seats=allowed_seats,
                max_total=request.max_total,
                fairness=request.fairness,
                objective="majority" if request.objective == "majority" else "seats",
                majority=request.majority,
            )
        result = plan.result
    else:
        chosen = _stand_downs(election, bloc, request, names)
        check_in_bloc(election, chosen, bloc, name=names.stand_down, bloc_name=names.bloc)
        if not chosen:
            chosen, default_pact = best_placed_stand_downs(election, bloc), True
        result = simulate_pact(
            election,
            chosen,
            bloc=bloc,
            transfers=transfers,
            draws=draws,
            majority=request.majority,
        )
    seat_names = {seat.code: seat.name for seat in election.constituencies}
    from psephos.results import close_calls

    return PactRun(
        election=election,
        result=result,
        transfers=transfers,
        default_pact=default_pact,
        projection=projection,
        plan=plan,
        max_per_party=limits,
        notes=(
            *notes,
            *rate_notes,
            *close_calls(election),  # a seat of the count before the pact won by lot
            *([] if transfer_note is None else [transfer_note]),
            *idle_override_notes(election, overrides, result, optimised=request.optimise),
            *result.notes(seat_names),
            *([] if plan is None else optimiser_notes(plan, election.label)),
        ),
        draws=draws,
        nations=tuple(nations),
    )


def optimiser_notes(plan: PactPlan, label: Callable[[str], str] = str) -> list[str]:
    """What the optimiser's plan does not say by itself, one sentence each: the bloc parties
    that stand down in as many seats as their limit allows (the limit binds, so a larger one
    could add seats), the same of the limit in all, and how many of the plan's stand-downs
    each add under :data:`SMALL_GAIN` expected seats to the bloc, naming the least (the
    optimiser maximises the total, and takes any gain however small: 60 stand-downs for +2.9
    seats, most worth 0.02-0.04 of a seat, in 2019 for Lab, LD, Green and PC at 20 each over
    1,000 draws).

    Args:
        plan: The optimiser's answer.
        label: Names a party's code (the election's labels).

    The limits are named in words, the same on the command line and the web.
    """
    notes = []
    per_party = plan.per_party()
    binding = {
        party: limit
        for party, limit in plan.max_per_party.items()
        if limit > 0 and per_party.get(party, 0) >= limit
    }
    if binding:
        each = (
            counted(next(iter(binding.values())), "seat") + (" each" if len(binding) > 1 else "")
            if len(set(binding.values())) == 1
            else ", ".join(f"{label(p)} {format_number(n, ',.0f')}" for p, n in binding.items())
        )
        notes.append(
            f"{listed([label(party) for party in binding])} "
            f"{'stands' if len(binding) == 1 else 'stand'} down in as many seats as the "
            f"per-party limit allows ({each}): the limit binds, so a larger one may add seats."
        )
    if plan.max_total is not None and 0 < plan.max_total <= len(plan.stand_downs):
        notes.append(
            f"The plan uses all {counted(plan.max_total, 'stand-down')} the limit in all "
            "allows: the limit binds, so a larger one may add seats."
        )
    ledger = plan.result.ledger
    small = sorted((row for row in ledger if row["bloc_gain"] < SMALL_GAIN), key=_gain)
    if small:
        least = small[0]
        drawn = plan.result.n_draws > 1
        notes.append(
            f"{format_number(len(small), ',.0f')} of the plan's "
            f"{counted(len(ledger), 'stand-down')} each add under "
            f"{format_number(SMALL_GAIN, 'g')} {'expected ' if drawn else ''}seats to the bloc "
            f"in their seat (the least: {label(least['party'])} in {least['seat_name']}, "
            f"{format_number(least['bloc_gain'], '+.3f' if drawn else '+,d')}; each one's "
            "bloc_gain is in the ledger): the optimiser takes any gain, however small, and a "
            "campaign may not ask a party to stand aside for so little."
        )
    return notes


def _gain(row: Mapping[str, Any]) -> float:
    """A ledger row's gain to the bloc in its seat (the order :func:`optimiser_notes` names
    the least by)."""
    return float(row["bloc_gain"])


def idle_override_notes(
    election: Election,
    overrides: Mapping[str, Mapping[str, float]],
    result: PactResult,
    *,
    optimised: bool = False,
) -> list[str]:
    """A sentence per party whose transfer rates were set (``--transfer``) but which stands
    aside nowhere in the pact, so the rates change nothing: a party outside the bloc never
    stands aside; a bloc party may stand aside in no seat of the stand-downs given. (A rate
    the optimiser was given can change its plan even where the party ends up standing
    everywhere, so there only parties outside the bloc are named.)

    Args:
        election: The election the pact was tried on (the parties' codes).
        overrides: The rates set, ``{from: {to: rate}}``
            (:func:`psephos.pacts.parse_transfer_overrides`).
        result: The pact simulated.
        optimised: Whether the optimiser chose the stand-downs.
    """
    standing_aside = {item.party for item in result.stand_downs}
    notes = []
    for source, row in overrides.items():
        party = party_code(election, source)
        if party in standing_aside or (optimised and party in result.bloc):
            continue
        given = [f"{party}>{party_code(election, target)}" for target in row]
        rates = (
            f"rate {given[0]} changes" if len(given) == 1 else f"rates {', '.join(given)} change"
        )
        why = (
            f"{party} stands aside in no seat of this pact"
            if party in result.bloc
            else f"{party} is not in the bloc, so it stands aside nowhere"
        )
        notes.append(f"The transfer {rates} nothing: {why}.")
    return notes


def _silent(message: str) -> AbstractContextManager[object]:
    """No progress shown."""
    return nullcontext()


def _projected(base: Election, request: PactRequest) -> tuple[Projection | None, list[str]]:
    """``base`` projected to the request's poll and area shares (``None`` without either),
    with its notes."""
    if request.poll is None and not request.areas:
        return None, []
    from psephos.projection import DEFAULT_MODEL, project

    with collected_share_notes() as notes:
        projection = project(
            base, request.poll, model=request.model or DEFAULT_MODEL, areas=request.areas or None
        )
    return projection, notes


def _check_options(request: PactRequest, names: PactNames) -> None:
    """The optimiser's options only with it, the stand-downs given only without it."""
    optimiser_only = (
        (names.max_per_party, request.max_per_party is not None),
        (names.max_total, request.max_total is not None),
        (names.fairness, request.fairness is not None),
        (names.nation, bool(request.nations)),
        (names.objective, request.objective != "seats"),
    )
    stand_downs = (
        (names.stand_down, bool(request.stand_downs)),
        (names.stand_down_file, request.stand_down_file is not None),
    )
    check_optimiser_options(
        [name for name, given in optimiser_only if given],
        optimised=request.optimise,
        stand_downs=[name for name, given in stand_downs if given],
        optimise=names.optimise,
    )


def _draws(election: Election, request: PactRequest) -> Draws | None:
    """The request's forecast draws: as given, read from their file, or ``sims`` drawn around
    the result or projection with ``psephos forecast``'s error model
    (:func:`psephos.forecast.calibration.poll_error_model`: its national, regional and seat
    scales, calibrated on the back-tests), each seat's error drawn per party as shares
    (:class:`psephos.tactical.uncertainty.ForecastErrors`)."""
    if isinstance(request.draws, str | Path):
        from psephos.io.draws import read_draws

        return read_draws(request.draws)
    if request.draws is not None:
        return request.draws
    if request.sims is None:
        return None
    from psephos.forecast.calibration import poll_error_model
    from psephos.tactical.uncertainty import ForecastErrors, SeatUncertainty

    uncertainty = SeatUncertainty.from_election(
        election,
        error_model=ForecastErrors(poll_error_model(), name="forecast"),
        n_sims=request.sims,
        seed=request.seed,
    )
    return uncertainty.draws


def _stand_downs(
    election: Election, bloc: Sequence[str], request: PactRequest, names: PactNames
) -> list[StandDown]:
    """The stand-downs given: the items, then the file's (every bad row of the file named at
    once: :func:`psephos.pacts.checked_stand_down_file`)."""
    chosen = parse_stand_downs(request.stand_downs, name=names.stand_down)
    if request.stand_down_file is not None:
        chosen += checked_stand_down_file(
            election, request.stand_down_file, bloc, bloc_name=names.bloc
        )
    return chosen
