"""Elections Canada's official results tables, read as psephos reads results.

Elections Canada publishes each general election's results as bilingual CSV tables (headers
``English/Français``, a UTF-8 byte-order mark). Table 12 ("candidates by riding") has one row
per candidate; its party is the END of the candidate string, in both languages ("Ken McDonald
** Liberal/Libéral", ``**`` marking the incumbent). This module holds that layout's rules once:
the bundled Canadian tables are built with them (``scripts/build_canada.py``), and a user's
table 12 is read with them as a results file (:func:`table12_as_results`), so an analyst gives
``psephos results EC-2025-table12.csv`` the file as published.

A label is matched against the full bilingual labels of :data:`PARTY_LABELS`, longest first, so
surnames such as "Green" or "Block" cannot be taken for parties. A label not in the table (a
party new at a later election) is found as the words its candidates' strings share: every
candidate of a party ends with the same label, so the longest run of words ending the English
halves of the strings with one French label is the English label; a party with one candidate
only is known by its French label.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from psephos.errors import DataFormatError

#: Full bilingual party labels as printed at the end of the candidate string -> party code
#: (:data:`psephos.model.CANADA_PARTY_CODES`; every minor party is ``Other``).
PARTY_LABELS: dict[str, str] = {
    "Liberal/Libéral": "LPC",
    "Conservative/Conservateur": "CPC",
    "NDP-New Democratic Party/NPD-Nouveau Parti démocratique": "NDP",
    "Bloc Québécois/Bloc Québécois": "BQ",
    "Green Party/Parti Vert": "GPC",
    "People's Party/Parti populaire": "PPC",
    "People's Party - PPC/Parti populaire - PPC": "PPC",
    "Independent/Indépendant(e)": "Ind",
    "No Affiliation/Aucune appartenance": "Ind",
    "Christian Heritage Party/Parti de l'Héritage Chrétien": "Other",
    "VCP/CAC": "Other",
    "National Citizens Alliance/Alliance Nationale Citoyens": "Other",
    "Communist/Communiste": "Other",
    "Animal Protection Party/Parti Protection Animaux": "Other",
    "Parti Rhinocéros Party/Parti Rhinocéros Party": "Other",
    "Libertarian/Libertarien": "Other",
    "Radical Marijuana/Radical Marijuana": "Other",
    "Marijuana Party/Parti Marijuana": "Other",
    "Pour l'Indépendance du Québec/Pour l'Indépendance du Québec": "Other",
    "ML/ML": "Other",
    "Marxist-Leninist/Marxiste-Léniniste": "Other",
    "PC Party/Parti PC": "Other",
    "Nationalist/Nationaliste": "Other",
    "CFF - Canada's Fourth Front/QFC - Quatrième front du Canada": "Other",
    "UPC/UPC": "Other",
    "Stop Climate Change/Arrêtonslechangementclimatique": "Other",
    "Free Party Canada/Parti Libre Canada": "Other",
    "Maverick Party/Maverick Party": "Other",
    "Parti Patriote/Parti Patriote": "Other",
    "Centrist/Centriste": "Other",
}
# Longest labels first, so "People's Party - PPC/..." wins over a shorter overlap.
_BY_LENGTH = sorted(PARTY_LABELS, key=len, reverse=True)


def split_candidate(text: str) -> tuple[str, bool, str, str]:
    """(name, incumbent, party code, English party label) from a table-12 candidate string."""
    text = " ".join(text.split())
    for label in _BY_LENGTH:
        if text.endswith(" " + label):
            person = text[: -len(label) - 1].strip()
            incumbent = person.endswith("**")
            person = person.removesuffix("**").strip()
            return person, incumbent, PARTY_LABELS[label], label.split("/")[0]
    raise ValueError(f"no known party label at the end of {text!r}; add it to PARTY_LABELS")


def english(text: str) -> str:
    """The English half of a bilingual ``English/Français`` value."""
    return str(text).split("/")[0].strip()


#: Table 12's columns (the English half of each bilingual header) this reader needs.
TABLE12_COLUMNS = (
    "Province",
    "Electoral District Name",
    "Electoral District Number",
    "Candidate",
    "Votes Obtained",
)


def _header(line: str) -> list[str]:
    """A bilingual header row's English halves."""
    return [english(cell) for cell in next(csv.reader([line]))]


def is_table12(text: str) -> bool:
    """Whether ``text`` is Elections Canada's table 12 (candidates by riding): its header has
    every column of :data:`TABLE12_COLUMNS` in English and French, and no ``party`` column."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if "/" not in first:
        return False
    names = _header(first)
    return all(column in names for column in TABLE12_COLUMNS) and "party" not in (
        name.lower() for name in names
    )


def _unknown_labels(strings: list[str]) -> dict[str, str]:
    """For candidate strings whose label :data:`PARTY_LABELS` lacks: each string -> its English
    label, found as the longest run of words that every string with the same French half ends
    with (a party with one candidate: its French half)."""
    parts = {}  # each string: its English half's words and its French label
    by_french: dict[str, list[list[str]]] = defaultdict(list)
    for text in strings:
        english_part, _, french = text.rpartition("/")
        parts[text] = (english_part.split(), french.strip())
        by_french[french.strip()].append(english_part.split())
    found: dict[str, str] = {}
    for text, (words, french) in parts.items():
        group = by_french[french]
        shared: list[str] = []
        if len(group) > 1:
            for last in zip(*(reversed(each) for each in group), strict=False):
                if len(set(last)) != 1:
                    break
                shared.insert(0, last[0])
        # no words shared, or all of them (one name): the French label names the party
        found[text] = " ".join(shared) if 0 < len(shared) < len(words) else french
    return found


def table12_as_results(text: str, what: str = "results file") -> tuple[str, str]:
    """Elections Canada's table 12 as a results file in psephos's long layout (columns
    ``seat_code`` = riding number, ``seat_name`` and ``region`` = their English halves,
    ``candidate``, ``party``, ``votes``), and a note saying how it was read. A label of
    :data:`PARTY_LABELS` is written as its party's code (a minor party as ``Other``, as the
    bundled tables count it); any other keeps its English label, which the results reader
    counts as ``Other`` with ``unknown_parties="other"`` (or refuses, naming it).

    Raises:
        DataFormatError: a row with another number of fields than the header, or without a
            candidate, naming it (the results reader then checks riding numbers and votes).
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [english(cell) for cell in next(reader)]
    where = {column: header.index(column) for column in TABLE12_COLUMNS}
    column = where["Candidate"]
    # blank lines are kept as blank lines, so a message's row number is the file's own
    rows: list[tuple[int, list[str]]] = list(enumerate(reader, start=2))
    strings = [
        " ".join(cells[column].split())
        for _, cells in rows
        if len(cells) > column and cells[column].strip()
    ]
    known: dict[str, tuple[str, bool, str, str]] = {}
    unknown: list[str] = []
    for string in dict.fromkeys(strings):
        try:
            known[string] = split_candidate(string)
        except ValueError:
            unknown.append(string)
    labels = _unknown_labels(unknown)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["seat_code", "seat_name", "region", "candidate", "party", "votes"])
    new_labels: set[str] = set()
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            writer.writerow([])
            continue
        if len(cells) != len(header):
            raise DataFormatError(
                f"{what} row {number}: {len(cells)} fields, where Elections Canada's table 12 "
                f"has {len(header)}."
            )
        candidate = " ".join(cells[column].split())
        if not candidate:
            raise DataFormatError(f"{what} row {number}: the candidate is empty.")
        if candidate in known:  # the table's code: a minor party is Other, as bundled
            person, _, label, _ = known[candidate]
        else:
            label = labels[candidate]
            english_part = candidate.rpartition("/")[0].strip()
            person = english_part.removesuffix(label).strip().removesuffix("**").strip()
            new_labels.add(label)
        writer.writerow(
            [
                cells[where["Electoral District Number"]].strip(),
                english(cells[where["Electoral District Name"]]),
                english(cells[where["Province"]]),
                person,
                label,
                cells[where["Votes Obtained"]].strip(),
            ]
        )
    note = (
        f"The {what} is read as Elections Canada's table 12 (candidates by riding): each "
        "candidate's party from the end of the candidate string, names and provinces in "
        "English, ridings by number"
        + (
            f"; labels psephos's table of Elections Canada's labels does not list, read as the "
            f"words their candidates share: {', '.join(sorted(new_labels))}"
            if new_labels
            else ""
        )
        + "."
    )
    return out.getvalue(), note


def read_table12(text: str, what: str = "results file") -> tuple[str, str] | None:
    """:func:`table12_as_results` of a text that is table 12 (:func:`is_table12`), else
    ``None``: Canada's entry among the countries' official layouts
    (:attr:`psephos.jurisdictions.Jurisdiction.results_layouts`)."""
    return table12_as_results(text, what) if is_table12(text) else None
