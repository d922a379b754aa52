"""A count of users' own ranked ballots as ``psephos count-ballots`` and the web's ballot page
report it: the alternative vote (IRV) for one seat, STV (Droop quota, weighted inclusive
Gregory method) for more (:func:`psephos.systems.count_irv`, :func:`psephos.systems.count_stv`),
with one row per candidate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psephos.errors import DataFormatError
from psephos.model.ballots import Ballots
from psephos.numbers import counted, format_number, listed
from psephos.systems.count import CountResult, TieBreak, TieEvent, count_irv, count_stv
from psephos.systems.indices import votes_per_seat


@dataclass(frozen=True, slots=True)
class BallotCount:
    """A count of ranked ballots and the ballots counted.

    Attributes:
        ballots: The ballots.
        n_seats: Seats filled.
        result: The count.
        seed: The seed of the lot (``tie_break="random"``: the one given, else the one
            drawn, :func:`count_ballots`), so a count by lot can be drawn again; ``None`` for
            the other rules.
        seed_name: How the caller names the seed option, for the note saying it.
    """

    ballots: Ballots
    n_seats: int
    result: CountResult
    seed: int | None = None
    seed_name: str = "--seed"

    def rows(self) -> list[dict[str, Any]]:
        """One row per candidate, the elected first (in the order of their last round's votes),
        then the others: first preferences, ``last_round`` (:func:`final_tallies`: the votes a
        candidate held in the round they were elected or excluded in, before a surplus or
        an exclusion is passed on, so an elected candidate's can be above the quota they keep
        and the column add up to more than the ballots), ``status`` and ``order`` of election.

        ``status`` is ``elected``, ``excluded`` (in a round of the count), ``withdrawn``
        (before the count: a BLT file's withdrawn candidates) or ``not elected`` for a
        candidate still in the count when the seats were filled (the runner-up of an
        alternative-vote count)."""
        result = self.result
        first = self.ballots.first_preferences()
        final = final_tallies(result)
        return [
            {
                "candidate": self.ballots.candidates[i],
                "first_prefs": float(first[i]),
                "last_round": float(final[i]),
                "status": _status(result, i, self.ballots.withdrawn),
                "order": (result.elected.index(i) + 1) if i in result.elected else None,
            }
            for i in self._order()
        ]

    def _order(self) -> list[int]:
        """The candidates as :meth:`rows` lists them: the elected first, most votes first."""
        result = self.result
        final = final_tallies(result)
        return sorted(
            range(len(self.ballots.candidates)),
            key=lambda i: (i not in result.elected, -float(final[i])),
        )

    def round_rows(self) -> list[dict[str, Any]]:
        """The count round by round, for auditing it: one row per candidate, in the order of
        :meth:`rows`, with their votes at the start of each round (``round_1``, ``round_2``,
        ...: an elected candidate keeps the quota once the surplus moves on, an excluded
        one has 0) and the round they were ``decided`` in (``elected in round 1``), then a
        row of the votes exhausted (``(exhausted)``: blank ballots and those with no
        continuing preference left), so each round's column adds up to the ballots."""
        result = self.result
        rounds = result.rounds
        decided: dict[int, str] = {}
        kept: dict[int, tuple[int, float]] = {}  # elected: (round, votes kept from then on)
        for number, count_round in enumerate(rounds, start=1):
            for candidate in count_round.elected:
                decided[candidate] = f"elected in round {number}"
                elected_on = float(count_round.tallies[candidate])
                kept[candidate] = (number, min(elected_on, float(result.quota)))
            for candidate in count_round.excluded:
                decided[candidate] = f"excluded in round {number}"

        def votes(candidate: int, number: int) -> float:
            elected = kept.get(candidate)
            if elected is not None and number > elected[0]:
                return elected[1]
            return float(rounds[number - 1].tallies[candidate])

        rows: list[dict[str, Any]] = [
            {
                "candidate": self.ballots.candidates[i],
                **{f"round_{number}": votes(i, number) for number in range(1, len(rounds) + 1)},
                "decided": decided.get(i, _status(result, i, self.ballots.withdrawn)),
            }
            for i in self._order()
        ]
        exhausted = {
            f"round_{number}": float(count_round.exhausted)
            for number, count_round in enumerate(rounds, start=1)
        }
        return [*rows, {"candidate": "(exhausted)", **exhausted, "decided": None}]

    def rounds_title(self) -> str:
        """The title of the round-by-round table (:meth:`round_rows`), with what each round of
        an alternative-vote count needed to win (:meth:`to_win_by_round`): ``Round by round:
        votes at the start of each round (to win: 5, 5, 5, 4)``."""
        title = "Round by round: votes at the start of each round"
        needed = self.to_win_by_round()
        if needed is None:
            return title
        return f"{title} (to win: {', '.join(format_number(n, ',') for n in needed)})"

    def continuing_votes(self) -> float | None:
        """An alternative-vote count's votes still in its last round (its winner has more
        than half of them); ``None`` for STV, whose quota is reached, not exceeded."""
        return 2 * float(self.result.quota) if self.result.method == "irv" else None

    def quota(self) -> float:
        """The votes a candidate needs to be elected: STV's Droop quota, reached; for the
        alternative vote more than half of the last round's continuing votes, ``floor(N / 2) +
        1`` of ``N`` whole votes (51 of 100, 3 of 5), and half of them, to be exceeded, where
        weighted ballots leave a fraction (:func:`majority_of`). An earlier round of an
        alternative-vote count had more votes continuing, and needed more
        (:meth:`to_win_by_round`)."""
        continuing = self.continuing_votes()
        if continuing is None:
            return float(self.result.quota)
        return majority_of(continuing)

    def to_win_by_round(self) -> list[float] | None:
        """What a candidate needed to win in each round of an alternative-vote count: more
        than half of the votes continuing at its start (:func:`majority_of`: 5 of 8, then 4 of
        7 once a ballot exhausts), so a candidate on 4 of 8 was not elected in an earlier round
        though the last round's 4 of 7 won; ``None`` for STV, whose quota is fixed."""
        if self.result.method != "irv":
            return None
        return [majority_of(float(sum(r.tallies))) for r in self.result.rounds]

    def to_win(self) -> str:
        """What a candidate needs, in words, as the title says it: ``quota 34`` (STV), ``51 of
        100 continuing votes to win`` (the alternative vote), ``more than half of 4.5
        continuing votes to win`` (weighted ballots leaving a fraction)."""
        continuing = self.continuing_votes()
        if continuing is None:
            return f"quota {format_number(self.quota(), ',')}"
        if not continuing.is_integer():
            # to three places at most, not rounded to one: 4.75, not 4.8, which reads as more
            half = format_number(round(continuing, 3), ",.6g")
            return f"more than half of {half} continuing votes in the last round to win"
        return (
            f"{format_number(self.quota(), ',')} of {format_number(continuing, ',')} continuing "
            "votes in the last round to win"
        )

    def summary(self) -> dict[str, Any]:
        """The count's method, seats, quota (:meth:`quota`: the votes a candidate needs) and,
        for the alternative vote, the last round's continuing votes, elected candidates (in
        order of election), ties broken and first-preference votes per seat."""
        result = self.result
        return {
            "method": result.method,
            "seats": self.n_seats,
            "quota": self.quota(),
            "continuing_votes": self.continuing_votes(),
            "to_win_by_round": self.to_win_by_round(),
            "seed": self.seed,
            "elected": list(result.winners),
            "ties": len(result.ties),
            "votes_per_seat": float(
                votes_per_seat(self.ballots.first_preferences().sum(), self.n_seats)
            ),
        }

    def notes(self) -> list[str]:
        """What a reader of the count should know: the ballots that rank no candidate (blank
        ballots), which count for no one and are left out of the quota, and each tie the count
        broke (:func:`tie_note`), in the order it broke them."""
        rankings, counts = self.ballots.rankings, self.ballots.counts
        blank = float(counts[(rankings < 0).all(axis=1)].sum())
        notes = [tie_note(self.result, tie) for tie in self.result.ties]
        if self.seed is not None and any(tie.rule == "random" for tie in self.result.ties):
            notes.append(
                f"The lot was drawn with seed {self.seed}; give {self.seed_name} {self.seed} "
                "to draw it again."
            )
        if blank <= 0:
            return notes
        ranks = "ballot ranks" if blank == 1 else "ballots rank"
        return [
            f"{format_number(blank, ',')} blank {ranks} no candidate: counted for no one, and "
            "left out of the quota.",
            *notes,
        ]

    def title(self, file_name: str) -> str:
        """A line saying what was counted: the ballots' title (else ``file_name``), seats,
        what a candidate needs (:meth:`to_win`), rounds and ties."""
        result = self.result
        return (
            f"{self.ballots.title or file_name}: {counted(self.n_seats, 'seat')}, "
            f"{self.to_win()}, "
            f"{counted(len(result.rounds), 'round')}, {counted(len(result.ties), 'tie')}"
        )


#: How each tie rule decided, for an exclusion and for an election (:mod:`psephos.systems.count`).
_TIE_RULES: dict[tuple[str, str], str] = {
    ("backwards", "exclude"): "fewer votes at the latest earlier round where they differed",
    ("backwards", "elect"): "more votes at the latest earlier round where they differed",
    ("order", "exclude"): "the candidates' order, the later listed excluded first",
    ("order", "elect"): "the candidates' order, the earlier listed elected first",
    ("random", "exclude"): "lot",
    ("random", "elect"): "lot",
}


def tie_note(result: CountResult, tie: TieEvent) -> str:
    """One tie the count broke (:class:`psephos.systems.count.TieEvent`) in words: the round,
    the candidates tied and on how many votes, who was excluded or elected and by which rule:
    ``"Round 3: A and B tied on 8 votes; A excluded by fewer votes at the latest earlier round
    where they differed (the backwards rule)."``"""
    names = [result.candidates[i] for i in tie.tied]
    tally = result.rounds[tie.round].tallies[tie.tied[0]]
    outcome = "excluded" if tie.kind == "exclude" else "elected"
    return (
        f"Round {tie.round + 1}: {listed(names)} tied on {counted_votes(tally)}; "
        f"{result.candidates[tie.chosen]} {outcome} by "
        f"{_TIE_RULES[(tie.rule, tie.kind)]} (the {tie.rule} rule)."
    )


def counted_votes(votes: float) -> str:
    """Votes as a sentence counts them (:func:`psephos.numbers.counted`): ``1 vote``, ``8
    votes``, and a fraction a weighted ballot or a surplus leaves, ``1.5 votes``."""
    if float(votes).is_integer():
        return counted(int(votes), "vote")
    return f"{format_number(votes, ',')} votes"


def majority_of(continuing: float) -> float:
    """The votes that win an alternative-vote round of ``continuing`` votes: ``floor(N / 2) +
    1`` of ``N`` whole votes (4 of 7, 5 of 8), else half of them, to be exceeded."""
    if not float(continuing).is_integer():
        return float(continuing) / 2
    return float(continuing // 2 + 1)


def final_tallies(result: CountResult) -> list[float]:
    """Each candidate's votes in their last round: the votes held in the round they were
    elected or excluded, else (still in the count when the seats were filled) in the last
    round. A round's tallies are taken at its start, so an elected candidate shows the votes
    that elected them (above the quota they keep where a surplus then moved on) rather than
    the quota left once the surplus is transferred."""
    final = [float(value) for value in result.rounds[-1].tallies]
    for count_round in result.rounds:
        for candidate in (*count_round.elected, *count_round.excluded):
            final[candidate] = float(count_round.tallies[candidate])
    return final


def _status(result: CountResult, candidate: int, withdrawn: tuple[int, ...] = ()) -> str:
    """``elected``, ``excluded``, ``withdrawn`` or, still in the count at the end, ``not
    elected``."""
    if candidate in result.elected:
        return "elected"
    if candidate in withdrawn:
        return "withdrawn"
    return "excluded" if candidate in result.excluded else "not elected"


def count_ballots(
    ballots: Ballots,
    *,
    seats: int | None = None,
    tie_break: TieBreak = "backwards",
    seed: int | None = None,
    seats_name: str = "--seats",
    seed_name: str = "--seed",
) -> BallotCount:
    """Count ranked ballots for ``seats`` seats (default: the file's, a BLT file says, else one):
    by IRV for one seat, else by STV.

    Args:
        ballots: The ballots (:func:`psephos.systems.read_ballot_file`).
        seats: Seats to fill.
        tie_break: ``"backwards"``, ``"order"`` or ``"random"`` (:mod:`psephos.systems.count`).
        seed: Seed of the lot for ``tie_break="random"``; without one a fresh seed is drawn
            (:func:`fresh_seed`) and kept in the count (:attr:`BallotCount.seed`), so that a
            count by lot can be recorded and drawn again.
        seats_name: How the caller names the seats option, for the message.
        seed_name: How the caller names the seed option, for the note on a lot drawn.

    Raises:
        DataFormatError: as many seats as candidates, or more (every candidate elected).
    """
    n_seats = seats or ballots.n_seats or 1
    if n_seats >= len(ballots.candidates):
        raise DataFormatError(
            f"{seats_name} {n_seats} with {len(ballots.candidates)} candidates: every candidate "
            f"would be elected; use fewer seats than candidates."
        )
    if tie_break == "random" and seed is None:
        seed = fresh_seed()
    elif tie_break != "random":
        seed = None  # no lot: no seed to record
    result = (
        count_irv(ballots, tie_break=tie_break, seed=seed)
        if n_seats == 1
        else count_stv(ballots, n_seats, tie_break=tie_break, seed=seed)
    )
    return BallotCount(ballots, n_seats, result, seed=seed, seed_name=seed_name)


#: Seeds :func:`fresh_seed` draws lie below this (what the web form's ``seed`` takes).
SEED_LIMIT = 2**32


def fresh_seed() -> int:
    """A seed for a count by lot given none: drawn from the operating system's entropy
    (:class:`numpy.random.SeedSequence`), from 0 to :data:`SEED_LIMIT` - 1, short enough to
    write down and give again."""
    import numpy as np

    return int(np.random.SeedSequence().generate_state(1, dtype=np.uint32)[0])
