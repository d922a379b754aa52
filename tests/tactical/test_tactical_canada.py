"""Tactical advice on a Canadian election: the same model, the country's own money-back rule."""

from __future__ import annotations

import pytest

import psephos
from psephos.errors import UnknownElectionError, UnknownPartyError
from psephos.jurisdictions import CANADA, resolve_election_id
from psephos.tactical.advice import vote_threshold
from psephos.tactical.api import advise_seat, bloc_advice


def test_canadian_ids_resolve() -> None:
    assert resolve_election_id("Canada-2021") == "canada-2021"
    with pytest.raises(UnknownElectionError, match="canada-2019"):
        resolve_election_id("canada-2029")


def test_thresholds_follow_the_country() -> None:
    assert vote_threshold(psephos.load("2019")).share == 0.05
    assert vote_threshold(psephos.load("canada-2021")) is CANADA.money_back
    assert CANADA.money_back.share == 0.10


def test_advice_in_a_canadian_riding() -> None:
    answer = advise_seat(
        "Vancouver Granville", "GPC,NDP", against="CPC", election="canada-2021", n_sims=500
    )
    text = " ".join(answer["reasoning"])
    assert "10% of the vote" in text and "reimbursed" in text
    assert "deposit" not in text
    parties = {row["party"] for row in answer["options"]}
    assert parties == {"GPC", "NDP"}
    # the table and files name what the rule gives back: no deposit in Canada
    for row in answer["options"]:
        assert "p_keeps_deposit" not in row
        assert 0.0 <= row["p_reimbursed"] <= 1.0
    green = next(row for row in answer["options"] if row["party"] == "GPC")
    assert green["p_reimbursed"] < 0.5  # about 4% expected against a 10% line
    # the election the advice is based on by its name, as the reasoning's first line says it
    source = "the Canadian federal election 2021 (44th) result with long-range errors"
    assert answer["source"] == source
    assert f"(the {source[4:]})" in answer["reasoning"][0]
    assert "canada-2021" not in text


@pytest.mark.parametrize(
    ("election", "seat", "prefer", "poll", "named"),
    [
        (
            "canada-2021",
            "Papineau",
            "NDP,LPC",
            "LPC 30 CPC 40 NDP 20 BQ 10",
            "the Canadian federal election 2021 (44th) result projected to the poll",
        ),
        (
            "2019-notional-2024",
            "Bath",
            "LD",
            "Lab 30 Con 25 Reform 20 LD 15 Green 10",
            "the UK general election 2019, notional result on the 2024 boundaries projected",
        ),
    ],
)
@pytest.mark.filterwarnings("ignore::psephos.errors.ShareWarning")  # the poll's own notes
def test_advice_after_a_poll_names_its_base_election_as_people_name_it(
    election: str, seat: str, prefer: str, poll: str, named: str
) -> None:
    """A poll's projection names the result it starts from by the election's name, as the
    advice on the result itself does, never by its id ("the canada-2021 result")."""
    answer = advise_seat(seat, prefer, election=election, poll=poll, n_sims=200)
    assert answer["source"].startswith(named), answer["source"]
    assert election not in answer["source"] and "result result" not in answer["source"]


def test_uk_advice_names_the_deposit() -> None:
    answer = advise_seat("Bath", "Green,LD", n_sims=500)
    for row in answer["options"]:
        assert "p_reimbursed" not in row
        assert 0.0 <= row["p_keeps_deposit"] <= 1.0


def test_bloc_advice_in_canada() -> None:
    result = bloc_advice("CPC", "LPC,NDP,GPC,BQ", election="canada-2021", n_sims=300)
    assert len(result["rows"]) == 338
    assert set(result["statuses"]) == {"target", "not needed", "long shot"}
    assert sum(result["statuses"].values()) == 338


@pytest.mark.parametrize(
    ("against", "bloc", "named"),
    [
        ("Reform", "LPC,NDP,GPC", "Reform"),
        ("CPC", "Lab,LD,Green", "Lab"),
        ("CPC", "NDP SNP", "SNP"),
    ],
)
def test_bloc_advice_refuses_a_party_the_election_does_not_have(
    against: str, bloc: str, named: str
) -> None:
    """Reform against a Canadian bloc is not "tactics not needed" in all 338 ridings: it is
    refused as a UK party, the election's country and parties named instead (an
    UnknownPartyError still, so every caller's status stays)."""
    with pytest.raises(UnknownPartyError, match=rf"^{named} is a UK party: ") as caught:
        bloc_advice(against, bloc, election="canada-2021", n_sims=50)
    assert "this Canadian election's own parties (LPC, CPC" in str(caught.value)


def test_preferences_read_canada_s_short_names_among_its_parties() -> None:
    """A Canadian election's preferences read "Green", "Liberal Party" and "People's" as
    Canada's parties (psephos.model.party_in), and "anyone but Conservative" is told to give
    the CPC as against; without an election the vocabulary's UK reading stands."""
    from psephos.model import CANADA_PARTY_CODES
    from psephos.tactical.advice import parse_parties
    from psephos.tactical.errors import PreferenceError

    read = parse_parties("Green > Liberal Party > People's", CANADA_PARTY_CODES)
    assert read == ("GPC", "LPC", "PPC")
    assert parse_parties("Green > Lab") == ("Green", "Lab")
    with pytest.raises(PreferenceError, match="give CPC as against"):
        parse_parties("anyone but Conservative", CANADA_PARTY_CODES)


def test_an_unknown_name_in_a_canadian_election_is_told_canadas_parties() -> None:
    """A name no party answers to is refused naming the election's parties (or the bloc's, for
    the party to build), not the UK vocabulary's."""
    from psephos.errors import UnknownPartyError
    from psephos.tactical.advice import parse_parties

    parties = ("LPC", "CPC", "BQ", "NDP", "GPC")
    with pytest.raises(UnknownPartyError) as refused:
        parse_parties("Néo-démocrate", parties)
    assert "known parties: LPC, CPC, BQ, NDP, GPC" in str(refused.value)
    assert "Con, Lab" not in str(refused.value)
