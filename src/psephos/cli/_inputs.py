"""The one way a command opens the election a user names (a bundled id or a results CSV),
and reads the poll it gives (typed pairs or a poll table file)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
import typer.main

from psephos.errors import DataFormatError, PsephosError
from psephos.jurisdictions import available_elections
from psephos.model import Election
from psephos.numbers import listed

if TYPE_CHECKING:
    from psephos.jurisdictions.base import Capability


class UnknownParties(StrEnum):
    """What a sample's or a declaration feed's party outside the vocabulary becomes."""

    error = "error"
    other = "other"


class ResultsUnknownParties(StrEnum):
    """What a results CSV's party outside the vocabulary becomes: as :class:`UnknownParties`,
    or ``own``, the file read as an election of its own country
    (:func:`psephos.io.user_csv.parse_results_csv`)."""

    error = "error"
    other = "other"
    own = "own"


#: Help of the ``--unknown-parties`` option of the commands that read a sample or a feed.
UNKNOWN_PARTIES_HELP = (
    "For a sample or a declaration feed: 'error' (default) stops at a party outside the "
    "vocabulary; 'other' counts it as Other."
)

#: Help of the ``--unknown-parties`` option of every command that takes a results CSV.
RESULTS_UNKNOWN_PARTIES_HELP = (
    "For a results CSV: 'error' (default) stops at a party outside the vocabulary; 'other' "
    "counts it as Other; 'own' reads the file as an election of a country psephos bundles no "
    "data for: every party under its name as written (independents and Others aside), a "
    "majority being half the seats plus one. A file none of whose parties psephos knows (BJP, "
    "INC) is read so with 'error' too, with a note."
)


#: The ``--unknown-parties`` option of every command that takes a results CSV.
RESULTS_UNKNOWN_PARTIES_OPTION = typer.Option(
    ResultsUnknownParties.error, "--unknown-parties", help=RESULTS_UNKNOWN_PARTIES_HELP
)


#: Help of every command's election argument: the bundled ids of every country, or a file.
ELECTION_HELP = (
    f"A bundled election ({', '.join(available_elections())}) or the path of a results CSV in "
    "the long format (seat_code, seat_name, party, votes)."
)

#: Help of an election argument that may be left out: the latest result
#: (:attr:`~psephos.jurisdictions.base.Jurisdiction.latest_id`), as ``--from`` defaults to it.
LATEST_ELECTION_HELP = f"{ELECTION_HELP} Left out: the latest result."


#: Help of the ``--swing`` of ``target``, ``nearest`` and ``allocate``.
SWING_HELP = (
    "National swing scenario in GB share points, e.g. 'Lab=+3,Con=-2.5' or 'Lab +3, Con -2.5' "
    "(the pair forms a poll takes, each change signed; the net change comes from the other "
    "parties in proportion)."
)
#: Help of the ``--votes-per-hour`` of ``target`` and ``allocate``.
VOTES_PER_HOUR_HELP = "Net extra votes per canvassing hour (the stated conversion rate)."


def argument_or_option(
    argument: str | None, option: str | None, *, name: str, what: str
) -> str | None:
    """The value a command takes either as its argument or as an option, as a user types it
    (``psephos nearest Leeds`` is ``psephos nearest --from Leeds``, ``psephos advise Bath`` is
    ``psephos advise --seat Bath``, as ``results --seat`` takes a seat).

    Args:
        argument: The argument given, or ``None``.
        option: The option's value, or ``None``.
        name: The option as typed (``--seat``), for the message.
        what: What the value is (``the seat``), for the message.

    Raises:
        PsephosError: both given, and not the same text (case and spacing aside).
    """
    if argument and option and _same_text(argument) != _same_text(option):
        raise PsephosError(f"Give {what} once: {argument!r} or {name} {option!r}, not both.")
    return argument or option


def not_both(
    first: tuple[str, object],
    second: tuple[str, object],
    *,
    why: str = "",
    error: type[PsephosError] = PsephosError,
) -> None:
    """Refuse two options a command takes one at a time, each ``(name as typed, value)``,
    when both are given (a value other than ``None`` or ``False``), in one line: "Give
    --candidates or --candidates-from, not both.", with ``why`` after a colon where one
    would otherwise win unseen (``project --seats --all-seats``).

    Raises:
        PsephosError: both given (``error``, a subclass, where the caller's family has one).
    """
    (first_name, first_value), (second_name, second_value) = first, second
    if first_value not in (None, False) and second_value not in (None, False):
        raise error(f"Give {first_name} or {second_name}, not both" + (f": {why}" if why else "."))


def _same_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def looks_like_file(text: str) -> bool:
    """True when ``text`` names a file or folder rather than a bundled election id, or names
    standard input (``-``: :func:`psephos.io.rows.is_stdin`)."""
    from psephos.io.rows import exists, is_stdin, sheet_of

    stripped = text.strip()
    file, _ = sheet_of(stripped)
    return (
        is_stdin(stripped)
        or file.suffix.lower() in (".csv", ".txt", ".tsv", ".xlsx")
        or "/" in stripped
        or "\\" in stripped
        or exists(file)
    )


def open_election(text: str, *, unknown_parties: str = "error") -> Election:
    """A bundled UK or Canadian election (``2017``, ``canada-2021``) or a results CSV, its
    parties outside the vocabulary read as ``unknown_parties`` says (a
    :class:`ResultsUnknownParties` value).

    Raises:
        DataFormatError: a folder, or a file that does not exist.
        UnknownElectionError: an id that is not bundled (naming those that are).
    """
    if not text.strip():
        raise DataFormatError("The election is empty; give a bundled id (e.g. 2024) or a CSV.")
    if looks_like_file(text):
        from psephos.io.rows import exists, is_stdin, sheet_of

        path = Path(text.strip()).expanduser()
        file = None if is_stdin(path) else sheet_of(path)[0]  # standard input: read as a file
        if file is not None and file.is_dir():
            raise DataFormatError(
                f"{text!r} is a folder; give a results CSV file or a bundled election (e.g. 2024)."
            )
        if file is not None and not exists(file):
            raise DataFormatError(
                f"{text!r} does not exist; give a results CSV file or a bundled election "
                "(e.g. 2024)."
            )
        from psephos.jurisdictions import read_results_csv

        if unknown_parties == "other":
            return read_results_csv(path, unknown_parties="other")
        if unknown_parties == "own":
            return read_results_csv(path, unknown_parties="own")
        return read_results_csv(path)
    from psephos.jurisdictions import load

    return load(text)


def bundled_election(text: str, capability: Capability) -> Election:
    """A bundled election of a country that has the data ``capability`` needs, for a command
    that cannot take a results file (``nearest``, ``allocate``, ``turnout``: a file gives no
    seat centroids or census age groups).

    Raises:
        PsephosError: ``text`` names a file, in one line naming what the command needs and the
            elections that have it.
        UnknownElectionError, UnsupportedCountryError: as :func:`psephos.jurisdictions.load`
            and :func:`psephos.jurisdictions.require`.
    """
    from psephos.jurisdictions import JURISDICTIONS, load, require

    having = [
        election
        for country in JURISDICTIONS.values()
        if country.supports(capability)
        for election in country.election_ids
    ]
    bundled_id(
        text, capability.name, having, f"{capability.needs}, which a results file does not give"
    )
    election = load(text)
    require(capability, election)
    return election


def bundled_id(text: str, what: str, having: Sequence[str], why: str) -> str:
    """``text`` as given, where it names a bundled election (or ``next``), for a command that
    cannot take a results file.

    Args:
        text: The election as typed.
        what: The command's work as the subject of the sentence (``"Tactical advice"``).
        having: The elections it takes, as the message lists them.
        why: Why a results file will not do, after a colon.

    Raises:
        PsephosError: ``text`` names a file, in one line naming what the command takes and why
            (not "Unknown election 'towns.csv'", which reads as a mistyped id).
    """
    if looks_like_file(text):
        raise PsephosError(
            f"{what} takes a bundled election ({', '.join(having)}), not a results file "
            f"({text.strip()!r}): {why}."
        )
    return text


#: Endings of a ``--poll`` value that names a poll table file (one that does not exist is an
#: error, not a poll that fails to parse).
POLL_TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")

#: Help of every command's ``--poll-days`` and ``--poll-until`` (:func:`with_poll_window`).
POLL_DAYS_HELP = (
    "With --poll naming a poll table: average the polls whose fieldwork ended in the last N "
    "days (default 7) of the file, or of the days before --poll-until."
)
POLL_UNTIL_HELP = (
    "With --poll naming a poll table: average the polls that ended in the --poll-days days "
    "before this date (itself left out: polling day), e.g. 2019-12-12 or '12 Dec 2019', "
    "instead of those up to the file's latest date."
)

#: Where the window options leave their values for :func:`poll_file` (``ctx.meta``).
_WINDOW = "psephos.poll_window"


class PollTableFile(str):
    """A ``--poll`` value that names a poll table: the path as given, with the window its
    polls are averaged over (``--poll-days``, ``--poll-until``). :func:`poll_for` averages it
    once the command knows its election, whose parties its headers are read against.

    Attributes:
        days: Days averaged (:func:`psephos.projection.polls.poll_window`).
        until: The day after the last averaged (polling day), or ``None`` for the file's
            latest date.
    """

    days: int
    until: datetime.date | None

    def __new__(
        cls, path: str, *, days: int | None = None, until: datetime.date | None = None
    ) -> PollTableFile:
        from psephos.projection.polls import WINDOW_DAYS

        made = super().__new__(cls, path)
        made.days = WINDOW_DAYS if days is None else days
        made.until = until
        return made


def _window_value(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
    """Check ``--poll-days`` or ``--poll-until`` as the average will
    (:func:`psephos.projection.polls.check_window`) and leave it for :func:`poll_file`."""
    if value is not None:
        from psephos.projection.polls import check_window  # only for a value given

        if param.name == "poll_days":
            check_window(days=value)
        else:
            value = check_window(until=value)
        ctx.meta.setdefault(_WINDOW, {})[f"--{str(param.name).replace('_', '-')}"] = value
    return value


def _poll_window_declaration(
    poll_days: int | None = typer.Option(
        None, "--poll-days", metavar="N", help=POLL_DAYS_HELP, callback=_window_value
    ),
    poll_until: str | None = typer.Option(
        None, "--poll-until", metavar="DATE", help=POLL_UNTIL_HELP, callback=_window_value
    ),
) -> None:
    """The window of a ``--poll`` table, declared once for every command with ``--poll``
    (:func:`with_poll_window`)."""


def with_poll_window(command: Any) -> Any:
    """``command`` with ``--poll-days`` and ``--poll-until`` after its ``--poll``
    (:func:`poll_option`), where it has one: read first (eager) and handed to :func:`poll_file`
    through the click context rather than to the command, so every command with ``--poll``
    takes them from the one declaration (:func:`_poll_window_declaration`) and none declares
    them. Idempotent."""
    params = list(getattr(command, "params", ()))
    names = [name for param in params for name in getattr(param, "opts", ())]
    if "--poll" not in names or "--poll-days" in names:
        return command
    window = typer.Typer(add_completion=False)
    window.command()(_poll_window_declaration)
    options = typer.main.get_command(window).params
    for option in options:
        option.expose_value = False  # read by poll_file, not passed to the command
        option.is_eager = True  # so read before --poll, wherever they are given
    at = next(i for i, param in enumerate(params) if "--poll" in getattr(param, "opts", ()))
    command.params[at + 1 : at + 1] = options
    return command


def poll_file(ctx: typer.Context, value: str | None) -> str | None:
    """A ``--poll`` value as every command reads it: typed pairs as given, or, where it names
    a file (an existing one, a pipe among them, one ending in :data:`POLL_TABLE_SUFFIXES`, or
    ``-`` for standard input), a
    :class:`PollTableFile` with the window ``--poll-days`` and ``--poll-until`` give, for
    :func:`poll_for` to average once the election is known. The window without a table is
    an error: it would be ignored.

    Raises:
        click.BadParameter: a file that does not exist, or a folder (one line).
        PsephosError: ``--poll-days`` or ``--poll-until`` without a poll table.
    """
    window: dict[str, Any] = ctx.meta.get(_WINDOW, {})
    given = listed(window)
    if value is None:
        if window:
            raise PsephosError(
                f"{given} {'need' if len(window) > 1 else 'needs'} --poll naming a poll table "
                "(a CSV of polls)."
            )
        return None
    from psephos.io.rows import exists, is_stdin, sheet_of

    path, _ = sheet_of(Path(value.strip()).expanduser())
    if is_stdin(value):  # standard input: a poll table, read as a file is
        return PollTableFile(
            value.strip(), days=window.get("--poll-days"), until=window.get("--poll-until")
        )
    # any path that exists is a file to read (a pipe: <(curl ...), /dev/stdin), not typed shares
    if not exists(path) and path.suffix.lower() not in POLL_TABLE_SUFFIXES:
        if window:
            raise PsephosError(
                f"{given} {'choose' if len(window) > 1 else 'chooses'} the polls of a poll "
                "table (a CSV of polls) to average; "
                f"--poll {value.strip()!r} is shares as typed: leave {given} out."
            )
        return value
    from psephos.cli._contract import check_input_file

    check_input_file(value.strip(), "poll table (a CSV of polls)")
    return PollTableFile(
        value.strip(), days=window.get("--poll-days"), until=window.get("--poll-until")
    )


def poll_for(poll: str | None, election: Election) -> str | None:
    """The poll a command projects onto ``election``: typed pairs as given (read by the one
    poll reader where the command projects them, :func:`psephos.projection.read_poll`); a
    poll table (:class:`PollTableFile`) averaged over its window with its headers read
    against the election's parties and year (:func:`psephos.projection.polls.read_poll_average`),
    written as pairs, with ``note:`` lines saying what was averaged. The pairs then go through
    the one poll reader as a typed poll does, so a table's mean is refused or read as typed
    pairs are. Every command that takes a poll takes area shares beside it (``--by-region``),
    which the poll reader's refusal of a party standing only outside the poll's area offers.

    Raises:
        DataFormatError, InvalidSharesError, UnknownPartyError: a table that cannot be read
            or averaged.
    """
    if not isinstance(poll, PollTableFile):
        return poll
    from psephos.cli._output import print_note
    from psephos.projection.polls import read_poll_average

    average = read_poll_average(
        Path(poll).expanduser(),
        days=poll.days,
        until=poll.until,
        parties=election.parties,
        election_id=election.labels_id,
    )
    for note in average.notes():
        print_note(note)
    return average.as_poll()


def poll_option(help_text: str, *declarations: str) -> Any:
    """Every command's ``--poll`` option (``declarations`` adds short names such as ``-p``):
    typed pairs or a poll table file, read by :func:`poll_file` before the command runs and
    averaged by :func:`poll_for` once it has its election; its window options are added by
    :func:`with_poll_window`."""
    return typer.Option(None, "--poll", *declarations, help=help_text, callback=poll_file)


#: ``--by-region``: one declaration for every command that takes a poll (its area shares).
BY_REGION_OPTION: Any = typer.Option(
    None,
    "--by-region",
    help="CSV of shares per region or nation: long (area,party,share) or wide "
    "(area,Con,Lab,...). Areas not listed follow --poll; rows for every area the national "
    "poll covers need no poll (theirs, weighted by the base's votes); a row for that area "
    "(Great Britain, Canada, or 'national' for any country) is the poll itself: give it or "
    "--poll, not both.",
)


def read_by_region(by_region: Path | None) -> dict[str, dict[str, float]] | None:
    """``--by-region``'s file as read (:func:`psephos.projection.read_area_shares_csv`, the
    one reader of area shares), or ``None`` without it: what every command that takes a poll
    passes to the projection beside it, as ``areas``.

    Raises:
        DataFormatError: a file that cannot be read.
    """
    if by_region is None:
        return None
    from psephos.projection import read_area_shares_csv  # on use: allocate imports no models

    return read_area_shares_csv(by_region)
