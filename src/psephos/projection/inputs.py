"""Turning user input (poll strings, share mappings, per-area CSVs) into area target arrays.

This module is psephos's one poll reader: every command and page that turns a poll into seats
(``project``, ``forecast``, ``advise``, ``target``, ``pact --poll``, the web swingometer) reads
it through :func:`parse_poll` and :func:`share_vector`, so a poll is accepted or refused the
same way everywhere.

Shares may be given in percent (``42``) or as fractions (``0.42``); a set whose values sum to at
most 1.5 is read as fractions (:func:`psephos.numbers.percent_factor`), so ``"Reform 1"`` is
Reform on 100% and a percentage that small is written as a fraction (1% as ``0.01``). Unless
the set is a whole poll of fractions (summing to 1, within the tolerance, over two parties or
more), a :class:`ShareWarning` says it was read so and gives the shares as read
(:func:`fractions_note`). The rule for a set of shares (one rule, every policy):

* **Above 100%** (beyond :data:`ROUNDING_POINTS` of rounding slack): an error,
  :class:`~psephos.errors.InvalidSharesError` naming the sum (and, for a set read as
  fractions, saying so), except under ``"rescale"``, which rescales the shares down to 100%
  as it rescales a shortfall up (warning). Within the slack the shares are rescaled to 100%
  (published polls are rounded), with a :class:`ShareWarning` saying so where the sum shows
  above 100.0% (:func:`rescaled_note`): every share given is changed.
* **Others**: a share for ``Other`` (``"Others 3"``, as newspapers print it) is the share of
  every party the poll does not name, so it is shared among ``Other`` and those parties in
  proportion to their base shares (Independents included), under every policy.
* **Below 100%**: what :data:`POLICIES` says:

  * ``"fill"`` (default): the rest goes to the parties not named, in proportion to their base
    shares, with a :class:`ShareWarning` saying so (commands print it as a ``note:`` line);
  * ``"rescale"``: the named parties are rescaled to 100% (warning) and unnamed parties get 0
    (above 100% too, beyond the rounding slack);
  * ``"error"``: :class:`~psephos.errors.InvalidSharesError` unless the sum is within
    ``tolerance`` points of 100.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from psephos.errors import (
    InvalidSharesError,
    PsephosError,
    UnknownNameError,
    UnknownPartyError,
    did_you_mean,
    held_notes,
    unknown_choice,
    warn_caller,
)
from psephos.io.rows import without_separators
from psephos.io.shares import given_at
from psephos.model import (
    CANDIDATE_GROUPS,
    PARTY_CODES,
    Election,
    Party,
    combined_parties,
    get_party,
    own_party_in,
    party_in,
)
from psephos.model.election import normalise_name
from psephos.model.party import (
    VOCABULARY_CODES,
    find_party,
    not_in_election,
    party_suggestion,
    renamed_note,
    separate_parties,
    unknown_party,
)
from psephos.numbers import (
    FRACTIONS_UP_TO,
    ROUNDING_POINTS,
    format_number,
    listed,
    percent_factor,
)
from psephos.projection.base import LEVELS, ProjectionBase, seat_labels
from psephos.projection.core import area_means

FloatArray = npt.NDArray[np.float64]
SharePolicy = Literal["fill", "rescale", "error"]
POLICIES: tuple[str, ...] = ("fill", "rescale", "error")

#: The vocabulary's bucket a poll's "Others" means: every party the poll does not name.
OTHERS = "Other"

#: What a poll naming a party psephos does not know is told to do.
UNKNOWN_IN_POLL = (
    "Give a party psephos does not know as Other ('Other 2'), or leave it out: the parties a "
    "poll does not name share what it leaves."
)
#: :data:`UNKNOWN_IN_POLL` for an election without an Other column (a results file's own
#: country, :data:`psephos.jurisdictions.OWN`, has the file's parties only).
UNKNOWN_IN_POLL_NO_OTHER = (
    "Leave a party the election does not have out: the parties a poll does not name share "
    "what it leaves."
)

#: Pairs that parse as a poll, for messages.
POLL_EXAMPLE = "'Con 42 Lab 40 LD 8 Grn 2 SNP 3'"

#: A party name as printed, then its number. The name starts with a letter in any script
#: ("Bloc Québécois", "Sinn Féin") and goes on with letters, digits ("Party2", "Group 1"),
#: spaces, ``.&-`` (a point before a digit is a number's, "Lab .5", never a name's), straight
#: or curly apostrophes ("People\u2019s Party") and ``/`` (two
#: parties given one share, "SNP/PC", refused by name: :func:`refuse_combined`). The number is
#: the last of the numbers after the name, each a word of its own ("P0 280" is "P0" with 280;
#: a known party glued to its number, "Con42", is split first, :data:`_GLUED`): one not
#: followed by a number, so "Group 1 12" is "Group 1" with 12, and a number followed by a word
#: starting with a letter ends the pair ("Group 1 A 12" is "Group" 1 and "A" 12).
_PAIR_FORM = (
    r"([^\W\d_](?:[^\W_]|[ &'\u2019/\-]|\.(?!\d))*?)\s*[:=]?\s*{number}"
    r"\s*%?(?!\s*%|\s*[:=]?\s*{next_number})"
)
#: A number as typed: digits, perhaps with a point and more digits, or a point and digits
#: (``".5"``, as a spreadsheet or a calculator writes a half: 0.5, never 5), perhaps with an
#: exponent glued to it (``"3.5e1"`` is 35, as a CSV cell reads it): one number, not two.
_NUMBER = r"(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+\-]?\d+)?"
#: The start of a number as typed (:data:`_NUMBER`), after any sign.
_NUMBER_START = r"\.?\d"

#: :data:`_PAIR_FORM` with a share: a number without a sign (one written with ``-`` is read,
#: and a poll refuses it as a share below 0).
_PAIR = re.compile(
    _PAIR_FORM.format(
        number=rf"(?<![^\W_])(-?{_NUMBER})(?![^\W_]|\.\d)", next_number=rf"-?{_NUMBER_START}"
    )
)

#: A typographic minus or an en dash written as a change's sign ("Lab \u22122", "Lab \u20132").
_MINUS = "\u2212\u2013"
#: :data:`_MINUS` read as ``-``.
_AS_MINUS = str.maketrans(dict.fromkeys(_MINUS, "-"))

#: A pair whose number is a change (:func:`read_pairs` with ``signed=True``): as
#: :data:`_PAIR`, but the number may carry a sign, ``+``, ``-`` or :data:`_MINUS`, perhaps
#: with a space after it ("Lab +3", "Lab - 3", "Lab+3"), and start with its point ("Lab=.5");
#: a signed number ends at its last digit, so a name glued after it starts the next pair
#: ("Lab+3Con-2").
_SIGNED_PAIR = re.compile(
    _PAIR_FORM.format(
        number=rf"([+\-{_MINUS}]?\s*(?<![^\W_]){_NUMBER})(?!\d|\.\d)",
        next_number=rf"[+\-{_MINUS}]?\s*{_NUMBER_START}",
    )
)

#: A known party and its number written as one word ("Con42 Lab40", "LD12.5%"), split in two
#: by :func:`_split_glued`. A word of letters and digits that is not a known party and a number
#: (a made-up name, "P0", "Party2"), or one followed by a number ("Con42 280"), stays a name.
_GLUED = re.compile(r"(?<![^\W_])([^\W\d_]+)(\d+(?:\.\d+)?%?)(?!\S)(?!\s*[:=]?\s*-?\d)")


def _split_glued(match: re.Match[str]) -> str:
    try:
        get_party(match.group(1))
    except UnknownPartyError:
        return match.group(0)
    return f"{match.group(1)} {match.group(2)}"


#: A change since the last poll printed in brackets after a share ("CON 24% (-2)", "(+1.5)",
#: "(\u22122)", "(=)", "(nc)"): skipped, the share is the number before it.
_CHANGE = re.compile(
    rf"\(\s*(?:[+\-\u2212\u2013]\s*{_NUMBER}\s*%?|=|nc|n/c|no change)\s*\)", re.IGNORECASE
)


#: A share's unit written out after its number, as papers print it ("34pc", "34 per cent",
#: "34 pts"): read as ``%``. "pc" only glued to its number, since "34 PC 2" is Plaid Cymru's 2,
#: and only to a number of its own (not the end of a name holding digits, "A0PC 12").
_UNIT = re.compile(
    r"(?<![^\W_])(\d+(?:\.\d+)?)(?:pc|\s*(?:per\s?cent|percent|pts|points))\b", re.IGNORECASE
)

#: A mark between one pair and the next as a table or a caption prints it ("Lab 34 / Con 24",
#: "Lab 34 | Con 24", "Lab 34 \u2013 Con 24", "Lab 34 \u00b7 Con 24"): a mark after a number
#: and before a name is read as a space (a "/" between names, "SNP/PC", stays).
_BETWEEN = re.compile(r"(?<=[\d%])\s*[|/\-\u2013\u2014\u2022\u00b7]\s*(?=[^\W\d_])")

#: A decimal comma, as a European locale writes a share ("34,5"): one or two digits after it
#: (a comma before three, "1,234", or before a space, "34, Con", is no decimal comma).
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}(?!\d))")
#: A number with commas between groups of three digits ("1,000", "21,000.5"): one number,
#: its separators taken out as every reader of counts takes them out
#: (:func:`psephos.io.rows.without_separators`), not pairs split at the commas.
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|[.,]\d)")


#: A pair written number first, as a chart's labels print it ("34% Lab, 24% Con", "34% Lab /
#: 24% Con"): the number, then the name (starting with a letter) up to a mark between pairs
#: and the next number. :func:`read_pairs` turns such text round, name first,
#: where it starts with a number.
_NUMBER_FIRST_FORM = r"({number}%?)\s*([^\W\d_][^\d]*?)\s*{mark}?\s*(?={next_number}|$)"
_NUMBER_FIRST = re.compile(
    _NUMBER_FIRST_FORM.format(
        number=rf"-?{_NUMBER}",
        mark=r"[|/\-\u2013\u2014\u2022\u00b7]",
        next_number=rf"-?{_NUMBER_START}",
    )
)
#: :data:`_NUMBER_FIRST` with a change, as a chart of changes prints it ("+3 Lab -2 Con",
#: "+3% Lab, \u22122% Con"): the number as :data:`_SIGNED_PAIR`'s, and a dash or an en dash
#: before a number is its sign, not a mark between pairs.
_SIGNED_NUMBER_FIRST = re.compile(
    _NUMBER_FIRST_FORM.format(
        number=rf"[+\-{_MINUS}]?\s*{_NUMBER}",
        mark=r"[|/\u2014\u2022\u00b7]",
        next_number=rf"[+\-{_MINUS}]?\s*{_NUMBER_START}",
    )
)
#: The start of text written number first with a change ("+3 Lab", "\u22122% Con", ".5 LD").
_SIGNED_START = re.compile(rf"[+\-{_MINUS}]?\s*{_NUMBER_START}")
#: The start of text written number first without a sign ("34% Lab", ".5 Green").
_START = re.compile(_NUMBER_START)


def read_pairs(text: str, *, signed: bool = False) -> tuple[list[tuple[str, str]], str]:
    """The ``(name, number)`` pairs at the front of ``"Con 42 Lab 40"``, ``"Con=42,Lab=40"`` or
    ``"Con: 42%; Lab: 40%"``, and the text left where reading stopped (``""`` when all of it
    was read). Names are kept as written; a change printed in brackets after a number
    (``"CON 24% (-2) LAB 35% (+1)"``) is skipped, a mark between pairs (``"Lab 34 / Con 24"``,
    ``|``, a dash, :data:`_BETWEEN`) is a space, a unit written out (``"34pc"``, ``"34 per
    cent"``, :data:`_UNIT`) is ``%`` and a decimal comma (``"34,5"``) is a point; text that
    starts with a number gives each number before its name (``"34% Lab, 24% Con"``).

    The one reader of name/number pairs: polls (:func:`parse_poll`), national swings
    (:func:`psephos.targeting.sensitivity.parse_swing`) and the other options that take
    them (``govern --seats``) accept the same forms. A name may hold digits ("P0",
    "Party2"), and a word of digits just before its number: the number of a pair is the last
    of the numbers after its name (``"Group 1 12"`` is ``("Group 1", "12")``), and a number
    followed by a word starting with a letter ends the pair.

    With ``signed``, each number is a change and may carry its sign (``"Lab +3 Con -2"``,
    ``"Lab: +3; Con: \u22122"``, ``"Lab+3"``, :data:`_SIGNED_PAIR`), given back as ``"+3"``
    or ``"-2"``: a dash before a number is its sign, not a mark between pairs, a change in
    brackets is not skipped (text that does not read), and text that starts with a change
    gives each change before its name (``"+3 Lab -2 Con"``, ``"+3% Lab \u22122% Con"``,
    :data:`_SIGNED_NUMBER_FIRST`).
    """
    cleaned = text if signed else _CHANGE.sub(" ", text)
    cleaned = _GROUPED.sub(lambda number: without_separators(number[0]), cleaned)
    cleaned = _UNIT.sub(r"\1%", _DECIMAL_COMMA.sub(".", cleaned))
    cleaned = _BETWEEN.sub(" ", cleaned).replace(",", " ").replace(";", " ").strip()
    pair = _SIGNED_PAIR if signed else _PAIR
    number_first = _SIGNED_NUMBER_FIRST if signed else _NUMBER_FIRST
    starts_with_number = (_SIGNED_START if signed else _START).match(cleaned)
    if starts_with_number:  # "34% Lab 24% Con", "+3 Lab -2 Con": each number before its name
        pairs, rest = _read_cleaned(number_first.sub(r"\2 \1 ", cleaned).strip(), pair)
        if not rest:
            return pairs, rest
        # not all read so: where reading stops is said of the text as written, not turned round
    return _read_cleaned(cleaned, pair)


def _read_cleaned(cleaned: str, pair: re.Pattern[str]) -> tuple[list[tuple[str, str]], str]:
    """:func:`read_pairs` of text with its marks, units and changes already made plain, by
    the ``pair`` pattern (:data:`_PAIR` or :data:`_SIGNED_PAIR`)."""
    cleaned = _GLUED.sub(_split_glued, cleaned)
    pairs: list[tuple[str, str]] = []
    position = 0
    for match in pair.finditer(cleaned):
        if cleaned[position : match.start()].strip():
            break
        position = match.end()
        number = "".join(match.group(2).split()).translate(_AS_MINUS)
        pairs.append((match.group(1).strip(), number))
    return pairs, cleaned[position:].strip()


def pair_items(text: str) -> list[str]:
    """The items of pairs text, split at its commas and semicolons (a decimal comma,
    ``"2,5"``, or a thousands separator, ``"1,000"``, is no split: :data:`_DECIMAL_COMMA`,
    :data:`_GROUPED`), for a caller that reads each item with :func:`read_pairs` and names the
    item it refuses (``parse_swing``)."""
    within = {match.start() for match in _DECIMAL_COMMA.finditer(text)}
    within |= {
        match.start() + offset
        for match in _GROUPED.finditer(text)
        for offset, character in enumerate(match[0])
        if character == ","
    }
    items: list[str] = []
    start = 0
    for match in re.finditer("[,;]", text):
        if match.start() not in within:
            items.append(text[start : match.start()])
            start = match.end()
    items.append(text[start:])
    return items


def say_renamed(name: str, election_id: str | None) -> None:
    """A :class:`ShareWarning` (a ``note:``) where a poll names a party as it was called in
    another year (:func:`psephos.model.party.renamed_note`): "Brexit Party read as Reform UK
    (the same party)." against 2024."""
    note = renamed_note(name, election_id)
    if note is not None:
        warn_caller(note)


#: The vocabulary's codes, each one party's name in every year.
_CODES = frozenset(VOCABULARY_CODES)


def apart_from_lineage(names: Iterable[str], where: str) -> frozenset[str]:
    """The names of a poll that name a party of their own, not the lineage the vocabulary
    reads them as: UKIP beside Reform UK, the Brexit Party or ``Reform``
    (:func:`psephos.model.party.separate_parties`, the rule results files and candidate lists
    follow; a poll table settles such columns so too). Their shares are left to the parties
    the poll does not name, as a poll table's UKIP column is, with a note (``where`` names
    the poll).
    """
    names = [str(name) for name in names]
    if _CODES.issuperset(names):  # the vocabulary's codes (a poll as read): one name a party
        return frozenset()
    apart = separate_parties(names)
    if apart:
        codes = {party.code for name in apart if (party := find_party(name)) is not None}
        lineage = [
            name
            for name in names
            if name not in apart and (party := find_party(name)) is not None and party.code in codes
        ]
        warn_caller(
            f"{listed(sorted(apart))} beside {listed(lineage)} in {where}: UKIP still stood as "
            "a party of its own, so its share is left to the parties not named."
        )
    return apart


def parse_poll(
    text: str,
    *,
    parties: Sequence[str] | None = None,
    election_id: str | None = None,
    what: str = "poll",
    known: Sequence[str] | None = None,
) -> dict[str, float]:
    """Parse ``"Con 42 Lab 40 LD 8 Grn 2 SNP 3"`` into ``{"Con": 42.0, "Lab": 40.0, ...}``.

    Party names go through :func:`psephos.model.get_party` (aliases such as ``Grn``, ``Lib Dem``,
    ``Reform UK`` accepted); commas, semicolons, ``=``, ``:`` and ``%`` are allowed
    (:func:`read_pairs`). With an election's ``parties`` (see :func:`read_poll`), a name is
    also read against them, and messages name them and show pairs of them. A party named as
    it was called in another year than ``election_id`` is noted (:func:`say_renamed`); UKIP
    beside Reform UK is another party, left to the parties not named with a note
    (:func:`apart_from_lineage`). ``what`` names the text in messages (``"Lab -10 in split
    'Lab=-10,Con=30'"`` for a turnout scenario's split). ``known``: the parties a name no
    party answers to is told of (default: ``parties``, else the vocabulary's), the parties
    the poll takes (:func:`poll_parties`), so a Great Britain poll is never offered the DUP.

    Raises:
        UnknownPartyError: for a name outside the vocabulary (where no party's name is near
            it, saying to give it as Other: :data:`UNKNOWN_IN_POLL`).
        InvalidSharesError: for text that is not name/number pairs, or a party named twice.
    """
    example = poll_example(parties)
    if not text.replace(",", " ").replace(";", " ").strip():
        raise InvalidSharesError(f"Empty {what}; give pairs such as {example}.")
    pairs, rest = read_pairs(text)
    apart = apart_from_lineage((name for name, _ in pairs), f"poll {text!r}")
    shares: dict[str, float] = {}
    spelled: dict[str, str] = {}
    for name, number in pairs:
        if name in apart:
            continue
        try:
            code = pair_party(name, text, example=example, parties=parties)
        except UnknownPartyError as error:
            if find_party(name) is not None:
                raise  # a known party not in this election
            told: Sequence[str] = parties or VOCABULARY_CODES
            if known is not None and isinstance(error, UnknownNameError):
                told, error = known, unknown_party(name, known)  # the parties it takes
            if party_suggestion(name, told):
                raise error from None  # a name with a suggestion
            hint = (
                UNKNOWN_IN_POLL
                if parties is None or OTHERS in parties
                else UNKNOWN_IN_POLL_NO_OTHER
            )
            raise UnknownPartyError(f"{error} {hint}") from None
        if code in shares:
            raise InvalidSharesError(named_twice(code, spelled[code], name, f"{what} {text!r}"))
        spelled[code] = name
        say_renamed(name, election_id)
        shares[code] = float(number)
        if not 0.0 <= shares[code] <= 100.0:
            raise InvalidSharesError(
                f"{code} {number} in {what} {text!r}: a share is a percentage from 0 to 100."
            )
    if rest or not shares:
        left = rest.strip(" ,;:")
        named = own_party_in(left, parties) is not None or find_party(left) is not None
        problem = f": {left} has no number" if left and named else ""  # "Lab 35 Con"
        raise InvalidSharesError(
            f"Cannot read {what} {text!r} near {rest[:20]!r}{problem}; give pairs such as "
            f"{example}."
        )
    return shares


def named_twice(code: str, first: str, second: str, where: str) -> str:
    """The sentence refusing a party named twice in pairs text (a poll, a swing, a House's
    seats), each name as written: "Party 'Lab' appears twice in poll 'Lab 30 Lab 40'.", and
    where the two are spellings of one party, "... (as 'Lab' and 'Labour', both read as
    Lab)."; ``where`` names the text (``"poll 'Lab 30 Lab 40'"``)."""
    same = (
        ""
        if first.lower() == second.lower()
        else f" (as {first!r} and {second!r}, both read as {code})"
    )
    return f"Party {code!r} appears twice in {where}{same}."


def poll_example(parties: Sequence[str] | None = None) -> str:
    """Pairs that parse as a poll, for messages: :data:`POLL_EXAMPLE`, or pairs of an
    election's first three ``parties`` (``'LPC 40 CPC 35 BQ 10'`` for Canada)."""
    if not parties or tuple(parties[:3]) == ("Con", "Lab", "LD"):
        return POLL_EXAMPLE
    pairs = zip(parties[:3], (40, 35, 10), strict=False)
    return "'" + " ".join(f"{party} {share}" for party, share in pairs) + "'"


def pair_party(
    name: str,
    text: str,
    *,
    what: str = "poll",
    example: str = POLL_EXAMPLE,
    parties: Sequence[str] | None = None,
) -> str:
    """The party code of a name read by :func:`read_pairs`; a known party followed by stray
    words (``"Lab forty Con"``: a number that is not a number) or numbers (``"Con 280 250"``:
    two numbers, or a party called "Con 280"?) is text that does not parse.
    With an election's ``parties``, a name the vocabulary does not know is read against them
    (:func:`psephos.model.party_in`), and refused naming them, as is a party it knows that is
    none of them (:func:`poll_party`).

    Raises:
        UnknownPartyError: a name outside the vocabulary (and ``parties``).
        InvalidSharesError: a known party followed by stray words (``what`` names the text,
            ``example`` shows pairs that parse).
    """
    own = own_party_in(name, parties)
    if own is not None:
        return own
    if parties is not None:  # another country's name, read as typed: "Liberal", not "LPC"
        with contextlib.suppress(UnknownPartyError):
            return party_in(name, tuple(parties))
    try:
        get_party(name)
    except UnknownPartyError:
        refuse_combined(name, parties)
        first = name.split()[0]
        if " " in name:
            try:
                get_party(first)
            except UnknownPartyError:
                pass
            else:
                second = name.split()[1]
                problem = (  # "Con 280 250": Con's number, or a party "Con 280"?
                    "has more than one number" if second[0].isdigit() else "has no number"
                )
                raise InvalidSharesError(
                    f"Cannot read {what} {text!r} near {name!r}: {first} {problem}; give "
                    f"pairs such as {example}."
                ) from None
    return poll_party(name, parties)  # a known party, or read against or told of ``parties``


#: Points a set of shares may sum away from 100 without a note (or, under ``"error"``, a
#: refusal): :func:`share_vector`'s default ``tolerance``.
SHARE_TOLERANCE = 0.5


def remaining_note(label: str, total_percent: float, goes_to: str) -> str:
    """The note for shares that sum to under 100: what they sum to and where the rest goes,
    e.g. "The Great Britain shares sum to 96.0%; the remaining 4.0% goes to the parties not
    named, in proportion to their base shares." One wording for a poll and a turnout split."""
    return (
        f"The {label} sum to {format_number(total_percent, '.1f')}%; the remaining "
        f"{format_number(100.0 - total_percent, '.1f')}% goes to {goes_to}."
    )


def rescaled_note(label: str, total_percent: float) -> str:
    """The note for shares rescaled to 100% (up under ``"rescale"``, down from any sum above
    100): "The Great Britain shares sum to 100.5%; rescaled to 100%." One wording for both."""
    return f"The {label} sum to {format_number(total_percent, '.1f')}%; rescaled to 100%."


def share_party(name: str, parties: Sequence[str]) -> str:
    """The code among ``parties`` of a party a share is given to, read as every party name is
    (:func:`psephos.model.party_in`: a Canadian base reads Con as the CPC): THE reading of
    the party names of a mapping of shares (:func:`share_vector`; an area's, checked as
    given, :func:`_check_area_parties`).

    Raises:
        InvalidSharesError: a name giving two parties one share (:func:`refuse_combined`), or
            a party the vocabulary knows that is none of ``parties`` (:func:`not_a_party_of`).
        UnknownNameError: a name no party answers to, naming ``parties``
            (:func:`psephos.model.party.unknown_party`).
        UnknownPartyError: a name that may mean several of ``parties``.
    """
    try:
        return party_in(name, parties)
    except UnknownPartyError as error:
        refuse_combined(name, parties)
        try:
            party = get_party(name)
        except UnknownPartyError:
            raise error from None  # an unknown name: party_in names these parties
        raise not_a_party_of(name, party, parties) from None


def share_vector(
    shares: Mapping[str, float],
    parties: tuple[str, ...],
    fill_from: npt.ArrayLike | None = None,
    *,
    policy: SharePolicy = "fill",
    tolerance: float = SHARE_TOLERANCE,
    label: str = "shares",
) -> FloatArray:
    """A parties-long vector of fractions summing to 1 from a name -> share mapping.

    Args:
        shares: Party (code, name or alias) -> share in percent or as a fraction.
        parties: Column order.
        fill_from: Base shares used to share out a shortfall among unnamed parties (``"fill"``)
            and a poll's ``Others`` among ``Other`` and the unnamed parties.
        policy: ``"fill"``, ``"rescale"`` or ``"error"`` (see the module docstring).
        tolerance: Points of slack around 100 accepted without a warning or error.
        label: What the shares describe, for messages (``"Scotland"``).

    Raises:
        InvalidSharesError: negative shares, a party outside ``parties``, or a sum off 100 under
            ``policy="error"``.
    """
    if policy not in POLICIES:
        raise InvalidSharesError(
            unknown_choice("share policy", policy, POLICIES, listed_as="policies")
        )
    columns = _columns(tuple(parties))
    values = [0.0] * len(parties)
    named = np.zeros(len(parties), dtype=bool)  # a party given 0 is named: it gets 0
    for name, value in shares.items():
        position = columns.get(name)  # a code as the columns spell it: no look-up needed
        if position is None:
            code = share_party(str(name), parties)
            position = parties.index(code)
        else:
            code = name
        number = float(value)
        if not math.isfinite(number) or number < 0:  # a Python float: no NumPy call
            raise InvalidSharesError(
                f"Share of {code} in {label} is {number}; shares must be >= 0."
            )
        values[position] += number
        named[position] = True
    vector = np.array(values)
    total = vector.sum()
    if total <= 0:
        raise InvalidSharesError(f"The {label} sum to zero.")
    factor = percent_factor(total)
    percent = vector * factor
    total_percent = percent.sum()
    check_total(total_percent, label, fractions=factor != 1.0, policy=policy)
    # what the shares were read as, unless a whole poll of fractions (no note: not built)
    if factor != 1.0 and not whole_poll(total_percent, sum(v > 0 for v in values), tolerance):
        as_read = {code: float(percent[i]) for i, code in enumerate(parties) if named[i]}
        note = fractions_note(as_read, label, tolerance)
        if note is not None:
            warn_caller(note)
    off = abs(total_percent - 100.0) > tolerance
    shared = _share_out_others(percent, parties, fill_from, named)
    if shared is not percent:  # Others went to the parties not named: a shortfall joins it
        named[parties.index(OTHERS)] = False
    percent = shared
    if total_percent > 100.0:  # within the rounding slack, or any sum under "rescale"
        if round(total_percent, 1) > 100.0:  # every share given changes: say so
            warn_caller(rescaled_note(label, total_percent))
        return percent / total_percent
    if policy == "error" and off:
        raise InvalidSharesError(
            f"The {label} sum to {format_number(total_percent, '.1f')}%, not 100% (within "
            f"{tolerance} points); "
            "give every party or use the 'fill' or 'rescale' policy."
        )
    if policy == "fill" and total_percent < 100.0 - 1e-9 and fill_from is not None:
        base = np.asarray(fill_from, dtype=np.float64) * ~named  # a party given 0 keeps 0
        if base.sum() > 0:
            shortfall = 100.0 - total_percent
            filled = shortfall * base / base.sum()
            if off:
                warn_caller(
                    remaining_note(
                        label,
                        total_percent,
                        "the parties not named, in proportion to their base shares",
                    )
                    + _cut_note(  # a poll's Others shared out count in what they get
                        parties,
                        100.0 * np.asarray(fill_from, dtype=np.float64),
                        percent + filled,
                        named,
                    )
                )
            return (percent + filled) / 100.0
    if off:
        warn_caller(rescaled_note(label, total_percent))
    return percent / total_percent


#: A party the fill leaves with under this part of its base share (and a base share of at
#: least :data:`CUT_FROM` percent) is named in the note: leaving it out of a poll cut it.
CUT_BELOW = 2 / 3
CUT_FROM = 0.5
#: A party the fill gives more than this multiple of its base share (and at least
#: :data:`CUT_FROM` percent) is named in the note too: leaving it out of a poll raised it.
RAISE_ABOVE = 3 / 2


def _cut_note(
    parties: tuple[str, ...],
    before: FloatArray,
    after: FloatArray,
    named: npt.NDArray[np.bool_],
) -> str:
    """The end of the fill note naming the parties not named that the fill moves hard, so a
    user sees that leaving a party out moved it: those it cuts below :data:`CUT_BELOW` of a
    base share of :data:`CUT_FROM` percent or more (a GB poll without the SNP gives it 1.5%
    against its 2.6%), and those it raises above :data:`RAISE_ABOVE` times their base share
    to :data:`CUT_FROM` percent or more (a 2024 poll naming everyone but Plaid Cymru leaves it
    most of the 3% the named parties do not add up to: 1.9% of Great Britain, about a third
    of the Welsh vote, where it won 0.7%); ``""`` when none is. Independents and ``Other``
    are buckets of many candidates and are not named."""

    def moved(i: int) -> str:
        return (
            f"{parties[i]} to {format_number(float(after[i]), '.1f')}% "
            f"({format_number(float(before[i]), '.1f')}% at the base)"
        )

    apart = ~named & _not_buckets(tuple(parties))
    cut = [
        moved(i)
        for i in np.flatnonzero(apart & (before >= CUT_FROM) & (after < CUT_BELOW * before))
    ]
    raised = [
        moved(i)
        for i in np.flatnonzero(apart & (after >= CUT_FROM) & (after > RAISE_ABOVE * before))
    ]
    said = [f"cuts {listed(cut)}"] if cut else []
    said += [f"raises {listed(raised)}"] if raised else []
    if not said:
        return ""
    return f" Leaving them out {listed(said)}: name a party with its share to keep it."


@lru_cache(maxsize=64)
def _not_buckets(parties: tuple[str, ...]) -> npt.NDArray[np.bool_]:
    """The columns of ``parties`` that are a party, not a bucket of many candidates
    (``Other``, ``Ind``): those :func:`_cut_note` may name. Built once per party tuple,
    read-only."""
    columns = np.array([code not in (OTHERS, "Ind") for code in parties], dtype=bool)
    columns.setflags(write=False)
    return columns


def _share_out_others(
    percent: FloatArray,
    parties: tuple[str, ...],
    fill_from: npt.ArrayLike | None,
    named: npt.NDArray[np.bool_],
) -> FloatArray:
    """A poll's ``Others`` as a newspaper prints it: the share of every party the poll does not
    name, so it goes to ``Other`` and the parties not named in proportion to their base shares
    (``fill_from``). Unchanged without ``Other`` in the poll, without base shares, or where no
    party is left to share it with (every column ``named``, zeros included)."""
    if OTHERS not in parties or fill_from is None:
        return percent
    other = parties.index(OTHERS)
    if percent[other] <= 0 or named.all():  # every party named: Other keeps its own share
        return percent
    pool = ~named
    pool[other] = True
    base = np.asarray(fill_from, dtype=np.float64) * pool
    if base.sum() <= 0 or base.sum() == base[other]:
        return percent
    shared = np.where(pool, 0.0, percent)
    return shared + percent[other] * base / base.sum()


@lru_cache(maxsize=64)
def _columns(parties: tuple[str, ...]) -> Mapping[str, int]:
    """Column of each code in ``parties`` that :func:`~psephos.model.get_party` reads as itself,
    so shares already keyed by those codes (what :func:`read_poll` returns) skip the look-up;
    built once per party tuple, read-only."""
    columns: dict[str, int] = {}
    for position, code in enumerate(parties):
        try:
            same = get_party(code).code == code
        except UnknownPartyError:
            same = False
        if same:
            columns.setdefault(code, position)
    return MappingProxyType(columns)


#: What a set of shares read as fractions is told, for a user who meant percentages.
SMALL_PERCENTAGES = "to mean percentages this small, write them as fractions (1% as 0.01)"


def read_as_fractions(label: str, total: float) -> str:
    """How a note or refusal starts for shares summing to ``total`` (at most
    :data:`~psephos.numbers.FRACTIONS_UP_TO`) and so read as fractions: "The Great Britain
    shares sum to 1, so they are read as fractions (shares summing to at most 1.5 are)"."""
    return (
        f"The {label} sum to {format_number(total, 'g')}, so they are read as fractions "
        f"(shares summing to at most {format_number(FRACTIONS_UP_TO, 'g')} are)"
    )


def whole_poll(total_percent: float, n_given: int, tolerance: float = SHARE_TOLERANCE) -> bool:
    """Whether shares read as fractions are a whole poll of them, which no one means as
    percentages (:func:`fractions_note` says nothing of it): summing to 100% (within
    ``tolerance`` points) over two parties or more (``n_given``, those above 0)."""
    return abs(total_percent - 100.0) <= tolerance and n_given > 1


def fractions_note(
    percent: Mapping[str, float], label: str, tolerance: float = SHARE_TOLERANCE
) -> str | None:
    """The note for shares read as fractions (:func:`psephos.numbers.percent_factor`), given
    here as the percentages they were read as (party -> percent): the shares as read and how
    to write a small percentage ("The Great Britain shares sum to 1, so they are read as
    fractions (...): Reform 100%; to mean percentages this small, write them as fractions (1%
    as 0.01)."). ``None`` for a whole poll of fractions, which no one means as percentages:
    summing to 100% (within ``tolerance`` points) over two parties or more."""
    given = {party: share for party, share in percent.items() if share > 0}
    total = sum(percent.values())
    if whole_poll(total, len(given), tolerance):
        return None
    read = ", ".join(f"{party} {format_number(share, '.3g')}%" for party, share in given.items())
    return f"{read_as_fractions(label, total / 100.0)}: {read}; {SMALL_PERCENTAGES}."


def check_total(
    total_percent: float,
    label: str = "shares",
    *,
    fractions: bool = False,
    policy: SharePolicy = "fill",
) -> None:
    """Refuse shares summing above 100% (beyond :data:`ROUNDING_POINTS` of rounding), unless
    the ``policy`` is ``"rescale"``, which scales them down to 100% (:func:`share_vector`).
    ``fractions``: the shares were given as fractions (summing to at most
    :data:`~psephos.numbers.FRACTIONS_UP_TO`), which the refusal says, and how to write a
    small percentage.

    Raises:
        InvalidSharesError: one line naming the sum, the same from every command and page.
    """
    if total_percent <= 100.0 + ROUNDING_POINTS or policy == "rescale":
        return
    if fractions:
        raise InvalidSharesError(
            f"{read_as_fractions(label, total_percent / 100.0)}: "
            f"{format_number(total_percent, '.1f')}%, above 100%; {SMALL_PERCENTAGES}."
        )
    raise InvalidSharesError(
        f"The {label} sum to {format_number(total_percent, '.1f')}%, above 100%; give each "
        "party's share in percent, at most 100 in all (parties not named share the rest)."
    )


#: How far a row of batch targets may sum from 1: the float error of a row divided by its sum.
BATCH_SUM_SLACK = 1e-6


def check_target_rows(targets: FloatArray, areas: Sequence[str], *, one_area: bool = False) -> None:
    """Refuse batch area targets ``(scenarios, n_areas, parties)`` that are not fractions
    summing to 1 in each row (within :data:`BATCH_SUM_SLACK`; NaN and negatives included),
    naming the first such row as the caller indexes it (``targets[3]`` where ``one_area``:
    the caller gave ``(scenarios, parties)``; else ``targets[3, 2]``) and its area. The batch
    paths take no policy, so a row of percentages (summing to 100) or a short one is refused
    rather than projected as it is. Vectorised: one sum and one minimum over the array.

    Raises:
        InvalidSharesError: one line naming the row, its area and its sum (or its negative
            share).
    """
    if targets.size == 0:
        return
    sums = targets.sum(axis=-1)
    off = ~(np.abs(sums - 1.0) <= BATCH_SUM_SLACK)
    if off.any():
        scenario, area = (int(i) for i in np.argwhere(off)[0])
        what = f"sums to {format_number(float(sums[scenario, area]), 'g')}"
    elif targets.min() < 0:
        scenario, area = (int(i) for i in np.argwhere((targets < 0).any(axis=-1))[0])
        what = f"has a share of {format_number(float(targets[scenario, area].min()), 'g')}"
    else:
        return
    row = f"targets[{scenario}]" if one_area else f"targets[{scenario}, {area}]"
    raise InvalidSharesError(
        f"{row} ({areas[area]}) {what}: give each row as fractions of at least 0 summing to 1 "
        "(35% as 0.35)."
    )


def read_poll(
    poll: str | Mapping[str, float],
    *,
    label: str | None = None,
    parties: Sequence[str] | None = None,
    election_id: str | None = None,
    what: str = "poll",
    policy: SharePolicy = "fill",
) -> dict[str, float]:
    """A poll string or mapping, read and checked: party code -> share as given.

    The one entry point for a user's poll: parses strings (:func:`parse_poll`), resolves
    party names and refuses negative shares or a sum above 100% (:func:`check_total`), so a
    bad poll fails before any model is involved, with the same message everywhere (shares
    summing to at most 1.5 are fractions, which the refusal says; the note that they were
    read so comes from :func:`share_vector`, where they become a projection's shares). ``label``
    names the shares in messages (default: a national poll of the default country,
    ``"Great Britain shares"``); a national poll (labelled as :func:`poll_label` labels it)
    may not name a party that stands only outside the area it covers
    (:attr:`~psephos.jurisdictions.Jurisdiction.parties_apart`). ``parties``, the columns
    of the election the poll is read against, are the known parties an unknown name is told
    of, those the poll takes a share of (:func:`poll_parties`: a Canadian poll is told
    Canada's, :func:`psephos.model.party.unknown_party`, a Great Britain poll no Northern
    Ireland party), and read names the vocabulary does not (:func:`psephos.model.party_in`);
    without them, the vocabulary's. A party named as it was called in another year is read
    as the one party with a :class:`ShareWarning` saying so ("Brexit Party read as Reform UK";
    :func:`psephos.model.party.renamed_as`, by its name in ``election_id``, the base, or its
    current name); UKIP beside Reform UK is another party, left to the parties not named
    with a note (:func:`apart_from_lineage`). ``what`` names the text itself where it cannot be
    read (``"poll"``; :func:`parse_poll`). The refusal of a party apart offers area shares
    (``--by-region``), which every caller takes beside a poll. ``policy``: the share policy
    the poll will be projected under (:func:`share_vector`); ``"rescale"`` takes a sum above 100%.

    A poll's text is read once against each election's parties (:func:`_read_poll_text`):
    the same text again gives the same shares and the same notes, without reading it again.

    Raises:
        InvalidSharesError, UnknownPartyError: one-line messages.
    """
    if not isinstance(poll, str):
        return _read_poll(
            poll, label=label, parties=parties, election_id=election_id, what=what, policy=policy
        )
    columns = None if parties is None else tuple(parties)
    shares, notes = _read_poll_text(poll, label, columns, election_id, what, policy)
    for message, category in notes:
        warn_caller(message, category)
    return dict(shares)


@lru_cache(maxsize=256)
def _read_poll_text(
    text: str,
    label: str | None,
    parties: tuple[str, ...] | None,
    election_id: str | None,
    what: str,
    policy: SharePolicy,
) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, type[Warning]], ...]]:
    """:func:`read_poll` of a poll's text, with the notes made reading it (a party named as it
    was called in another year, UKIP beside Reform UK) held (:func:`~psephos.errors.held_notes`),
    for :func:`read_poll` to give on every call. A poll refused is not kept: the notes made
    before the refusal are given, then the error raised, each time."""
    held: list[tuple[str, type[Warning]]] = []
    try:
        with held_notes() as held:
            shares = _read_poll(
                text,
                label=label,
                parties=parties,
                election_id=election_id,
                what=what,
                policy=policy,
            )
    except Exception:
        for message, category in held:
            warn_caller(message, category)
        raise
    return tuple(shares.items()), tuple(held)


def _read_poll(
    poll: str | Mapping[str, float],
    *,
    label: str | None,
    parties: Sequence[str] | None,
    election_id: str | None,
    what: str,
    policy: SharePolicy,
) -> dict[str, float]:
    """:func:`read_poll` itself, each note warned as it is made."""
    from psephos.jurisdictions import DEFAULT, JURISDICTIONS, for_parties

    label = label or _shares_label(DEFAULT.poll_area)
    shares: Mapping[str, float]
    if isinstance(poll, str):
        shares = parse_poll(
            poll,
            parties=parties,
            election_id=election_id,
            what=what,
            known=poll_parties(parties, label),
        )
    else:
        apart = apart_from_lineage(poll, f"the {label}")
        shares = (
            {name: share for name, share in poll.items() if name not in apart} if apart else poll
        )
    codes = _columns(PARTY_CODES)
    out: dict[str, float] = {}
    for name, value in shares.items():
        if name in codes and (parties is None or name in parties):  # in every year: no renaming
            code = name
        else:
            code = poll_party(str(name), parties)
            say_renamed(str(name), election_id)
        number = float(value)
        if not math.isfinite(number) or number < 0:
            raise InvalidSharesError(
                f"Share of {code} in {label} is {number}; shares must be >= 0."
            )
        out[code] = out.get(code, 0.0) + number
    _refuse_speaker(out, label, for_parties(parties or ()).parliament.speaker_party)
    for country in JURISDICTIONS.values():
        if label == _shares_label(country.poll_area):
            _refuse_parties_apart(out, country.poll_area, country.parties_apart)
    total = sum(out.values())
    factor = percent_factor(total)
    check_total(total * factor, label, fractions=factor != 1.0, policy=policy)
    return out


def poll_parties(parties: Sequence[str] | None, label: str) -> tuple[str, ...]:
    """The parties a poll labelled ``label`` takes a share of, among an election's
    ``parties`` (default: the vocabulary's UK parties, :data:`~psephos.model.PARTY_CODES`):
    all but the Speaker (whose seat keeps its base result: :func:`_refuse_speaker`) and, for
    a national poll (``"Great Britain shares"``), the parties standing only outside its area
    (Northern Ireland's, :attr:`~psephos.jurisdictions.Jurisdiction.parties_apart`:
    :func:`_refuse_parties_apart`). What :func:`read_poll` tells a name no party answers to,
    so the list offered is one the poll accepts."""
    from psephos.jurisdictions import JURISDICTIONS, for_parties

    codes = tuple(parties) if parties is not None else PARTY_CODES
    country = for_parties(codes)
    refused = {country.parliament.speaker_party}
    for each in JURISDICTIONS.values():
        if label == _shares_label(each.poll_area):
            refused |= set(each.parties_apart)
    return tuple(code for code in codes if code not in refused)


#: The most of a national poll (percent) the Speaker may have: the Speaker stands in one seat,
#: which holds about 0.1% of Great Britain's votes (a result's own shares carry that much).
SPEAKER_SHARE_AT_MOST = 1.0


def _refuse_speaker(shares: Mapping[str, float], label: str, speaker: str) -> None:
    """Refuse a national poll giving the Speaker (the country's label for the Speaker's seat,
    ``speaker``: :attr:`~psephos.jurisdictions.ParliamentRules.speaker_party`) more than one
    seat's votes could be (:data:`SPEAKER_SHARE_AT_MOST` percent): the Speaker's seat keeps its
    base result, so the share would be spread over the other parties without a word. A result's
    own shares (the Speaker's 0.1%) are read as given.

    Raises:
        InvalidSharesError: the Speaker's share is above the bound.
    """
    total = sum(shares.values())
    share = float(shares.get(speaker, 0.0)) * percent_factor(total)
    if share > SPEAKER_SHARE_AT_MOST:
        raise InvalidSharesError(
            f"The Speaker has {share:g}% of the {label}, but stands in one seat only, which "
            f"holds about 0.1% of the votes and keeps its base result: leave {speaker} out (a "
            "poll's 'Other' is everyone not named)."
        )


def _refuse_parties_apart(shares: Mapping[str, float], area: str, apart: Sequence[str]) -> None:
    """Refuse a national poll of ``area`` (Great Britain) that gives a share to a party of
    ``apart``, which stands only outside it (Northern Ireland's parties,
    :attr:`~psephos.jurisdictions.Jurisdiction.parties_apart`), naming where it stands and
    how to give its shares (as area shares, ``--by-region``, which every command and page
    that takes a poll takes beside it).

    Raises:
        InvalidSharesError: such a party has a share above 0.
    """
    named = [code for code, share in shares.items() if share > 0 and code in apart]
    if not named:
        return
    where = listed(dict.fromkeys(n for code in named for n in get_party(code).nations))
    it = "it" if len(named) == 1 else "them"
    raise InvalidSharesError(
        f"{listed(named)} {'stands' if len(named) == 1 else 'stand'} only in {where}, so a "
        f"{area} poll has no share for {it}: leave {it} out ({where}'s seats keep their base "
        f"result), or give {where}'s shares as area shares (--by-region)."
    )


def election_poll(election: Election, poll: str | Mapping[str, float]) -> dict[str, float]:
    """A poll read against ``election`` (:func:`read_poll` with its parties, named after the
    area it covers, :func:`poll_label`), each party as the election's own code
    (:func:`psephos.model.party_in`: "Conservatives" is the CPC in a Canadian poll), shares
    as given: what a saved poll holds and shows.

    Raises:
        InvalidSharesError, UnknownPartyError: as :func:`read_poll`, and a party the election
            does not have.
    """
    parties = election.parties
    out: dict[str, float] = {}
    shares = read_poll(
        poll, label=poll_label(election), parties=parties, election_id=election.labels_id
    )
    for name, share in shares.items():
        code = party_in(name, parties)
        out[code] = out.get(code, 0.0) + share
    return out


def poll_party(name: str, parties: Sequence[str] | None) -> str:
    """The code of a party a poll names: with an election's ``parties``, the one of them
    it is a name of (:func:`psephos.model.party_in` without reading another country's party
    as one of them: "Conservative" is the CPC in a Canadian poll, Con in a UK one); else the
    vocabulary's, else (with ``parties``) the one of them it answers to, else an error naming
    those parties. The one reading of a poll's party names: typed pairs (:func:`read_poll`)
    and a poll table's column headers (:func:`psephos.projection.polls.read_poll_table`).

    Raises:
        UnknownPartyError: a name neither the vocabulary nor ``parties`` know.
        InvalidSharesError: a name giving two parties one share (:func:`refuse_combined`).
    """
    own = own_party_in(name, parties)
    if own is not None:
        return own
    if parties is not None:  # another country's name, read as typed: "Liberal", not "LPC"
        with contextlib.suppress(UnknownPartyError):
            return party_in(name, tuple(parties))
    try:
        party = get_party(name)
    except UnknownPartyError:
        refuse_combined(name, parties)
        if parties is None:
            raise
        return party_in(name, tuple(parties))
    if parties is not None and party.code not in parties:
        raise not_a_party_of(name, party, parties)  # told as typed, not as its code
    return party.code


def not_a_party_of(name: str, party: Party, parties: Sequence[str]) -> InvalidSharesError:
    """The refusal of a party the vocabulary reads ``name`` as (``party``) that is none of an
    election's ``parties``: another country's party, naming its country
    (:func:`psephos.jurisdictions.foreign_party`: a UK poll's "CPC"), else the name as the
    user typed it, the party read and its country (:func:`psephos.model.party.not_in_election`:
    a made-up country's poll's "Labour" is the UK's Labour, not a "Lab" never typed)."""
    from psephos.jurisdictions import for_parties, foreign_party  # jurisdictions project

    country = "" if party.code in CANDIDATE_GROUPS else for_parties([party.code]).with_article
    return InvalidSharesError(
        foreign_party(party.code, parties) or not_in_election(name, party, parties, country=country)
    )


def refuse_combined(name: str, parties: Sequence[str] | None = None) -> None:
    """Refuse a name that gives two parties one share, as polls print "SNP/PC 4"
    (:func:`psephos.model.combined_parties`): the share cannot be split without a guess, and
    each party swings in its own nations, so the message says to give each its own share or
    to leave them out (parties a poll does not name share what it leaves, in proportion to
    the base result). Nothing happens for any other name.

    Raises:
        InvalidSharesError: a combined name, naming its parties.
    """
    codes = combined_parties(name, parties)
    if not codes:
        return
    example = " ".join(
        f"{code} {share}" for code, share in zip(codes, (3, *([1] * len(codes))), strict=False)
    )
    raise InvalidSharesError(
        f"{name!r} gives {listed(codes)} one share; give each its own "
        f"share (e.g. '{example}'), or leave them out: parties a poll does not name share "
        "what it leaves in proportion to the base result."
    )


def _shares_label(area: str) -> str:
    """How an area's shares are named in messages: ``"Scotland shares"``; the national
    area's, labelled by the country's name for it (``"Canada shares"``), are
    :func:`poll_label`'s."""
    return f"{area} shares"


def poll_label(election: Election) -> str:
    """How a national poll of ``election``'s country is named in messages: ``"Great Britain
    shares"``, ``"Canada shares"``, ``"National shares"`` for a file of part of a country
    (:func:`psephos.jurisdictions.national_area`); the one label every command, page and note
    gives it."""
    from psephos.jurisdictions import national_area

    return _shares_label(national_area(election))


#: What a user may write for the national area of any country, beside its name.
NATIONAL = "national"


def national_area_names(election_id: str | None = None) -> frozenset[str]:
    """What a user may write (lower case) for the area a national poll covers: the country's
    :attr:`~psephos.jurisdictions.Jurisdiction.poll_area_names` (``great britain``, ``gb``,
    ``britain``; ``canada``) and :data:`NATIONAL`, for ``election_id``'s country, or for any
    bundled country without one (a poll table read without a base).

    Raises:
        UnknownElectionError: an ``election_id`` that is not bundled.
    """
    from psephos.jurisdictions import JURISDICTIONS, for_election_id

    countries = (
        JURISDICTIONS.values() if election_id is None else (for_election_id(election_id)[0],)
    )
    return frozenset({NATIONAL}.union(*(country.poll_area_names for country in countries)))


def _area_lookup(election: Election) -> tuple[dict[str, str], tuple[str, ...]]:
    """Area names as a user may write them (case, accents and punctuation ignored: "Québec",
    "quebec") -> the area label, and the names to show in a message. The national area is
    the election's (:func:`psephos.jurisdictions.national_area`: ``Great Britain``,
    ``Canada``; ``National`` for a file of part of a country, which the country's name for it,
    ``Great Britain``, ``GB``, also names), also written ``national``; the country's
    :attr:`~psephos.jurisdictions.Jurisdiction.area_aliases` (the UK's ``GB``, ``NI``,
    ``East`` for ``East of England`` and back) only where the election has the area, and no
    area of the alias's own name."""

    def build() -> tuple[dict[str, str], tuple[str, ...]]:
        from psephos.jurisdictions import national_area, of

        country = of(election)
        national = national_area(election)
        names = {*map(str, set(election.regions)), *map(str, set(election.nations))}
        names.discard(national)
        lookup = {normalise_name(name): name for name in names}
        lookup[normalise_name(national)] = national
        lookup[NATIONAL] = national
        for name in country.poll_area_names:
            lookup.setdefault(normalise_name(name), national)
        for alias, area in country.area_aliases.items():
            if area in names or area == national:
                lookup.setdefault(alias, area)
        return lookup, tuple(sorted({*names, national}))

    # Built once per seat tuple (cached on the election's seat index); read, never mutated.
    return election.seat_lookups.cached("projection.area_lookup", build)


def areas_apart_given(election: Election, areas: Mapping[str, object] | None) -> bool:
    """Whether ``areas`` (sub-polls, named as a user writes areas, :func:`area_label`) give
    the shares of an area outside the main area (Northern Ireland), whose seats a national
    poll leaves alone: a projection then projects them too. Names that are no area of the
    election are left to :func:`area_targets` to refuse."""
    if not areas:
        return False
    lookup, _ = _area_lookup(election)
    outside = ~election.gb_mask
    apart = {*map(str, election.nations[outside]), *map(str, election.regions[outside])}
    return any(lookup.get(normalise_name(str(name))) in apart for name in areas)


def areas_give_national(election: Election, areas: Mapping[str, object] | None) -> bool:
    """Whether area shares give the national area's shares on their own
    (:func:`~psephos.jurisdictions.national_area`: Great Britain, Canada): a row for
    it by name, or rows whose areas together hold every seat of it (every nation of Great
    Britain, every English region with Scotland and Wales, ...), from which a projection
    without a poll makes its shares (:func:`area_targets`). Names that are no area of the
    election are left to :func:`area_label` to refuse."""
    if not areas:
        return False
    from psephos.jurisdictions import national_area

    lookup, _ = _area_lookup(election)
    given = {lookup[key] for name in areas if (key := normalise_name(str(name))) in lookup}
    if national_area(election) in given:
        return True
    main = election.gb_mask
    named = list(given)
    covered = np.isin(election.nations, named) | np.isin(election.regions, named)
    return bool(main.any() and covered[main].all())


def area_label(base: ProjectionBase, name: str, *, where: str = "") -> str:
    """The area a user's name for it means (a region, a nation, the country's national area
    by its name, :func:`~psephos.jurisdictions.national_area`, or another name the country
    gives it, :attr:`~psephos.jurisdictions.Jurisdiction.area_aliases`: "Cymru"), read as
    every command reads it; ``where`` says where it was given, for the message
    (:func:`psephos.io.shares.given_at`: "shares file 'areas.csv' row 2").

    Raises:
        InvalidSharesError: a name that is no area of the base, with the known names.
    """
    lookup, shown = _area_lookup(base.election)
    key = lookup.get(normalise_name(name))
    if key is None:
        raise InvalidSharesError(
            (f"{where}: " if where else "")
            + f"Unknown area {name!r}; areas: {', '.join(shown)}."
            + did_you_mean(name, list(shown))
        )
    return key


class AreaTargets(NamedTuple):
    """What :func:`area_targets` makes of a poll and area shares.

    Attributes:
        target: Area targets ``(n_areas + 1, parties)`` (frozen row included).
        unused: The given areas the targets do not use (the national area's name,
            :func:`~psephos.jurisdictions.national_area`, for the national shares).
        derived: Area -> the given areas within it whose shares, weighted by the base
            election's valid votes, are its own (Great Britain's from every nation or region).
    """

    target: FloatArray
    unused: tuple[str, ...]
    derived: Mapping[str, tuple[str, ...]]


def build_target(
    base: ProjectionBase,
    national: Mapping[str, float] | None = None,
    areas: Mapping[str, Mapping[str, float]] | None = None,
    *,
    derive: str = "additive",
    policy: SharePolicy = "fill",
) -> FloatArray:
    """Area targets ``(n_areas + 1, parties)`` (frozen row included) for one base and level.

    Each area of the base's level takes its own shares from ``areas`` if given; otherwise they
    are derived from the smallest larger unit given (its nation, else Great Britain from
    ``national``) by keeping that unit's change in points (``derive="additive"``) or its ratio
    (``"ratio"``), or, with neither, from the areas within it when they cover it
    (:func:`area_targets`). Northern Ireland is only projected when it was prepared with
    ``include_ni``. :func:`area_targets` also says which of ``areas`` the level left unused.

    Raises:
        InvalidSharesError: an area name that is not known, or an area with nothing to go on.
    """
    return area_targets(base, national, areas, derive=derive, policy=policy)[0]


def _label_levels(election: Election) -> Mapping[str, str]:
    """Each area label of ``election``'s seats with the first level (national, nation, region)
    that has it, worked out once per election (a projection reads it on every call)."""

    def build() -> Mapping[str, str]:
        levels: dict[str, str] = {}
        for level in ("national", "nation", "region"):
            for label in np.unique(seat_labels(election, level)).tolist():
                levels.setdefault(str(label), level)
        return MappingProxyType(levels)

    return election.seat_lookups.cached("projection.label_levels", build)


def area_targets(
    base: ProjectionBase,
    national: Mapping[str, float] | None = None,
    areas: Mapping[str, Mapping[str, float]] | None = None,
    *,
    derive: str = "additive",
    policy: SharePolicy = "fill",
) -> AreaTargets:
    """:func:`build_target`'s targets, the sub-polls they do not use and the areas whose
    shares were made from those of the areas within them (:class:`AreaTargets`).

    Unused are the areas of ``areas`` (as :func:`area_label` names them, in the order given)
    that are neither an area of the base's level nor the nation an area's shares are derived
    from, such as Scotland's shares on a national level or London's on a nation level. The
    national shares (the poll, or an area row for the whole country) are listed last, by the
    national area's name (:func:`~psephos.jurisdictions.national_area`), when every
    area has shares of its own, so nothing is derived from them.

    An area of the base's level with no shares of its own and no larger area given (Great
    Britain without a poll; England on a nation level without England's or Great Britain's
    shares) whose seats are all in areas with shares (every nation or region of Great Britain;
    every English region) takes their shares, each weighted by the base election's valid
    votes in its seats.

    Raises:
        InvalidSharesError: as :func:`build_target`, and the national shares given twice
            (:func:`check_one_national`).
    """
    from psephos.jurisdictions import national_area as national_area_of

    election = base.election
    national_area = national_area_of(election)
    given: dict[str, Mapping[str, float]] = {}
    named_as: dict[str, str] = {}  # each area given as the table names it (for its rows)
    for name, area_shares in (areas or {}).items():
        label = area_label(base, str(name), where=given_at(areas, name))
        if label == national_area:
            check_one_national(election, national, str(name))
        given[label] = area_shares
        named_as[label] = str(name)
    if national is not None:
        given[national_area] = national
        named_as.pop(national_area, None)  # the poll, read and checked as a poll
    target = np.ones_like(base.base_area)
    labels_by_level = {lvl: seat_labels(election, lvl) for lvl in ("national", "nation", "region")}
    level_of = _label_levels(election)
    for label, area_shares in given.items():
        if label in level_of:  # the first level with an area of that name
            labels = labels_by_level[level_of[label]]
            as_named = named_as.get(label)
            if as_named is not None:
                _check_area_parties(base, label, labels, area_shares, areas, as_named)
            if label != national_area:  # a national poll's parties apart: refused as read
                _refuse_not_standing(base, label, labels, area_shares, areas, as_named)
    own = labels_by_level[base.level]
    parents: dict[str, tuple[FloatArray, FloatArray]] = {}
    used: set[str] = set()
    made: dict[str, tuple[str, ...]] = {}  # areas whose shares are those within them
    for row, area in enumerate(base.areas):
        base_row = base.base_area[row]
        if area in given:
            target[row] = share_vector(
                given[area],
                election.parties,
                base_row,
                policy=policy,
                label=_shares_label(area),
            )
            used.add(area)
            continue
        seats = base.active & (own == area)
        parent = None
        # only a unit larger than the area: Great Britain's row has no nation above it (its
        # first seat's nation, England, is within it)
        for level in LEVELS[: LEVELS.index(base.level)][::-1]:
            label = str(labels_by_level[level][seats][0]) if seats.any() else ""
            if label in given and label != area:
                parent = (level, label)
                break
        if parent is None:
            within = _covering_areas(base, seats, given, labels_by_level)
            if within is None:
                if base.level == "national":
                    raise InvalidSharesError(_national_needed(election, area, given))
                raise InvalidSharesError(
                    f"No shares for {area}: give national shares (a poll), or shares for "
                    f"{area} or its nation."
                )
            target[row] = _weighted_shares(base, within, given, policy)
            used.update(within)
            made[area] = tuple(within)
            continue
        level, label = parent
        used.add(label)
        if label not in parents:
            parent_seats = base.active & (labels_by_level[level] == label)
            parents[label] = _given_shares(base, parent_seats, label, given[label], policy)
        parent_base, parent_target = parents[label]
        if derive == "ratio":
            ratio = np.divide(
                parent_target,
                parent_base,
                out=np.zeros_like(parent_base),
                where=parent_base > 1e-12,
            )
            derived = base_row * ratio
        else:
            derived = np.maximum(base_row + parent_target - parent_base, 0.0)
        # a party standing only in other nations keeps none here (the SNP in England)
        derived[_standing_elsewhere(base, area, seats)] = 0.0
        total = derived.sum()
        target[row] = derived / total if total > 0 else base_row
    unused = tuple(area for area in given if area not in used and area != national_area)
    national_unused = national_area in given and national_area not in used
    return AreaTargets(
        target, (*unused, national_area) if national_unused else unused, MappingProxyType(made)
    )


def _check_area_parties(
    base: ProjectionBase,
    area: str,
    labels: npt.NDArray[np.str_],
    shares: Mapping[str, float],
    table: Mapping[str, Mapping[str, float]] | None,
    name: str,
) -> None:
    """Refuse a party name of an area's shares that does not read (:func:`share_party`), on
    every model, those that leave the area unused too, naming where it was given (the file
    and row: :func:`psephos.io.shares.given_at`, ``table``'s ``name``) and, for a name no
    party answers to, the parties that area's shares may give a share to
    (:func:`area_parties`: no Northern Ireland party nor the Speaker for Scotland's).

    Raises:
        InvalidSharesError, UnknownPartyError: one line, after where it was given.
    """
    parties = base.election.parties
    for party in shares:
        try:
            share_party(str(party), parties)
        except PsephosError as error:
            if isinstance(error, UnknownNameError):
                error = unknown_party(str(party), area_parties(base, area, labels == area))
            where = given_at(table, name, party)
            raise type(error)(f"{where}: {error}" if where else str(error)) from None


def area_parties(base: ProjectionBase, area: str, seats: npt.NDArray[np.bool_]) -> tuple[str, ...]:
    """The parties ``area``'s shares may give a share to, in the election's order: those
    standing in one of its ``seats`` this time (``base.stood``) and not only in other nations
    (:func:`_standing_elsewhere`), bar those a poll of it takes no share of
    (:func:`poll_parties`: the Speaker, whose seat keeps its base result)."""
    parties = base.election.parties
    stands = np.asarray(base.stood)[seats].any(axis=0) & ~_standing_elsewhere(base, area, seats)
    takes = set(poll_parties(parties, _shares_label(area)))
    return tuple(
        code for code, standing in zip(parties, stands, strict=True) if standing and code in takes
    )


def _refuse_not_standing(
    base: ProjectionBase,
    area: str,
    labels: npt.NDArray[np.str_],
    shares: Mapping[str, float],
    table: Mapping[str, Mapping[str, float]] | None = None,
    name: str | None = None,
) -> None:
    """Refuse an area's shares that give a share to a party standing in none of its seats,
    which the area's seats would drop, scaling up the others: one standing only in other
    nations (the SNP in the North East's: :attr:`psephos.model.Party.nations`), or in no seat
    of the area this time (``base.stood``: the Bloc Québécois in Ontario's, which the party
    table lists for all of Canada).

    Args:
        labels: Each seat's area at ``area``'s level (its seats are those labelled ``area``).
        table, name: The area shares as read and the area as they name it, for where the
            share was given (:func:`psephos.io.shares.given_at`: the file and row).

    Raises:
        InvalidSharesError: naming where it was given, the party, where it stands and the
            area.
    """
    election = base.election
    seats = labels == area
    elsewhere = _standing_elsewhere(base, area, seats)
    absent = ~np.asarray(base.stood)[seats].any(axis=0)
    for party, value in shares.items():
        if float(value) <= 0:
            continue
        try:
            code = party_in(str(party), election.parties)
        except UnknownPartyError:
            continue  # refused where the shares are read, naming the parties
        index = election.parties.index(code)
        if not (elsewhere[index] or absent[index]):
            continue
        given = given_at(table, name, party) if name is not None else ""
        at = f"{given}: " if given else ""
        if elsewhere[index]:
            where = get_party(code).nations
        else:
            where = tuple(sorted({str(label) for label in labels[base.stood[:, index]]}))
        if not where or len(where) > 3:
            raise InvalidSharesError(
                f"{at}{code} stands in no seat of {area}, so {_shares_label(area)} have no "
                f"share for it: leave it out of {area}'s shares."
            )
        raise InvalidSharesError(
            f"{at}{code} stands only in {listed(where)}, so {_shares_label(area)} have no "
            f"share for it: leave it out of {area}'s shares."
        )


def _standing_elsewhere(
    base: ProjectionBase, area: str, seats: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Per party of the base election, whether it stands only in nations other than those of
    ``area``'s ``seats`` (:attr:`psephos.model.Party.nations`, where they are the election's
    own: the SNP for English seats, Labour for Northern Ireland's; never for a party of no
    nation); worked out once per base and area (``base.cache``), as projections repeat it."""
    key = f"inputs:standing-elsewhere:{area}"
    cached = base.cache.get(key)
    if cached is not None:
        return cached
    election = base.election
    nations = set(np.asarray(election.nations)[seats].tolist())
    country = set(np.asarray(election.nations).tolist())
    out = np.zeros(len(election.parties), dtype=bool)
    for position, code in enumerate(election.parties):
        party = find_party(code)
        own = set(party.nations) if party is not None else set()
        out[position] = bool(own) and own <= country and not own & nations
    out.setflags(write=False)
    base.cache[key] = out
    return out


def _covering_areas(
    base: ProjectionBase,
    seats: npt.NDArray[np.bool_],
    given: Mapping[str, object],
    labels_by_level: Mapping[str, npt.NDArray[np.str_]],
) -> dict[str, npt.NDArray[np.bool_]] | None:
    """The given areas finer than the base's level that together cover ``seats`` (an area
    row with no shares of its own), each with its seats: per seat the largest such area given
    (a nation's shares, else its region's), so no seat is counted twice, in the order given.
    ``None`` when some seat is in no given area, or there are no seats."""
    from psephos.jurisdictions import national_area as national_area_of

    national_area = national_area_of(base.election)
    finer = LEVELS[LEVELS.index(base.level) + 1 :]
    chosen = np.full(seats.shape, "", dtype=object)
    for level in reversed(finer):  # the finest first; a larger area given replaces it
        labels = labels_by_level[level]
        hit = seats & np.isin(labels, [name for name in given if name != national_area])
        chosen[hit] = labels[hit]
    if not seats.any() or (chosen[seats] == "").any():
        return None
    found = set(chosen[seats])
    return {name: base.active & (chosen == name) for name in given if name in found}


def _weighted_shares(
    base: ProjectionBase,
    within: Mapping[str, npt.NDArray[np.bool_]],
    given: Mapping[str, Mapping[str, float]],
    policy: SharePolicy,
) -> FloatArray:
    """An area's shares from those of the areas ``within`` it (:func:`_covering_areas`): each
    area's shares (read as any area's are, :func:`share_vector`) weighted by the base
    election's valid votes in its seats."""
    total = np.zeros(len(base.election.parties))
    for name, seats in within.items():
        _, shares = _given_shares(base, seats, name, given[name], policy)
        total += base.weights[seats].sum() * shares
    return total / total.sum()


def _given_shares(
    base: ProjectionBase,
    seats: npt.NDArray[np.bool_],
    area: str,
    given: Mapping[str, float],
    policy: SharePolicy,
) -> tuple[FloatArray, FloatArray]:
    """An area's base shares (the vote-weighted mean over its ``seats``) and the shares
    ``given`` for it, read against them as any area's are (:func:`share_vector`)."""
    election = base.election
    area_base = area_means(
        base.shares[seats], base.weights[seats], np.zeros(int(seats.sum()), dtype=np.int64), 1
    )[0]
    target = share_vector(
        given, election.parties, area_base, policy=policy, label=_shares_label(area)
    )
    return area_base, target


def _national_needed(election: Election, area: str, given: Mapping[str, object]) -> str:
    """Why a national-level model cannot project without the national shares: it swings the
    whole country from them, and area shares alone (a Scottish sub-poll) do not make them."""
    label = _shares_label(area)
    regional = "use a regional model (e.g. regional-uniform) with shares for every nation or region"
    if not given:
        return f"A national swing model needs {label}: give a poll, or {regional}."
    return (
        f"A national swing model needs {label}, which the area shares ({', '.join(given)}) "
        f"do not give: add a poll (--poll) for the areas they leave out, or {regional}."
    )


def check_one_national(election: Election, national: object, row: str) -> None:
    """Refuse the national shares given twice, as a poll (``--poll``) and as an area row
    for the whole country (``row``, "Great Britain", "Canada", in ``--by-region``): one
    would be dropped without a word, and two inputs for one thing are refused.

    Raises:
        InvalidSharesError: when ``national`` (the poll) is given beside the row.
    """
    if national is None:
        return
    raise InvalidSharesError(
        f"The {poll_label(election)} are given twice, by the poll (--poll) and by the area "
        f"shares' {row!r} row (--by-region); give them once: leave out the row to use the "
        "poll, or the poll to use the row."
    )
