"""The domain model on hand-checkable elections, plus invariants with Hypothesis."""

from __future__ import annotations

import ast

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import psephos
from psephos.errors import (
    DataFormatError,
    PsephosError,
    UnknownConstituencyError,
    UnknownPartyError,
)
from psephos.model import Constituency, Election, get_party, winners_from_votes


def test_winners_majorities_and_seats(three_seats: Election) -> None:
    assert three_seats.seats_won() == {"Con": 1, "Lab": 1, "LD": 1}
    assert [three_seats.parties[w] for w in three_seats.winner] == ["Con", "Lab", "LD"]
    assert three_seats.majority.tolist() == [200, 50, 200]
    assert three_seats.total_votes() == {"Con": 1050, "Lab": 950, "LD": 700}
    assert three_seats.vote_shares()["Con"] == pytest.approx(1050 / 2700)


def test_result_lookup_by_name_code_and_ampersand(three_seats: Election) -> None:
    result = three_seats.result("beta and gamma")
    assert result.constituency.code == "E2"
    assert result.winner == "Lab" and result.runner_up == "Con" and result.majority == 50
    assert result.shares["Lab"] == pytest.approx(400 / 900)
    assert three_seats.result("e2") == result


def test_unknown_seat_suggests_names(three_seats: Election) -> None:
    with pytest.raises(UnknownConstituencyError, match="Did you mean 'Alpha'"):
        three_seats.result("Alpah")
    with pytest.raises(KeyError):  # also a builtin KeyError
        three_seats.result("Nowhere at all")


def test_winner_from_candidates_not_party_totals(two_independents: Election) -> None:
    # The two independents add up to 550 > 400, but the Conservative won the seat.
    assert two_independents.seats_won() == {"Con": 1, "Ind": 0}
    assert two_independents.majority[0] == 100
    assert two_independents.result("Split").runner_up == "Ind"


def test_with_votes_returns_new_election_and_never_mutates(three_seats: Election) -> None:
    new = three_seats.with_votes(np.array([[1, 2, 0], [3, 1, 0], [0, 0, 5]]))
    assert new.seats_won() == {"Con": 1, "Lab": 1, "LD": 1}
    assert [new.parties[w] for w in new.winner] == ["Lab", "Con", "LD"]
    assert three_seats.votes[0, 0] == 500
    with pytest.raises(ValueError):
        three_seats.votes[0, 0] = 1  # read-only arrays


def test_select_and_totals_by_nation(three_seats: Election) -> None:
    gb = three_seats.select(three_seats.nations == "England")
    assert gb.n_seats == 2 and gb.seats_won()["LD"] == 0
    by_nation = three_seats.totals_by("nation")
    assert by_nation["Scotland"] == {"Con": 200, "Lab": 250, "LD": 450}
    with pytest.raises(ValueError):
        three_seats.totals_by("county")


def test_party_vocabulary_aliases() -> None:
    assert get_party("Lib Dem").code == "LD"
    assert get_party("brexit party").code == "Reform"
    assert get_party("UKIP").code == "Reform"
    assert get_party("APNI").code == "Alliance"
    assert get_party("Sinn Féin").code == "SF"
    with pytest.raises(UnknownPartyError, match="Did you mean"):
        get_party("Labor")


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Labour and Co-operative Party", "Lab"),
        ("Scottish Green Party", "Green"),
        ("Plaid Cymru - The Party of Wales", "PC"),
        ("Scottish National Party (SNP)", "SNP"),
        ("Democratic Unionist Party - D.U.P.", "DUP"),
        ("Alliance - Alliance Party of Northern Ireland", "Alliance"),
        ("Social Democratic & Labour Party", "SDLP"),
        ("Speaker seeking re-election", "Speaker"),
        ("The Conservative Party Candidate", "Con"),
        ("Scottish Conservative and Unionist", "Con"),
        ("Welsh Liberal Democrats", "LD"),
    ],
)
def test_ballot_paper_labels_read_as_their_party(label: str, code: str) -> None:
    """Descriptions as the Electoral Commission registers them and ballot papers print them
    are read by every reader (results files, declarations, polls) through one vocabulary."""
    assert get_party(label).code == code


@pytest.mark.parametrize("label", ["Liberal Party", "Workers Party", "Party of Women"])
def test_minor_parties_stay_unknown(label: str) -> None:
    """A loose reading never turns a UK minor party into a major one (nor into Canada's
    Liberals): it is still an unknown party, for --unknown-parties other to bucket."""
    with pytest.raises(UnknownPartyError):
        get_party(label)


def test_unknown_party_in_election(three_seats: Election) -> None:
    assert three_seats.party_index("Liberal Democrat") == 2
    with pytest.raises(PsephosError, match="not in election"):
        three_seats.party_index("SNP")


def test_shape_mismatch_is_rejected() -> None:
    seat = Constituency("E1", "A", "England", "London", 1, "test")
    with pytest.raises(ValueError, match="shape"):
        Election.from_votes("x", [seat], ("Con", "Lab"), [[1, 2, 3]])


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (np.nan, "are NaN; give 0 for a party that did not stand"),
        (-5.0, "are -5; give counts of 0 or more"),
        (np.inf, "are inf; give finite counts"),
        (-np.inf, "are -inf; give finite counts"),
    ],
)
def test_votes_that_are_no_count_are_refused_naming_the_seat_and_party(
    three_seats: Election, value: float, said: str
) -> None:
    """A NaN (what a pandas pivot gives a party that did not stand) was read as the winner by
    ``argmax``, and ``with_votes`` kept the old winners where a row summed to NaN or less."""
    votes = three_seats.votes.copy()
    votes[1, 2] = value
    refused = f"The votes for LD in Beta & Gamma \\(E2\\) {said}"
    with pytest.raises(DataFormatError, match=refused):
        Election.from_votes("mine", three_seats.constituencies, three_seats.parties, votes)
    with pytest.raises(DataFormatError, match=refused):
        three_seats.with_votes(votes)


def test_minus_zero_votes_are_zero(three_seats: Election) -> None:
    votes = three_seats.votes * np.array([1.0, 1.0, -0.0])
    assert three_seats.with_votes(votes).seats_won() == {"Con": 1, "Lab": 2, "LD": 0}


def test_several_bad_cells_are_counted_and_votes_of_another_shape_named() -> None:
    election = psephos.load("2017")
    votes = election.votes.copy()
    votes[votes == 0] = np.nan
    with pytest.raises(DataFormatError, match=r"are NaN \(and \d+ more cells\)"):
        Election.from_votes("mine", election.constituencies, election.parties, votes)
    with pytest.raises(DataFormatError, match=r"votes has shape \(650,\); give 650 seats x 16"):
        election.with_votes(np.ones(650))
    with pytest.raises(DataFormatError, match="votes must be numbers"):
        election.with_votes(np.full((650, 16), "many"))


def test_party_codes_psephos_does_not_know_are_refused_unless_read_as_its_own_country() -> None:
    """A code psephos does not know silently renamed a column ("Foo" won Labour's 262 seats);
    it is refused as the results-file reader refuses it, unless the election is of a country
    of its own (``unknown_parties="own"``, as the reader's)."""
    from psephos.jurisdictions import of

    election = psephos.load("2017")
    seats, votes = election.constituencies, election.votes
    with pytest.raises(UnknownPartyError, match=r"Unknown party 'Foo'.*unknown_parties='own'"):
        Election.from_votes("x", seats, ("Con", "Foo", *election.parties[2:]), votes)
    with pytest.raises(UnknownPartyError, match="'LPC' is another country's than Con, LD"):
        Election.from_votes("x", seats, ("Con", "LPC", *election.parties[2:]), votes)
    with pytest.raises(DataFormatError, match="'Con' is given twice"):
        Election.from_votes("x", seats, ("Con", "Con", *election.parties[2:]), votes)
    own = Election.from_votes(
        "india", seats, ("BJP", "INC", *election.parties[2:]), votes, unknown_parties="own"
    )
    assert own.seats_won()["INC"] == 262 and own.name == "india"
    dated = Election.from_votes(
        "2024", seats, ("BJP", "INC", *election.parties[2:]), votes, unknown_parties="own"
    )
    assert dated.name == "General election 2024"
    assert of(own).code == "own" and of(own.with_votes(votes)).code == "own"


@pytest.mark.parametrize(
    ("election_id", "title"),
    [("2017", "UK general election 2029"), ("canada-2021", "Canadian federal election 2029")],
)
def test_an_election_built_without_a_name_is_named_after_its_country(
    election_id: str, title: str
) -> None:
    """An id that begins with a year names that year's election of the country; any other id
    is the name itself ("mine" was titled "UK general election mine")."""
    bundled = psephos.load(election_id)
    dated = Election.from_votes("2029", bundled.constituencies, bundled.parties, bundled.votes)
    assert dated.name == title
    mine = Election.from_votes("mine", bundled.constituencies, bundled.parties, bundled.votes)
    assert mine.name == "mine" and repr(mine).startswith("Election('mine', 'mine', ")


@pytest.mark.filterwarnings("ignore::psephos.errors.ShareWarning")  # the parties not named
def test_an_election_and_its_projection_pickle_and_deep_copy() -> None:
    """``meta`` is a mapping proxy, which does not pickle: an election could not go to a
    worker process (joblib, ``ProcessPoolExecutor``) nor be deep-copied."""
    import copy
    import pickle

    from psephos.projection import project

    base = psephos.load("2019-notional-2024")
    projection = project(base, "Lab 35 Con 24")
    for election in (base, projection.election):  # the projection's majority still pending
        for back in (pickle.loads(pickle.dumps(election)), copy.deepcopy(election)):
            assert back is not election and back.id == election.id
            assert back.constituencies == election.constituencies
            for name in ("votes", "valid_votes", "winner", "runner_up", "majority"):
                assert np.array_equal(getattr(back, name), getattr(election, name))
                assert not getattr(back, name).flags.writeable
            assert back.seats_won() == election.seats_won()
            assert back.meta == election.meta and back.candidates == election.candidates
            assert back.result("Islington North") == election.result("Islington North")
    assert project(pickle.loads(pickle.dumps(base)), "Lab 35 Con 24").seats() == projection.seats()
    again = pickle.loads(pickle.dumps(projection))
    assert again.seats() == projection.seats() and np.array_equal(again.shares, projection.shares)


@pytest.mark.filterwarnings("ignore::psephos.errors.ShareWarning")  # the parties not named
def test_an_election_and_a_projection_show_as_one_line() -> None:
    """Their dataclass reprs held every array (about 500 KB), all a notebook cell showed."""
    from psephos.projection import project

    election = psephos.load("2024")
    assert repr(election) == "Election('2024', 'UK general election 2024', 650 seats x 16 parties)"
    projection = project(election, "Lab 30 Con 20", model="uniform")
    seats = {party: n for party, n in projection.seats().items() if n}
    shown = repr(projection)
    assert shown.startswith("Projection(model='uniform', base='2024', seats={'Lab': ")
    assert ast.literal_eval(shown.split("seats=")[1][:-1]) == seats and len(shown) < 300


def test_arguments_of_the_wrong_kind_are_refused_in_one_line_or_read_as_meant(
    three_seats: Election,
) -> None:
    """An integer seat or party failed with AttributeError ('int' has no 'strip'), a list of
    positions was read as a 3-long mask (a zip() error) and a mask of another length with an
    IndexError."""
    with pytest.raises(UnknownConstituencyError, match=r"not 5; result_at\(position\)"):
        three_seats.result(5)  # type: ignore[arg-type]
    with pytest.raises(UnknownPartyError, match=r"Give a party's code or name \(text\), not 3"):
        three_seats.party_index(3)  # type: ignore[arg-type]
    assert three_seats.select([2, 0]).codes == ("E1", "S3")  # positions, in seat order
    assert three_seats.select(["Delta", "e1"]).codes == ("E1", "S3")  # codes and names
    assert three_seats.total_votes([1]) == {"Con": 350, "Lab": 400, "LD": 150}
    wanted = "A seat mask is 3 booleans, seat positions .0 to 2. or seat codes and names; got"
    with pytest.raises(DataFormatError, match=f"{wanted} 10 booleans"):
        three_seats.total_votes(np.ones(10, bool))
    with pytest.raises(DataFormatError, match=f"{wanted} position 3"):
        three_seats.select([0, 3])
    with pytest.raises(DataFormatError, match=f"{wanted} position 0 2 times .a mask of 0s"):
        three_seats.select([1, 0, 0])  # a mask as 0s and 1s, not positions
    with pytest.raises(DataFormatError, match=f"{wanted} float64 values"):
        three_seats.select([1.0, 0.0, 1.0])


vote_arrays = arrays(
    np.float64,
    st.tuples(st.integers(1, 30), st.integers(2, 8)),
    elements=st.integers(0, 100_000).map(float),
)


@given(vote_arrays)
def test_invariants_seats_sum_and_winner_has_most_votes(votes: np.ndarray) -> None:
    winner, runner_up, majority = winners_from_votes(votes)
    rows = np.arange(votes.shape[0])
    assert np.all(votes[rows, winner] == votes.max(axis=1))
    assert np.all(majority >= 0)
    assert np.all(winner != runner_up)
    seats = [Constituency(f"E{i}", f"S{i}", "England", "X", 1, "t") for i in rows]
    parties = ("Con", "Lab", "LD", "Green", "SNP", "PC", "Reform", "Other")[: votes.shape[1]]
    election = Election.from_votes("h", seats, parties, votes)
    assert sum(election.seats_won().values()) == votes.shape[0]
    shares = election.shares()
    voted = votes.sum(axis=1) > 0
    assert np.allclose(shares[voted].sum(axis=1), 1.0)
    assert np.all((shares >= 0) & (shares <= 1))


def test_from_votes_does_not_freeze_the_callers_array(three_seats: Election) -> None:
    mine = np.array([[1.0, 2.0, 0.0], [3.0, 1.0, 0.0], [0.0, 0.0, 5.0]])
    three_seats.with_votes(mine)
    mine[0, 0] = 7.0  # still writable
    assert mine[0, 0] == 7.0


@pytest.mark.parametrize(
    ("election_id", "typed", "expected"),
    [
        ("2024", "Montgomeryshire and Glyndwr", "Montgomeryshire and Glyndŵr"),
        ("2024", "ynys mon", "Ynys Môn"),
        ("canada-2021", "Levis Lotbiniere", "Lévis--Lotbinière"),
        ("2024", "montgomeryshire & glyndŵr", "Montgomeryshire and Glyndŵr"),
    ],
)
def test_seat_names_match_without_their_accents(
    election_id: str, typed: str, expected: str
) -> None:
    """A name typed without its accents (as most keyboards type it) finds the seat: every
    accent is folded, not only the circumflexes."""
    election = psephos.load(election_id)
    assert election.constituencies[election.seat_index(typed)].name == expected


@pytest.mark.parametrize(
    ("election_id", "typed", "expected"),
    [
        ("2024", "Saint Albans", "St Albans"),
        ("2024", "saint albans", "St Albans"),
        ("canada-2021", "Lac St Jean", "Lac-Saint-Jean"),
        ("canada-2021", "St-Laurent", "Saint-Laurent"),
        ("canada-2021", "Laurier Ste Marie", "Laurier--Sainte-Marie"),
        ("canada-2021", "Saint John's East", "St. John's East"),
    ],
)
def test_a_saints_title_matches_its_short_form(election_id: str, typed: str, expected: str) -> None:
    """Saint and St (Sainte and Ste) are one spelling: names are written both ways."""
    election = psephos.load(election_id)
    assert election.constituencies[election.seat_index(typed)].name == expected


@pytest.mark.parametrize(
    ("election_id", "typed", "expected"),
    [
        # the official spelling, with its ligature and em dashes
        (
            "canada-2021",
            "Ville-Marie—Le Sud-Ouest—Île-des-Sœurs",
            "Ville-Marie--Le Sud-Ouest--Île-des-Soeurs",
        ),
        ("canada-2021", "St Johns South Mount Pearl", "St. John's South--Mount Pearl"),
        ("canada-2021", "St. John’s East", "St. John's East"),
        ("2024", "Queens Park and Maida Vale", "Queen's Park and Maida Vale"),
    ],
)
def test_seat_names_match_without_their_ligatures_and_apostrophes(
    election_id: str, typed: str, expected: str
) -> None:
    """A name typed with a ligature the data spells out (œ), or without the apostrophe the data
    has, finds the seat."""
    election = psephos.load(election_id)
    assert election.constituencies[election.seat_index(typed)].name == expected


def test_a_suggestion_is_not_repeated() -> None:
    """Each close name is suggested once, however often it is among the choices."""
    from psephos.errors import did_you_mean

    assert did_you_mean("Gren", ["Green", "Green", "Lab"]) == " Did you mean 'Green'?"


@pytest.mark.parametrize(
    ("name", "uk", "canada"),
    [
        ("Conservative", "Con", "CPC"),
        ("Green", "Green", "GPC"),
        ("Green Party", "Green", "GPC"),
        ("Liberal Party", None, "LPC"),
        ("New Democratic", None, "NDP"),
        ("Con", "Con", "CPC"),
    ],
)
def test_a_party_name_is_read_as_the_election_reads_it(
    name: str, uk: str | None, canada: str
) -> None:
    """Each election reads a name among its own parties: "Conservative" is Con in a UK
    election and the CPC in a Canadian one (party_in; Election.party_index)."""
    from psephos.model import party_in

    canadian = psephos.load("canada-2021")
    assert canadian.parties[canadian.party_index(name)] == canada
    assert party_in(name, canadian.parties) == canada
    british = psephos.load("2024")
    if uk is None:
        with pytest.raises(UnknownPartyError):
            british.party_index(name)
    else:
        assert british.parties[british.party_index(name)] == uk


@pytest.mark.parametrize("election_id", ["2024", "canada-2021"])
def test_an_unknown_seat_asks_for_a_seat_code_or_name_in_any_country(election_id: str) -> None:
    from psephos import jurisdictions

    with pytest.raises(UnknownConstituencyError) as info:
        jurisdictions.load(election_id).seat_index("Qqqqzzzz Xyxyxy")
    assert str(info.value).endswith("Give a seat code or name.")
    assert "ONS" not in str(info.value)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Hamstead", "Hampstead and Highgate"),
        ("Edinbrugh", "Edinburgh "),
        ("Islignton", "Islington "),
        ("Chipping Barnett", "Chipping Barnet"),
        ("Cardif", "Cardiff "),
        ("Iswich", "Ipswich"),
        ("West Croydon", "Croydon West"),
    ],
)
def test_a_misspelt_word_of_a_seat_suggests_that_seat_first(typed: str, meant: str) -> None:
    """A near miss of a whole word or the start of a name puts the seat it misspells before
    names that merely share most of its letters ('Hamstead' is not 'Berkhamsted')."""
    election = psephos.load("2024")
    suggested = [election.constituencies[p].name for p in election.seat_suggestions(typed)]
    assert suggested[0].startswith(meant)
    with pytest.raises(UnknownConstituencyError) as refused:
        election.seat_index(typed)
    assert f"Did you mean {suggested[0]!r}" in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Isle of Sky", "Inverness, Skye and West Ross-shire"),  # "Isle of" is Wight's
        ("Kensingtn and Chelsea", "Kensington and Bayswater"),  # "and" is every seat's
    ],
)
def test_a_misspelt_word_no_seat_has_suggests_the_seat_with_the_word_meant(
    typed: str, meant: str
) -> None:
    """A typed word no seat has, one letter or so from a word a seat has, names that seat
    first, however near other names read as a whole; a short word must start as the seat's
    word does ('all' is not 'Hall')."""
    election = psephos.load("2024")
    suggested = [election.constituencies[p].name for p in election.seat_suggestions(typed)]
    assert suggested[0] == meant
    assert election.seat_suggestions("Nowhere at all") == []


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Houghton and Sunderland Sth", "Houghton and Sunderland South"),  # the PA's spelling
        ("Sunderland Sth", "Houghton and Sunderland South"),
        ("Hull W", "Kingston upon Hull West and Haltemprice"),
        ("Bristol Nth West", "Bristol North West"),
        ("Houghton and Sunderland Stu", "Houghton and Sunderland South"),  # "stu" is not "St"
        ("Washington Suoth", "Washington and Gateshead South"),  # not Warrington South
    ],
)
def test_a_short_form_or_a_typo_suggests_the_seat_with_the_other_words_typed(
    typed: str, meant: str
) -> None:
    """A compass word written short ("Sth", "W") is read as the word, a typed word is no
    misspelling of a two-letter word ("St" of St Albans), and the seats with more of the words
    typed come first: every other word of "Houghton and Sunderland Sth" is that seat's."""
    election = psephos.load("2024")
    suggested = [election.constituencies[p].name for p in election.seat_suggestions(typed)]
    assert suggested[0] == meant
    with pytest.raises(UnknownConstituencyError) as refused:
        election.seat_index(typed)
    assert f"Did you mean {meant!r}" in str(refused.value)


def test_did_you_mean_ranks_a_near_miss_of_a_whole_word_first() -> None:
    """The one suggestion rule, as every message uses it: the word nearly typed wins over a
    longer word that contains most of its letters."""
    from psephos.errors import did_you_mean

    assert did_you_mean("hamstead", ["harpenden and berkhamsted", "hampstead and highgate"]) == (
        " Did you mean 'hampstead and highgate', 'harpenden and berkhamsted'?"
    )


def test_a_near_miss_of_a_whole_name_ranks_before_names_sharing_a_word() -> None:
    """'Croydon Eats' is one letter from Croydon East and two from Croydon West: both before
    'Streatham and Croydon North', which only shares the word 'Croydon'."""
    election = psephos.load("2024")
    suggested = [election.constituencies[p].name for p in election.seat_suggestions("Croydon Eats")]
    assert suggested == ["Croydon East", "Croydon West", "Streatham and Croydon North"]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Fylde and Wyre", ["Fylde", "Lancaster and Wyre", "Wyre Forest"]),
        ("Leeds Fylde", ["Fylde"]),  # a word one seat has outweighs one of seven
        ("Liverpool Central", ["Liverpool Garston", "Liverpool Riverside", "Liverpool Walton"]),
    ],
)
def test_a_name_of_real_words_suggests_the_seats_sharing_them(typed: str, first: list[str]) -> None:
    """A name whose every word is a seat's but which is no seat names the seats with its
    distinct words first, not names of the same shape ("Fylde and Wyre" suggested Inverness,
    Runnymede and Rayleigh); "and" and the compass words, which most seats have, do not count."""
    election = psephos.load("2024")
    suggested = [election.constituencies[p].name for p in election.seat_suggestions(typed)]
    assert suggested[: len(first)] == first
    with pytest.raises(UnknownConstituencyError) as refused:
        election.seat_index(typed)
    assert f"Did you mean {', '.join(repr(name) for name in suggested)}?" in str(refused.value)


def test_suggestions_fold_accents_as_the_lookup_does() -> None:
    """A near miss typed without accents is matched against the folded names and suggested
    with their own spelling."""
    with pytest.raises(UnknownConstituencyError, match="Lévis--Lotbinière"):
        psephos.load("canada-2021").seat_index("levys lotbiniere")


@pytest.mark.parametrize("typed", ["Chingford", "chingford &", "Woodford Green"])
def test_a_part_of_a_name_only_one_seat_has_finds_it(typed: str) -> None:
    """The start of a seat's name, or whole words of it, that no other seat has finds the
    seat."""
    election = psephos.load("2024")
    found = election.constituencies[election.seat_index(typed)]
    assert found.name == "Chingford and Woodford Green"
    assert election.partial_matches(typed) == [election.find_seat(found.code)]


def test_a_part_of_a_name_several_seats_have_lists_them() -> None:
    election = psephos.load("2024")
    bristol = [c.name for c in election.constituencies if c.name.startswith("Bristol ")]
    assert len(bristol) > 1
    with pytest.raises(UnknownConstituencyError) as info:
        election.seat_index("Bristol")
    message = str(info.value)
    assert f"{len(bristol)} seats match it. Did you mean" in message
    assert all(repr(name) in message for name in bristol)


@pytest.mark.parametrize(
    ("election_id", "typed", "meant"),
    [
        ("2010", "Chester", "City of Chester"),  # not Chesterfield
        ("2017", "Chester", "City of Chester"),
        ("2019", "Chester", "City of Chester"),
        ("2019", "Weald", "Maidstone and The Weald"),  # not Wealden
        ("2024", "Barr", "Birmingham Perry Barr"),  # not Barrow and Furness
        ("2024", "Bexley", "Old Bexley and Sidcup"),  # not Bexleyheath and Crayford
        ("2024", "Mon", "Ynys Môn"),  # not Monmouthshire
        ("canada-2021", "Grand", "Miramichi--Grand Lake"),  # not Grande Prairie--Mackenzie
    ],
)
def test_a_whole_word_of_a_name_outranks_the_start_of_a_longer_word(
    election_id: str, typed: str, meant: str
) -> None:
    """A word that one seat's name has whole is that seat, though another seat's name
    starts with its letters: the user asked for that place, not a longer one."""
    election = psephos.load(election_id)
    assert election.result(typed).constituency.name == meant
    assert [election.constituencies[p].name for p in election.seats_matching(typed)] == [meant]


@pytest.mark.parametrize(
    ("election_id", "typed", "listed"),
    [
        ("2019", "Westminster", ["Cities of London and Westminster", "Westminster North"]),
        ("2024", "Chester", ["Chester North and Neston", "Chester South and Eddisbury"]),
        ("2024", "Basildon", ["Basildon and Billericay", "South Basildon and East Thurrock"]),
        ("2024", "Sussex", ["Mid Sussex", "Sussex Weald"]),
        ("2024", "Swansea", ["Neath and Swansea East", "Swansea West"]),
        ("canada-2021", "Vaughan", ["King--Vaughan", "Vaughan--Woodbridge"]),
    ],
)
def test_a_word_several_names_have_lists_them_wherever_it_stands(
    election_id: str, typed: str, listed: list[str]
) -> None:
    """A word several seats' names have, first or not, matches them all as well as each
    other, so the lookup asks which (not the one whose name starts with it), and the search
    lists them; names merely starting with its letters (Chesterfield) are not among them."""
    election = psephos.load(election_id)
    assert [election.constituencies[p].name for p in election.seats_matching(typed)] == listed
    with pytest.raises(UnknownConstituencyError) as refused:
        election.seat_index(typed)
    shown = ", ".join(repr(name) for name in listed)
    assert f"{len(listed)} seats match it. Did you mean {shown}?" in str(refused.value)


def test_the_start_of_a_name_is_matched_when_no_name_has_it_whole() -> None:
    """Letters that are no whole word of any name still find the seats starting with them."""
    election = psephos.load("2017")
    assert election.result("Chesterf").constituency.name == "Chesterfield"
    assert len(election.seats_matching("Southampt")) == 2  # Itchen and Test, asked which


@pytest.mark.parametrize(
    ("name", "seat"),
    [
        ("Kensington", "Kensington and Bayswater"),
        ("Bury St Edmunds", "Bury St Edmunds and Stowmarket"),
        ("Aberconwy", "Bangor Aberconwy"),
        # most of the old seat went to Brigg and Immingham; the words are this seat's
        ("Cleethorpes", "Great Grimsby and Cleethorpes"),
    ],
)
def test_a_seat_of_the_old_boundaries_that_is_words_of_one_seat_is_that_seat(
    name: str, seat: str
) -> None:
    """A 2019 seat's name that is whole words of one 2024 seat's name is that seat, as any
    part of a name only one seat has is (docs/cli.md), on every lookup; where the old seat
    went is said in a note."""
    from psephos.jurisdictions import resolve_seat, seat_words_note

    ge2024 = psephos.load("2024")
    position = ge2024.seat_index(name)
    assert ge2024.constituencies[position].name == seat
    assert ge2024.seats_matching(name) == [position]
    assert resolve_seat(ge2024, name)[0] == position
    note = seat_words_note(ge2024, name)
    assert note.startswith(f"{name} is not a seat on the 2024 boundaries;")
    assert note.endswith(f"{name!r} is read as {seat}, the one seat with those words in its name.")
    assert resolve_seat(ge2024, name)[1] == note


@pytest.mark.parametrize(
    ("name", "went"),
    [
        ("Hampstead and Kilburn", "Hampstead and Highgate"),  # words of no 2024 seat
        ("Isle of Wight", "Isle of Wight East"),  # words of two 2024 seats
    ],
)
def test_a_seat_of_the_old_boundaries_no_one_seat_has_says_where_it_went(
    name: str, went: str
) -> None:
    """A 2019 seat's name that is words of no 2024 seat, or of several, is answered with
    where the old seat went: refused by the lookup, followed by ``resolve_seat``."""
    from psephos.jurisdictions import resolve_seat, seat_words_note

    ge2024 = psephos.load("2024")
    with pytest.raises(UnknownConstituencyError, match="not a seat on the 2024 boundaries"):
        ge2024.seat_index(name)
    with pytest.raises(UnknownConstituencyError, match="not a seat on the 2024 boundaries"):
        ge2024.seats_matching(name)
    position, note = resolve_seat(ge2024, name)
    assert ge2024.constituencies[position].name == went
    assert note.startswith(f"{name} is not a seat on the 2024 boundaries;")
    assert seat_words_note(ge2024, name) == ""


def test_words_of_one_seat_that_were_no_old_seat_have_no_note() -> None:
    from psephos.jurisdictions import seat_words_note

    ge2024 = psephos.load("2024")
    assert ge2024.constituencies[ge2024.seat_index("Chingford")].name == (
        "Chingford and Woodford Green"
    )
    assert seat_words_note(ge2024, "Chingford") == ""
    assert seat_words_note(ge2024, "Kensington and Bayswater") == ""


def test_two_letters_are_not_a_part_of_a_name(three_seats: Election) -> None:
    assert three_seats.partial_matches("Al") == []
    with pytest.raises(UnknownConstituencyError):
        three_seats.seat_index("Al")


def test_contest_shares_count_each_candidate_on_their_own() -> None:
    ge2024 = psephos.load("2024")
    seat = ge2024.seat_index("Bradford West")  # Lab 11,724 beat one Independent's 11,017
    ind, lab = ge2024.party_index("Ind"), ge2024.party_index("Lab")
    contest, summed = ge2024.contest_shares(), ge2024.shares()
    assert summed[seat, ind] > summed[seat, lab]  # three Independents' votes added up
    assert contest[seat].argmax() == ge2024.winner[seat] == lab
    lead = contest[seat, lab] - contest[seat, ind]
    assert lead * ge2024.valid_votes[seat] == pytest.approx(ge2024.majority[seat])
    # the same wherever no code has two candidates, and for an election without lists
    single = np.array([len({c.party for c in f}) == len(f) for f in ge2024.candidates or ()])
    assert np.array_equal(contest[single], summed[single])
    projected = ge2024.with_votes(ge2024.votes)
    assert np.array_equal(projected.contest_shares(), projected.shares())


def test_majority_shares_are_each_seats_majority_share(three_seats: Election) -> None:
    shares = three_seats.majority_shares()
    assert shares.tolist() == pytest.approx([200 / 900, 50 / 900, 200 / 900])
    assert shares.tolist() == [result.majority_share for result in three_seats]
    seat = Constituency("E1", "A", "England", "South East", 10, "2024")
    empty = Election.from_votes("empty", [seat], ("Con", "Lab"), [[0, 0]])
    assert empty.majority_shares().tolist() == [0.0]


def test_whole_nation_regions(three_seats: Election) -> None:
    # England's two seats are both in London, Scotland's one seat in Scotland
    assert three_seats.whole_nation_regions == ("London", "Scotland")
    seats = [
        Constituency("E1", "Alpha", "England", "London", electorate=1000, boundary_set="test"),
        Constituency("E2", "Beta", "England", "North East", electorate=1000, boundary_set="test"),
        Constituency("W3", "Gamma", "Wales", "Wales", electorate=1000, boundary_set="test"),
    ]
    election = Election.from_votes("regions", seats, ("Con", "Lab"), [[2, 1], [1, 2], [1, 1]])
    assert election.whole_nation_regions == ("Wales",)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Croydon Eats", "Croydon East"),
        ("Croydon", "Croydon West"),
        ("levis lotbiniere x", "Lévis--Lotbinière"),
    ],
)
def test_seat_suggestions_are_the_seats_the_refusal_names(typed: str, meant: str) -> None:
    election = psephos.load("canada-2021" if typed.startswith("levis") else "2024")
    suggested = [election.constituencies[p].name for p in election.seat_suggestions(typed)]
    assert meant in suggested
    with pytest.raises(UnknownConstituencyError) as refused:
        election.seat_index(typed)
    assert all(repr(name) in str(refused.value) for name in suggested)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Rutland and Stamferd", "Rutland and Stamford"),
        ("Hampstead and Highgte", "Hampstead and Highgate"),
    ],
)
def test_a_name_with_every_word_typed_one_nearly_suggests_that_seat_alone(
    typed: str, meant: str
) -> None:
    """The form, the API and the command share one suggestion: a seat with every word typed
    (one of them nearly) is the seat meant, not also a name of like letters ("Rutland and
    Stamferd" suggested Caithness, Sutherland and Easter Ross too)."""
    election = psephos.load("2024")
    with pytest.raises(UnknownConstituencyError) as refused:
        election.seat_index(typed)
    assert str(refused.value).endswith(f"Did you mean {meant!r}?")


@pytest.mark.parametrize("election_id", ["canada-2021", "2024"])
def test_a_seat_s_turnout_is_the_one_turnout_rule(election_id: str) -> None:
    """``ConstituencyResult.turnout`` is the turnout every page gives
    (:func:`psephos.results.seat_turnout`): Elections Canada's counts the rejected ballots
    (Avalon 2021: 52.8%, not the valid votes' 52.4%); the UK's is valid votes over electors."""
    from psephos.results import seat_turnout

    election = psephos.load(election_id)
    seat = election.result_at(0)
    assert seat.turnout == pytest.approx(seat_turnout(election, 0))
    valid_only = seat.valid_votes / seat.constituency.electorate
    if election_id == "canada-2021":
        assert seat.rejected_in_turnout
        assert round(100 * seat.turnout, 1) == 52.8 and round(100 * valid_only, 1) == 52.4
    else:
        assert not seat.rejected_in_turnout and seat.turnout == valid_only
