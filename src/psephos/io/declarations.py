"""Results-night declaration feeds: seats' counts as they are declared (the nowcast's input).

Two formats, told apart by the first line with text (blank lines before it are skipped):

* JSON lines, one declared seat per line::

      {"seat": "E14000530", "votes": {"Con": 20123, "Lab": 18001}}

  (``code`` is accepted for ``seat``), or candidate by candidate, so that two Independents stay
  two candidates::

      {"seat": "E14000530", "candidates": [{"name": "A. Smith", "party": "Ind", "votes": 9}]}

  A candidate's ``"code"`` gives the party code of a label psephos does not know (``Other``
  for a minor party), as a CSV's ``code`` column does and the web declaration API reads it.
  An ``"electorate"`` key gives the electorate as declared (more valid votes than electors is
  refused; without it, the base election's electorate is used). Counts are read as the CSV's
  are (:func:`declared_count`): whole numbers, a string with thousands separators allowed
  (``"20,123"``); ``true``, ``NaN`` or ``10.7`` is refused, naming the line and the party.
  Two names of one party in ``"votes"`` (``"Lab"`` and ``"Labour"``) are refused, not added
  up (:func:`party_given_twice`).

* CSV in the long format, one seat's rows together (with an optional ``candidate`` column, each
  row is then one candidate)::

      seat_code,party,votes
      E14000530,Con,20123
      E14000530,Lab,18001

  ``seat`` (or a seat's name) is read as ``seat_code``, and a sheet's own headings as the
  results reader reads them (:data:`psephos.io.user_csv.COLUMN_ALIASES`: the House of Commons
  Library's "ONS ID", "Party name", each candidate's first name and surname as the
  ``candidate``); an optional ``code`` column gives the party code of a
  label psephos does not know (``Other`` for a minor party), and each candidate keeps the label
  as written; counts are whole numbers, thousands separators allowed (``"21,000"``). A seat is
  declared when its rows end, so a feed on standard input is read as it arrives. A
  seat whose rows come again later, after other seats', is a correction and repeats its
  parties; rows that only add other parties (a file sorted by party) are refused, naming the
  seat and its rows, and so are rows that leave out a party of its earlier rows, whatever
  they add (one changed count given alone would replace the whole seat; a party taken out is
  given 0: :func:`left_out_parties`). Without a
  ``candidate`` column a party given twice in one seat (two Independents) is refused, as a
  results file does: added up, the two could win a seat that neither won. With one, a row
  given twice (the same candidate, party and votes) is refused as a repeated row, and a party
  with two candidates other than Independents or Others as the web refuses it
  (:func:`one_candidate_each`). An optional ``electorate`` column gives the electorate as
  declared, as the JSON key does (on any of the seat's rows; two different values for one
  seat are refused).

A tie for first place is decided by lot, and the declaration says who won it: a
``"won_by_lot"`` key or a ``won_by_lot`` column (on any of the seat's rows) names the tied
candidate by name, party label or code; a tie without it is refused, as the web declaration
API refuses it (:func:`lot_winner`).

A seat is its ONS code or its name (:func:`with_seat_code` reads it against the base election,
as :meth:`psephos.model.Election.seat_index` reads a seat everywhere: case, ``&`` and
punctuation ignored, or a part of a name that only one seat has, with a note).

Declarations count in the order of the feed: a results night's feed is read as it arrives, so
the later of two declarations of a seat is the one that counts. A time column or key
(``declared_at``, ``time``... :data:`TIME_COLUMNS`) is not read, and the first declaration
carries a note saying so (:func:`time_note`); sort such a file by time before feeding it.

Parties are read as every reader reads them, among the night's base election's parties
where the reader is given them (:func:`psephos.model.party_in`: "Conservative" is the CPC on a
Canadian night, Con on a UK one), else from the whole vocabulary
(:func:`psephos.model.get_party`: codes, names and aliases such as ``Labour``), and given as
their codes; a party outside the vocabulary is an error, or counted as ``Other`` with
``unknown_parties="other"``, the declaration where a label is first so counted carrying a note
naming it (so that a seat won by a party psephos does not know is seen as such).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Annotated, Literal, TextIO, cast

from pydantic import (
    AliasChoices,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from psephos.errors import DataFormatError, ForeignPartyError, UnknownPartyError
from psephos.io.rows import (
    UNKNOWN_PARTIES_HINT,
    Row,
    RowT,
    counted_as_other_note,
    csv_records,
    read_seat,
    repeated_party,
    seat_votes,
    shown_value,
    validate_row,
    whole_count,
    without_separators,
)
from psephos.io.user_csv import COLUMN_ALIASES, COUNT_COLUMNS, same_row, with_candidate_names
from psephos.model import (
    CANDIDATE_GROUPS,
    PARTIES,
    VOCABULARY_CODES,
    Candidate,
    Election,
    get_party,
    party_in,
)
from psephos.model.party import (
    country_code,
    find_party,
    separate_parties,
    uncoded_party,
    unknown_party,
)
from psephos.numbers import counted, format_number, listed

COLUMNS = ("seat_code", "party", "votes")
#: Columns (or JSON keys) that say when a seat declared. The reader does not order by them: a
#: feed is read as it arrives, so its order is the order of the night (:func:`time_note`).
TIME_COLUMNS = ("declared_at", "declaration_time", "declared", "time", "timestamp")
#: The header a declaration CSV needs, in words (``seat`` is read as ``seat_code``).
EXPECTED = "columns seat_code (or seat), party, votes"
WHAT = "declaration CSV"
#: The one refusal of a declaration without a vote (no candidates, no parties, or all at 0):
#: :meth:`psephos.forecast.Nowcast.declare` (``psephos nowcast feed``) and the web
#: declaration API and form say it alike.
NO_VOTES = "a declaration needs at least one vote."
#: Where a seat declared again finds its earlier declaration, in :func:`correction_refusal`'s
#: words: ``psephos nowcast feed``'s store and the web's say it alike.
STORED_DECLARATION = "its stored declaration"


def label_code(label: str) -> str:
    """The party code of a declaration's party label before its night is known, as some
    country reads it (:func:`psephos.model.party.country_code`: "Labour Party" is Lab,
    "Liberal Party of Canada" the LPC), read again among the night's parties once it is
    (:func:`psephos.model.party_in`). The one reading of a label of ``psephos nowcast feed``
    without a base and of the web declaration API and form.

    Raises:
        UnknownPartyError: a label no country reads, in the vocabulary's words ("Unknown
            party 'Flibble'; known parties: ...").
    """
    return country_code(label) or get_party(label).code


def lot_winner(candidates: Sequence[Candidate], won_by_lot: str | None) -> Candidate | None:
    """The tied candidate a tie for first place is counted for: the one ``won_by_lot`` names
    (by name, party label or party code, or a name of the party as read anywhere: "Labour"),
    the drawing of lots having elected them; ``None`` where there is no tie (and no
    ``won_by_lot``). A tie is decided by lot, so a declaration of one says who won it. The
    one rule of a tie: ``psephos nowcast feed`` (a JSON line's ``"won_by_lot"``, a CSV's
    ``won_by_lot`` column) and the web declaration API and form. Each candidate's ``party``
    is its code, its ``party_name`` its label.

    Raises:
        ValueError: ``"won_by_lot: ..."``: a tie without ``won_by_lot``, ``won_by_lot`` without
            a tie, or naming none or more than one of the tied.
    """
    ranked = sorted(candidates, key=lambda c: (-c.votes, c.party, c.name, c.party_name))
    top = ranked[0].votes if ranked else 0
    tied = [candidate for candidate in ranked if candidate.votes == top] if top else []
    labels = listed([candidate.name or candidate.party_name for candidate in tied])
    if len(tied) < 2:
        if won_by_lot is not None:
            raise ValueError(
                f"won_by_lot: is only for a tie for first place, and "
                f"{labels or 'no candidate'} has the most votes"
            )
        return None
    if won_by_lot is None:
        raise ValueError(
            f"won_by_lot: {labels} are tied for first place on {counted(round(top), 'vote')}; "
            "a tie is decided by lot, so say which of them won it"
        )
    wanted = won_by_lot.strip().casefold()
    code = (country_code(won_by_lot) or "").casefold()  # a party as read anywhere: Lab
    chosen = [
        candidate
        for candidate in tied
        if wanted in (candidate.name.casefold(), candidate.party_name.casefold())
        or candidate.party.casefold() in (wanted, code)
    ]
    if len(set(chosen)) != 1:  # alike (two nameless Independents): the first
        which = "is none" if not chosen else "names more than one"
        raise ValueError(
            f"won_by_lot: {won_by_lot!r} {which} of the tied candidates ({labels}); "
            "give one's name or party as typed"
        )
    return chosen[0]


def party_given_twice(code: str, first: str, second: str) -> str:
    """The one refusal of a declaration's votes per party that give one party twice, under two
    of its names (``first`` and ``second``: "Lab" and "Labour"): added up, one count could be
    counted twice. ``psephos nowcast feed`` and the web declaration API say it alike."""
    spelt = f" ({first!r} and {second!r})" if first.casefold() != second.casefold() else ""
    return f"party {code!r} is given twice{spelt}"


def party_codes(
    labels: Iterable[str], read: Callable[[str], str], election_id: str | None = None
) -> dict[str, str]:
    """Each party label of one seat's votes per party (``{"Labour": 12000, "UKIP": 300}``'s
    keys) with its party code: ``Other`` for a party of its own there (:func:`counted_apart`:
    UKIP beside Reform UK, or anywhere on a night whose base ``election_id`` is 2017 or later),
    else the code ``read`` gives it. The one reading of a declaration's ``votes``, which
    ``psephos nowcast feed`` (:class:`Declaration`, ``read`` its party reader) and the web
    declaration API (``read`` as the night is not yet known) share.

    Raises:
        ValueError: two labels of one party (:func:`party_given_twice`: "Lab" and "Labour",
            which added up could count one count twice); ``read``'s error for a label.
    """
    labels = list(labels)
    apart, _ = counted_apart(labels, "", election_id)
    codes: dict[str, str] = {}
    first_of: dict[str, str] = {}
    for label in labels:
        code = "Other" if label.strip() in apart else read(label)
        first = first_of.setdefault(code, label)
        if first != label:  # two spellings of one party: added up, a count given twice
            raise ValueError(party_given_twice(code, first, label))
        codes[label] = code
    return codes


def left_out_parties(
    before: Mapping[str, float] | Sequence[Candidate],
    after: Mapping[str, float] | Sequence[Candidate],
) -> list[str]:
    """The parties a seat declared again (``after``) leaves out of its earlier declaration
    (``before``): a declaration given again replaces the seat's whole result, so it names
    every party the earlier one gave a vote, corrected, whatever else it adds (one
    candidate's recount given as its one changed row would otherwise replace the whole seat,
    and the seat could go to that candidate; a party typed by mistake is taken out by giving
    it 0, as is one swapped for another). A party the earlier declaration gives no vote is
    not missed. ``[]`` where ``after`` names them all. The one rule of a correction:
    ``psephos nowcast feed`` (within a file and against its store), the web declaration API
    and form, and the web replay."""
    return sorted(_parties(before, voted=True) - _parties(after))


def correction_refusal(seat: str, left_out: Sequence[str], earlier: str) -> DataFormatError:
    """The one refusal of a seat declared again with only some of its parties
    (:func:`left_out_parties`), naming the seat, the parties left out and where the
    ``earlier`` declaration was: ``psephos nowcast feed`` (within a file and against its
    store) and the web replay say it alike."""
    return DataFormatError(
        f"{seat} is declared again without {listed(list(left_out))}, given in {earlier}: "
        "a declaration given again replaces the seat's whole result, so give every "
        "candidate's votes, corrected (0 for a party that did not stand)."
    )


def declared_again_note(seat: str, where: str) -> str:
    """The one note on a seat declared again with a changed result, recorded as a correction
    (``seat`` as messages name it, :attr:`psephos.model.Constituency.named`; ``where``: the
    declaration's rows, or its place in a batch): ``psephos nowcast feed`` and the web
    declaration batch say it alike."""
    return (
        f"{seat} was declared again ({where}): this result replaces the earlier one (a correction)."
    )


def _parties(counts: Mapping[str, float] | Sequence[Candidate], *, voted: bool = False) -> set[str]:
    """The parties of a declaration (with a vote only, where ``voted``)."""
    if voted:
        return set(voted_parties(counts))
    if isinstance(counts, Mapping):
        return set(counts)
    return {candidate.party for candidate in counts}


def voted_parties(counts: Mapping[str, float] | Sequence[Candidate]) -> list[str]:
    """The parties a declaration gives a vote, each once, in the order given."""
    if isinstance(counts, Mapping):
        return [party for party, votes in counts.items() if votes]
    return list(dict.fromkeys(candidate.party for candidate in counts if candidate.votes))


def one_candidate_each(candidates: Iterable[Candidate]) -> str | None:
    """The one refusal of a seat's candidates where a party stands two, or ``None``: a slip of
    typing (a candidate given twice, said as a repeat), or a ward electing several members,
    which is not one first-past-the-post contest (the results reader refuses it too).
    Independents and Others are groups (:data:`~psephos.model.CANDIDATE_GROUPS`), so two of
    them are two candidates, unless one named candidate is given twice with the same votes.
    ``psephos nowcast feed``, the web replay (:func:`read_feed`) and the web declaration API
    refuse alike. Each candidate's ``party`` is its code, its ``party_name`` its label."""
    seen: dict[object, tuple[int, Candidate]] = {}
    for number, candidate in enumerate(candidates):
        group = candidate.party in CANDIDATE_GROUPS
        # a group's candidates are told apart by all they are given, if they have a name
        key = (candidate if candidate.name else number) if group else candidate.party
        first_number, first = seen.setdefault(key, (number, candidate))
        if first_number == number:
            continue
        if first == candidate:
            who = (
                f"{candidate.name} ({candidate.party_name})" if candidate.name else first.party_name
            )
            return (
                f"{who} is given twice, with {format_number(candidate.votes, ',')} votes both "
                "times: a repeat, not two candidates; give each candidate once"
            )
        given = (
            f"{first.party_name} is given twice"
            if first.party_name == candidate.party_name
            else f"{first.party_name} and {candidate.party_name} are both {candidate.party}"
        )
        return (
            f"{given} ({format_number(first.votes, ',')} and "
            f"{format_number(candidate.votes, ',')} votes): a party stands one candidate "
            "in a seat (a seat where a party stands several elects several members, which "
            "psephos does not count); give each candidate's own party"
        )
    return None


#: The words refusing another country's party (code, the base's parties) -> message or
#: ``None``: :func:`psephos.jurisdictions.foreign_party`, given by the caller (the
#: jurisdictions, which know the countries, import the io readers).
ForeignWords = Callable[[str, Sequence[str]], str | None]


def read_label(
    label: str,
    parties: Sequence[str] | None,
    *,
    unknown_parties: Literal["error", "other"] = "error",
    as_other: dict[str, None] | None = None,
    foreign: ForeignWords | None = None,
) -> str:
    """A declaration's party label as its code, read among the night's base election's
    ``parties`` once the night is known (:func:`psephos.model.party_in`, without reading
    another country's party as one of them: "Conservative" is the CPC on a Canadian night,
    "Con" is refused there), else as some country reads it (:func:`label_code`: "Liberal" is
    Canada's Liberals, not a party of the UK's vocabulary); or ``Other`` for a party outside
    the vocabulary with ``unknown_parties="other"`` (its label then added to ``as_other``,
    where given, for :func:`_other_note`). The one reading of a label of ``psephos nowcast
    feed`` (its row schemas) and of the web declaration API and form, which read it once
    the night is known.

    Raises:
        ForeignPartyError: a party psephos knows that is not one of ``parties`` (another
            country's), in ``foreign``'s words where given
            (:func:`psephos.jurisdictions.foreign_party`, naming both countries), else
            :func:`~psephos.model.party_in`'s; counting unknown parties as Other does not take
            a known party.
        UnknownPartyError: an unknown party otherwise, naming the parties known there (the
            night's, or the vocabulary's before the night is known).
    """
    try:
        if parties is None:  # read again once the night's base is known
            return label_code(label)
        return party_in(label, parties, across=False)
    except UnknownPartyError as error:
        known = find_party(label)
        if known is None:
            if unknown_parties == "other":
                if as_other is not None:  # the labels counted as Other, for the reader's note
                    as_other.setdefault(label.strip(), None)
                return "Other"
            if uncoded_party(label) is not None:  # counted votes: never "leave it out"
                codes = parties if parties is not None else [party.code for party in PARTIES]
                raise unknown_party(label, codes, poll=False) from None
            raise
        words = foreign(known.code, parties) if foreign and parties is not None else None
        raise ForeignPartyError(words or str(error)) from None


def _party(value: str, info: ValidationInfo) -> str:
    """A row's party as its code, read by :func:`read_label` with the context's ``parties``
    (the night's base election's, where the reader is given them), ``unknown_parties``,
    ``as_other`` and ``foreign``.

    Raises:
        ForeignPartyError, UnknownPartyError: :func:`read_label`'s, naming the field (not a
            ``ValueError``, so that the reader can add the row and how to count it as Other).
    """
    context = info.context or {}
    try:
        return read_label(
            value,
            context.get("parties"),
            unknown_parties=context.get("unknown_parties", "error"),
            as_other=context.get("as_other"),
            foreign=context.get("foreign"),
        )
    except ForeignPartyError as error:
        raise ForeignPartyError(f"{info.field_name}: {error}") from None
    except UnknownPartyError as error:
        raise UnknownPartyError(f"{info.field_name}: {error}") from None


def _coded_party(value: str, info: ValidationInfo) -> str:
    """A row's party: the code given beside it (a ``code`` column or key), else its label
    read (:func:`_party`). A code given that is not one is refused by itself
    (:func:`vocabulary_code`), so the label is not read then: the refusal names the bad code,
    as the web declaration API's does, not the label it was given for."""
    if "code" not in info.data:  # the code given was refused: that is the row's one problem
        return value
    code = info.data["code"]
    return code if code else _party(value, info)


def declared_count(value: object) -> int:
    """A declared count as every declaration reads one, a CSV cell or a JSON value alike: a
    whole number of at least zero, thousands separators allowed (``"21,000"``,
    :func:`psephos.io.rows.whole_count`), and no more than a seat could have
    (:func:`psephos.io.rows.seat_votes`). A JSON ``true``, ``NaN`` or ``10.7`` is refused as
    the CSV's ``True``, ``nan`` or ``10.7`` is.

    Raises:
        ValueError: "missing", "not a whole number", "negative" or "more than 100,000,000",
            with the value (``"not a whole number (12.5)"``, as a row schema shows it, and the
            web declaration API too).
    """
    try:
        number = whole_count(value)
        if number is None:  # whole_count gives None only with ``blank``
            raise ValueError("missing")
        return int(seat_votes(number))
    except ValueError as error:  # naming the value, as a reader's message does
        raise ValueError(f"{error}{shown_value(value)}") from None


#: A count in a JSON line's ``"votes"``, read by :func:`declared_count` as a CSV cell is.
DeclaredCount = Annotated[int, BeforeValidator(declared_count)]


def vocabulary_code(value: str) -> str:
    """A party code given beside the party's label (a CSV ``code`` column, a JSON candidate's
    ``"code"``, the web declaration API's candidate ``code``), or ``""`` where none is: one of
    the vocabulary's codes (the night's base's own parties decide later, as for every party).
    The one check of a code given, so ``psephos nowcast feed`` and the web refuse a bad one in
    the same words.

    Raises:
        ValueError: not a code of the vocabulary, naming them.
    """
    if value and value not in VOCABULARY_CODES:
        raise ValueError(f"{value!r} is not one of {', '.join(VOCABULARY_CODES)}")
    return value


class DeclarationRow(Row):
    """One party's (or candidate's) count in one seat (CSV). ``party`` is the party as the file
    gives it (a code, a name or the label on the ballot paper), read as its code unless the
    optional ``code`` column gives the code (a label psephos does not know: ``Other``)."""

    seat_code: str = Field(
        min_length=1, validation_alias=AliasChoices("seat_code", "seat", "seat_name")
    )
    code: str = ""
    party: str = Field(min_length=1)
    votes: int
    electorate: int | None = Field(default=None, gt=0)
    #: The tied candidate the drawing of lots elected (:func:`lot_winner`), on any of the
    #: seat's rows; blank for a seat without a tie.
    won_by_lot: str = ""

    @field_validator("code")
    @classmethod
    def _vocabulary_code(cls, value: str) -> str:
        return vocabulary_code(value)

    @field_validator("party")
    @classmethod
    def _known_party(cls, value: str, info: ValidationInfo) -> str:
        return _coded_party(value, info)

    @field_validator("votes", mode="before")
    @classmethod
    def _votes(cls, value: object) -> object:
        return declared_count(value)

    @field_validator("electorate", mode="before")
    @classmethod
    def _electorate(cls, value: object) -> object:
        return whole_count(value, blank=True)  # blank: the base election's


class CandidateCount(Row):
    """One candidate's count in a declared seat (JSON). ``party`` is the party as given, read
    as its code unless ``code`` gives the code (a label psephos does not know: ``Other``), as
    a CSV's ``code`` column does and as the web declaration API reads a candidate."""

    name: str = ""
    code: str = ""
    party: str = Field(min_length=1)
    party_name: str = ""
    votes: DeclaredCount

    @model_validator(mode="before")
    @classmethod
    def _label(cls, data: object) -> object:
        """The party as given kept as its label where no ``party_name`` is (``party`` is read
        as its code), as a CSV keeps each candidate's label: "UK Independence Party" stays
        told apart from Reform UK (:func:`_separate_parties`)."""
        given = data.get("party") if isinstance(data, dict) else None
        if isinstance(data, dict) and not data.get("party_name") and isinstance(given, str):
            return {**data, "party_name": data["party"]}
        return data

    @field_validator("code")
    @classmethod
    def _vocabulary_code(cls, value: str) -> str:
        return vocabulary_code(value)

    @field_validator("party")
    @classmethod
    def _known_party(cls, value: str, info: ValidationInfo) -> str:
        return _coded_party(value, info)


class Declaration(Row):
    """One declared seat (a JSON line): party totals or a list of candidates."""

    seat: str = Field(min_length=1, validation_alias=AliasChoices("seat", "code"))
    votes: dict[str, DeclaredCount] | None = None
    candidates: list[CandidateCount] | None = None
    electorate: int | None = Field(default=None, ge=0)
    #: The tied candidate the drawing of lots elected (:func:`lot_winner`).
    won_by_lot: str | None = None

    @field_validator("votes")
    @classmethod
    def _by_code(
        cls, value: dict[str, int] | None, info: ValidationInfo
    ) -> dict[str, float] | None:
        """Each party's count (each read by :func:`declared_count`) under its code."""
        if value is None:
            return None
        night: str | None = (info.context or {}).get("election_id")
        codes = party_codes(value, lambda party: _party(party, info), night)
        return {codes[party]: float(count) for party, count in value.items()}

    @field_validator("electorate", mode="before")
    @classmethod
    def _electorate(cls, value: object) -> object:
        return whole_count(value, blank=True)  # as a CSV's electorate column is read

    def counts(self) -> dict[str, float] | tuple[Candidate, ...]:
        """Party totals, or the candidates (party name defaulting to the party)."""
        if self.candidates is not None:
            return tuple(
                Candidate(c.name, c.party, c.party_name or c.party, c.votes)
                for c in self.candidates
            )
        if self.votes is None:
            raise DataFormatError("a declaration needs 'votes' or 'candidates'.")
        return dict(self.votes)


#: What one declared seat carries: party totals, or its candidates.
Counts = dict[str, float] | Sequence[Candidate]


@dataclass(frozen=True, slots=True)
class FedDeclaration:
    """One declared seat of a feed: its counts, and its electorate where the feed gives it
    (JSON ``"electorate"``, or a CSV ``electorate`` column; ``None`` otherwise, and the nowcast
    uses the base election's). ``where`` says where in the feed it was (``declaration CSV rows
    2-6``, ``declaration line 3``), for messages; ``note`` what was assumed in reading it
    (a seat read from a part of its name), or ``""``; ``won_by_lot`` the tied candidate a tie
    for first place is counted for, as the feed names them (:func:`lot_winner`), else
    ``None``."""

    seat: str
    counts: Counts
    electorate: int | None = None
    where: str = ""
    note: str = ""
    won_by_lot: str | None = None


def read_declarations(
    handle: TextIO,
    *,
    unknown_parties: Literal["error", "other"] = "error",
    parties: Sequence[str] | None = None,
    foreign: ForeignWords | None = None,
    election_id: str | None = None,
) -> Iterator[tuple[str, Counts]]:
    """``(seat, {party: votes})`` or ``(seat, candidates)`` for each declared seat, in the order
    of the feed (:func:`read_feed` without the electorates).

    Raises:
        DataFormatError, UnknownPartyError: as :func:`read_feed`.
    """
    for declaration in read_feed(
        handle,
        unknown_parties=unknown_parties,
        parties=parties,
        foreign=foreign,
        election_id=election_id,
    ):
        yield declaration.seat, declaration.counts


def read_feed(
    handle: Iterable[str],
    *,
    unknown_parties: Literal["error", "other"] = "error",
    unknown_hint: str = UNKNOWN_PARTIES_HINT,
    parties: Sequence[str] | None = None,
    foreign: ForeignWords | None = None,
    election_id: str | None = None,
) -> Iterator[FedDeclaration]:
    """Each declared seat of a feed, in its order. With ``parties`` (the night's base
    election's), each party label is read among them (:func:`_party`: "Conservative" or
    "Green" on a Canadian night is the CPC or the GPC); without, from the whole vocabulary.
    A party outside the vocabulary is an error
    (its message ends with ``unknown_hint``, how the reader's user counts it as Other), or with
    ``unknown_parties="other"`` counted as ``Other``; a party psephos knows that is not one
    of ``parties`` (another country's) is refused without that hint, in ``foreign``'s words
    where given (:func:`psephos.jurisdictions.foreign_party`). ``handle`` gives the feed's lines: a
    text stream, the lines of a file read by :func:`psephos.io.rows.read_text`, or standard
    input as it arrives (:func:`psephos.io.rows.read_lines`). ``election_id`` is the night's
    base: on a night after 2017 a UKIP candidate is a party of its own, counted as Other with
    a note (:func:`_separate_parties`). A tie for first place is counted for the candidate its
    ``won_by_lot`` names, and refused without one (:func:`lot_winner`).

    Raises:
        DataFormatError: naming the bad line or row.
        UnknownPartyError: naming the line or row, and how to count the party as Other.
    """
    lines = iter(handle)
    first = next(lines, "").removeprefix("\ufeff")  # a byte-order mark is not text
    blank: list[str] = []
    while first and not first.strip():  # the format is told by the first line with text
        blank.append(first)
        first = next(lines, "")
    if not first:
        return
    lines = chain(blank, [first], lines)  # kept, so that lines and rows keep their numbers
    if first.lstrip().startswith("["):
        raise DataFormatError(
            "declaration line 1: JSON lines expected: one object per line, not an array; "
            'write each seat as {"seat": ..., "votes": {...}} on a line of its own.'
        )
    context: dict[str, object] = {
        "unknown_parties": unknown_parties,
        "hint": unknown_hint,
        "parties": None if parties is None else tuple(parties),
        "foreign": foreign,
        "election_id": election_id,
        "as_other": {},  # the labels counted as Other so far, each once (_party)
    }
    read = _json_lines if first.lstrip().startswith("{") else _csv_rows
    for declaration in read(lines, context):
        yield _by_lot(declaration)


def _by_lot(declaration: FedDeclaration) -> FedDeclaration:
    """The declaration with a tie for first place counted for the tied candidate its
    ``won_by_lot`` names (:func:`lot_winner`, the web declaration API's rule): party totals
    then become candidates, that one first, so that the nowcast counts them. ``psephos nowcast
    feed`` and the web replay read files through here alike.

    Raises:
        DataFormatError: a tie without ``won_by_lot`` (or ``won_by_lot`` without a tie, or
            naming none or more than one of the tied), naming the declaration's rows.
    """
    counts = declaration.counts
    candidates = (
        tuple(Candidate("", party, party, round(votes)) for party, votes in counts.items())
        if isinstance(counts, dict)
        else tuple(counts)
    )
    try:
        winner = lot_winner(candidates, declaration.won_by_lot)
    except ValueError as error:
        raise DataFormatError(f"{declaration.where}: {error}.") from None
    if winner is None:
        return declaration
    others = list(candidates)
    others.remove(winner)
    return replace(declaration, counts=(winner, *others))


def time_note(columns: Iterable[str], where: str) -> str:
    """The note for a feed that gives when each seat declared (a column or key of
    :data:`TIME_COLUMNS`, found among ``columns``; ``where`` names the rows): the time is not
    read, the feed's order is, so a seat given again later replaces the earlier declaration
    whatever the times say. ``""`` without such a column."""
    column = next((name for name in TIME_COLUMNS if name in columns), None)
    if column is None:
        return ""
    return (
        f"{where} gives a time ({column!r}) that psephos does not read: declarations count in "
        "the order of the feed, and a seat given again later replaces its earlier declaration "
        "whatever the times say; sort the file by time to replay a night in time order."
    )


def _validate(
    schema: type[RowT],
    record: object,
    context: dict[str, object],
    *,
    what: str,
    row: int,
    unit: str = "row",
) -> RowT:
    """:func:`psephos.io.rows.validate_row` with an unknown party's message naming the row and
    how to count it as Other."""
    try:
        return validate_row(schema, record, what=what, row=row, unit=unit, context=context)
    except ForeignPartyError as error:  # another country's party: Other does not apply
        raise ForeignPartyError(f"{what} {unit} {row}: {error}") from None
    except UnknownPartyError as error:
        raise UnknownPartyError(f"{what} {unit} {row}: {error} {context['hint']}") from None


def _json_lines(lines: Iterator[str], context: dict[str, object]) -> Iterator[FedDeclaration]:
    timed = False  # the time note given (on the first line with a time)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise DataFormatError(
                f"declaration line {number} is not JSON ({error}); write "
                '{"seat": ..., "votes": {...}}.'
            ) from None
        counted = len(_as_other(context))
        declaration = _validate(
            Declaration, record, context, what="declaration", row=number, unit="line"
        )
        as_other = _new_labels(context, counted)
        try:
            counts = declaration.counts()
        except DataFormatError as error:
            raise DataFormatError(f"declaration line {number}: {error}") from None
        where = f"declaration line {number}"
        note = "" if timed or not isinstance(record, dict) else time_note(record, where)
        timed = timed or bool(note)
        election_id: str | None = context.get("election_id")  # type: ignore[assignment]
        if not isinstance(counts, dict):
            counts, separate = _separate_parties(counts, where, election_id)
            twice = one_candidate_each(counts)
            if twice is not None:
                raise DataFormatError(f"{where}: {twice}.")
            note = _joined(note, separate)
        elif isinstance(record, dict) and isinstance(record.get("votes"), dict):
            note = _joined(note, counted_apart(record["votes"], where, election_id)[1])
        note = _joined(note, _other_note(where, as_other))
        yield FedDeclaration(
            declaration.seat, counts, declaration.electorate, where, note, declaration.won_by_lot
        )


def _csv_rows(lines: Iterator[str], context: dict[str, object]) -> Iterator[FedDeclaration]:
    header, records = csv_records(
        lines,
        what=WHAT,
        required=COLUMNS[1:],
        expected=EXPECTED,
        aliases=COLUMN_ALIASES,
        counts=COUNT_COLUMNS,  # "34.464" votes in a file separated by semicolons
    )
    header, records = with_candidate_names(header, records)
    if not {"seat_code", "seat", "seat_name"} & set(header):
        raise DataFormatError(
            f"The {WHAT} lacks column(s) seat_code; expected a header with {EXPECTED} "
            f"(found {', '.join(header)})."
        )
    by_candidate = "candidate" in header
    election_id: str | None = context.get("election_id")  # type: ignore[assignment]
    note = time_note(header, f"The {WHAT}")  # on its first declaration
    block: _SeatRows | None = None
    ended: dict[str, _SeatRows] = {}
    for number, record in records:
        counted = len(_as_other(context))
        row = _validate(DeclarationRow, record, context, what=WHAT, row=number)
        as_other = _new_labels(context, counted)
        if block is not None and row.seat_code != block.seat:
            yield _noted(block.end(ended, election_id), note)
            block, note = None, ""
        if block is None:
            block = _SeatRows(row.seat_code, by_candidate)
        block.numbers.append(number)
        block.as_other.extend(as_other)
        block.set_electorate(row.electorate, number)
        block.set_won_by_lot(row.won_by_lot, number)
        label = str(record.get("party") or "").strip()
        if by_candidate:
            name = str(record.get("candidate") or "").strip()
            block.add_candidate(Candidate(name, row.party, label, row.votes), number)
        else:
            apart = bool(separate_parties([label], election_id))  # UKIP on a 2024 night
            if apart:
                block.apart[number] = label
            block.add_votes("Other" if apart else row.party, row.votes, number, record)
    if block is not None:
        yield _noted(block.end(ended, election_id), note)


def _noted(declaration: FedDeclaration, note: str) -> FedDeclaration:
    """The declaration with ``note`` before its own."""
    return replace(declaration, note=" ".join(part for part in (note, declaration.note) if part))


@dataclass(slots=True)
class _SeatRows:
    """One seat's run of consecutive CSV rows."""

    seat: str
    by_candidate: bool
    numbers: list[int] = field(default_factory=list)
    votes: dict[str, float] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)

    first_rows: dict[str, int] = field(default_factory=dict)
    #: Each candidate's first row (a candidate column), to tell a row given twice.
    candidate_rows: dict[Candidate, int] = field(default_factory=dict)
    electorate: int | None = None
    #: Rows of a party's total counted as Other, being a party of its own on the night (UKIP
    #: after 2017: :func:`psephos.model.party.separate_parties`).
    apart: dict[int, str] = field(default_factory=dict)
    #: The labels first counted as Other in these rows (parties psephos does not know).
    as_other: list[str] = field(default_factory=list)
    #: The tied candidate the drawing of lots elected (a ``won_by_lot`` column).
    won_by_lot: str | None = None

    def set_electorate(self, electorate: int | None, number: int) -> None:
        """The seat's electorate from an optional ``electorate`` column (any of its rows).

        Raises:
            DataFormatError: two rows of the seat give different electorates.
        """
        if electorate is None:
            return
        if self.electorate is not None and electorate != self.electorate:
            raise DataFormatError(
                f"{WHAT} row {number}: seat {self.seat!r} has electorate {electorate:,} here "
                f"and {self.electorate:,} on an earlier row; give one electorate a seat."
            )
        self.electorate = electorate

    def set_won_by_lot(self, won_by_lot: str, number: int) -> None:
        """Who won the lot in a tie for first place, from an optional ``won_by_lot`` column
        (any of the seat's rows).

        Raises:
            DataFormatError: two rows of the seat name different candidates.
        """
        won_by_lot = won_by_lot.strip()
        if not won_by_lot:
            return
        if self.won_by_lot is not None and won_by_lot != self.won_by_lot:
            raise DataFormatError(
                f"{WHAT} row {number}: seat {self.seat!r} has won_by_lot {won_by_lot!r} here "
                f"and {self.won_by_lot!r} on an earlier row; name one winner a seat."
            )
        self.won_by_lot = won_by_lot

    def add_candidate(self, candidate: Candidate, number: int) -> None:
        """A candidate's row (a candidate column).

        Raises:
            DataFormatError: the same candidate with the same party and votes came earlier in
                the seat's rows (a row pasted twice; not a tie between two candidates).
        """
        first = self.candidate_rows.setdefault(candidate, number)
        if first != number:
            raise same_row(WHAT, first, number)
        self.candidates.append(candidate)

    def add_votes(self, party: str, votes: float, number: int, record: dict[str, str]) -> None:
        """A party's row (no candidate column).

        Raises:
            DataFormatError: the party came earlier in the seat's rows (two Independents
                added up could win a seat that neither candidate won).
        """
        if party in self.votes:
            cell = str(record.get("party") or party).strip()
            raise repeated_party(WHAT, self.first_rows[party], number, cell, self.seat)
        self.first_rows[party] = number
        self.votes[party] = votes

    def counts(self) -> Counts:
        """The seat's party totals, or its candidates (a candidate column)."""
        return self.candidates if self.by_candidate else self.votes

    @property
    def parties(self) -> set[str]:
        return set(self.votes) | {candidate.party for candidate in self.candidates}

    def end(self, ended: dict[str, _SeatRows], election_id: str | None) -> FedDeclaration:
        """The declaration, once the seat's rows end (``ended``: the seats whose rows ended
        before; ``election_id``: the night's base, for :func:`_separate_parties`).

        Raises:
            DataFormatError: the seat's rows came earlier too, with other seats' rows between,
                and neither run repeats a party of the other (one count cut in pieces, not a
                correction).
        """
        before = ended.get(self.seat)
        if before is not None and not before.parties & self.parties:
            raise DataFormatError(
                f"{WHAT} rows {_span(before.numbers)} and {_span(self.numbers)}: the rows of seat "
                f"{self.seat!r} are not together (other seats' rows come between); put each "
                "seat's rows together (a seat given again later is a correction, with all its "
                "parties)."
            )
        left_out = [] if before is None else left_out_parties(before.counts(), self.counts())
        if before is not None and left_out:
            raise DataFormatError(
                f"{WHAT} rows {_span(before.numbers)} and {_span(self.numbers)}: "
                f"{correction_refusal(f'seat {self.seat!r}', left_out, 'its earlier rows')}"
            )
        ended[self.seat] = self
        rows = "rows" if len(self.numbers) > 1 else "row"
        where = f"{WHAT} {rows} {_span(self.numbers)}"
        candidates, note = _separate_parties(self.candidates, where, election_id)
        twice = one_candidate_each(candidates) if self.by_candidate else None
        if twice is not None:
            raise DataFormatError(f"{where}: {twice}.")
        if self.apart:  # party totals: counted as Other as their rows were read
            rows = "rows" if len(self.apart) > 1 else "row"
            apart_rows = f"{WHAT} {rows} {_span(list(self.apart))}"
            note = _apart_note(apart_rows, set(self.apart.values()), election_id, beside=False)
        return FedDeclaration(
            self.seat,
            candidates if self.by_candidate else self.votes,
            self.electorate,
            where=where,
            note=_joined(note, _other_note(where, self.as_other)),
            won_by_lot=self.won_by_lot,
        )


def _as_other(context: dict[str, object]) -> dict[str, None]:
    """The labels counted as Other so far in the feed, in order (the context's ``as_other``,
    filled by :func:`_party`)."""
    return cast("dict[str, None]", context["as_other"])  # set by read_feed


def _new_labels(context: dict[str, object], counted: int) -> list[str]:
    """The labels counted as Other for the first time in the feed since ``counted`` of them
    had been."""
    return list(_as_other(context))[counted:]


def _other_note(where: str, labels: Sequence[str]) -> str:
    """The note naming the labels a declaration counts as Other for the first time in the feed
    (``unknown_parties="other"``), so that a seat won by a party psephos does not know is
    seen as such (``where``: the declaration's rows); ``""`` where it counts none: the
    readers' one note (:func:`psephos.io.rows.counted_as_other_note`)."""
    return counted_as_other_note(where, labels, "here and wherever they stand later in the feed")


def counted_apart(
    labels: Iterable[str], where: str, election_id: str | None = None
) -> tuple[frozenset[str], str]:
    """The party labels of one seat's declaration counted as ``Other``, each being a party of
    its own there (:func:`psephos.model.party.separate_parties`: UKIP beside Reform UK, or
    anywhere on a night whose base ``election_id`` is 2017 or later), and the note saying so,
    naming the declaration (``where``); ``""`` where none is. The one rule of every
    declaration: ``psephos nowcast feed``'s CSV and JSON lines (candidates or votes per
    party), the web declaration API and form, and the web replay."""
    labels = [label.strip() for label in labels]
    separate = separate_parties(labels, election_id)
    if not separate:
        return frozenset(), ""
    beside = bool(separate_parties(labels))
    return separate, _apart_note(where, separate, election_id, beside=beside)


def _separate_parties(
    candidates: Sequence[Candidate], where: str, election_id: str | None = None
) -> tuple[tuple[Candidate, ...], str]:
    """A seat's candidates with those of a party of its own there counted as ``Other``
    (:func:`counted_apart`), and the note saying so, naming the rows (``where``; ``""``
    where none is)."""
    separate, note = counted_apart((c.party_name for c in candidates), where, election_id)
    if not separate:
        return tuple(candidates), ""
    return tuple(
        replace(candidate, party="Other") if candidate.party_name.strip() in separate else candidate
        for candidate in candidates
    ), note


def _apart_note(where: str, labels: Iterable[str], election_id: str | None, *, beside: bool) -> str:
    """The note on a party of its own counted as ``Other`` (UKIP), naming the rows
    (``where``) and why: it stood ``beside`` Reform UK in the seat, or on a night after
    ``election_id``."""
    why = (
        "stood beside Reform UK (or the Brexit Party)"
        if beside
        else f"stood on a night after {election_id}, when UKIP stood apart from the lineage"
    )
    return (
        f"{where}: {listed(sorted(labels))} {why}: UKIP, a party of its own by then, is "
        "counted as Other."
    )


def with_seat_code(declaration: FedDeclaration, election: Election) -> FedDeclaration:
    """The declaration with its seat as the ONS code of ``election`` (the base, on the same
    boundaries), the feed having given a code or a name (:func:`psephos.io.rows.read_seat`, as
    every seat a file names is read). A seat read from a part of its name ("Houghton" for
    Houghton and Sunderland South) carries a ``note`` saying so (after any note it had).

    Raises:
        UnknownConstituencyError: no such seat, naming the declaration's rows and the closest
            names.
    """
    position, note = read_seat(election, declaration.seat, where=declaration.where)
    seat = election.constituencies[position]
    return replace(declaration, seat=seat.code, note=_joined(declaration.note, note))


def _joined(*notes: str) -> str:
    """Notes about one declaration as one note (empty ones left out)."""
    return " ".join(note for note in notes if note)


def _span(numbers: Sequence[int]) -> str:
    """Row numbers as ``"4"`` or ``"4-6"``."""
    first, last = numbers[0], numbers[-1]
    return str(first) if first == last else f"{first}-{last}"


def lone_party(counts: Counts) -> str | None:
    """The party of a declaration with fewer than two candidates (``""`` when it has none),
    else None. UK seats always have several candidates, so such a declaration is most likely
    a count cut short: its other rows missing, or apart."""
    if isinstance(counts, dict):
        parties = [party for party, votes in counts.items() if votes > 0] or list(counts)
        return None if len(parties) > 1 else "".join(parties[:1])
    return None if len(counts) > 1 else "".join(c.party for c in counts[:1])


#: The long shape of a typed declaration's line (:func:`declaration_lines`).
LONG_LINE = "'Name | Party | votes' or 'Name | Party | code | votes'"
#: Its short shape.
SHORT_LINE = "'Party: votes'"


def declaration_lines(text: str) -> Iterator[tuple[str, dict[str, str | int | None]]]:
    """A declaration typed one candidate a line, as the results-night form takes it: ``Name |
    Party label | votes`` (or ``Name | Party label | code | votes``), or the short ``Party:
    votes`` (or ``Party votes``); votes may have thousands separators (``21,000``), read as
    every reader reads a count (:func:`psephos.io.rows.whole_count`). Blank lines are skipped.
    Cells apart by tabs, as rows copied from a spreadsheet paste, read as cells apart by
    ``|``: three or four cells the long shape, two (party and votes) the short.

    Yields:
        Each line with its cells (``name``, ``party``, ``code`` and ``votes`` in the long
        shape, ``party`` and ``votes`` in the short), for the caller's candidate schema, one
        at a time (a line the caller refuses is named before a later one is read).

    Raises:
        DataFormatError: a line of neither shape ("line 'Con' is not 'Party: votes'"), or
            votes that are not a count, said as ``psephos nowcast feed`` says it ("line
            'Con: -4663': votes: negative ('-4663')").
    """
    for line in text.splitlines():
        if not line.strip():
            continue
        cut = "|" if "|" in line else "\t"
        cells = [cell.strip() for cell in line.strip().split(cut)]
        if cut == "\t" and len(cells) == 2:  # Party<tab>votes, pasted from two columns
            yield line, {"party": cells[0], "votes": _typed_votes(line, cells[1], SHORT_LINE)}
            continue
        if cut == "|" or len(cells) > 2:
            if len(cells) not in (3, 4):
                raise DataFormatError(f"line {line.strip()!r} is not {LONG_LINE}")
            yield (
                line,
                {
                    "name": cells[0],
                    "party": cells[1],
                    "code": cells[2] if len(cells) == 4 else None,
                    "votes": _typed_votes(line, cells[-1], LONG_LINE),
                },
            )
            continue
        party, sep, count = line.rpartition(":") if ":" in line else line.rpartition(" ")
        if not sep:
            raise DataFormatError(f"line {line.strip()!r} is not {SHORT_LINE}")
        yield line, {"party": party.strip(), "votes": _typed_votes(line, count, SHORT_LINE)}


def _typed_votes(line: str, cell: str, shape: str) -> int:
    """A typed line's votes (:func:`declaration_lines`), read as every declaration reads a
    count (:func:`declared_count`).

    Raises:
        DataFormatError: a number that is not a count, or a line that ends in no number, said
            as not of the line's ``shape``.
    """
    try:
        return declared_count(cell.strip())
    except ValueError as error:
        try:
            float(without_separators(cell))
        except ValueError:
            raise DataFormatError(f"line {line.strip()!r} is not {shape}") from None
        raise DataFormatError(f"line {line.strip()!r}: votes: {error}") from None
