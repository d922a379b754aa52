"""The declaration feed reader on what files and pipes really carry: byte-order marks, arrays,
counts that need a candidate column."""

from __future__ import annotations

import io
import json

import pytest

from psephos.errors import DataFormatError, ForeignPartyError, UnknownPartyError
from psephos.io.declarations import read_declarations, read_feed
from psephos.io.rows import csv_records


def test_a_byte_order_mark_on_the_first_line_is_not_part_of_the_header() -> None:
    header, records = csv_records(
        iter(["\ufeffseat_code,party,votes\n", "E1,Lab,3\n"]),
        what="declaration CSV",
        required=("seat_code", "party", "votes"),
    )
    assert header == ["seat_code", "party", "votes"]
    assert list(records) == [(2, {"seat_code": "E1", "party": "Lab", "votes": "3"})]


def test_declarations_with_a_byte_order_mark() -> None:
    csv_feed = "\ufeffseat_code,party,votes\nE1,Lab,3\nE1,Con,2\n"
    assert list(read_declarations(io.StringIO(csv_feed))) == [("E1", {"Lab": 3.0, "Con": 2.0})]
    json_feed = '\ufeff{"seat": "E1", "votes": {"Lab": 3, "Con": 2}}\n'
    assert list(read_declarations(io.StringIO(json_feed))) == [("E1", {"Lab": 3.0, "Con": 2.0})]


def test_a_json_array_is_not_taken_for_csv() -> None:
    feed = '[{"seat": "E1", "votes": {"Lab": 3}}]\n'
    with pytest.raises(DataFormatError, match="JSON lines expected: one object per line, not an"):
        list(read_declarations(io.StringIO(feed)))


def test_a_missing_column_is_named_as_the_file_spells_the_header() -> None:
    with pytest.raises(DataFormatError, match=r"\(found Seat, Party, Votes Cast\)"):
        list(read_declarations(io.StringIO("Seat,Party,Votes Cast\nE1,Lab,3\n")))


def test_two_rows_of_a_party_in_a_seat_need_a_candidate_column() -> None:
    """Two Independents added up (3,627 + 1,636) would beat nobody here, but could elsewhere:
    refused as a results file refuses them, naming the rows, not added up."""
    feed = "seat_code,party,votes\nE1,Lab,18875\nE1,Independent,3627\nE1,Ind,1636\n"
    with pytest.raises(
        DataFormatError,
        match=r"rows 3 and 4: duplicate seat row: 'Ind' appears twice in 'E1' \(add a",
    ):
        list(read_declarations(io.StringIO(feed)))
    with_names = "seat_code,party,votes,candidate\nE1,Ind,3627,A\nE1,Ind,1636,B\n"
    assert len(next(read_declarations(io.StringIO(with_names)))[1]) == 2


def test_an_unknown_party_says_how_to_count_it_as_other() -> None:
    csv_feed = "seat_code,party,votes\nE1,Lab,20\nE1,Workers Party of Britain,9\n"
    with pytest.raises(UnknownPartyError, match=r"row 3: party: .*--unknown-parties other"):
        list(read_declarations(io.StringIO(csv_feed)))
    assert list(read_declarations(io.StringIO(csv_feed), unknown_parties="other")) == [
        ("E1", {"Lab": 20.0, "Other": 9.0})
    ]
    json_feed = (
        '{"seat": "E1", "votes": {"Lab": 20, "Workers Party of Britain": 9}}\n'
        '{"seat": "E2", "candidates": [{"name": "A", "party": "Workers Party", "votes": 9}]}\n'
    )
    with pytest.raises(UnknownPartyError, match=r"line 1: votes: .*--unknown-parties other"):
        list(read_declarations(io.StringIO(json_feed)))
    (_, votes), (_, candidates) = read_declarations(io.StringIO(json_feed), unknown_parties="other")
    assert votes == {"Lab": 20.0, "Other": 9.0}
    assert isinstance(candidates, tuple) and candidates[0].party == "Other"


def test_a_csv_feed_may_give_the_electorate_as_declared() -> None:
    """An optional `electorate` column carries the declared electorate to the nowcast, as
    the JSON key does (thousands separators read; a blank cell is the base's; two values
    for one seat refused)."""
    text = (
        "seat_code,party,votes,electorate\n"
        'E14000530,Con,20123,"71,000"\n'
        "E14000530,Lab,18001,\n"
        "E14000531,Lab,1,\n"
    )
    fed = list(read_feed(io.StringIO(text)))
    assert [d.electorate for d in fed] == [71000, None]
    clash = "seat_code,party,votes,electorate\nE1,Con,5,100\nE1,Lab,4,90\n"
    with pytest.raises(DataFormatError, match="one electorate a seat"):
        list(read_feed(io.StringIO(clash)))


def test_a_seat_given_by_name_is_read_as_its_code_naming_the_rows_when_unknown(
    newsroom_declarations: str,
) -> None:
    """Every declared seat is read against the base as every seat is (Election.seat_index),
    so a newsroom's seat names become ONS codes, and a misspelt one is refused naming where it
    was in the feed (CSV rows, or a JSON line)."""
    from psephos import load
    from psephos.errors import UnknownConstituencyError
    from psephos.io.declarations import with_seat_code

    base = load("2024")
    feed = list(read_feed(io.StringIO(newsroom_declarations)))
    codes = [with_seat_code(declaration, base).seat for declaration in feed]
    assert codes == [base.constituencies[base.seat_index(d.seat)].code for d in feed]
    assert all(code in base.codes for code in codes) and codes[0] == codes[-1]
    assert [d.where for d in feed][::5] == [
        "declaration CSV rows 2-4",
        "declaration CSV rows 13-15",
    ]
    assert not any(with_seat_code(d, base).note for d in feed)  # whole names: nothing assumed
    (misspelt,) = read_feed(io.StringIO("seat,party,votes\nChorly,Speaker,2\nChorly,Green,1\n"))
    with pytest.raises(
        UnknownConstituencyError,
        match=r"^declaration CSV rows 2-3: No constituency 'Chorly'.*'Chorley'",
    ):
        with_seat_code(misspelt, base)
    line = '{"seat": "Chorly", "votes": {"Speaker": 2, "Green": 1}}\n'
    _, misspelt = read_feed(io.StringIO(line.replace("Chorly", "Chorley") + line))
    with pytest.raises(UnknownConstituencyError, match=r"^declaration line 2: "):
        with_seat_code(misspelt, base)


def test_a_feed_starting_with_blank_lines_is_told_apart_by_its_first_line_with_text() -> None:
    """A JSON-lines feed whose first line is blank was read as CSV and refused as lacking
    columns; blank lines before a CSV header were refused too. Lines keep their numbers."""
    json_feed = '\n  \n{"seat": "E1", "votes": {"Lab": 3, "Con": 2}}\n{"seat": "E2"}\n'
    with pytest.raises(DataFormatError, match="declaration line 4: a declaration needs"):
        list(read_feed(io.StringIO(json_feed)))
    assert next(read_declarations(io.StringIO(json_feed))) == ("E1", {"Lab": 3.0, "Con": 2.0})
    csv_feed = "\n\nseat_code,party,votes\nE1,Lab,3\nE1,Con,many\n"
    with pytest.raises(DataFormatError, match="declaration CSV row 5: votes"):
        list(read_feed(io.StringIO(csv_feed)))
    (declaration,) = read_feed(io.StringIO(csv_feed.replace("many", "2")))
    assert declaration.counts == {"Lab": 3.0, "Con": 2.0}
    assert declaration.where == "declaration CSV rows 4-5"


@pytest.mark.parametrize(
    "feed",
    [
        "seat_code,party,votes,declared_at\nE1,Lab,3,02:10\nE1,Con,2,02:10\nE2,Lab,5,01:00\n",
        '{"seat": "E1", "votes": {"Lab": 3, "Con": 2}, "declared_at": "02:10"}\n'
        '{"seat": "E2", "votes": {"Lab": 5}, "declared_at": "01:00"}\n',
    ],
)
def test_a_time_column_is_not_read_and_the_first_declaration_says_so(feed: str) -> None:
    """Declarations count in the order of the feed; a `declared_at` column (or key) was
    ignored without a word. The first declaration now carries the one note saying so."""
    first, second = read_feed(io.StringIO(feed))
    assert (first.seat, second.seat) == ("E1", "E2")  # the feed's order, not the times'
    assert "'declared_at'" in first.note and "order of the feed" in first.note
    assert second.note == ""
    untimed = ("seat_code,party,votes\nE1,Lab,3\n", '{"seat": "E1", "votes": {"Lab": 3}}\n')
    assert all(not d.note for text in untimed for d in read_feed(io.StringIO(text)))


def test_a_code_column_takes_a_canadian_code_and_keeps_the_ballot_label() -> None:
    """The ``code`` column reads the whole vocabulary, Canada's codes too (a night on a
    Canadian base: ``psephos nowcast feed --from canada-2019``, the web's replayed file), the
    label kept as written; a code of no country is refused, naming the row."""
    feed = (
        "seat,candidate,party,code,votes\n"
        "24055,A,Liberal,LPC,25000\n24055,B,Conservative,CPC,3000\n24055,C,Bloc,BQ,9000\n"
    )
    (declaration,) = read_feed(io.StringIO(feed))
    assert [(c.party, c.party_name) for c in declaration.counts] == [  # type: ignore[union-attr]
        ("LPC", "Liberal"),
        ("CPC", "Conservative"),
        ("BQ", "Bloc"),
    ]
    with pytest.raises(DataFormatError, match=r"row 2: code: 'XYZ' is not one of Con, .*LPC"):
        list(read_feed(io.StringIO("seat,party,code,votes\n24055,Liberal,XYZ,5\n")))


#: Canada's parties by the short names its ballots and results nights use, some of them a UK
#: party's too (Conservative, Green).
CANADIAN_SHORT_NAMES = {
    "Liberal": "LPC",
    "Conservative": "CPC",
    "Green": "GPC",
    "Bloc": "BQ",
    "People's": "PPC",
    "NDP": "NDP",
}


def test_a_feed_read_against_a_canadian_night_reads_its_short_names_as_canada_s() -> None:
    """With the base's parties, a feed's "Conservative" and "Green" are the CPC and the GPC
    (psephos.model.party_in), in CSV rows, JSON votes and JSON candidates; the reader without
    a base still reads them as the vocabulary does (Con, Green), and a UK night as the UK's."""
    from psephos.model import CANADA_PARTY_CODES, PARTY_CODES

    rows = "".join(f"24055,{name},{n}\n" for n, name in enumerate(CANADIAN_SHORT_NAMES, 1))
    csv_feed = "seat_code,party,votes\n" + rows
    votes = {name: n for n, name in enumerate(CANADIAN_SHORT_NAMES, 1)}
    candidates = [{"name": name, "party": name, "votes": n} for name, n in votes.items()]
    json_votes = json.dumps({"seat": "24055", "votes": votes}) + "\n"
    json_candidates = json.dumps({"seat": "24055", "candidates": candidates}) + "\n"
    expected = {code: float(n) for n, code in enumerate(CANADIAN_SHORT_NAMES.values(), 1)}
    for text in (csv_feed, json_votes):
        ((_, counts),) = read_declarations(io.StringIO(text), parties=CANADA_PARTY_CODES)
        assert counts == expected
    (declaration,) = read_feed(io.StringIO(json_candidates), parties=CANADA_PARTY_CODES)
    read = [(c.name, c.party) for c in declaration.counts]  # type: ignore[union-attr]
    assert read == list(CANADIAN_SHORT_NAMES.items())
    uk = "seat_code,party,votes\nE1,Conservative,3\nE1,Green,2\n"
    for parties in (None, PARTY_CODES):
        ((_, counts),) = read_declarations(io.StringIO(uk), parties=parties)
        assert counts == {"Con": 3.0, "Green": 2.0}


def test_another_country_s_party_on_a_night_is_refused_even_counting_unknowns_as_other() -> None:
    """A UK code on a Canadian night is not one of its parties, and is not a party psephos
    does not know: it is refused, counting unknown parties as Other or not; a name no
    country knows is counted as Other when asked."""
    from psephos.model import CANADA_PARTY_CODES

    feed = "seat_code,party,votes\n24055,Liberal,5\n24055,Con,3\n24055,Rhinoceros,1\n"
    for unknown in ("error", "other"):
        with pytest.raises(
            UnknownPartyError, match=r"row 3: party: Party 'Con' \(Conservative\) is not in"
        ):
            list(read_feed(io.StringIO(feed), parties=CANADA_PARTY_CODES, unknown_parties=unknown))  # type: ignore[arg-type]
    other = feed.replace("24055,Con,3\n", "")
    ((_, counts),) = read_declarations(
        io.StringIO(other), parties=CANADA_PARTY_CODES, unknown_parties="other"
    )
    assert counts == {"LPC": 5.0, "Other": 1.0}


def test_another_country_s_party_on_a_night_is_refused_without_the_other_hint() -> None:
    """Counting unknown parties as Other does not take a party psephos knows, so a UK code
    on a Canadian night is refused without that hint, in the caller's words for another
    country's party where it gives them (the jurisdictions', naming both countries)."""
    from psephos.jurisdictions import foreign_party
    from psephos.model import CANADA_PARTY_CODES

    feed = "seat_code,party,votes\n24055,Liberal,5\n24055,Con,3\n"
    for unknown in ("error", "other"):
        with pytest.raises(ForeignPartyError) as plain:
            list(read_feed(io.StringIO(feed), parties=CANADA_PARTY_CODES, unknown_parties=unknown))  # type: ignore[arg-type]
        assert "--unknown-parties" not in str(plain.value)
        with pytest.raises(ForeignPartyError) as worded:
            list(
                read_feed(
                    io.StringIO(feed),
                    parties=CANADA_PARTY_CODES,
                    unknown_parties=unknown,  # type: ignore[arg-type]
                    foreign=foreign_party,
                )
            )
        words = foreign_party("Con", CANADA_PARTY_CODES)
        assert words is not None and str(worded.value).endswith(f"row 3: party: {words}")
    with pytest.raises(UnknownPartyError, match="--unknown-parties other"):
        list(
            read_feed(
                io.StringIO(feed.replace(",Con,", ",Rhinoceros,")), parties=CANADA_PARTY_CODES
            )
        )


@pytest.mark.parametrize(
    "header",
    [
        "ONS ID,Constituency name,Party name,Candidate first name,Candidate surname,Votes",
        "ons_id,constituency_name,party_name,firstname,surname,votes",
    ],
)
def test_the_commons_librarys_headings_read_as_the_results_reader_reads_them(header: str) -> None:
    """The House of Commons Library's candidate files (2024's headings and 2015-2019's), as
    ``psephos results`` reads them: one table of column names for both readers."""
    feed = (
        f"{header}\nE1,Bath,Independent,Jay,Lunn,301\nE1,Bath,Independent,Bill,Blyth,200\n"
        "E1,Bath,Liberal Democrat,Wera,Hobhouse,28419\n"
    )
    [declaration] = list(read_feed(io.StringIO(feed)))
    assert declaration.seat == "E1"
    assert [(c.name, c.party, c.votes) for c in declaration.counts] == [
        ("Jay Lunn", "Ind", 301),
        ("Bill Blyth", "Ind", 200),
        ("Wera Hobhouse", "LD", 28419),
    ]


def test_a_seat_given_as_seat_is_still_read() -> None:
    assert list(read_declarations(io.StringIO("seat,party,votes\nE1,Lab,3\n"))) == [
        ("E1", {"Lab": 3.0})
    ]
