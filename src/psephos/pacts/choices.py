"""A pact as a user writes it: stand-downs (``PARTY:SEAT[,SEAT...]`` items or a ``party,seat``
file), stand-down limits (``N`` or ``PARTY=N`` pairs), the optimiser-only options and what the
optimiser maximises.

The command line (``psephos pact``) and the web app (``/pacts``) read them here, so the same
text means the same pact and gets the same message in both; ``name`` arguments are how the
caller calls the field (``--stand-down`` on the command line, ``stand_down`` on the web).
Transfer-rate overrides are read by :func:`psephos.pacts.parse_transfer_overrides`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from psephos.errors import (
    DataFormatError,
    InputWarning,
    PsephosError,
    UnknownConstituencyError,
    UnknownPartyError,
    did_you_mean,
)
from psephos.io.rows import bad_rows_error, file_named, read_file
from psephos.io.stand_downs import WHAT as STAND_DOWN_FILE
from psephos.io.stand_downs import StandDownRow, check_stand_downs_csv
from psephos.model import Election
from psephos.model.names import normalise_name
from psephos.numbers import counted, format_number, listed
from psephos.pacts.simulate import StandDown, party_code


def parse_stand_downs(items: Iterable[str], *, name: str = "--stand-down") -> list[StandDown]:
    """``PARTY:SEAT[,SEAT...]`` items (ONS codes or seat names) into stand-downs.

    Raises:
        DataFormatError: an item without a party or a seat, naming it.
    """
    found: list[StandDown] = []
    for item in items:
        party, sep, seats = item.partition(":")
        if not sep or not party.strip() or not seats.strip():
            raise DataFormatError(
                f"Bad {name} {item!r}; write PARTY:SEAT[,SEAT...], e.g. 'LD:E14000530'."
            )
        found.extend(StandDown(party.strip(), s.strip()) for s in seats.split(",") if s.strip())
    return found


def _from_rows(rows: Iterable[tuple[int, StandDownRow]], file_name: str) -> list[StandDown]:
    """Stand-downs from a file's numbered rows, each saying which row gave it."""
    where = file_named(STAND_DOWN_FILE, file_name)
    return [StandDown(row.party, row.seat, f"{where} row {number}") for number, row in rows]


def checked_stand_down_file(
    base: Election,
    source: str | Path | tuple[str, str],
    bloc: Sequence[str],
    *,
    bloc_name: str = "--bloc",
) -> list[StandDown]:
    """The stand-downs of a ``party,seat`` file (a path, or an upload's ``(text, name)``),
    every row checked before any is refused: a row without party or seat, a party that is
    not the election's or not in the bloc, a seat that is not the election's. Every bad row is
    named at once, in row order (:func:`psephos.io.rows.bad_rows_error`), as the volunteer
    reader reports its rows, so a file is fixed in one go.

    Raises:
        DataFormatError: no such file, a missing column, no rows, or bad rows (one bad row
            keeps its own error: :func:`check_in_bloc`'s).
    """
    if isinstance(source, tuple):
        text, file_name = source
    else:
        read = read_file(source, what=STAND_DOWN_FILE)
        text, file_name = read.text, read.name
    rows, faults = check_stand_downs_csv(text, name=file_name)
    chosen = _from_rows(rows, file_name)
    members = _members(base, bloc)
    errors: dict[int, PsephosError] = {}
    for (number, _), item in zip(rows, chosen, strict=True):
        error = _stand_down_error(base, item, members, bloc, bloc_name=bloc_name)
        if error is not None:
            errors[number] = error
    if len(errors) == 1 and not faults:
        raise next(iter(errors.values()))
    if errors or faults:
        where = f"{file_named(STAND_DOWN_FILE, file_name)} row "
        found = [(n, str(errors[n]).removeprefix(f"{where}{n}: ")) for n in errors]
        raise bad_rows_error(file_named(STAND_DOWN_FILE, file_name), [*faults, *found])
    repeated = _repeated_rows(base, rows, chosen)
    if repeated:
        warnings.warn(
            _repeated_note(file_named(STAND_DOWN_FILE, file_name), base, repeated),
            InputWarning,
            stacklevel=2,
        )
    return chosen


def _repeated_rows(
    base: Election, rows: Sequence[tuple[int, StandDownRow]], chosen: Sequence[StandDown]
) -> dict[tuple[str, int], list[int]]:
    """Each (party code, seat) a stand-down file gives on several rows, however it spells
    them ("LD,Arfon", "ld,W07000057") -> those rows."""
    given: dict[tuple[str, int], list[int]] = {}
    for (number, _), item in zip(rows, chosen, strict=True):
        key = (party_code(base, item.party), base.seat_index(item.seat))
        given.setdefault(key, []).append(number)
    return {key: numbers for key, numbers in given.items() if len(numbers) > 1}


def _repeated_note(what: str, base: Election, repeated: dict[tuple[str, int], list[int]]) -> str:
    """The note for stand-downs a file gives more than once: each is read once."""
    shown = [
        f"{party} in {base.constituencies[seat].name} (rows {', '.join(map(str, numbers))})"
        for (party, seat), numbers in list(repeated.items())[:3]
    ]
    more = f" and {len(repeated) - 3} more" if len(repeated) > 3 else ""
    return (
        f"The {what} gives {counted(len(repeated), 'stand-down')} on more than one row: "
        f"{'; '.join(shown)}{more}; each is read once."
    )


def _members(base: Election, bloc: Sequence[str]) -> set[str]:
    """The bloc's party codes."""
    return {party_code(base, p) for p in bloc}


def _stand_down_error(
    base: Election,
    item: StandDown,
    members: set[str],
    bloc: Sequence[str],
    *,
    name: str = "--stand-down",
    bloc_name: str = "--bloc",
) -> PsephosError | None:
    """What is wrong with one stand-down (:func:`check_in_bloc`), named as it was given,
    or ``None``."""
    given = item.given or f"{name} {item.party}:{item.seat}"
    try:
        code = party_code(base, item.party)
    except UnknownPartyError as error:
        return UnknownPartyError(f"{given}: {error}")
    if code not in members:
        return DataFormatError(
            f"{given}: {item.party} is not in the bloc "
            f"({', '.join(bloc)}); add it to {bloc_name} or stand down a bloc party."
        )
    try:
        base.seat_index(item.seat)
    except UnknownConstituencyError as error:
        return UnknownConstituencyError(f"{given}: {error}")
    return None


def check_in_bloc(
    base: Election,
    chosen: Sequence[StandDown],
    bloc: Sequence[str],
    *,
    name: str = "--stand-down",
    bloc_name: str = "--bloc",
) -> None:
    """Only bloc parties stand aside for the bloc, each in a seat of ``base``. Messages name
    the stand-down as it was given: the option's ``PARTY:SEAT``, or the file and its row.

    Raises:
        DataFormatError: a stand-down by a party outside the bloc, naming it.
        UnknownPartyError: a party that is not in the election.
        UnknownConstituencyError: a seat that is not in the election.
    """
    members = _members(base, bloc)
    for item in chosen:
        error = _stand_down_error(base, item, members, bloc, name=name, bloc_name=bloc_name)
        if error is not None:
            raise error


def parse_limits(text: str | None, *, name: str = "--max-per-party") -> int | dict[str, int] | None:
    """``"10"`` or ``"LD=10,Green=40"`` into a stand-down limit (``None``: no limit; a blank
    text is no limit too).

    Raises:
        DataFormatError: anything else, naming the text.
    """
    if text is None or not text.strip():
        return None
    if text.strip().isdigit():
        return int(text)
    limits: dict[str, int] = {}
    for item in text.split(","):
        party, sep, value = item.partition("=")
        if not sep or not value.strip().isdigit():
            raise DataFormatError(
                f"Bad {name} {text!r}; write N or PARTY=N pairs, e.g. 'LD=10,Green=40'."
            )
        limits[party.strip()] = int(value)
    return limits


def check_limits(
    base: Election,
    limits: int | dict[str, int] | None,
    bloc: Sequence[str],
    *,
    name: str = "--max-per-party",
    bloc_name: str = "--bloc",
) -> None:
    """Stand-down limits (:func:`parse_limits`) name bloc parties only: only they stand aside.

    Raises:
        UnknownPartyError: a party that is not in the election.
        DataFormatError: a limit for a party outside the bloc, naming it.
    """
    if not isinstance(limits, dict):
        return
    members = {party_code(base, p) for p in bloc}
    for party, value in limits.items():
        if party_code(base, party) not in members:
            raise DataFormatError(
                f"{name} {party}={value}: {party} is not in the bloc ({', '.join(bloc)}) and "
                f"stands aside nowhere; add it to {bloc_name} or leave its limit out."
            )


def check_fairness(fairness: float | None, base: Election, *, name: str = "--fairness") -> None:
    """The fairness rule is in seats: each bloc party ends with at least its expected seats
    without the pact less ``fairness``, from 0 (nobody loses out) to the House's seats.

    Raises:
        DataFormatError: a value outside that range, naming it.
    """
    if fairness is not None and not 0 <= fairness <= base.n_seats:  # NaN too
        raise DataFormatError(
            f"{name} {format_number(fairness, ',g')} is out of range; give the seats a bloc "
            f"party may end below its seats without the pact, from 0 to {base.n_seats:,} "
            "(the House's seats)."
        )


def check_optimiser_options(
    given: Sequence[str],
    *,
    optimised: bool = False,
    stand_downs: Sequence[str] = (),
    optimise: str = "--optimise",
) -> None:
    """The optimiser's options and the stand-downs given by hand exclude each other: refuse
    optimiser-only options (``given``, as the caller names them) without the optimiser, and
    stand-downs (``stand_downs``: the names of the stand-down options given) with it, since
    the optimiser chooses the stand-downs itself.

    Args:
        given: The optimiser-only options given.
        optimised: Whether the optimiser was asked for (``optimise``).
        stand_downs: The stand-down options given (items or a file).
        optimise: How the caller names the optimiser's switch.

    Raises:
        DataFormatError: naming every such option and what to do.
    """
    if optimised:
        if stand_downs:
            raise DataFormatError(
                f"The optimiser chooses the stand-downs itself; leave out "
                f"{listed(stand_downs)}, or {optimise}."
            )
        return
    if given:
        verb, pronoun = ("apply", "them") if len(given) > 1 else ("applies", "it")
        raise DataFormatError(
            f"{listed(given)} only {verb} with {optimise}; add {optimise} or leave {pronoun} out."
        )


#: What the optimiser maximises: the bloc's expected seats (exact) or the chance of a bloc
#: majority (approximate, over uncertainty draws), as :func:`psephos.pacts.optimise_pact` takes.
OBJECTIVES = ("seats", "majority")


def check_objective(
    objective: str,
    draws: object | None,
    *,
    name: str = "--objective",
    draws_names: str = "--draws or --sims",
) -> None:
    """The chance of a majority is measured over draws: refuse the ``majority`` objective
    without them, and an objective that is not one of :data:`OBJECTIVES`.

    Raises:
        DataFormatError: naming the option (``name``) and what it needs (``draws_names``).
    """
    if objective not in OBJECTIVES:
        raise DataFormatError(
            f"Unknown {name} {objective!r}; choose {listed(OBJECTIVES, 'or')}."
            + did_you_mean(objective, OBJECTIVES)
        )
    if objective == "majority" and draws is None:
        raise DataFormatError(f"{name} majority needs {draws_names}.")


def nation_names(base: Election, nations: Sequence[str]) -> list[str]:
    """The nations of ``base`` these names mean, as the election names them, each name read
    as seat and party names are (case, accents and punctuation ignored:
    :func:`psephos.model.names.normalise_name`): ``england`` is ``England``.

    Raises:
        DataFormatError: a nation that is not the election's, naming its nations.
    """
    known = sorted(set(base.nations.tolist()))
    lookup = {normalise_name(nation): nation for nation in known}
    found = []
    for name in nations:
        nation = lookup.get(normalise_name(name))
        if nation is None:
            raise DataFormatError(
                f"Unknown nation {name!r}; nations: {', '.join(known)}." + did_you_mean(name, known)
            )
        found.append(nation)
    return list(dict.fromkeys(found))


def nation_mask(base: Election, nations: Sequence[str]) -> npt.NDArray[np.bool_] | None:
    """The seats of ``base`` in these nations (:func:`nation_names`: any case), for the
    optimiser's ``allowed_seats`` (``None`` when no nation is named: every seat).

    Raises:
        DataFormatError: a nation that is not the election's, naming its nations.
    """
    return np.isin(base.nations, nation_names(base, nations)) if nations else None
