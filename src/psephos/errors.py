"""The one place for psephos errors.

Every error is a :class:`PsephosError` and also inherits the builtin it refines, so callers can
catch either. Messages name the bad value and what is allowed; name lookups add "did you mean".
The CLI prints ``str(error)`` as a single line and exits non-zero.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from types import FrameType


class PsephosError(Exception):
    """Base class of every error psephos raises on purpose."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it plain.
        return str(self.args[0]) if self.args else self.__class__.__name__


class UnknownElectionError(PsephosError, KeyError):
    """An election id that is not bundled."""


class UnknownConstituencyError(PsephosError, KeyError):
    """A seat name or ONS code that is not in the election."""


class UnknownPartyError(PsephosError, KeyError):
    """A party name or code outside the vocabulary."""


class UnknownNameError(UnknownPartyError):
    """A name no party answers to, refused naming the parties known where it was read
    (:func:`psephos.model.party.unknown_party`), which a poll's reader may name its own way
    (only the parties that poll takes: :func:`psephos.projection.read_poll`)."""


class ForeignPartyError(UnknownPartyError):
    """A party of another country than the election's (the CPC in a UK poll, Reform UK on a
    Canadian night): psephos knows it, so counting unknown parties as Other does not apply."""


class PairError(PsephosError, ValueError):
    """A party pair (``--pair Lab,Con``) that is not two parties."""


class PollAsPartiesError(PsephosError, ValueError):
    """A poll (``"Lab 30 Con 20"``) given where a list of parties is read (``--prefer``,
    ``--bloc``): :func:`psephos.model.party.poll_as_parties`."""


class DataFormatError(PsephosError, ValueError):
    """A user-supplied file or table that does not follow the documented format."""


class UnknownPartyInFileError(UnknownPartyError, DataFormatError):
    """A party a row of a user's file names that psephos does not know: an unknown party, and
    a problem of the file's content as every refused row is, so that the web answers it as a
    file that does not read (400), not as a name asked for that is not known (404)."""


class InvalidSharesError(PsephosError, ValueError):
    """Vote shares that are negative, missing or do not sum as the policy requires."""


class UnknownModelError(PsephosError, KeyError):
    """A model name (swing model, voting system, error model) that is not registered."""


class InvalidPostcodeError(PsephosError, ValueError):
    """Text that is not a UK postcode, postcode sector or postcode district."""


class UnknownPostcodeError(PsephosError, KeyError):
    """A well-formed postcode whose sector and district are not in the bundled table."""


class PlaceConflictError(PsephosError, ValueError):
    """A seat and a postcode given together where the postcode is in none of the seats it
    could be the seat of ("Bath" with "EH1 1YZ"): neither is taken over the other."""


class MissingExtraError(PsephosError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


class UnsupportedCountryError(PsephosError, ValueError):
    """A feature asked of an election whose country psephos bundles no data for it (the exit
    poll of a Canadian election); the message names the countries that have it."""


class ShareWarning(UserWarning):
    """Vote shares were adjusted (filled or rescaled) under the caller's policy."""


#: The folder of the psephos package: code in files under it is psephos's own.
_PACKAGE_FOLDER = str(Path(__file__).parent) + os.sep


def warn_caller(message: str, category: type[Warning] = ShareWarning) -> None:
    """Warn with ``message`` attributed to the first line outside psephos that led to it (the
    user's ``project(...)`` call, however deep inside psephos the shares were read), as
    ``warnings.warn(..., skip_file_prefixes=...)`` does on Python 3.12 and later. Inside
    :func:`held_notes`, the note is held for its caller to warn instead."""
    held = _HELD.get()
    if held is not None:
        held.append((message, category))
        return
    level = 2  # the caller of this function
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_FOLDER):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


#: The notes :func:`warn_caller` holds inside :func:`held_notes` (this thread's, this task's).
_HELD: ContextVar[list[tuple[str, type[Warning]]] | None] = ContextVar("held_notes", default=None)


@contextmanager
def held_notes() -> Iterator[list[tuple[str, type[Warning]]]]:
    """Hold the notes :func:`warn_caller` makes inside the block, each as ``(message,
    category)`` in order, instead of warning them: for a cached reading (a poll's text,
    :func:`psephos.projection.read_poll`) that gives its notes again, with
    :func:`warn_caller`, each time it is asked. Yields the list, filled as the block runs."""
    held: list[tuple[str, type[Warning]]] = []
    token = _HELD.set(held)
    try:
        yield held
    finally:
        _HELD.reset(token)


@contextmanager
def collected_share_notes() -> Iterator[list[str]]:
    """Collect the share adjustments (:class:`ShareWarning`) made inside the block, each once
    and in order, instead of letting them escape as Python warnings: the notes the command
    line prints as ``note:`` lines and the web app shows on a page. Yields the list, filled
    when the block ends; any other warning raised inside is passed on as it was."""
    with collected_notes(ShareWarning) as notes:
        yield notes


@contextmanager
def collected_notes(*categories: type[Warning]) -> Iterator[list[str]]:
    """Collect the warnings of ``categories`` raised inside the block (psephos's own:
    :class:`ShareWarning`, :class:`InputWarning`), each once and in order, as the notes the
    command line prints as ``note:`` lines and a web page shows. Yields the list, filled when
    the block ends; any other warning raised inside is passed on as it was."""
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        for category in categories:
            warnings.simplefilter("always", category)
        try:
            yield notes
        finally:
            found = (str(w.message) for w in caught if issubclass(w.category, categories))
            notes.extend(dict.fromkeys(found))
    for other in caught:
        if not issubclass(other.category, categories):
            warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)


class InputWarning(UserWarning):
    """A file was read, but not quite as written (a Windows-1252 file read as such); commands
    print it as a ``note:`` line."""


class ReadingWarning(InputWarning):
    """How a file was read where not quite as written (a Windows-1252 file read as such:
    :func:`psephos.io.rows.read_file`'s note). The command line holds it until the command
    goes on or answers, and drops it where the file is then refused, so that a refusal stays
    its one ``error:`` line (:func:`psephos.cli._contract.print_error`)."""


def did_you_mean(value: str, choices: Iterable[str], limit: int = 3) -> str:
    """Return a ' Did you mean ...?' suffix naming the closest choices (:func:`closest`), or
    '' if none is close. ``choices`` may map each spelling compared to the name it is shown as
    (a party's aliases to its name: :func:`psephos.model.party.party_suggestion`), each name
    shown once."""
    names = closest(value, choices, limit)
    if isinstance(choices, Mapping):
        names = list(dict.fromkeys(choices[name] for name in names))
    if not names:
        return ""
    return f" Did you mean {', '.join(repr(name) for name in names)}?"


def unknown_choice(
    what: str, value: str, choices: Iterable[str], *, listed_as: str = "known"
) -> str:
    """The one sentence refusing a value that is none of an option's fixed choices, naming
    them and the closest (:func:`did_you_mean`): ``"Unknown group '18-25'; known: 18-24,
    65+. Did you mean '18-24'?"``. ``listed_as`` heads the list (``"models"``)."""
    names = list(dict.fromkeys(choices))
    return f"Unknown {what} {value!r}; {listed_as}: {', '.join(names)}." + did_you_mean(
        value, names
    )


def closest(value: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The choices closest to ``value``, closest first (none where none is close): those
    :func:`did_you_mean` names, for a page that offers them as links.

    A year (``2018``) is closest to the nearest years (``2017``, ``2019``), plain years before
    ids that start with one (``2019-notional-2024``); other names by spelling: those close as a
    whole (rapidfuzz's ``WRatio`` of 75 or more) whose nearest part is close too
    (:func:`_spelling_score` of :data:`SPELLING_CUTOFF` or more: "Monster Raving Loony Party"
    shares only "Party" with "Alliance Party", which ``WRatio`` alone scores 86), ranked by
    :func:`_spelling_score`, ties by ``WRatio``.
    """
    choices = list(dict.fromkeys(choices))  # one suggestion per name, however often listed
    names = _nearest_years(value, choices)[:limit]
    if not names:
        from rapidfuzz import process  # only when a name is wrong: keeps start-up light

        close = process.extract(value, choices, limit=None, score_cutoff=75)
        scored = [(_spelling_score(value, match[0]), match) for match in close]
        ranked = sorted(
            ((score, match) for score, match in scored if score >= SPELLING_CUTOFF),
            key=lambda item: (-item[0], -item[1][1], item[1][2]),
        )
        names = [match[0] for _, match in ranked[:limit]]
    return names


#: The least :func:`_spelling_score` a suggestion has: below it a name shares a common word
#: ("Party", "and") or a few letters with the one typed, not its spelling.
SPELLING_CUTOFF = 70


def _spelling_score(value: str, choice: str) -> float:
    """How near ``choice`` is to ``value``, 0 to 100: the plain spelling ratio of ``value`` to
    the nearest part of the choice that is like it: the whole name (its letters in order, or
    its words in any order: "West Croydon"), the best run of the choice's words as long (in
    words) as ``value``, or the choice's start as long (in letters).

    A near miss of a whole word ("Hamstead") so ranks the name with that word ("Hampstead and
    Highgate") before one that merely contains most of its letters ("Berkhamsted"), and a near
    miss of a whole name ("Croydon Eats", "Iswich") before a longer name that only shares a word
    with it ("Streatham and Croydon North", "Central Suffolk and North Ipswich"): ``WRatio``,
    which scores a name that contains a word typed near the top, decides only which names are
    close, and breaks ties.
    """
    from rapidfuzz import fuzz, utils

    typed, name = utils.default_process(value), utils.default_process(choice)
    size, words = len(typed.split()), name.split()
    runs = [" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))]
    return max(
        fuzz.token_sort_ratio(typed, name),
        *(fuzz.ratio(typed, part) for part in (name, *runs, name[: len(typed)])),
    )


def _nearest_years(value: str, choices: list[str]) -> list[str]:
    """The choices that start with a year, nearest to ``value`` first, when ``value`` is a
    year; else none."""
    text = str(value).strip()
    if not (len(text) == 4 and text.isdigit()):
        return []
    year = int(text)
    dated = [c for c in choices if c[:4].isdigit() and (len(c) == 4 or not c[4].isdigit())]
    return sorted(dated, key=lambda c: (abs(int(c[:4]) - year), len(c) > 4, c))
