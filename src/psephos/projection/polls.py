"""Final-week GB poll averages: the mean of a table of polls (:func:`average_polls`), and its
correction for the polls' systematic error, learnt only from earlier general elections.

**The average.** A poll table (:mod:`psephos.io.polls`: one row a poll, a date, party columns)
is averaged as the real-input back-test averages the polls a user had on the eve of an
election (docs/backtests.md, ``scripts/build_polls.py``): the unweighted mean, party by party,
of the polls whose fieldwork ended in the last ``days`` days (default seven,
:data:`WINDOW_DAYS`) before ``until`` (polling day), or up to and including the latest date in
the table. A party is averaged over the polls that reported it. The mean then goes through the
one poll reader (:func:`psephos.projection.inputs.read_poll`), so it is refused, and its
parties read, as a typed poll is.

**The correction.**

Polls miss in the same direction more often than chance allows: British polls have tended to
overstate Labour and understate the Conservatives (1970, 1992, 1997, 2015; Sturgis et al. 2016,
*Report of the Inquiry into the 2015 British general election opinion polls*; Jennings &
Wlezien 2018, "Election polling errors across time and space", *Nature Human Behaviour* 2,
276-283). For each major party ``p`` and each earlier election ``k`` with a final-week poll the
record (:data:`HISTORY_TABLE`, built by ``scripts/build_polls.py`` from PollBase and the House of
Commons Library's GB results) gives the error

.. math::

    e_{pk} = r_{pk} - y_{pk} \\quad (\\text{GB result minus final-week poll mean, points}).

Over the ``n`` earlier elections the mean error :math:`\\bar e_p` has standard error
:math:`SE_p = s_p / \\sqrt n` (:math:`s_p` the sample sd). The party's bias is taken to be
drawn from :math:`N(0, \\tau_p^2)`; estimating :math:`\\tau_p^2` by moments,
:math:`\\hat\\tau_p^2 = \\max(0, \\bar e_p^2 - SE_p^2)`, the posterior mean is the shrunk mean

.. math::

    b_p = w_p \\bar e_p, \\qquad w_p = \\max\\left(0, 1 - SE_p^2 / \\bar e_p^2\\right),

the positive-part empirical-Bayes (James-Stein) rule for one mean (Efron & Morris 1973,
*JASA* 68, 117-130): a mean error that is small beside its own noise is dropped. The adjusted
poll adds :math:`b_p` to Con, Lab and LD (clipped at 0); every other party, named or not,
shares what is left (``100 - sum of the three``) in proportion to its polled share.

Whether the adjustment is used (:func:`adjustment_rule`) is decided on earlier elections only,
by forward chaining: each earlier election with at least :data:`MIN_HISTORY` elections before it
is corrected with the bias learnt from those, and the adjustment is adopted when it lowers the
summed absolute share error of Con, Lab and LD over those elections.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from psephos.errors import DataFormatError, InvalidSharesError, PsephosError, UnknownPartyError
from psephos.io.polls import (
    WHAT,
    NationalArea,
    PartyOf,
    PollTable,
    Settle,
    format_date,
    format_dates,
    poll_date,
)
from psephos.io.polls import parse_poll_table as parse_table
from psephos.io.polls import read_poll_table as read_table
from psephos.io.rows import file_named
from psephos.numbers import (
    ROUNDING_POINTS,
    counted,
    format_number,
    listed,
    percent_factor,
    plural_of,
)

#: Bundled table of final-week poll means and GB results, 1950-2024 (fractions).
HISTORY_TABLE = "poll_history"
#: Parties whose error is learnt and corrected (those PollBase carries back to 1945).
BIAS_PARTIES: tuple[str, ...] = ("Con", "Lab", "LD")
#: Fewest earlier elections a bias needs (a standard error needs two).
MIN_HISTORY = 2


@dataclass(frozen=True, slots=True)
class PollBias:
    """The polls' expected error per party, learnt from earlier elections.

    Attributes:
        elections: Earlier elections learnt from, oldest first.
        mean: Mean error (result minus final-week poll mean, points) per party.
        standard_error: Standard error of that mean per party (points).
        weight: Shrinkage weight ``max(0, 1 - SE^2 / mean^2)`` per party.
    """

    elections: tuple[str, ...]
    mean: dict[str, float] = field(default_factory=dict)
    standard_error: dict[str, float] = field(default_factory=dict)
    weight: dict[str, float] = field(default_factory=dict)

    @property
    def correction(self) -> dict[str, float]:
        """Points added to each party's polled share: ``weight * mean``."""
        return {party: self.weight[party] * self.mean[party] for party in self.mean}

    def apply(self, poll: Mapping[str, float]) -> dict[str, float]:
        """The poll (percent) corrected by this bias; see :func:`adjust_poll`."""
        return adjust_poll(poll, self)


def history(before: str | None = None) -> list[tuple[str, dict[str, float], dict[str, float]]]:
    """Earlier elections' ``(election, final-week poll, GB result)``, percent, oldest first.

    Args:
        before: An election id or year (elections of earlier years), or an ISO date (elections
            before it); ``None`` for every bundled election.
    """
    from psephos.jurisdictions import UK

    frame = UK.table(HISTORY_TABLE)
    cutoff = _cutoff(before)
    out: dict[str, tuple[str, dict[str, float], dict[str, float]]] = {}
    for election, date, party, poll, result in zip(
        frame["election"],
        frame["date"],
        frame["party"],
        frame["poll"],
        frame["result"],
        strict=True,
    ):
        if cutoff is not None and str(date) >= cutoff:
            continue
        entry = out.setdefault(str(election), (str(date), {}, {}))
        entry[1][str(party)] = 100.0 * float(poll)
        entry[2][str(party)] = 100.0 * float(result)
    ordered = sorted(out.items(), key=lambda item: item[1][0])
    return [(election, polls, results) for election, (_, polls, results) in ordered]


def _cutoff(before: str | None) -> str | None:
    """ISO date strictly before which an election counts as earlier."""
    if before is None:
        return None
    text = str(before)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return text
    if len(text) < 4 or not text[:4].isdigit():
        raise PsephosError(
            f"Cannot date {before!r}: give an election id beginning with its year (e.g. "
            "'2024') or an ISO date (e.g. '2024-07-04')."
        )
    return f"{text[:4]}-01-01"


def estimate_bias(
    records: list[tuple[str, dict[str, float], dict[str, float]]],
) -> PollBias:
    """The shrunk mean error of :func:`poll_bias` from explicit ``(election, poll, result)``
    records (percent). Fewer than :data:`MIN_HISTORY` records give no correction."""
    elections = tuple(election for election, _, _ in records)
    mean: dict[str, float] = {}
    standard_error: dict[str, float] = {}
    weight: dict[str, float] = {}
    for party in BIAS_PARTIES:
        errors = np.array(
            [results[party] - polls[party] for _, polls, results in records if party in polls]
        )
        if len(errors) < MIN_HISTORY:
            mean[party], standard_error[party], weight[party] = 0.0, 0.0, 0.0
            continue
        average = float(errors.mean())
        error = float(errors.std(ddof=1) / np.sqrt(len(errors)))
        mean[party], standard_error[party] = average, error
        weight[party] = max(0.0, 1.0 - error**2 / average**2) if average else 0.0
    return PollBias(elections, mean, standard_error, weight)


def poll_bias(before: str | None = None) -> PollBias:
    """The polls' expected error per party (points), learnt from the bundled elections before
    ``before`` (an election id or year, or an ISO date; ``None``: every bundled election, the
    correction for the next election)."""
    return estimate_bias(history(before))


def adjust_poll(poll: Mapping[str, float], bias: PollBias) -> dict[str, float]:
    """A GB poll with each party of :data:`BIAS_PARTIES` moved by its correction.

    Shares in percent, or fractions when they sum to at most 1.5 (as :func:`read_poll` reads
    them); the answer is in the poll's own unit. Corrected shares are clipped at 0. Every other
    party the poll names is scaled so that it and the unnamed remainder share
    ``100 - sum(corrected parties)`` as they shared ``100 - sum(polled parties)``.
    """
    unit = percent_factor(sum(poll.values()))
    correction = bias.correction
    adjusted = {party: float(share) * unit for party, share in poll.items()}
    polled = sum(adjusted[party] for party in BIAS_PARTIES if party in adjusted)
    for party in BIAS_PARTIES:
        if party in adjusted:
            adjusted[party] = max(0.0, adjusted[party] + correction.get(party, 0.0))
    corrected = sum(adjusted[party] for party in BIAS_PARTIES if party in adjusted)
    rest, new_rest = 100.0 - polled, 100.0 - corrected
    if rest > 0:
        scale = max(new_rest, 0.0) / rest
        for party in adjusted:
            if party not in BIAS_PARTIES:
                adjusted[party] *= scale
    return {party: share / unit for party, share in adjusted.items()}


@dataclass(frozen=True, slots=True)
class AdjustmentCheck:
    """The forward-chaining evidence of :func:`adjustment_rule`.

    Attributes:
        elections: Earlier elections checked, each corrected with the bias learnt before it.
        raw_error: Per election, summed |poll - result| over Con, Lab and LD (points).
        adjusted_error: The same after the correction.
    """

    elections: tuple[str, ...]
    raw_error: tuple[float, ...]
    adjusted_error: tuple[float, ...]

    @property
    def adopt(self) -> bool:
        """Whether the correction lowered the summed error over the elections checked."""
        return bool(self.elections) and sum(self.adjusted_error) < sum(self.raw_error)


def adjustment_rule(
    before: str | None = None, *, min_history: int = MIN_HISTORY
) -> AdjustmentCheck:
    """Whether to adjust the polls for an election, decided on earlier elections only.

    Each bundled election before ``before`` with at least ``min_history`` elections before it
    (default :data:`MIN_HISTORY`, the rule's) is corrected by the bias learnt from those
    (forward chaining); the correction is adopted when the summed absolute share error of Con,
    Lab and LD over them falls.
    """
    records = history(before)
    elections, raw, adjusted = [], [], []
    for index in range(max(min_history, MIN_HISTORY), len(records)):
        election, polls, results = records[index]
        corrected = estimate_bias(records[:index]).apply(polls)
        elections.append(election)
        raw.append(sum(abs(polls[p] - results[p]) for p in BIAS_PARTIES))
        adjusted.append(sum(abs(corrected[p] - results[p]) for p in BIAS_PARTIES))
    return AdjustmentCheck(tuple(elections), tuple(raw), tuple(adjusted))


#: Days of fieldwork a poll table's average covers by default: the final week, as the bundled
#: final-week averages (``scripts/build_polls.py``).
WINDOW_DAYS = 7


def read_poll_table(
    path: str | Path,
    *,
    parties: Sequence[str] | None = None,
    election_id: str | None = None,
) -> PollTable:
    """A poll table CSV (:func:`psephos.io.polls.read_poll_table`), its party columns read as
    a typed poll's names are (:func:`poll_column_party`); a column no party answers to is
    ignored (and named in the average's notes). Two columns of one renamed party (PollBase's
    ``ukip`` and ``bxp``) are settled by the party's name in ``election_id``'s year
    (:func:`lineage_columns`). Rows of the area a national poll of ``election_id``'s country
    covers are kept (:func:`national_poll_area`).

    Raises:
        DataFormatError: as :func:`psephos.io.polls.read_poll_table`.
        InvalidSharesError: a column giving two parties one share (``SNP/PC``).
    """
    return read_table(
        path,
        party=poll_column_party(parties),
        national=national_poll_area(election_id),
        settle=lineage_columns(election_id),
    )


def parse_poll_table(
    text: str,
    *,
    name: str,
    parties: Sequence[str] | None = None,
    election_id: str | None = None,
) -> PollTable:
    """:func:`read_poll_table` for a table's text already in memory (an upload, decoded by
    :func:`psephos.io.rows.decode_text`); ``name`` names it in messages and notes.

    Raises:
        DataFormatError, InvalidSharesError: as :func:`read_poll_table`.
    """
    return parse_table(
        text,
        name=name,
        party=poll_column_party(parties),
        national=national_poll_area(election_id),
        settle=lineage_columns(election_id),
    )


def national_poll_area(election_id: str | None = None) -> NationalArea:
    """Whether a poll table's area cell names the area a national poll of ``election_id``'s
    country covers (any bundled country's without one), as the country names it
    (:func:`psephos.projection.inputs.national_area_names`: ``GB``, ``Great Britain``,
    ``national``; ``Canada``), case and spaces aside.

    Raises:
        UnknownElectionError: an ``election_id`` that is not bundled.
    """
    from psephos.projection.inputs import national_area_names

    names = national_area_names(election_id)

    def national(area: str) -> bool:
        return area.strip().lower() in names

    return national


def poll_column_party(parties: Sequence[str] | None = None) -> PartyOf:
    """How a poll table's column header is read as a party: as a typed poll's names are
    (:func:`psephos.projection.inputs.poll_party`: the vocabulary, and with an election's
    ``parties`` the names they answer to); ``None`` for a header no party answers to.

    Raises (when called):
        InvalidSharesError: a header giving two parties one share (``SNP/PC``).
    """
    from psephos.projection.inputs import poll_party

    def party(column: str) -> str | None:
        try:
            return poll_party(column, parties)
        except UnknownPartyError:
            return None

    return party


def lineage_columns(election_id: str | None = None) -> Settle:
    """How a poll table's columns for one renamed party are settled (PollBase has ``ukip``
    and ``bxp``, both the Reform lineage, :data:`psephos.model.party.LINEAGE_LABELS`): the
    column that is the party's name in the election after ``election_id`` (the one a base's
    next polls precede: the Brexit Party's in 2019, projected from 2017), else in
    ``election_id``'s own year (:func:`psephos.model.party_name`) is the party; each other
    column is another party that year (in 2019 UKIP stood apart from the Brexit Party) with
    no code of its own, so it is left to
    the parties the poll does not name, as a column of such a party is
    (:func:`psephos.model.party.unread_reason`), and a note says so. It is not read as
    ``Other``: a poll's Others are every party it does not name
    (:func:`psephos.projection.inputs.share_vector`), which UKIP's share alone is not.

    Raises (when called):
        DataFormatError: columns of a party that is not renamed, or where neither of them (or
            more than one) is the party's name that year, naming them and that name.
    """
    from psephos.model.party import election_after, lineage_label, party_name

    def settle(code: str, columns: Sequence[str], what: str) -> tuple[dict[str, str | None], str]:
        named = listed(map(repr, columns))
        labels = [lineage_label(column) for column in columns]
        if any(label is None for label in labels):
            raise DataFormatError(
                f"The {what} has two columns read as {code} ({named}); keep one of them "
                "(rename or delete the other)."
            )
        # the polls precede the election after the base: its name first (December 2019's
        # polls, projected from 2017, are the Brexit Party's), then the base's own
        for when in dict.fromkeys([election_after(code, election_id), election_id]):
            year_name = party_name(code, when)
            year = f"in {when}" if when else "now"
            fits = [c for c, label in zip(columns, labels, strict=True) if label == year_name]
            if len(fits) == 1:
                break
        if len(fits) != 1:
            which = "neither is" if not fits else "more than one is"
            raise DataFormatError(
                f"The {what} has two columns read as {code} ({named}), and {which} its name "
                f"{year} ({year_name}); keep the one to read as {code} (rename or delete the "
                "other)."
            )
        apart = ", ".join(
            f"{column} ({label})"
            for column, label in zip(columns, labels, strict=True)
            if column != fits[0]
        )
        read: dict[str, str | None] = dict.fromkeys(columns) | {fits[0]: code}
        return read, (
            f"Columns {named} both name the {code} lineage: {fits[0]} is read as {code} "
            f"({year_name} {year}); {apart}, not its name {year}, is another party then, "
            "left to the parties not named."
        )

    return settle


def poll_window(
    dates: Sequence[datetime.date],
    *,
    days: int = WINDOW_DAYS,
    until: datetime.date | str | None = None,
) -> tuple[datetime.date, datetime.date]:
    """The first and last fieldwork end dates averaged: the ``days`` days before ``until``
    (a date or a date as :func:`psephos.io.polls.poll_date` reads it; polling day, itself
    left out), else the ``days`` days up to and including the latest of ``dates``.

    Raises:
        PsephosError: ``days`` below 1, an ``until`` that is not a date, or no dates.
    """
    day = check_window(days=days, until=until)
    if day is not None:
        end = day - datetime.timedelta(days=1)
    elif dates:
        end = max(dates)
    else:
        raise PsephosError("No polls to average.")
    try:
        return end - datetime.timedelta(days=days - 1), end
    except OverflowError:  # a window reaching back past the calendar's first day
        return datetime.date.min, end


def check_window(
    *, days: int = WINDOW_DAYS, until: datetime.date | str | None = None
) -> datetime.date | None:
    """``days`` and ``until`` checked as :func:`poll_window` checks them, before any table is
    read (a command checks its ``--poll-days`` and ``--poll-until`` with it): ``until`` as a
    date, or ``None`` without one.

    Raises:
        PsephosError: ``days`` below 1, or an ``until`` that is not a date (or has no day
            before it).
    """
    if days < 1:
        raise PsephosError(f"A poll average covers at least one day, not {days}.")
    if until is None:
        return None
    day = _as_date(until)
    if day == datetime.date.min:
        raise PsephosError(f"No poll ends before {day.isoformat()}, the calendar's first day.")
    return day


def _as_date(value: datetime.date | str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return poll_date(value)
    except ValueError as error:
        raise PsephosError(f"Cannot read {value!r} as a date: {error}.") from None


@dataclass(frozen=True, slots=True)
class PollAverage:
    """The mean of a poll table's final polls, and what it used.

    Attributes:
        shares: Party -> mean share in percent, read as a typed poll
            (:func:`psephos.projection.inputs.read_poll`), in the table's column order.
        source: The table's name.
        window: First and last fieldwork end dates averaged (:func:`poll_window`).
        n_polls: Polls averaged.
        first: Earliest fieldwork end among them.
        last: Latest fieldwork end among them.
        pollsters: Their pollsters (as the table names them; empty without a pollster column).
        reported: Party -> how many of the polls reported it.
        ignored: Columns read as neither a party nor a known non-party column.
        skipped_areas: Area -> polls skipped as not national GB polls (``UK``, ``Scotland``).
        latest: Latest fieldwork end in the whole table (``None``: :attr:`last`), which the
            default window ends on.
        settled: How columns of one renamed party were read (:func:`lineage_columns`).
        undated: Rows of the table skipped for giving no date.
        results: Rows of the table skipped as a result, not a poll.
    """

    shares: dict[str, float]
    source: str
    window: tuple[datetime.date, datetime.date]
    n_polls: int
    first: datetime.date
    last: datetime.date
    pollsters: tuple[str, ...] = ()
    reported: dict[str, int] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()
    skipped_areas: dict[str, int] = field(default_factory=dict)
    latest: datetime.date | None = None
    settled: tuple[str, ...] = ()
    undated: tuple[int, ...] = ()
    results: tuple[int, ...] = ()

    def as_poll(self) -> str:
        """The mean written as a typed poll that :func:`psephos.projection.inputs.parse_poll`
        reads back (``"Con 20.08 Lab 39.54 ..."``, two decimals)."""
        return " ".join(
            f"{party} {format_number(share, '.2f')}" for party, share in self.shares.items()
        )

    def summary(self) -> str:
        """One line: ``poll: the mean of 23 polls with fieldwork ending 27 Jun-3 Jul 2024 (8
        pollsters) in polls.csv: Con 20.1, Lab 39.5, ...``; a window other than the final
        :data:`WINDOW_DAYS` days of the table is named beside the pollsters (``window: the 14
        days to 11 Dec 2019``), so a note says which polls were asked for as well as which
        were found."""
        polls = counted(self.n_polls, "poll")
        start, end = self.window
        latest = self.latest or self.last
        asked = [counted(len(self.pollsters), "pollster")] if self.pollsters else []
        if (start, end) != (latest - datetime.timedelta(days=WINDOW_DAYS - 1), latest):
            asked.append(
                f"window: the {counted((end - start).days + 1, 'day')} to {format_date(end)}"
            )
        by = f" ({'; '.join(asked)})" if asked else ""
        shares = ", ".join(
            f"{party} {format_number(share, '.1f')}" for party, share in self.shares.items()
        )
        return (
            f"poll: the mean of {polls} with fieldwork ending "
            f"{format_dates(self.first, self.last)}{by} in {self.source}: {shares}"
        )

    def after_today(self, today: datetime.date | None = None) -> str | None:
        """The note for a table whose latest poll ends after ``today`` (default: the date
        today): a slip in a date cell (``2099-07-03``), which also moves the default window
        (the final week, up to the latest date) to the days before it; ``None`` for a table
        of polls that have ended."""
        latest = self.latest or self.last
        today = today or datetime.date.today()
        if latest <= today:
            return None
        return (
            f"A poll of {self.source} ends {format_date(latest)}, after today "
            f"({format_date(today)}): check its date."
        )

    def notes(self) -> list[str]:
        """:meth:`summary`, how columns of one renamed party were read, a poll dated after
        today (:meth:`after_today`), then what was left out: parties some polls did not
        report, columns ignored, polls of other areas skipped."""
        notes = [self.summary(), *self.settled]
        future = self.after_today()
        if future is not None:
            notes.append(future)
        partial = [
            f"{party} ({count} of {self.n_polls})"
            for party, count in self.reported.items()
            if count < self.n_polls
        ]
        if partial:
            notes.append(
                "Parties not in every poll averaged over the polls giving them: "
                + ", ".join(partial)
                + "."
            )
        if self.ignored:
            notes.append(
                f"Columns of {self.source} not read as parties, ignored: "
                f"{', '.join(map(_ignored_column, self.ignored))}."
            )
        if self.skipped_areas:
            skipped = sum(self.skipped_areas.values())
            areas = ", ".join(f"{area} {count}" for area, count in self.skipped_areas.items())
            notes.append(
                f"{counted(skipped, 'poll')} of {self.source} not of Great "
                f"Britain skipped ({areas}); a GB poll is averaged."
            )
        if self.undated:
            rows = ", ".join(map(str, self.undated))
            notes.append(
                f"{counted(len(self.undated), 'poll')} of {self.source} without a date skipped "
                f"({plural_of(len(self.undated), 'row')} {rows})."
            )
        if self.results:
            rows = ", ".join(map(str, self.results))
            notes.append(
                f"{counted(len(self.results), 'row')} of {self.source} marked as an election "
                f"result, not a poll, skipped ({plural_of(len(self.results), 'row')} "
                f"{rows})."
            )
        return notes


def _ignored_column(column: str) -> str:
    """An ignored column as a note names it: with the party it names where the vocabulary
    knows why it reads none (:func:`psephos.model.party.unread_reason`: ``TIG/CUK (Change UK,
    no code of its own: left to the parties not named)``, ``Nats (SNP or PC: not guessed)``)."""
    from psephos.model.party import unread_reason

    reason = unread_reason(column)
    return column if reason is None else f"{column} ({reason})"


def average_polls(
    table: PollTable,
    *,
    days: int = WINDOW_DAYS,
    until: datetime.date | str | None = None,
    parties: Sequence[str] | None = None,
) -> PollAverage:
    """The unweighted mean of ``table``'s polls in the window of :func:`poll_window` (see
    the module docs), party by party over the polls that reported it; shares read as
    percentages, or as fractions where no poll of the table adds up to more than 1.5
    (:func:`psephos.numbers.percent_factor`, one rule for the whole file), then read as a
    typed poll with ``parties`` (:func:`psephos.projection.inputs.read_poll`).

    Raises:
        DataFormatError: a table without polls, or without polls in the window.
        PsephosError: a bad ``days`` or ``until``.
        InvalidSharesError, UnknownPartyError: as :func:`psephos.projection.inputs.read_poll`.
    """
    from psephos.projection.inputs import read_poll

    what = file_named(WHAT, table.name)
    polls = [poll for poll in table.polls if poll.shares]
    if not polls:
        raise DataFormatError(no_polls(table))
    start, end = poll_window([poll.date for poll in polls], days=days, until=until)
    chosen = [poll for poll in polls if start <= poll.date <= end]
    if not chosen:
        dates = [poll.date for poll in polls]
        raise DataFormatError(
            f"The {what} has no poll with fieldwork ending "
            f"{format_dates(start, end)}; its polls end {format_dates(min(dates), max(dates))}."
        )
    factor = percent_factor(max(sum(poll.shares.values()) for poll in polls))
    if factor == 1.0:  # percentages: a row of fractions among them would be averaged as such
        odd = next(
            (p for p in chosen if len(p.shares) > 1 and percent_factor(sum(p.shares.values())) > 1),
            None,
        )
        if odd is not None:
            raise DataFormatError(
                f"The {what} row {odd.row} gives fractions (its shares sum "
                f"to {format_number(sum(odd.shares.values()), 'g')}) where its other polls "
                "give percentages; write one way throughout (30 or 30%, not 0.3)."
            )
        over = next((p for p in chosen if sum(p.shares.values()) > 100.0 + ROUNDING_POINTS), None)
        # a typed poll above 100% is refused: so is one row of several (a poll alone is its
        # mean, refused below as that poll typed is)
        if over is not None and len(chosen) > 1:
            raise InvalidSharesError(
                f"The {what} row {over.row} sums to "
                f"{format_number(sum(over.shares.values()), '.1f')}%, above 100%; give each "
                "poll's shares in percent, at most 100 in all (or delete the row)."
            )
    means: dict[str, float] = {}
    reported: dict[str, int] = {}
    for party in table.columns:
        values = [poll.shares[party] for poll in chosen if party in poll.shares]
        if values:
            means[party] = float(np.mean(values)) * factor
            reported[party] = len(values)
    return PollAverage(
        shares=read_poll(means, parties=parties),
        source=table.name,
        window=(start, end),
        n_polls=len(chosen),
        first=min(poll.date for poll in chosen),
        last=max(poll.date for poll in chosen),
        pollsters=tuple(dict.fromkeys(poll.pollster for poll in chosen if poll.pollster)),
        reported=reported,
        ignored=table.ignored,
        skipped_areas=dict(table.skipped_areas),
        latest=max(poll.date for poll in polls),
        settled=table.notes,
        undated=table.undated,
        results=table.results,
    )


def no_polls(table: PollTable) -> str:
    """The refusal of a poll table without a poll to average, naming the file as every
    message does (:func:`psephos.io.rows.file_named`) and saying why: no rows under its
    header at all, or rows that are no national poll (polls of other areas, rows without a
    date or without shares, election results), counted."""
    what = file_named(WHAT, table.name)
    blank = sum(1 for poll in table.polls if not poll.shares)
    skipped = sum(table.skipped_areas.values())
    if not (blank or skipped or table.undated or table.results):
        return f"The {what} has no polls: it has a header and no rows under it."
    reasons = []
    if skipped:
        areas = ", ".join(f"{area} {count}" for area, count in table.skipped_areas.items())
        reasons.append(f"{counted(skipped, 'poll')} of other areas ({areas})")
    if table.undated:
        reasons.append(f"{counted(len(table.undated), 'row')} without a date")
    if blank:
        reasons.append(f"{counted(blank, 'row')} without a share")
    if table.results:
        reasons.append(f"{counted(len(table.results), 'election result')}")
    return f"The {what} has no polls of Great Britain to average: {listed(reasons)}."


def read_poll_average(
    path: str | Path,
    *,
    days: int = WINDOW_DAYS,
    until: datetime.date | str | None = None,
    parties: Sequence[str] | None = None,
    election_id: str | None = None,
) -> PollAverage:
    """The final-week average of a poll table CSV: :func:`average_polls` of
    :func:`read_poll_table` (its headers read against the base election's ``parties`` and,
    for a renamed party's columns, its ``election_id``).

    Raises:
        DataFormatError, InvalidSharesError, UnknownPartyError, PsephosError: as those.
    """
    return average_polls(
        read_poll_table(path, parties=parties, election_id=election_id),
        days=days,
        until=until,
        parties=parties,
    )


def poll_average_of_text(
    text: str,
    *,
    name: str,
    days: int = WINDOW_DAYS,
    until: datetime.date | str | None = None,
    parties: Sequence[str] | None = None,
    election_id: str | None = None,
) -> PollAverage:
    """:func:`read_poll_average` of a poll table's text already in memory (an upload; a
    server never opens a path it is given): :func:`average_polls` of
    :func:`parse_poll_table`, ``name`` naming the table in messages and notes.

    Raises:
        DataFormatError, InvalidSharesError, UnknownPartyError, PsephosError: as those.
    """
    return average_polls(
        parse_poll_table(text, name=name, parties=parties, election_id=election_id),
        days=days,
        until=until,
        parties=parties,
    )
