"""One party vocabulary across every bundled election.

Each raw file names parties its own way (``con``/``Con``/``Conv``, ``brexit``/``RUK``/``Brxv``,
``alliance``/``APNI``). They all map onto the codes below, which are the column order of every
seats x parties array in psephos. The Reform UK lineage (UKIP 2010-2017, the Brexit Party 2019,
Reform UK 2024) shares one code, ``Reform``, with the year's own label in :data:`LINEAGE_LABELS`.
Colours follow the parties' own branding as commonly used by UK broadcasters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from psephos.errors import (
    PairError,
    PollAsPartiesError,
    UnknownNameError,
    UnknownPartyError,
    did_you_mean,
)
from psephos.model.names import normalise_name


@dataclass(frozen=True, slots=True)
class Party:
    """A party (or a bucket such as Independents / Other) in the shared vocabulary.

    Attributes:
        code: Stable short code, the key used everywhere (``"Con"``, ``"Reform"``).
        name: Full name.
        colour: Hex colour for maps and charts.
        aliases: Other spellings accepted on input (case-insensitive).
        nations: Nations where the party normally stands (``"GB"`` means England, Scotland,
            Wales; ``"NI"`` Northern Ireland).
        local_names: Short names its own country's voters use that the vocabulary alone does
            not read as it (lower case): another country's party answers to them too
            ("Conservative", "Green"), they name another party elsewhere ("Liberal", the UK's
            minor Liberal Party), or they name no party elsewhere ("People's"). Read only
            among an election's own parties (:func:`party_in`), so a Canadian election reads
            "Green" as the GPC and the vocabulary (:func:`get_party`) keeps the UK's Green.
    """

    code: str
    name: str
    colour: str
    aliases: tuple[str, ...] = ()
    nations: tuple[str, ...] = ("England", "Scotland", "Wales")
    local_names: tuple[str, ...] = ()


#: The Reform UK lineage's spellings, by the name each is a form of (its labels in
#: :data:`LINEAGE_LABELS`): "BXP" is the Brexit Party, "RUK" Reform UK. The party's aliases,
#: and what :func:`renamed_as` reads a spelling as.
_REFORM_NAMES: dict[str, tuple[str, ...]] = {
    "UKIP": ("ukip", "uk independence party"),
    "Brexit Party": ("brexit", "brexit party", "bxp", "brx", "brex"),
    "Reform UK": ("ruk", "reform uk", "ref", "ref uk"),
}

PARTIES: tuple[Party, ...] = (
    Party(
        "Con",
        "Conservative",
        "#0087DC",
        (
            "conservative",
            "conservatives",
            "cons",
            "tory",
            "tories",
            "tory party",
            "conservative and unionist",
            "scottish conservative and unionist",
            "scottish conservatives",
            "welsh conservatives",
            "welsh conservative",
        ),
    ),
    Party(
        "Lab",
        "Labour",
        "#E4003B",
        (
            "labour",
            "lab co-op",
            "lab/co-op",
            "labour co-op",
            "labour/co-op",
            "labour and co-operative",
            "labour and co-op",
            "labour co-operative",
            "scottish labour",
            "welsh labour",
        ),
    ),
    Party(
        "LD",
        "Liberal Democrat",
        "#FAA61A",
        (
            "lib dem",
            "lib dems",
            "libdem",
            "liberal democrats",
            "ldem",
            "lib",
            "scottish liberal democrats",
            "welsh liberal democrats",
        ),
    ),
    Party(
        "Green",
        "Green",
        "#02A95B",
        (
            "grn",
            "green party",
            "greens",
            "scottish green",
            "scottish greens",
            "scottish green party",
            "sgp",
            "gpew",
            "green party of england and wales",
            "green party northern ireland",
            "wales green",
        ),
    ),
    Party(
        "SNP",
        "Scottish National Party",
        "#FDF38E",
        ("scottish national", "scottish nationalists", "scottish nationalist"),
        ("Scotland",),
    ),
    Party(
        "PC",
        "Plaid Cymru",
        "#005B54",
        ("plaid", "plaid cymru", "pc", "welsh nationalists", "welsh nationalist"),
        ("Wales",),
    ),
    Party(
        "Reform",
        "Reform UK",
        "#12B6CF",
        tuple(spelling for names in _REFORM_NAMES.values() for spelling in names),
    ),
    Party(
        "DUP",
        "Democratic Unionist Party",
        "#D46A4C",
        ("democratic unionist",),
        ("Northern Ireland",),
    ),
    Party("SF", "Sinn Féin", "#8DC63F", ("sinn fein", "sinn féin"), ("Northern Ireland",)),
    Party("SDLP", "Social Democratic and Labour Party", "#2E6B3A", (), ("Northern Ireland",)),
    Party(
        "UUP",
        "Ulster Unionist Party",
        "#48A5EE",
        ("ulster unionist", "ucunf"),
        ("Northern Ireland",),
    ),
    Party(
        "Alliance",
        "Alliance Party",
        "#E8D500",
        ("apni", "all", "alliance party", "alliance party of northern ireland"),
        ("Northern Ireland",),
    ),
    Party("TUV", "Traditional Unionist Voice", "#0C3A6A", (), ("Northern Ireland",)),
    Party(
        "Ind",
        "Independent",
        "#C8C8C8",
        (
            "independent",
            "independents",
            # Elections Canada's labels: a candidate of no party is an independent
            "independent/indépendant(e)",
            "indépendant(e)",
            "indépendant",
            "indépendante",
            "no affiliation",
            "no affiliation/aucune appartenance",
            "aucune appartenance",
        ),
    ),
    Party("Speaker", "Speaker", "#4D4D4D", ("spk", "spkr", "the speaker")),
    Party(
        "Other",
        "Other",
        "#8C8C8C",
        (
            "others",
            "oth",
            "all others",
            "all other parties",
            "other parties",
            "other party",
            "any other party",
        ),
    ),
)

PARTY_CODES: tuple[str, ...] = tuple(party.code for party in PARTIES)

#: Canadian federal parties (Elections Canada labels and the parties' French names, with and
#: without accents, as aliases). Independents and Other are shared with the UK vocabulary.
#: Short names a UK party also answers to ("Conservative", "Green") are the parties'
#: :attr:`Party.local_names`: an election reads a name among its own parties first
#: (:func:`party_in`), so a Canadian election reads them as the CPC and the GPC, while the
#: vocabulary without an election (:func:`get_party`) keeps the UK's reading.
CANADA_PARTIES: tuple[Party, ...] = (
    Party(
        "LPC",
        "Liberal Party of Canada",
        "#D71920",
        (
            "liberal/libéral",
            "lib",
            "parti libéral du canada",
            "parti liberal du canada",
            "parti libéral",
            "parti liberal",
            "libéral",
            "libéraux",
            "liberaux",
            "plc",
        ),
        ("Canada",),
        ("liberal", "liberals"),  # the UK's minor Liberal Party is another party
    ),
    Party(
        "CPC",
        "Conservative Party of Canada",
        "#1A4782",
        (
            "conservative/conservateur",
            "cpc conservative",
            "parti conservateur du canada",
            "parti conservateur",
            "conservateur",
            "conservateurs",
            "pcc",
        ),
        ("Canada",),
        ("conservative", "conservatives", "conservative party", "tory", "tories"),
    ),
    Party(
        "BQ",
        "Bloc Québécois",
        "#33B2CC",
        ("bloc", "bloc québécois", "bloc quebecois", "bloc québécois/bloc québécois"),
        ("Canada",),
    ),
    Party(
        "NDP",
        "New Democratic Party",
        "#F37021",
        (
            "ndp-new democratic party",
            "ndp-new democratic party/npd-nouveau parti démocratique",
            "npd-nouveau parti démocratique",
            "npd-nouveau parti democratique",
            "npd",
            "ndp",
            "new democrats",
            "new democratic",
            "nouveau parti démocratique",
            "nouveau parti democratique",
            "néo-démocrates",
            "neo-democrates",
        ),
        ("Canada",),
        ("new democrat",),
    ),
    Party(
        "GPC",
        "Green Party of Canada",
        "#3D9B35",
        (
            "green party/parti vert",
            "gpc",
            "parti vert du canada",
            "parti vert",
            "verts",
            "pvc",
        ),
        ("Canada",),
        ("green", "greens", "green party"),
    ),
    Party(
        "PPC",
        "People's Party of Canada",
        "#4E5180",
        (
            "people's party",
            "peoples party",
            "people's party - ppc",
            "people's party/parti populaire",
            "people's party - ppc/parti populaire - ppc",
            "ppc",
            "parti populaire du canada",
            "parti populaire",
        ),
        ("Canada",),
        ("people's", "peoples"),
    ),
)
#: Vocabulary codes that label many candidates each, not one party: two Independents in a seat
#: are two candidates, as are two of the minor parties counted as Other.
CANDIDATE_GROUPS: tuple[str, ...] = ("Ind", "Other")
CANADA_PARTY_CODES: tuple[str, ...] = (
    *(party.code for party in CANADA_PARTIES),
    "Ind",
    "Other",
)
#: Each country's party codes (the UK's first): the parties a name is read among
#: (:func:`party_in`) by a reader that does not know the country yet (:func:`country_code`).
COUNTRY_CODES: tuple[tuple[str, ...], ...] = (PARTY_CODES, CANADA_PARTY_CODES)
#: Every code of the vocabulary, each country's parties (the UK's first), shared ones once: the
#: codes a reader of declarations accepts before it knows the base election, whose own
#: parties then decide (a UK code on a Canadian base is refused there).
VOCABULARY_CODES: tuple[str, ...] = tuple(
    dict.fromkeys(code for codes in COUNTRY_CODES for code in codes)
)

#: The label the Reform code carries in each election year.
LINEAGE_LABELS: dict[str, dict[str, str]] = {
    "Reform": {
        "2010": "UKIP",
        "2015": "UKIP",
        "2017": "UKIP",
        "2019": "Brexit Party",
        "2019-notional-2024": "Brexit Party",
        "2024": "Reform UK",
    },
}

#: A joint ticket a code's figures hold in an election (by code, then election id), its short
#: name and what it was: the bundled 2010 result counts the UCUNF ticket, the Conservatives'
#: and the Ulster Unionists' joint list in Northern Ireland, as the UUP (``data/PROVENANCE.md``).
JOINT_TICKETS: dict[str, dict[str, tuple[str, str]]] = {
    "UUP": {
        "2010": (
            "UCUNF",
            "Ulster Conservatives and Unionists - New Force, the Conservatives' and the UUP's "
            "joint ticket in Northern Ireland",
        ),
    },
}

#: The colour the Reform code carries in a year whose party was not Reform UK (UKIP's purple).
LINEAGE_COLOURS: dict[str, dict[str, str]] = {
    "Reform": {"2010": "#70147A", "2015": "#70147A", "2017": "#70147A"},
}

#: Parties polls name that have no code of their own (PollBase's ``TIG/CUK``, ``BNP``,
#: ``SDP``, ``Referendum``), by spelling as :func:`_plain` writes it -> the party's name. A
#: poll's share for one is left to the parties it does not name, as an ``Other`` column's is.
UNCODED_PARTIES: dict[str, str] = {
    **dict.fromkeys(
        ("tig", "cuk", "tig cuk", "change uk", "the independent group", "independent group"),
        "Change UK",
    ),
    **dict.fromkeys(("bnp", "british national party"), "British National Party"),
    **dict.fromkeys(("sdp", "social democratic party"), "Social Democratic Party"),
    **dict.fromkeys(("referendum", "referendum party"), "Referendum Party"),
    **dict.fromkeys(("alba", "alba party"), "Alba Party"),
    **dict.fromkeys(
        ("workers", "workers party", "workers party of britain", "workers party gb", "wpb"),
        "Workers Party of Britain",
    ),
}

#: Answers a poll reports beside the parties that are no party (as :func:`_plain` writes
#: them): a poll's shares are of those who named a party, its headline figures, so these are
#: left out.
NO_PARTY_ANSWERS: frozenset[str] = frozenset(
    (
        "don't know",
        "dont know",
        "don't knows",
        "dk",
        "undecided",
        "not sure",
        "would not vote",
        "wouldn't vote",
        "won't vote",
        "will not vote",
        "refused",
        "prefer not to say",
        "none",
        "none of these",
    )
)

#: Names that may mean more than one party, as :func:`_plain` writes them -> those parties'
#: codes: "the Nats" are the SNP in Scotland and Plaid Cymru in Wales (the House of Commons
#: Library's ``natSW`` column is both), so a Great Britain poll's "Nats" is not guessed.
AMBIGUOUS_NAMES: dict[str, tuple[str, ...]] = dict.fromkeys(
    ("nats", "the nats", "nationalists", "nationalist", "natsw", "nat sw"), ("SNP", "PC")
)


def _plain(name: str) -> str:
    """A name or column header in lower case with ``_``, ``/``, ``-`` and runs of spaces as
    one space (``TIG/CUK`` -> ``tig cuk``)."""
    return " ".join(re.sub(r"[_/\-]+", " ", name.lower().replace("’", "'")).split())


def uncoded_party(name: str) -> str | None:
    """The name of the party ``name`` names where it is one with no code of its own
    (:data:`UNCODED_PARTIES`: "Workers Party" is "Workers Party of Britain"), counted as
    ``Other``; ``None`` for any other name."""
    return UNCODED_PARTIES.get(_plain(name))


def unread_reason(name: str) -> str | None:
    """Why the vocabulary reads no party from ``name``, where it is a name polls use: a party
    with no code of its own (:data:`UNCODED_PARTIES`: "Change UK, no code of its own: left to
    the parties not named"), an answer that is no party (:data:`NO_PARTY_ANSWERS`: "Don't know")
    or a name of more than one party (:data:`AMBIGUOUS_NAMES`: "SNP
    or PC: not guessed"); ``None`` for any other name."""
    key = _plain(name)
    uncoded = uncoded_party(name)
    if uncoded is not None:
        return f"{uncoded}, no code of its own: left to the parties not named"
    if key in NO_PARTY_ANSWERS:
        return "no party: a poll's shares are of those who named one"
    if key in AMBIGUOUS_NAMES:
        return f"{' or '.join(AMBIGUOUS_NAMES[key])}: not guessed"
    return None


def _unread_advice(name: str, parties: Sequence[str] | None = None, *, poll: bool = True) -> str:
    """What an unknown-party message adds for a name :func:`unread_reason` explains: a party
    with no code is given as Other or, in a poll (``poll``), left out, the parties not named
    sharing what a poll leaves; in counted votes (``poll=False``: a results file, an exit
    poll's sample, a declaration), where leaving a candidate out loses its votes, it is
    counted as Other; an answer that is no party (:data:`NO_PARTY_ANSWERS`) is left out; an
    ambiguous name offers its parties (those among an election's ``parties``, where given);
    ``""`` for any other name."""
    key = _plain(name)
    party = uncoded_party(name)
    if party is not None:
        named = repr(name) if _plain(party) == key else f"{name!r} is {party}, which"
        if not poll:
            return f" {named} has no code of its own: count its votes as Other."
        return (
            f" {named} has no code of its own: give its share as Other, or leave it out "
            "(parties not named share what the poll leaves)."
        )
    if key in NO_PARTY_ANSWERS:
        return (
            f" {name!r} is no party: give the poll's shares of those who named a party (its "
            "headline figures, without don't knows and won't votes), which sum to about 100."
        )
    codes = [code for code in AMBIGUOUS_NAMES.get(key, ()) if parties is None or code in parties]
    if codes:
        return (
            f" {name!r} may mean {' or '.join(codes)} (nationalists in Scotland or Wales): "
            f"name the party. Did you mean {', '.join(repr(code) for code in codes)}?"
        )
    return ""


#: Colour of a party outside the vocabulary.
UNKNOWN_COLOUR = "#8C8C8C"

#: Colours of the parties of an election of a country psephos bundles nothing of (a results
#: file whose parties no country knows, :data:`psephos.jurisdictions.OWN`), given in the order
#: of its columns, largest party first (:func:`party_colour` with ``parties``), again from the
#: first after the ninth: Tableau 10 (Tableau's default palette since 2016), its grey left out
#: for :data:`UNKNOWN_COLOUR`.
OWN_COLOURS: tuple[str, ...] = (
    "#4E79A7",
    "#F28E2B",
    "#E15759",
    "#76B7B2",
    "#59A14F",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
)

_BY_KEY: dict[str, Party] = {}
for _party in (*PARTIES, *CANADA_PARTIES):
    _BY_KEY[_party.code.lower()] = _party
    for _alias in _party.aliases:
        _BY_KEY.setdefault(_alias.lower(), _party)


#: UK codes, aliases and names, for labels read loosely (a UK minor party's "Liberal Party"
#: must not become Canada's Liberals).
_UK_BY_KEY: dict[str, Party] = {}
for _party in PARTIES:
    for _key in (_party.code, _party.name, *_party.aliases):
        _UK_BY_KEY.setdefault(_key.lower(), _party)

#: What a ballot paper's party description adds to a party's name: "The Conservative Party
#: Candidate", "Speaker seeking re-election".
_BALLOT_WORDS = re.compile(r"^the\s+|\s+(?:party\s+)?candidate$|\s+seeking re-election$|\s+party$")


def _abbreviations() -> frozenset[str]:
    """The vocabulary's aliases that abbreviate a party's name (lower case): one word that is
    not the party's code nor a word of its name or of its aliases of several words ("apni",
    the Alliance Party of Northern Ireland; "gpew", "bxp"). A party named "X Party" where X is
    such a word is another party: "Apni Party" (a Dudley party) is not the Alliance."""
    found: set[str] = set()
    for party in (*PARTIES, *CANADA_PARTIES):
        words = {
            word
            for spelling in (party.name, *party.aliases)
            for word in spelling.lower().split()
            if len(spelling.split()) > 1 or spelling == party.name
        }
        found |= {
            alias.lower()
            for alias in party.aliases
            if len(alias.split()) == 1 and alias.lower() not in (*words, party.code.lower())
        }
    return frozenset(found)


#: Aliases that are abbreviations (:func:`_abbreviations`): read as written, in full or as a
#: part of a label a ballot paper sets apart ("(APNI)"), never as the name of an "X Party"
#: (:func:`_ballot_forms`).
ABBREVIATIONS: frozenset[str] = _abbreviations()


def _ballot_forms(key: str) -> list[str]:
    """Shorter forms of a lower-case party label as the Electoral Commission registers it and
    ballot papers print it: "Plaid Cymru - The Party of Wales", "Scottish National Party
    (SNP)", "Democratic Unionist Party - D.U.P.", "Labour and Co-operative Party". A form left
    by trimming a ballot paper's words ("Party", "The", "Candidate") is no abbreviation
    (:data:`ABBREVIATIONS`) where "Party" was trimmed from it: "Apni Party" is not read as
    "apni", while "the Tories" is "tories"."""
    parts = [key, re.sub(r"\s*\(.*?\)\s*", " ", key).strip(), *re.findall(r"\((.*?)\)", key)]
    parts += [side for part in list(parts) for side in part.split(" - ")]
    forms: list[str] = []
    for part in parts:
        plain = " ".join(part.replace(".", "").replace("&", " and ").split())
        text = plain
        for _ in range(3):  # "the ... party candidate": each trim in turn
            text = _BALLOT_WORDS.sub("", text).strip()
        named = _has_words(plain, "party") and not _has_words(text, "party")
        trimmed = "" if named and text in ABBREVIATIONS else text  # "Apni Party"
        forms.extend(form for form in (plain, trimmed) if form)
    return list(dict.fromkeys(forms))


#: What separates the parties of a list as people write one: "Green, Lab, LD", "Green; Lab",
#: "Green > Lab > LD", "Lab+LD" (a coalition or bloc), one a line, or numbered ("1. Green
#: 2. Lab", "1) Green"). Not "/": "SNP/PC" is one combined share (:func:`combined_parties`).
_LIST_SEPARATOR = re.compile(r"[,;>+|\n]+|\s(?=\(?[0-9]{1,2}[.)])")
#: A list item's number: "1.", "2)", "(3)".
_NUMBERING = re.compile(r"^\(?[0-9]{1,2}[.)]\s*")


def split_parties(text: str) -> list[str]:
    """The party names of a list as people write one (see :data:`_LIST_SEPARATOR`), blanks
    dropped and each name as written: ``"1. Green 2. Lab"``, ``"Green > Lab"``,
    ``"Green; Lab"``, ``"Green+Lab"`` and ``"Green and Lab"`` are all ``["Green", "Lab"]``,
    and ``"Lab, LD and Green"`` or ``"Lab, LD, and Green"`` ``["Lab", "LD", "Green"]`` (each
    item of words read by :func:`_split_words`). The one reader of such a list: preferences,
    blocs, coalitions and pairs of parties all read it here.

    Raises:
        PollAsPartiesError: a poll given as the list (``"Lab 30 Con 20 LD 25"``), pointing
            to ``--poll`` (:func:`poll_as_parties`).
    """
    poll = poll_as_parties(text)
    if poll is not None:
        raise PollAsPartiesError(poll)
    names: list[str] = []
    for part in _list_items(text):
        first, _, rest = part.partition(" ")
        if names and first.lower() in _JOINING_WORDS and rest.strip():
            part = rest.strip()  # "Lab, LD, and Green": the list's last joining word
        if part:
            known = find_party(part) is not None
            names.extend([part] if known else (_split_words(part) or [part]))
    return names


def _list_items(text: str) -> list[str]:
    """The items of a list of parties (:data:`_LIST_SEPARATOR`), each without its number."""
    parts = _LIST_SEPARATOR.split(text)
    return [_NUMBERING.sub("", part.strip(), count=1).strip() for part in parts]


#: A share or a change in a poll typed as a list of parties: "30", "30%", "=30", ": 25.5",
#: "+3" (a number on its own, not part of a name such as "Party2").
_SHARE_IN_LIST = re.compile(r"(?:[=:]\s*|(?<![\w.]))[+-]?[0-9]+(?:\.[0-9]+)?\s*%?(?![\w.])")


def poll_as_parties(text: str) -> str | None:
    """The sentence refusing a poll given where a list of parties is read, else ``None``:
    ``"Lab 30 Con 20 LD 25"`` (or ``"Lab=30, Con=20"``) as a preference list or a bloc
    (party names with numbers, each name a party the vocabulary knows), pointing to the poll
    (``--poll``; a page's message drops the option). The one check of it, made by
    :func:`split_parties` and by the command line's refusal of ``-p`` given twice in
    ``psephos advise``, where ``-p`` is ``--prefer``."""
    numbers: list[str] = []
    names: list[str] = []
    for item in _list_items(text):
        numbers += [match[0] for match in _SHARE_IN_LIST.finditer(item)]
        words = " ".join(_SHARE_IN_LIST.sub(" ", item).split())
        if not words:
            continue  # "Lab 30,5": a decimal comma's second half
        read = [words] if find_party(words) is not None else _split_words(words)
        if read is None:
            return None
        names.extend(read)
    ranks = [str(rank) for rank in range(1, len(numbers) + 1)]
    if not names or numbers in ([], ranks):  # no numbers, or a ranking ("1 Green 2 Lab")
        return None
    example = ",".join(dict.fromkeys(names))
    return (
        f"{text.strip()!r} looks like a poll (party names with numbers), not a list of "
        f"parties: give it as the poll (--poll), and the parties alone here, e.g. {example}."
    )


def listed_twice(named: Iterable[tuple[str, str]], listed: str) -> str | None:
    """The sentence refusing a party named twice in one list of parties (a pact's bloc, a
    preference list, a coalition), else ``None``: the one wording of that refusal.

    Args:
        named: Each name as written with the code it reads as, in the list's order.
        listed: What the list is, as the sentence names it (``"bloc"``,
            ``"preference list"``, ``"coalition"``).

    Returns:
        ``"Lab is in the bloc twice; name each party once."`` for the first party named
        again, with the two spellings where they differ (``Lab,Labour``: ``"... twice
        ('Labour' is 'Lab'); ..."``); ``None`` when each party is named once.
    """
    first: dict[str, str] = {}
    for name, code in named:
        if code in first:
            same = "" if first[code] == name else f" ({name!r} is {first[code]!r})"
            return f"{code} is in the {listed} twice{same}; name each party once."
        first[code] = name
    return None


#: The most words a party's name or alias has ("Green Party of England and Wales"), with room
#: for the words a ballot paper adds ("The ... Party Candidate").
_MOST_WORDS = (
    max(
        len(spelling.split())
        for party in (*PARTIES, *CANADA_PARTIES)
        for spelling in (party.name, *party.aliases)
    )
    + 3
)


def split_pair(text: str, *, what: str = "A pair", order: str = "") -> tuple[str, str]:
    """The two party names of a pair as people write one (:func:`split_parties`: "Lab,Con",
    "Lab vs Con"), each as written: the one reader of a party pair (``psephos marginals
    --pair``, ``psephos target --pair``, the marginals page's pair). ``what`` names the input
    in the refusal, ``order`` what each party is ("ATTACKER,DEFENDER").

    Raises:
        PairError: not two parties.
    """
    names = split_parties(text)
    if len(names) != 2:
        shape = f"{order}, " if order else ""
        raise PairError(f"{what} takes two parties, {shape}e.g. Lab,Con: {text.strip()!r}.")
    return names[0], names[1]


def pair_notes(text: str, election_id: str | None = None) -> list[str]:
    """The notes of a pair (:func:`split_pair`) whose parties are named as they were called in
    another year than ``election_id`` (:func:`renamed_note`): ``--pair UKIP,Lab`` against
    2019 notes "UKIP read as Brexit Party (the same party)."."""
    return [note for name in split_pair(text) if (note := renamed_note(name, election_id))]


#: Words that join two parties of a list written with spaces ("Con and DUP", "Lab v Reform",
#: "Lab vs Con", "Lab & LD", "Green then Lab", "Lab or LD"): :func:`_split_words`.
_JOINING_WORDS = frozenset(("and", "&", "v", "v.", "vs", "vs.", "versus", "then", "or"))


def _split_words(text: str) -> list[str] | None:
    """The parties of a list written with spaces only ("green lab ld", "Conservatives and DUP",
    "Lib Dem Plaid Cymru"), each the longest run of words the vocabulary knows (so "Lib Dem"
    is one party, not "Lib" and "Dem"), with a joining word between two names ("and", "vs",
    :data:`_JOINING_WORDS`) a separator; ``None`` unless every word is read so."""
    words = text.split()
    names: list[str] = []
    start = 0
    while start < len(words):
        if names and words[start].lower() in _JOINING_WORDS and start + 1 < len(words):
            start += 1  # "Con and DUP", "Lab vs Con": a word between two names
        for end in range(min(len(words), start + _MOST_WORDS), start, -1):
            name = " ".join(words[start:end])
            if find_party(name) is not None:
                names.append(name)
                start = end
                break
        else:
            return None
    return names


#: Spellings already resolved (a poll names each party the same way every time).
_BY_SPELLING: dict[str, Party] = {}


def get_party(name: str) -> Party:
    """Return the party for a code, name or alias (case-insensitive).

    Raises:
        UnknownPartyError: if ``name`` is not in the vocabulary, with the closest names.
    """
    party = find_party(name)
    if party is not None:
        return party
    known = [party.code for party in PARTIES]
    raise UnknownNameError(
        f"Unknown party {name!r}; known parties: {', '.join(known)}."
        + (
            _unread_advice(name)
            or did_you_mean(name, known + [party.name for party in (*PARTIES, *CANADA_PARTIES)])
        )
    )


def find_party(name: str) -> Party | None:
    """The party of a code, name or alias (:func:`get_party`), or ``None``."""
    party = _BY_SPELLING.get(name)  # the exact spelling seen before: one dict look-up
    if party is not None:
        return party
    key = name.strip().lower().replace("’", "'")  # a curly apostrophe as printed
    if key in _BY_KEY:
        if len(_BY_SPELLING) < 4096:
            _BY_SPELLING[name] = _BY_KEY[key]
        return _BY_KEY[key]
    for party in (*PARTIES, *CANADA_PARTIES):
        if party.name.lower() == key:
            return party
    for loose in _ballot_forms(key):  # a UK label as printed on a ballot paper
        found = _UK_BY_KEY.get(loose)
        if found is not None:
            return found
    return None


_BY_CODE: dict[str, Party] = {party.code: party for party in (*PARTIES, *CANADA_PARTIES)}


def _has_words(text: str, words: str) -> bool:
    return f" {words} " in f" {text} "


@lru_cache(maxsize=64)
def _own_spellings(parties: tuple[str, ...]) -> dict[str, str]:
    """Every spelling (lower case) of the parties in hand -> its code: their codes, names,
    aliases and local names, in the parties' order (a spelling two of them share goes to the
    first)."""
    spellings: dict[str, str] = {}
    for code in parties:
        party = _BY_CODE.get(code)
        names = () if party is None else (party.name, *party.aliases, *party.local_names)
        for spelling in (code, *names):
            spellings.setdefault(spelling.lower(), code)
    return spellings


def _own_party(name: str, parties: Sequence[str]) -> str | None:
    """The code among ``parties`` whose own code, name or alias ``name`` is (case-insensitive,
    also as a ballot paper prints it: "Green Party Candidate"), or ``None``."""
    spellings = _own_spellings(tuple(parties))
    key = name.strip().lower().replace("’", "'")  # a curly apostrophe as printed
    if key in spellings:
        return spellings[key]
    found = next((spellings[form] for form in _ballot_forms(key) if form in spellings), None)
    return found if found is not None else _own_country_party(name, parties)


def _own_country_party(name: str, parties: Sequence[str]) -> str | None:
    """The one party among ``parties`` outside the vocabulary (an election of its own
    country's, each named as its file writes it) that ``name`` names, both folded as seat names
    are (:func:`~psephos.model.names.normalise_name`: case, accents, punctuation): the whole
    name ("Te Pati Maori" is Te Pāti Māori), else its first words ("National" is the National
    Party, "ACT" ACT New Zealand, "Labour" the Labour Party); ``None`` where no party, or more
    than one, begins so; else the initials of a name of several words, as such parties are
    written ("JLP" is the Jamaica Labour Party, "PNP" the People's National Party: a results
    file gives no code beside a name), with or without its small words ("of", "the", "and":
    "UNC", "NDP")."""
    own = [code for code in parties if code not in _BY_CODE]
    key = normalise_name(name)
    if not own or not key:
        return None
    folded = {code: normalise_name(code) for code in own}
    whole = [code for code, text in folded.items() if text == key]
    begun = whole or [code for code, text in folded.items() if f"{text} ".startswith(f"{key} ")]
    if not begun and " " not in key:
        begun = [code for code, text in folded.items() if key in _initials(text)]
    return begun[0] if len(begun) == 1 else None


#: Words a party's initials may leave out ("Liberal Party of Canada" is the LPC).
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "a", "de", "la", "le", "du", "des"})


def _initials(folded: str) -> set[str]:
    """The initials of a folded name of two or more words (:func:`_own_country_party`), with
    and without its small words; none for a name of one word."""
    words = folded.split()
    if len(words) < 2:
        return set()
    kept = [word for word in words if word not in _SMALL_WORDS] or words
    return {"".join(word[0] for word in words), "".join(word[0] for word in kept)}


def party_in(name: str, parties: Sequence[str], *, across: bool = True) -> str:
    """The code among ``parties`` (an election's columns) of a party name, code or alias: THE
    reader of a party name where an election (or a results night's base) is in hand.

    A name is read among the election's own parties first (their codes, names and aliases:
    :func:`_own_party`), so a Canadian election reads "Conservative" as the CPC, "Green" as
    the GPC, "Bloc" as the BQ and "People's" as the PPC, and a UK election reads them as the
    vocabulary does (Con, Green); then as the vocabulary reads it (:func:`get_party`), where
    that party is one of ``parties``. With ``across`` (the default), a name of another
    country's party is then looked for among ``parties``' names and aliases by its own
    names' words, so a Canadian poll's "Con" or "Tory" is the CPC and a UK poll's "Liberal"
    the Liberal Democrats (but not its "LPC": a code or full name that names its country,
    "Liberal Party of Canada", is that country's party only); without it (a declaration,
    whose labels are the ballot paper's), another country's party is refused.

    Raises:
        UnknownPartyError: no party of ``parties`` answers to ``name``, or more than one does
            (naming them: "may mean LD, DUP or SDLP"); a name the vocabulary does not know
            either is refused with ``parties`` as the known parties (:func:`unknown_party`),
            so a Canadian poll is told Canada's parties.
    """
    if name in parties:
        return name
    if not isinstance(name, str):
        raise UnknownPartyError(
            f"Give a party's code or name (text), not {name!r}; parties: {', '.join(parties)}."
        )
    own = _own_party(name, parties)
    if own is not None:
        return own
    try:
        party: Party | None = get_party(name)
    except UnknownPartyError:
        party = None
    if party is not None and party.code in parties:
        return party.code
    found = (
        _by_words(name, party, parties) if across and not _names_its_country(name, party) else []
    )
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise UnknownPartyError(
            f"Party {name!r} may mean {' or '.join(found)} in this election: name the party. "
            f"Did you mean {', '.join(repr(code) for code in found)}?"
        )
    if party is None:
        raise unknown_party(name, parties)
    raise UnknownPartyError(not_in_election(name, party, parties))


def own_party_in(name: str, parties: Sequence[str] | None) -> str | None:
    """The code of one of an election's ``parties`` that ``name`` is a name of
    (:func:`party_in` without reading another country's party as one of them: "Conservative"
    is the CPC among Canada's parties, Con among the UK's), or ``None`` (no ``parties``, or
    none of them answers to it, so a caller may read it by the vocabulary): the first step
    of reading a poll's or a candidate list's party."""
    if parties is None:
        return None
    try:
        return party_in(name, tuple(parties), across=False)
    except UnknownPartyError:
        return None


def country_code(name: str) -> str | None:
    """The code of a party ``name`` as some country's election reads it, for a reader that
    does not know the election yet (a declaration before its night's base is known, which
    then reads it again: :func:`party_in`): the vocabulary's reading (:func:`get_party`,
    the UK's first), else the first country's own whose parties answer to it ("Liberal
    Party" is Canada's Liberals, though the vocabulary alone does not read it: a UK ballot's
    Liberal Party is another party); ``None`` where no country reads it."""
    party = find_party(name)
    if party is not None:
        return party.code
    return next(
        (code for codes in COUNTRY_CODES if (code := _own_party(name, codes)) is not None), None
    )


def country_of_names(names: Iterable[str]) -> tuple[str, ...]:
    """The party codes (:data:`COUNTRY_CODES`) of the country whose own parties read the most
    of ``names`` (:func:`own_party_in`), each name counted as often as it is given (a file's
    labels, one a row: a party standing in every seat outweighs one standing in a few), the
    first country (the UK) at a tie: the country of a file its seat codes do not decide. A
    UK file's "Labour", "Conservative" and "Liberal" are the UK's (the Liberals' few
    candidates read as Canada's only), a Canadian file's "Liberal", "Conservative" and "NDP"
    Canada's."""
    counts = Counter(names)
    return max(
        COUNTRY_CODES,
        key=lambda codes: sum(
            count for name, count in counts.items() if own_party_in(name, codes) is not None
        ),
    )


def _names_its_country(name: str, party: Party | None) -> bool:
    """Whether ``name`` is ``party``'s code or full name and that name names the party's
    country ("LPC", "Liberal Party of Canada"): that country's party and no other's, so never
    read as another country's party by its names' words (a UK poll's "LPC" is not the Liberal
    Democrats, while its "Liberal" is)."""
    if party is None or " ".join(name.lower().split()) not in (
        party.code.lower(),
        party.name.lower(),
    ):
        return False
    return any(_has_words(party.name.lower(), country.lower()) for country in party.nations)


def _by_words(name: str, party: Party | None, parties: Sequence[str]) -> list[str]:
    """The codes among ``parties`` whose name or an alias has ``name`` as whole words ("Liberal
    Party" in "Liberal Party of Canada"), or, for a name the vocabulary reads as ``party`` of
    another country, that party's name or one of its aliases that the vocabulary reads as it
    ("Con" is the Conservatives; the CPC's "Conservative", which the vocabulary reads as the
    UK's Con, does not make a UK election read "CPC" as Con)."""
    spellings = {" ".join(name.strip().lower().replace("-", " ").split())}
    if party is not None:
        spellings |= {
            spelling.lower()
            for spelling in (party.name, *party.aliases)
            if find_party(spelling) is party
        }
    return [
        code
        for code in parties
        if code in _BY_CODE
        and any(
            _has_words(known, spelling)
            for spelling in spellings
            if spelling
            for known in (_BY_CODE[code].name.lower(), *_BY_CODE[code].aliases)
        )
    ]


def combined_parties(name: str, parties: Sequence[str] | None = None) -> tuple[str, ...]:
    """The codes of the parties a name joins with ``/`` as polls print two parties given one
    share ("SNP/PC", "SNP / Plaid Cymru"), each part read by :func:`get_party` (or, with an
    election's ``parties``, :func:`party_in`); ``()`` for a name that is not two or more
    different known parties so joined. Called on a name :func:`get_party` does not know, so a
    party whose own label has a ``/`` ("Liberal/Libéral") is that party."""
    parts = [part.strip() for part in name.split("/")]
    if len(parts) < 2 or not all(parts):
        return ()
    codes: list[str] = []
    for part in parts:
        try:
            codes.append(get_party(part).code if parties is None else party_in(part, parties))
        except UnknownPartyError:
            return ()
    distinct = tuple(dict.fromkeys(codes))
    return distinct if len(distinct) > 1 else ()


def unknown_party(name: str, parties: Sequence[str], *, poll: bool = True) -> UnknownNameError:
    """The error for a name no party answers to, read against an election's ``parties``: the
    vocabulary's message (:func:`get_party`) with those parties as the known ones and the
    suggestions drawn from their codes and names ("Did you mean 'Liberal Party of Canada'?"
    for a Canadian election, never a UK party); ``poll=False`` for counted votes (a results
    file, a sample, a declaration), whose advice never says to leave a party out."""
    return UnknownNameError(
        f"Unknown party {name!r}; known parties: {', '.join(parties)}."
        + party_suggestion(name, parties, poll=poll)
    )


def not_in_election(name: str, party: Party, parties: Sequence[str], *, country: str = "") -> str:
    """THE refusal of a party the vocabulary knows that is none of an election's ``parties``:
    the name quoted as the user typed it, then the party psephos read it as and, where the
    caller knows it, that party's country (``country``, with its article: "a UK"), so that a
    made-up country's poll naming "Labour" is told of the UK's Labour, not of a "Lab" it never
    typed: "Party 'Labour' (Lab, a UK party) is not in this election (Unity, Progress).", with a
    'Did you mean' of the election's parties."""
    typed = name.strip()
    read = [
        spelling
        for spelling in dict.fromkeys((party.name, party.code))  # Other's name is its code
        if spelling.casefold() != typed.casefold()
    ]
    if country:
        read.append(f"{country} party")
    shown = f" ({', '.join(read)})" if read else ""
    return (
        f"Party {typed!r}{shown} is not in this election; parties: {', '.join(parties)}."
        + did_you_mean(typed, list(parties))
    )


def party_suggestion(name: str, parties: Sequence[str], *, poll: bool = True) -> str:
    """What a message refusing ``name`` among an election's ``parties`` suggests: the advice
    for a name psephos reads no party from (:func:`unread_reason`), else a 'Did you mean' of
    the closest of those parties' codes, names and aliases (an alias shown as its party's name:
    "Libdems" is near the alias "lib dems", so "Did you mean 'Liberal Democrat'?"); ``""``
    where none is close; ``poll=False``: the advice for counted votes
    (:func:`_unread_advice`)."""
    spellings: dict[str, str] = {}
    for code in parties:
        spellings.setdefault(code, code)
        party = _BY_CODE.get(code)
        if party is not None:
            for spelling in (party.name, *party.aliases):
                spellings.setdefault(spelling, party.name)
    return _unread_advice(name, parties, poll=poll) or did_you_mean(name, spellings)


def _as_in(by_election: dict[str, str] | None, election_id: str | None) -> str | None:
    """A lineage's label or colour (``by_election``: :data:`LINEAGE_LABELS` or
    :data:`LINEAGE_COLOURS` of one code) in the election ``election_id``, or in the bundled
    election it was made from: an id written ``f"{base}-{what}"`` (a poll, turnout or swing
    scenario ``2019-poll``, ``2019-turnout``, ``2019-swing``) keeps its base's parties, so
    their names (the longest base that fits: ``2019-notional-2024-turnout`` is the notional
    result's; a projection, ``2019-projected``, is labelled as the next election,
    :func:`night_of`). ``None`` where neither has one.
    """
    if by_election is None or election_id is None:
        return None
    election_id = str(election_id)
    if election_id in by_election:
        return by_election[election_id]
    bases = [base for base in by_election if election_id.startswith(f"{base}-")]
    return by_election[max(bases, key=len)] if bases else None


def party_colour(
    code: str, election_id: str | None = None, parties: Sequence[str] | None = None
) -> str:
    """THE palette: the colour of a party code (or name) in maps, charts and web pages.

    Parties that meet in one place differ (SF/SDLP/PC/Green, LD/Alliance, Con/UUP; checked in
    tests/model/test_model_palette.py); the Reform code is UKIP's purple up to 2017. A party
    outside the vocabulary that is one of an election's ``parties`` (a party of a results
    file's own country) gets :data:`OWN_COLOURS` by its place among those of ``parties``
    outside the vocabulary (their columns: largest first); other unknown names get
    :data:`UNKNOWN_COLOUR`.
    """
    colour = _as_in(LINEAGE_COLOURS.get(code), election_id)
    if colour is not None:
        return colour
    try:
        return get_party(code).colour
    except UnknownPartyError:
        if parties is None or code not in parties:
            return UNKNOWN_COLOUR
    own = [party for party in parties if find_party(party) is None]
    return OWN_COLOURS[own.index(code) % len(OWN_COLOURS)]


def party_label(code: str, election_id: str | None = None) -> str:
    """Short display label of a party code: the party code itself, except for a party whose
    name changed (:data:`LINEAGE_LABELS`), which is named as it stood in that election ("UKIP"
    in 2015) and, in an election psephos does not bundle (a results night, a file of results
    that names the party by its code, the next election), by its name in the vocabulary
    (:class:`Party`, "Reform UK"), as the newest bundled election names it. A file that names
    the party ("UK Independence Party") is labelled as the election whose name that was
    (:func:`labels_election`, :attr:`psephos.model.Election.labels_id`)."""
    lineage = LINEAGE_LABELS.get(code)
    if lineage is None:
        return code
    return _as_in(lineage, election_id) or _BY_CODE[code].name


def night_label(code: str, base_id: str | None) -> str:
    """A party's label in the election after the base election ``base_id`` (:func:`night_of`:
    "Reform UK" after 2019 or its notional 2024 result, the "Brexit Party" after 2017), else
    the vocabulary's name (:func:`party_label` of no election: "Reform UK" after 2024). What
    every answer about that next election names a party: a projection from the base (its
    :meth:`~psephos.model.Election.label`), a forecast and an exit poll, on the command line
    and the web alike."""
    return party_label(code, night_of(base_id))


@lru_cache(maxsize=64)
def night_of(base_id: str | None) -> str | None:
    """The election whose labels the next election after ``base_id`` carries: the first
    general election after it that names a renamed party (:func:`election_after`: 2024 after
    2019 or its notional 2024 result, 2017 after 2015); ``None`` after the last of them (a
    projection from 2024 names Reform as the vocabulary does, "Reform UK"), or without an
    id."""
    after = [e for code in LINEAGE_LABELS if (e := election_after(code, base_id)) is not None]
    return min(after, key=int) if after else None


def projected_names_of(base_id: str | None) -> str | None:
    """The election whose names a poll projected from ``base_id`` is read against, where it
    names a party as another year did: the one the projection names its parties as
    (:func:`night_of`: 2024 from 2019, so "UKIP read as Reform UK (the same party)." above a
    table whose row says Reform UK; 2017 from 2015), else ``base_id`` itself (2024, a country
    without renamed parties)."""
    return night_of(base_id) or base_id


#: Each lineage's spellings (lower case) -> the label (:data:`LINEAGE_LABELS`) it is a
#: form of: the labels themselves and their short forms ("bxp" -> "Brexit Party").
LINEAGE_SPELLINGS: dict[str, dict[str, str]] = {
    "Reform": {
        **{label.lower(): label for label in LINEAGE_LABELS["Reform"].values()},
        **{spelling: label for label, names in _REFORM_NAMES.items() for spelling in names},
    },
}


@lru_cache(maxsize=1024)
def lineage_label(name: str) -> str | None:
    """The label (:data:`LINEAGE_LABELS`) of which ``name`` is a form (:data:`LINEAGE_SPELLINGS`:
    "BXP" and "The Brexit Party" are the "Brexit Party", "ukip" is "UKIP"); ``None`` for a name
    of no renamed party, and for a lineage's code (``Reform``), which names it in every year.
    Cached: a poll names each party the same way every time it is read."""
    party = find_party(name)
    if party is None or party.code not in LINEAGE_SPELLINGS:
        return None
    written = " ".join(name.lower().split())
    spellings = LINEAGE_SPELLINGS[party.code]
    forms = (written, *_ballot_forms(written))  # "UK Independence Party (UKIP)"
    return next((spellings[form] for form in forms if form in spellings), None)


def labels_election(readings: Iterable[tuple[str, str]]) -> str | None:
    """The election (of :data:`LINEAGE_LABELS`) whose labels a file's parties carry, from each
    party label as the file writes it and the code it was read as (``("UK Independence
    Party", "Reform")``): where every lineage the file names is named by one of its labels
    (:func:`lineage_label`: a 2015 file's "UK Independence Party" is "UKIP", a 2019 file's
    "Brexit Party"), the latest election whose labels they are (2017 for UKIP, whose labels
    2010 and 2015 share; 2019 for the Brexit Party; 2024 for Reform UK), a general election's
    before a notional result's. ``None`` where the file names no lineage by such a name (only
    by its code ``Reform``), or one by two of them."""
    found: dict[str, set[str]] = {}
    for written, code in readings:
        if code in LINEAGE_LABELS:
            label = lineage_label(written)
            if label is not None:
                found.setdefault(code, set()).add(label)
    if not found or any(len(labels) != 1 for labels in found.values()):
        return None
    every = dict.fromkeys(key for labels in LINEAGE_LABELS.values() for key in labels)
    ids = [
        election_id
        for election_id in every
        if all(LINEAGE_LABELS[code].get(election_id) in labels for code, labels in found.items())
    ]
    plain = [election_id for election_id in ids if election_id.isdigit()]
    return (plain or ids)[-1] if ids else None


#: A lineage's earlier name whose party still stands beside the renamed one (by the
#: lineage's code): UKIP stood 44 candidates against the Brexit Party in 2019 and 24 against
#: Reform UK in 2024, each counted as ``Other`` in the bundled results.
STILL_STANDING: dict[str, str] = {"Reform": "UKIP"}


def election_after(code: str, election_id: str | None) -> str | None:
    """The general election after ``election_id`` among those that name ``code``'s lineage
    (:data:`LINEAGE_LABELS`: 2019 after 2017, 2024 after 2019 or its notional result), the one
    a base's next polls precede and its results night elects; ``None`` after the last, or
    without an id."""
    if election_id is None or not election_id[:4].isdigit():
        return None
    year = int(election_id[:4])
    later = [key for key in LINEAGE_LABELS.get(code, {}) if key.isdigit() and int(key) > year]
    return min(later, key=int) if later else None


def separate_parties(names: Iterable[str], election_id: str | None = None) -> frozenset[str]:
    """The names among ``names`` (one file's or feed's party labels) that name a party of their
    own there, not the lineage the vocabulary reads them as: a form of a lineage's earlier
    name (:data:`STILL_STANDING`: "UKIP", "UK Independence Party") beside another name of the
    lineage ("Reform UK", "Brexit Party", "Reform"), as in 2019 and 2024, when UKIP stood
    against its successor. Alone, "UKIP" is the lineage (a 2015 file's), unless
    ``election_id`` (a results night's base) says the night is later: where the lineage's
    name in the election after it (:func:`election_after`, else in ``election_id`` itself:
    "Reform UK" after 2019 or 2024) is not the earlier name, every form of the earlier name is
    a party of its own, in every seat of the night, whatever else the seat's list holds."""
    by_code: dict[str, set[str]] = {}
    for name in set(names):
        party = find_party(name)
        if party is not None and party.code in STILL_STANDING:
            by_code.setdefault(party.code, set()).add(name)
    separate: set[str] = set()
    for code, found in by_code.items():
        earlier = {name for name in found if lineage_label(name) == STILL_STANDING[code]}
        night = election_after(code, election_id) or election_id
        renamed = _as_in(LINEAGE_LABELS.get(code), night) not in (None, STILL_STANDING[code])
        if found - earlier or renamed:
            separate |= earlier
    return frozenset(separate)


def lineage_names(code: str) -> str:
    """A lineage's names in order (:data:`LINEAGE_LABELS`): "UKIP -> Brexit Party -> Reform
    UK" for ``Reform``; a code of no lineage as given."""
    return " -> ".join(dict.fromkeys(LINEAGE_LABELS.get(code, {code: code}).values()))


def renamed_note(name: str, election_id: str | None = None) -> str | None:
    """What a note says where ``name`` is read as its party's name in ``election_id``
    (:func:`renamed_as`): "Brexit Party read as Reform UK (the same party)." against 2024; the
    note of a poll's party and of a marginals pair's; ``None`` where it is not renamed."""
    renamed = renamed_as(name, election_id)
    if renamed is None:
        return None
    return f"{' '.join(name.split())} read as {renamed} (the same party)."


def renamed_as(name: str, election_id: str | None = None) -> str | None:
    """The name a poll's ``name`` is read as where it is a form of its party's name in another
    year (:func:`lineage_label`: "Brexit Party" or "BXP" against 2024 is "Reform UK", "UKIP"
    against 2019 the "Brexit Party"), by :func:`party_name`; ``None`` for any other name, for
    a form of the name the party had in ``election_id`` ("RUK" against 2024), and for the
    party's code (``Reform``), which names the lineage in every year."""
    label = lineage_label(name)
    if label is None:
        return None
    now = party_name(get_party(name).code, election_id)
    return now if label != now else None


def party_name(code: str, election_id: str | None = None) -> str:
    """A party's name as a sentence gives it ("Vote Plaid Cymru", not "Vote PC"): the year's
    lineage label where one exists (``UKIP`` in 2015), else the vocabulary's full name
    (:attr:`Party.name`); a code outside the vocabulary as given. Tables keep the short
    :func:`party_label`."""
    label = _as_in(LINEAGE_LABELS.get(code), election_id)
    if label is not None:
        return label
    party = _BY_CODE.get(code)
    return party.name if party is not None else code
