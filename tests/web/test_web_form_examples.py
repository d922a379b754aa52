"""Every example a form shows (its placeholders and help) reads back through the page's own
reader as the parties it was made from, on every bundled election: each party named as the
election labels it (``UKIP`` in 2015, ``Brexit Party`` in 2019), never a code the election
calls by another name."""

from __future__ import annotations

import re
import warnings
from html import unescape

import pytest
from fastapi.testclient import TestClient
from web_helpers import poll_box

import psephos
from psephos.errors import collected_share_notes
from psephos.government.choices import parse_arrangements
from psephos.government.parliament import house_party
from psephos.jurisdictions import available_elections
from psephos.model import Election, party_label, split_parties
from psephos.pacts.choices import parse_limits, parse_stand_downs
from psephos.pacts.simulate import party_code
from psephos.pacts.transfers import TransferMatrix, parse_transfer_overrides
from psephos.projection import read_poll
from psephos.tactical.advice import parse_parties
from psephos.web import services

ELECTIONS = available_elections()


def _poll(text: str, current: Election) -> dict[str, float]:
    """A poll read as the pages read it against their base, a renamed party's note an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return read_poll(text, parties=current.parties, election_id=current.id)


def _named(parties: list[str], current: Election, sep: str) -> str:
    return sep.join(current.label(party) for party in parties)


@pytest.mark.parametrize("election_id", ELECTIONS)
def test_the_poll_examples_read_back_as_their_parties(election_id: str) -> None:
    current = psephos.load(election_id)
    example = services.poll_example(election_id)
    shares = _poll(example.poll, current)
    assert set(shares) <= set(current.parties)
    assert " ".join(f"{current.label(p)} {round(s)}" for p, s in shares.items()) == example.poll
    text = "area,party,share\n" + "\n".join(
        f"{example.area},{party},{share}" for party, share in example.area_shares
    )
    areas = services.area_shares(text)
    assert areas is not None and list(areas) == [example.area]
    read = areas[example.area]
    assert set(read) <= set(current.parties)
    assert tuple((current.label(p), round(s)) for p, s in read.items()) == (example.area_shares)


#: Each election with the country's default bloc, and the UK's with a Con,Reform bloc too (a
#: bloc whose second party's label differs from its code).
PACT_CASES = [(election_id, None) for election_id in ELECTIONS] + [
    (election_id, ("Con", "Reform"))
    for election_id in ELECTIONS
    if {"Con", "Reform"} <= set(psephos.load(election_id).parties)
]


@pytest.mark.parametrize(("election_id", "bloc"), PACT_CASES)
def test_the_pact_examples_read_back_as_their_parties(
    election_id: str, bloc: tuple[str, ...] | None
) -> None:
    current = psephos.load(election_id)
    examples = services.form_examples(election_id, bloc)
    assert _poll(examples.poll, current)
    members = [party_code(current, name) for name in split_parties(examples.bloc)]
    assert _named(members, current, ",") == examples.bloc
    stand_downs = parse_stand_downs(examples.stand_down.splitlines())
    codes = [party_code(current, item.party) for item in stand_downs]
    for item in stand_downs:
        current.seat_index(item.seat)
    lines = [f"{current.label(c)}:{s.seat}" for c, s in zip(codes, stand_downs, strict=True)]
    assert "\n".join(lines) == examples.stand_down
    overrides = parse_transfer_overrides(examples.transfer.splitlines())
    with collected_share_notes():  # the rates not given may be scaled to make room, noted
        matrix = TransferMatrix.default(current.parties).with_rates(overrides)
    for source, targets in overrides.items():
        for target, rate in targets.items():
            assert matrix.rate(source, target) == rate
    pairs = [
        (party_code(current, source), party_code(current, target))
        for source, targets in overrides.items()
        for target in targets
    ]
    assert [f"{current.label(s)}>{current.label(t)}" for s, t in pairs] == [
        line.split("=")[0] for line in examples.transfer.splitlines()
    ]
    limits = parse_limits(examples.max_per_party)
    assert isinstance(limits, dict)
    assert [current.label(party_code(current, name)) for name in limits] == list(limits)
    if bloc is not None:
        assert {party_code(current, name) for name in limits} <= set(bloc)


@pytest.mark.parametrize("election_id", ELECTIONS)
def test_the_coalition_examples_read_back_as_their_parties(election_id: str) -> None:
    current = psephos.load(election_id)
    examples = services.form_examples(election_id)
    seats = {party: n for party, n in current.seats_won().items() if n}

    def read(parties: list[str]) -> list[str]:
        return [house_party(name, seats) for name in parties]

    arrangements = parse_arrangements(
        examples.coalition.splitlines(), examples.confidence_supply.splitlines()
    )
    written = [
        _named(read(government), current, "+")
        + (f":{_named(read(partners), current, '+')}" if partners else "")
        for government, partners in arrangements
    ]
    assert written == [*examples.coalition.splitlines(), *examples.confidence_supply.splitlines()]
    side = read(split_parties(examples.government_side))
    assert _named(side, current, ",") == examples.government_side
    if examples.abstain != "none":
        abstain = read(split_parties(examples.abstain))
        assert _named(abstain, current, ",") == examples.abstain


@pytest.mark.parametrize("election_id", [*ELECTIONS, "next"])
def test_the_advice_examples_read_back_as_their_parties(election_id: str) -> None:
    """Named as the election advised on labels them: the advice for 2019 is on the 2017
    result, but its voters knew the Brexit Party, not UKIP."""
    example = services.advice_example(election_id)
    current = psephos.load(services.advice_seats(election_id))
    for text in (example.prefer, example.against):
        codes = list(parse_parties(text, current.parties))
        assert ", ".join(party_label(party, election_id) for party in codes) == text
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_poll(example.poll, parties=current.parties, election_id=election_id)


@pytest.mark.parametrize(
    ("election_id", "shown", "not_shown"),
    [("2019", "Brexit Party", "UKIP"), ("2024", "Reform UK", "Brexit Party")],
)
def test_the_advice_form_names_parties_as_the_election_advised_on(
    client: TestClient, election_id: str, shown: str, not_shown: str
) -> None:
    """The advice for 2019 (on the 2017 result) showed "UKIP", and for 2024 (on the 2019
    notional result) "Brexit Party", in its examples."""
    text = unescape(client.get("/advice", params={"election": election_id}).text)
    # the poll box's whole example is the help under it
    placeholders = [
        *re.findall(r'placeholder="([^"]*)"', text),
        *re.findall(r'id="poll-example">For example: ([^<]*)', text),
    ]
    assert any(shown in placeholder for placeholder in placeholders)
    assert not any(not_shown in placeholder for placeholder in placeholders)


@pytest.mark.parametrize("election_id", ["2015", "2019"])
def test_the_examples_name_reform_as_the_election_does(election_id: str) -> None:
    """2015's Reform is UKIP and 2019's the Brexit Party: the forms say so, not "Reform"."""
    label = psephos.load(election_id).label("Reform")
    assert label != "Reform"
    examples = services.form_examples(election_id, ("Con", "Reform"))
    shown = [
        services.poll_example(election_id).poll,
        examples.stand_down,
        examples.transfer,
        examples.max_per_party,
        services.advice_example(election_id).against,
    ]
    for text in shown:
        assert "Reform" not in text
    assert label in examples.max_per_party


@pytest.mark.parametrize("page", ["/targets", "/turnout", "/forecast"])
@pytest.mark.parametrize("election_id", ["2015", "2019", "canada-2021"])
def test_the_poll_boxes_show_the_elections_example(
    client: TestClient, page: str, election_id: str
) -> None:
    """The targets and turnout forms showed a 2024 poll ("Reform 25") on every election; the
    poll box's placeholder is the chosen election's example, as the forecast's is."""
    field = "base" if page == "/forecast" else "election"
    text = client.get(page, params={field: election_id}).text
    placeholder, example = poll_box(text)
    assert example == services.poll_example(election_id).poll
    assert placeholder == services.poll_placeholder(example)


@pytest.mark.parametrize("election_id", ELECTIONS)
def test_the_seats_example_is_the_election_s_own_house(election_id: str) -> None:
    """The coalitions form's seats box shows the chosen election's own seats of its largest
    parties, as the box reads them, not 2017's House on every election, Canada's included,
    and Other for the rest: the whole House, which the box takes."""
    from psephos.government.choices import check_whole_house, parse_seats

    current = psephos.load(election_id)
    example = services.form_examples(election_id).seats
    read = parse_seats(example)
    assert sum(read.values()) == current.n_seats
    check_whole_house(read)
    read.pop("Other", None)
    won = current.seats_won()
    assert len(read) == min(5, sum(1 for n in won.values() if n))
    assert read == {party: won[party] for party in read}
    assert max(won.values()) in read.values()


def test_the_coalitions_page_shows_the_election_s_seats_example(client: TestClient) -> None:
    for election_id in ("2019", "canada-2021"):
        page = client.get("/coalitions", params={"election": election_id})
        assert page.status_code == 200
        (box,) = re.findall(r'<input name="seats"[^>]*>', page.text)
        assert f'placeholder="{services.form_examples(election_id).seats}"' in unescape(box)
    assert (
        "Con 365, Lab 202, SNP 48, LD 11, DUP 8"
        in client.get("/coalitions", params={"election": "2019"}).text
    )


@pytest.mark.parametrize(
    "page",
    ["/forecast", "/targets", "/turnout", "/pacts", "/tactical", "/advice"],
)
def test_a_poll_box_s_placeholder_is_short_and_its_whole_example_is_below(
    client: TestClient, page: str
) -> None:
    """A phone cut the five-party placeholder off mid-name ("... LD 13 Gre"): the box shows
    the first two parties and the help under it, which the box names as its description, the
    whole example, which reads as a poll."""
    text = client.get(page).text
    placeholder, example = poll_box(text)
    assert re.fullmatch(r"e\.g\. \S+ \d+ \S+ \d+ …", placeholder), placeholder
    assert placeholder.removeprefix("e.g. ").removesuffix(" …") in example
    assert len(example.split()) >= 10  # five parties and their shares
    assert 'aria-describedby="poll-example"' in text
    assert read_poll(example, election_id="2024")


def test_a_poll_placeholder_keeps_a_two_word_party_whole() -> None:
    assert services.poll_placeholder("Reform UK 29 Lab 20 Con 18") == "e.g. Reform UK 29 Lab 20 …"
    assert services.poll_placeholder("Lab 35.5 Con 24") == "e.g. Lab 35.5 Con 24"
