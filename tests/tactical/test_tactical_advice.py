"""Advice for one voter on hand-built seats, the JSON API and its errors."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephos.errors import (
    InvalidSharesError,
    UnknownConstituencyError,
    UnknownPartyError,
    collected_share_notes,
)
from psephos.model import Constituency, Election, get_party, party_label, party_name
from psephos.numbers import format_number, one_in
from psephos.projection import DEFAULT_MODEL
from psephos.tactical.advice import Preferences, advise
from psephos.tactical.advice_maths import OptionAssessment
from psephos.tactical.advice_text import SeatPicture, pct, seat_lines
from psephos.tactical.api import advise_seat, uncertainty_for
from psephos.tactical.errors import PreferenceError
from psephos.tactical.uncertainty import SeatUncertainty, contest_means, get_share_error_model


def _seat(code: str, name: str) -> Constituency:
    return Constituency(code, name, "England", "London", electorate=70_000, boundary_set="test")


@pytest.fixture(scope="module")
def toy() -> SeatUncertainty:
    """Safe Lab (Green second), a Lab-Con marginal (Green fourth) and a safe Con seat."""
    parties = ("Con", "Lab", "LD", "Green")
    votes = [
        [5_000, 30_000, 3_000, 8_000],  # Safeton: safe Lab, Green second
        [20_000, 19_500, 4_000, 2_000],  # Marginham: Con 500 ahead of Lab
        [30_000, 6_000, 5_000, 1_000],  # Bluebury: safe Con
    ]
    seats = [_seat("E1", "Safeton"), _seat("E2", "Marginham"), _seat("E3", "Bluebury")]
    election = Election.from_votes("toy", seats, parties, votes)
    return SeatUncertainty.from_election(
        election, error_model=get_share_error_model("normal"), n_sims=4000, seed=7
    )


def test_safe_seat_recommends_sincere_vote(toy: SeatUncertainty) -> None:
    advice = advise(toy, "Safeton", Preferences.parse("Lab,Green", against="Con"))
    assert advice.kind == "sincere" and advice.recommendation == "Lab"  # the favourite
    assert advice.headline.endswith("favourite in this safe seat.")
    advice = advise(toy, "Safeton", Preferences.parse("Green,Lab", against="Con"))
    assert advice.kind == "sincere-safe-seat" and advice.recommendation == "Green"
    advice = advise(toy, "Safeton", Preferences.parse("LD,Green", against="Con"))
    assert advice.safe and advice.recommendation == "LD"
    assert advice.kind == "sincere-safe-seat"
    text = " ".join(advice.reasoning)
    assert f"safe {party_name('Lab')} seat" in text and "deposit" in text and "rational" in text
    assert advice.p_decisive_seat < 1e-5


def test_marginal_recommends_tactical_vote(toy: SeatUncertainty) -> None:
    advice = advise(toy, "Marginham", Preferences.parse("Green,Lab,LD", against="Con"))
    assert advice.kind == "tactical"
    assert advice.recommendation == "Lab"
    lab = next(o for o in advice.options if o.party == "Lab")
    green = next(o for o in advice.options if o.party == "Green")
    assert lab.p_decides_seat > 100 * green.p_decides_seat
    # a 500-vote race in ~45,000 votes: roughly 1 in 10^4 - 10^5
    assert 1e-6 < advice.p_decisive_seat < 1e-3
    assert advice.p_decisive_government <= advice.p_decisive_seat


def test_a_never_party_is_never_an_option(toy: SeatUncertainty) -> None:
    advice = advise(toy, "Marginham", Preferences.parse("Green,LD", against="Con", never="Lab"))
    assert advice.recommendation != "Lab"
    assert advice.options and all(o.party != "Lab" for o in advice.options)


def test_same_seed_same_answer(toy: SeatUncertainty) -> None:
    election = toy.election
    a = SeatUncertainty.from_election(election, n_sims=500, seed=3)
    b = SeatUncertainty.from_election(election, n_sims=500, seed=3)
    np.testing.assert_array_equal(a.draws, b.draws)
    prefs = Preferences.parse("Green,Lab", against="Con")
    assert advise(a, "Marginham", prefs).to_dict() == advise(b, "Marginham", prefs).to_dict()


def test_preference_errors() -> None:
    with pytest.raises(PreferenceError, match="empty"):
        Preferences.parse("")
    with pytest.raises(PreferenceError):
        Preferences.parse("Lab", against="Lab")
    with pytest.raises(UnknownPartyError, match="Labor"):
        Preferences.parse("Green,Labor")


def test_a_party_both_preferred_and_never_or_named_twice_is_refused() -> None:
    """As --against refuses a preferred party, so does --never (it was silently dropped from
    the preferences); a party named twice in a list is refused, as a pact's bloc refuses it."""
    with pytest.raises(
        PreferenceError, match=r"^Lab cannot be both preferred and on the 'never' list"
    ):
        Preferences.parse("Lab,LD", never="Lab")
    with pytest.raises(PreferenceError, match=r"^Lab cannot be both preferred and against"):
        Preferences.parse("Lab,LD", against="Lab")
    with pytest.raises(PreferenceError, match=r"^Lab is in the preference list twice;"):
        Preferences.parse("Lab,Lab")
    with pytest.raises(PreferenceError, match=r"'Labour' is 'Lab'"):
        Preferences.parse("Lab,LD,Labour")
    with pytest.raises(PreferenceError, match=r"^Con is in the 'never' list twice"):
        Preferences.parse("Lab", never="Con,Con")


def test_seat_errors(toy: SeatUncertainty) -> None:
    with pytest.raises(UnknownConstituencyError):
        advise(toy, "Nowhere", Preferences.parse("Lab"))


def test_a_voter_none_of_whose_parties_stands_gets_the_seat_s_picture(
    toy: SeatUncertainty,
) -> None:
    """It was refused (NoPreferredCandidateError) with no advice: now no vote is named, the
    reasoning says their parties do not stand, each standing candidate's chance, the closest
    contest, that psephos cannot choose for them and how to get advice."""
    advice = advise(toy, "Safeton", Preferences.parse("SNP", against="Con"))
    assert advice.kind == "none-standing" and advice.recommendation == ""
    assert "psephos cannot choose" in advice.headline
    first, *_ = advice.reasoning
    assert first.startswith("Scottish National Party is not standing in Safeton;")
    text = " ".join(advice.reasoning)
    standing = [row["party"] for row in advice.contenders]
    assert sorted(option.party for option in advice.options) == sorted(standing)
    assert "Chances of winning: " in text and "The closest contest is " in text
    assert text.endswith(
        "after Scottish National Party, for advice on voting against Conservative."
    )
    assert all(option.expected_gain == 0.0 for option in advice.options)
    assert advise(toy, "Safeton", Preferences.parse("SNP", against="Con")) == advice


def test_utilities_rank_order() -> None:
    prefs = Preferences.parse("Green,Lab,LD", against="Con")
    values = prefs.utilities(("Con", "Lab", "LD", "Green", "Reform"))
    assert values.tolist() == pytest.approx([-1.0, 2 / 3, 1 / 3, 1.0, 0.0])


def test_api_json_on_real_seat() -> None:
    payload = advise_seat(
        "Hampstead and Kilburn", "Green,Lab,LD", against="Con", election="2019", n_sims=600
    )
    json.dumps(payload)  # JSON-ready
    assert payload["name"] == "Hampstead and Kilburn"
    assert payload["favourite"] == "Lab"
    assert payload["recommendation"] in ("Green", "Lab")
    assert 0.0 <= payload["p_decisive_government"] <= payload["p_decisive_seat"] + 1e-12


def test_a_bundled_election_object_is_refused_naming_its_id() -> None:
    """A bundled election is asked for by its id (its advice is worked out once per id, and
    ``2024`` is advice before 2024, not on its result); a user's own election is taken as it
    is (``tests/tactical/test_tactical_results_file.py``)."""
    import psephos
    from psephos.errors import UnknownElectionError

    with pytest.raises(UnknownElectionError, match=r"^Give the election as its id, e.g. elec"):
        advise_seat("Hampstead and Kilburn", "Green,Lab", election=psephos.load("2024"))  # type: ignore[arg-type]
    try:
        uncertainty_for(psephos.load("2019"))  # type: ignore[arg-type]
    except UnknownElectionError as refused:
        assert "election='2019' (or 'next')" in str(refused) and "\n" not in str(refused)


def test_abolished_seat_maps_to_successor() -> None:
    payload = advise_seat("Hampstead and Kilburn", "Green,Lab", election="2024", n_sims=300)
    assert payload["name"] == "Hampstead and Highgate"
    assert "not a seat on the 2024 boundaries" in payload["reasoning"][0]


def _two_party(margin: float, scale: float = 1.0) -> SeatUncertainty:
    parties = ("Con", "Lab", "LD")
    con, lab = 0.45 + margin / 2, 0.45 - margin / 2
    votes = [[scale * 50_000 * con, scale * 50_000 * lab, scale * 50_000 * 0.10]]
    election = Election.from_votes("race", [_seat("E1", "Race")], parties, votes)
    return SeatUncertainty.from_election(election, n_sims=1000, seed=1)


@settings(max_examples=15)
@given(
    closer=st.floats(min_value=0.0, max_value=0.25),
    gap=st.floats(min_value=0.02, max_value=0.2),
)
def test_seat_tie_monotone_in_closeness(closer: float, gap: float) -> None:
    """With the same simulated errors, a closer Con-Lab race is more likely to be tied."""
    near = _two_party(closer).tie_density(0, 0, 1)
    far = _two_party(closer + gap).tie_density(0, 0, 1)
    assert near >= far


@settings(max_examples=15)
@given(scale=st.floats(min_value=1.01, max_value=20.0))
def test_seat_tie_monotone_in_electorate(scale: float) -> None:
    """Same shares, more votes: the chance of a one-vote tie falls as 1/n."""
    small = _two_party(0.02).tie_density(0, 0, 1)
    large = _two_party(0.02, scale).tie_density(0, 0, 1)
    assert large < small
    assert large == pytest.approx(small / scale, rel=1e-6)


def test_from_draws_and_forecast_error_adapter(toy: SeatUncertainty) -> None:
    """External draws are accepted as they are; the forecast package's error models plug in."""
    again = SeatUncertainty.from_draws(toy.election, toy.draws * 3.0)  # votes-like scale
    np.testing.assert_allclose(again.mean_shares, toy.mean_shares, rtol=1e-5)
    pytest.importorskip("psephos.forecast")
    from psephos.tactical.uncertainty import get_share_error_model

    model = get_share_error_model("student-t")
    a = SeatUncertainty.from_election(toy.election, error_model=model, n_sims=300, seed=2)
    b = SeatUncertainty.from_election(toy.election, error_model=model, n_sims=300, seed=2)
    np.testing.assert_array_equal(a.draws, b.draws)
    assert a.draws.shape == (300, 3, 4)
    np.testing.assert_allclose(a.draws.sum(axis=-1), 1.0, rtol=1e-5)
    advice = advise(a, "Marginham", Preferences.parse("Green,Lab", against="Con"))
    assert advice.recommendation == "Lab"


@pytest.mark.parametrize("family", ["normal", "student-t"])
def test_long_range_errors_widen_every_family_and_say_which(
    toy: SeatUncertainty, family: str
) -> None:
    """Advice from the last result widens the layers of the family asked for (Student-t
    keeps its tails), and the reasoning text names that family."""
    pytest.importorskip("psephos.forecast")
    short = get_share_error_model(family)
    wide = get_share_error_model(family, long_range=True)
    assert wide.model.tail_df == short.model.tail_df
    assert wide.model.national_scale == 0.17
    draws = {
        label: SeatUncertainty.from_election(toy.election, error_model=m, n_sims=2000, seed=3)
        for label, m in (("short", short), ("wide", wide))
    }
    spread = {label: float(u.draws[:, 1, 1].std()) for label, u in draws.items()}
    assert spread["wide"] > 1.5 * spread["short"]  # about 1.9 times: sd 0.20 v 0.11 at 50%
    source = uncertainty_for("next", n_sims=50, seed=1, errors=family).source
    named = "long-range errors" if family == "normal" else f"long-range {family} errors"
    assert source.endswith(f"with {named}")


def test_tie_density_from_draws_matches_closed_form() -> None:
    """Two parties, Con share 0.5 + d + e with e ~ Normal(0, s^2): the margin is Normal with
    mean 2d and sd 2s, so P(tie within a vote) = phi(d / s) / (2 s n)."""
    from scipy import stats

    d, s, n = 0.01, 0.03, 40_000
    rng = np.random.default_rng(0)
    con = 0.5 + d + s * rng.standard_normal(20_000)
    draws = np.stack([con, 1.0 - con], axis=-1)[:, None, :]
    election = Election.from_votes("pair", [_seat("E1", "Pair")], ("Con", "Lab"), [[n / 2, n / 2]])
    uncertainty = SeatUncertainty.from_draws(election, draws)
    expected = stats.norm.pdf(d / s) / (2 * s * n)
    assert uncertainty.tie_density(0, 0, 1) == pytest.approx(expected, rel=0.03)
    assert uncertainty.top_two_given_tie(0, 0, 1) == 1.0


def test_no_stake_seat_recommends_sincere_vote(toy: SeatUncertainty) -> None:
    # Marginham is a Con-Lab marginal, but this voter ranks neither: LD and Green are far behind,
    # so no vote decides anything the voter cares about (chances below one in a million).
    advice = advise(toy, "Marginham", Preferences.parse("LD,Green", against="Reform"))
    assert not advice.safe
    assert advice.kind == "sincere-no-stake" and advice.recommendation == "LD"
    assert advice.options and all(o.p_decides_seat < 1e-6 for o in advice.options)
    assert "rational" in " ".join(advice.reasoning)


@given(st.floats(min_value=0.0, max_value=1.0))
def test_option_numbers_read_as_the_words_give_them(share: float) -> None:
    """A table or page formats an option's JSON numbers; they show what the reasoning says
    (a share rounded twice, 0.040549 -> 0.0405 -> "4.0%", contradicted the words' "4.1%")."""
    option = OptionAssessment("Green", "Green", "Green", share, share, share, share, share, share)
    shown = option.to_dict()
    for field in ("mean_share", "win_probability", option.money_back_column):
        assert format_number(shown[field], ".1%") == pct(share)


def test_advice_contenders_read_as_the_words_give_them() -> None:
    advice = advise_seat("Belfast South and Mid Down", "Green")
    stated = re.search(r"adds to its share \(expected ([0-9.]+%)\)", " ".join(advice["reasoning"]))
    assert stated is not None
    green = next(row for row in advice["contenders"] if row["party"] == "Green")
    assert format_number(green["mean_share"], ".1%") == stated[1]


def test_a_party_that_wins_no_simulation_is_in_words_not_zero_percent(
    toy: SeatUncertainty,
) -> None:
    """Green, fourth in Marginham, wins none of the simulations: the advice says so in the
    number rule's words for a chance within the simulations' noise ("less than 1 in 50" of
    200), never "wins 0.0%"."""
    advice = advise(toy, "Marginham", Preferences.parse("Green,Lab,LD", against="Con"))
    green = next(option for option in advice.options if option.party == "Green")
    assert green.win_probability == 0
    text = " ".join(advice.reasoning)
    assert not re.search(r"(?<![0-9])0\.0%", text), text
    bound = one_in(0.0, draws=advice.n_sims)
    assert bound.startswith("less than 1 in ")
    assert f"Green, wins here with chance {bound};" in text
    assert f"Green {one_in(green.p_decides_seat)} and {bound}" in text


def test_headline_names_the_party_by_its_name() -> None:
    """A sentence names the party ("Vote Plaid Cymru"), where tables keep the code (PC)."""
    advice = advise_seat("Ynys Môn", "PC,Lab", n_sims=200)
    assert advice["recommendation"] == "PC"
    assert advice["headline"].startswith(f"Vote {get_party('PC').name}")
    assert not advice["headline"].startswith("Vote PC")


def test_rows_name_each_party_beside_its_code_and_label() -> None:
    """Each row keeps the code in ``party`` and the election's label in ``party_label`` (as
    every JSON answer does) and adds the name the sentences use in ``party_name``
    ("Labour" beside "Lab"), which the advise table shows."""
    advice = advise_seat("Cities of London and Westminster", "Green > Lab > LD", n_sims=200)
    rows = [*advice["contenders"], *advice["options"]]
    assert {row["party"] for row in rows} >= {"Lab", "LD", "Green", "Con"}
    for row in rows:
        assert row["party_label"] == party_label(row["party"], advice["election"])
        assert row["party_name"] == party_name(row["party"], advice["election"])
    named = {row["party"]: row["party_name"] for row in rows}
    assert (named["Lab"], named["LD"]) == ("Labour", "Liberal Democrat")


@pytest.mark.parametrize(
    ("seat", "prefer", "against"),
    [("Ynys Môn", "PC,Lab,LD", "Con"), ("Ceredigion Preseli", "Lab,PC", "LD")],
)
def test_every_sentence_names_parties_one_way(seat: str, prefer: str, against: str) -> None:
    """The headline and every line of the reasoning name a party by its sentence name
    ("Plaid Cymru", "Liberal Democrat"), never by the short label a table shows ("PC", "LD")."""
    advice = advise_seat(seat, prefer, against=against, n_sims=200)
    shown = {row["party"]: row["party_label"] for row in advice["contenders"]}
    shown |= {row["party"]: row["party_label"] for row in advice["options"]}
    relabelled = {label: party_name(code) for code, label in shown.items()}
    relabelled = {label: name for label, name in relabelled.items() if label != name}
    assert {"PC", "LD"} <= set(relabelled)
    text = " ".join([advice["headline"], *advice["reasoning"]])
    for label in relabelled:
        assert not re.search(rf"\b{re.escape(label)}\b", text), (label, text)
    for option in advice["options"]:  # each is named in "What each choice changes"
        assert party_name(option["party"]) in text


def test_government_chance_is_in_words_when_tiny(toy: SeatUncertainty) -> None:
    advice = advise(toy, "Safeton", Preferences.parse("LD", against="Con"))
    line = advice.reasoning[-1]
    assert line.startswith("If the seat is tied")
    assert "0.0%" not in line
    assert one_in(advice.p_seat_pivotal) in line


@pytest.mark.parametrize(
    "written",
    [
        "Green,Lab,LD",
        "Green, Lab, LD",
        "Green > Lab > LD",
        "Green; Lab; LD",
        "Green | Lab | LD",
        "1. Green 2. Lab 3. LD",
        "1) Greens\n2) Labour\n3) lib dems",
        "greens > labour > lib dem",
        "Green + Labour + LD",
    ],
)
def test_party_lists_as_people_write_them(written: str) -> None:
    assert Preferences.parse(written).prefer == ("Green", "Lab", "LD")


def test_anyone_but_is_explained_not_a_party() -> None:
    with pytest.raises(PreferenceError, match=r"give Con as against"):
        Preferences.parse("anyone but Con")
    with pytest.raises(PreferenceError, match=r"give Con as against"):
        Preferences.parse("Green", never="Anybody except the Tories")
    assert Preferences.parse("Reform UK", against="Con").prefer == ("Reform",)


def test_a_poll_says_which_seats_it_leaves_as_they_were() -> None:
    poll = "Lab 30 Con 22 Reform 20 LD 13 Green 9 SNP 3 PC 1"
    with collected_share_notes():  # the poll sums to 98%: its note is not this test's
        belfast = advise_seat("Belfast South and Mid Down", "Alliance", poll=poll, n_sims=200)
        chorley = advise_seat("Chorley", "Green", poll=poll, n_sims=200)
        bath = advise_seat("Bath", "LD", poll=poll, n_sims=200)
    unmoved = ("Northern Ireland's parties", "the Speaker's seat")
    assert sum(unmoved[0] in line for line in belfast["reasoning"]) == 1
    assert sum(unmoved[1] in line for line in chorley["reasoning"]) == 1
    assert not any(words in line for words in unmoved for line in bath["reasoning"])
    # without a poll nothing was projected, so nothing is said
    plain = advise_seat("Belfast South and Mid Down", "Alliance", n_sims=200)
    assert not any(unmoved[0] in line for line in plain["reasoning"])
    # after a poll the answer carries the projection, as `psephos advise --poll -f json`
    assert belfast["projection"]["model"] == DEFAULT_MODEL and "projection" not in plain


def test_a_poll_s_notes_are_given_again_when_the_projection_is_cached() -> None:
    poll = "Lab 33 Con 20 Reform 18"
    said = []
    for _ in range(2):
        with collected_share_notes() as notes:
            uncertainty_for("next", poll=poll, n_sims=50, seed=3)
        said.append(notes)
    assert said[0] == said[1] and "sum to 71.0%" in said[0][0]


def test_a_seat_the_poll_leaves_alone_has_the_shares_it_has_without_a_poll() -> None:
    """The Speaker's seat (three Other candidates) reads each party's strongest candidate with
    a poll as without one: Other 7.1% of the votes, not the three's summed 12.0%."""
    poll = "Lab 34.7 Con 24.4 Reform 14.7 LD 12.5 Green 6.9 SNP 2.6 PC 0.7"
    with collected_share_notes():  # the poll sums to 96.5%: its note is not this test's
        polled = uncertainty_for("next", poll=poll, n_sims=200, seed=3)
    plain = uncertainty_for("next", n_sims=200, seed=3)
    seat = plain.seat("Chorley")
    expected = contest_means(plain.election)[seat]
    assert expected[plain.election.party_index("Other")] == pytest.approx(0.075, abs=0.002)
    np.testing.assert_allclose(polled.mean_shares[seat], expected, atol=0.01)


def test_a_northern_ireland_party_in_an_advice_poll_is_told_the_readers_one_message() -> None:
    """Advice takes area shares beside a poll, as every command does, so its refusal is the
    poll reader's one message, offering them (--by-region)."""
    from psephos.projection import read_poll

    with pytest.raises(InvalidSharesError) as caught:
        advise_seat("Bath", "LD", poll="Lab 30 Con 20 DUP 5", n_sims=50)
    with pytest.raises(InvalidSharesError) as reader:
        read_poll("Lab 30 Con 20 DUP 5")
    assert str(caught.value) == str(reader.value)
    assert str(caught.value).endswith("as area shares (--by-region).")


def test_advice_projects_area_shares_beside_the_poll_as_project_does() -> None:
    """A Scottish sub-poll beside the poll: the advice's projection is the one
    :func:`psephos.projection.project` makes of both (the SNP's seats with it), named in the
    advice's source."""
    import psephos
    from psephos.projection import project

    poll = "Lab 28 Con 18 Reform 27 LD 13 Green 10 SNP 2.5 PC 0.8"
    areas = {"Scotland": {"SNP": 36.0, "Lab": 20.0, "Reform": 17.0, "Con": 10.0, "LD": 9.0}}
    with collected_share_notes():
        expected = project(psephos.load("2024"), poll, model=DEFAULT_MODEL, areas=areas)
        advice = advise_seat("Bath", "LD", poll=poll, areas=areas, n_sims=50)
        plain = advise_seat("Bath", "LD", poll=poll, n_sims=50)
        used = uncertainty_for("next", poll=poll, areas=areas, n_sims=50)
    assert advice["projection"] == expected.summary()
    assert advice["projection"]["seats"]["SNP"] > plain["projection"]["seats"]["SNP"]
    assert f"the poll {poll!r} and area shares for Scotland (national)" in used.source


@pytest.fixture(scope="module")
def three_way() -> SeatUncertainty:
    """A three-way seat (Con just ahead of LD, Lab third but in reach) with named candidates:
    three Independents, the strongest of them fourth, and a Workers Party candidate."""
    from psephos.model import Candidate

    parties = ("Con", "Lab", "LD", "Ind", "Other")
    candidates = (
        Candidate("Ann Blue", "Con", "Conservative", 15_000),
        Candidate("Bob Red", "Lab", "Labour", 12_000),
        Candidate("Cat Gold", "LD", "Liberal Democrat", 14_500),
        Candidate("Dan Free", "Ind", "Independent", 3_000),
        Candidate("Eve Lone", "Ind", "Independent", 400),
        Candidate("Fay Solo", "Ind", "Independent", 100),
        Candidate("Gus Work", "Other", "Workers Party of Britain", 1_000),
    )
    votes = [[15_000, 12_000, 14_500, 3_500, 1_000]]
    election = Election.from_votes(
        "toy", [_seat("E4", "Threeway")], parties, votes, candidates=[candidates]
    )
    election = replace(election, meta={"date": "2024-07-04"})
    return SeatUncertainty.from_election(
        election, error_model=get_share_error_model("normal"), n_sims=4000, seed=7
    )


def test_a_group_s_candidate_is_named_by_their_name_and_party(
    three_way: SeatUncertainty,
) -> None:
    """ "Vote Independent" does not say whom to vote for where three stood: the sentences name
    the strongest Independent, whose share the advice rests on, and an Other by the party the
    results name ("Workers Party of Britain"), each with the election they stood in."""
    advice = advise(three_way, "Threeway", Preferences.parse("Ind,Other", against="Con"))
    text = " ".join([advice.headline, *advice.reasoning])
    assert advice.headline.startswith("Vote Independent (Dan Free in 2024)")
    assert "Workers Party of Britain (Gus Work in 2024)" in text
    assert "Eve Lone" not in text and "Fay Solo" not in text
    assert {option.party for option in advice.options} == {"Ind", "Other"}  # the rows' codes


def test_a_party_with_no_code_is_refused_as_a_preference_pointing_to_other() -> None:
    """The Workers Party has no code: a preference for it is told to give Other, not the poll
    reader's hint about shares."""
    with pytest.raises(UnknownPartyError, match=r"--prefer Other") as refused:
        Preferences.parse("Workers Party,Green")
    assert "share" not in str(refused.value)


def test_the_highest_ranked_party_standing_is_not_called_the_first_choice(
    toy: SeatUncertainty,
) -> None:
    """Reform (the first choice) does not stand in Safeton: Labour is the voter's
    highest-ranked party standing there, not their first choice."""
    advice = advise(toy, "Safeton", Preferences.parse("Reform,Lab,Green", against="Con"))
    assert advice.recommendation == "Lab" and advice.kind == "sincere"
    text = " ".join([advice.headline, *advice.reasoning[1:]])
    assert "first choice" not in text.lower()
    assert "your highest-ranked party standing here is the favourite" in advice.headline
    # said plainly first: the first choice does not stand, the advice is among the rest
    assert advice.reasoning[0] == (
        f"Your first choice, {party_name('Reform')}, is not standing in Safeton: this advice is "
        "among the parties you ranked that stand (Labour and Green)."
    )
    advice = advise(toy, "Safeton", Preferences.parse("Lab,Green", against="Con"))
    assert "your first choice is the favourite" in advice.headline


def test_a_tactical_vote_is_compared_with_the_first_choice_honestly(
    three_way: SeatUncertainty,
) -> None:
    """Labour, third with a real chance, is not a vote that "almost never changes the result":
    the reasoning says how many times likelier the Liberal Democrat vote is to decide the seat."""
    advice = advise(three_way, "Threeway", Preferences.parse("Lab,LD", against="Con"))
    assert advice.kind == "tactical" and advice.recommendation == "LD"
    lab, ld = advice.options
    assert lab.win_probability > 0.05 and ld.p_decides_seat > lab.p_decides_seat > 0
    text = " ".join(advice.reasoning)
    assert "almost never" not in text
    ratio = ld.p_decides_seat / lab.p_decides_seat
    times = format_number(ratio, ".1f" if ratio < 10 else ",.0f")
    assert f"about {times} times as likely to decide the seat as a vote for Labour" in text


def test_a_sincere_vote_in_a_seat_that_is_not_safe_gives_its_chance_of_deciding_it(
    three_way: SeatUncertainty,
) -> None:
    advice = advise(three_way, "Threeway", Preferences.parse("LD,Lab", against="Con"))
    assert advice.kind == "sincere" and not advice.safe
    ld = advice.options[0]
    assert f"a vote for it decides the seat: {one_in(ld.p_decides_seat)}" in " ".join(
        advice.reasoning
    )


def test_a_clear_favourite_with_no_rival_is_not_called_competitive() -> None:
    """A seat whose favourite wins 92% of simulations, no other party 5%, is not safe but not
    "competitive" either; a seat with two real contenders is."""
    picture = SeatPicture(
        "Leadham",
        "a test",
        ("Labour", "Independent", "Green"),
        np.array([0.45, 0.29, 0.10]),
        np.array([0.92, 0.045, 0.035]),
        40_000.0,
    )
    line = seat_lines(picture, safe=False, favourite=0)[1]
    assert "competitive" not in line and line.startswith("Labour is the favourite but")
    assert "16.0 points" in line
    close = replace(picture, wins=np.array([0.6, 0.35, 0.05]))
    assert seat_lines(close, safe=False, favourite=0)[1].startswith("The seat is competitive")


def test_a_safe_seats_chance_of_winning_is_said_as_the_table_says_it() -> None:
    """A favourite winning every one of 2,000 simulations wins "in more than 99.8%" of them in
    the seat's sentence, as the table and the next sentences say it (:func:`one_in` with the
    draws), not "100.0%"; a contender's chance is in the same words."""
    picture = SeatPicture(
        "Safeham",
        "a test",
        ("Labour", "Liberal Democrat", "Green"),
        np.array([0.54, 0.14, 0.09]),
        np.array([1.0, 0.0, 0.0]),
        57_000.0,
    )
    line = seat_lines(picture, safe=True, favourite=0, draws=2_000)[1]
    assert f"Labour wins in {one_in(1.0, '.1%', draws=2_000)} of simulations" in line
    assert "more than 99.8%" in line and "100.0%" not in line
    close = replace(picture, wins=np.array([0.9995, 0.0005, 0.0]))
    shown = seat_lines(close, safe=True, favourite=0, draws=2_000)[1]
    assert "wins in more than 99.8% of simulations" in shown


def test_a_nation_only_party_outside_its_nation_is_not_said_to_be_absent(
    toy: SeatUncertainty,
) -> None:
    """The SNP and Plaid Cymru stand only in Scotland and Wales: an English seat's advice says
    nothing of them; a party that could have stood (Reform) is still said not to stand."""
    advice = advise(toy, "Safeton", Preferences.parse("SNP,PC,Reform,Lab", against="Con"))
    text = " ".join(advice.reasoning)
    assert party_name("SNP") not in text and party_name("PC") not in text
    assert f"{party_name('Reform')}, ranked above Labour, is not standing in Safeton" in text
    later = advise(toy, "Safeton", Preferences.parse("Lab,Reform", against="Con"))
    assert f"{party_name('Reform')} is not standing here." in later.reasoning


def test_a_previous_result_s_candidate_is_not_named_in_advice_for_the_next(
    three_way: SeatUncertainty,
) -> None:
    """Advice before 2025 built on the 2024 result's seats (as pre-election advice is built on
    the previous result) does not name 2024's Independent: they may not stand again."""
    election = replace(three_way.election, id="2025")
    later = replace(three_way, election=election)
    advice = advise(later, "Threeway", Preferences.parse("Ind,Other", against="Con"))
    text = " ".join([advice.headline, *advice.reasoning])
    assert advice.headline.startswith("Vote Independent ")
    assert "Dan Free" not in text and "Gus Work" not in text
