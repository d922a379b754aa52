"""Features that need country data (exit poll, nowcast, centroids, hex map, census): one check,
``jurisdictions.require``, made by the library, the command line and the web services, refuses
a country without the data in one line before any other input is read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from psephos import jurisdictions
from psephos.errors import UnsupportedCountryError
from psephos.jurisdictions import CANADA, CAPABILITIES, JURISDICTIONS, UK


@pytest.mark.parametrize("capability", CAPABILITIES, ids=lambda c: c.name)
def test_the_uk_has_every_capability_and_canada_none(capability: jurisdictions.Capability) -> None:
    assert jurisdictions.require(capability, "2024") is UK
    assert jurisdictions.require(capability, jurisdictions.load("2019")) is UK
    with pytest.raises(UnsupportedCountryError) as info:
        jurisdictions.require(capability, "canada-2021")
    message = str(info.value)
    assert message.startswith(f"{capability.name} is available for UK elections only (")
    assert "canada-2021 is a Canadian election" in message and "\n" not in message


@pytest.mark.parametrize("entry", list(JURISDICTIONS.values()), ids=list(JURISDICTIONS))
def test_a_capability_is_the_tables_a_country_bundles(entry: jurisdictions.Jurisdiction) -> None:
    for capability in CAPABILITIES:
        assert entry.supports(capability) == (set(capability.tables) <= set(entry.table_names))
        if entry.supports(capability):
            for table in capability.tables:
                assert len(entry.table(table)) > 0


def test_library_entry_points_refuse_canada() -> None:
    from psephos.forecast.exitpoll import emulate, emulation_inputs, exit_poll
    from psephos.forecast.nowcast import declaration_order
    from psephos.results.hexmap import hex_layout
    from psephos.targeting.nearest import marginals_near, nearest_marginals
    from psephos.targeting.turnout import turnout_scenario

    canada = jurisdictions.load("canada-2021")
    calls = [
        lambda: emulate("canada-2021", 50, n_draws=1),
        lambda: emulation_inputs("canada-2021"),
        lambda: exit_poll(canada, [canada.codes[0]], canada.shares()[:1]),
        lambda: declaration_order("canada-2021"),  # the nowcast replays an assumed one
        lambda: hex_layout(canada),
        lambda: nearest_marginals(canada, canada.codes[0], km=30),
        lambda: marginals_near(canada, canada.codes[0]),
        lambda: turnout_scenario(canada, "18-24", 5, split={"LPC": 0.5}),
    ]
    for call in calls:
        with pytest.raises(UnsupportedCountryError, match="Canadian election"):
            call()
    assert hex_layout(canada, strict=False) == []  # the web map: an empty map, as before


def test_allocation_refuses_canada() -> None:
    from psephos.targeting.allocate import allocate_volunteers
    from psephos.targeting.volunteers import parse_volunteers

    volunteers = parse_volunteers("id,hours,latitude,longitude\n1,3,51.5,-0.1\n").volunteers
    with pytest.raises(UnsupportedCountryError, match="Volunteer allocation is available"):
        allocate_volunteers(jurisdictions.load("canada-2021"), volunteers)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psephos", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("args", "feature"),
    [
        (["exitpoll", "emulate", "canada-2021"], "The exit poll"),
        # the place is not looked up, the file not read, the split not asked for
        (["nearest", "--postcode", "SW1A 1AA", "-e", "canada-2021"], "The nearest-seat search"),
        (["allocate", "{volunteers}", "-e", "canada-2021"], "Volunteer allocation"),
        (["map", "canada-2021"], "The hex map"),
        (["turnout", "canada-2021", "--change", "5"], "The turnout scenario"),
    ],
)
def test_commands_refuse_canada_in_one_line(tmp_path: Path, args: list[str], feature: str) -> None:
    store = tmp_path / "n.sqlite"
    volunteers = tmp_path / "volunteers.csv"
    volunteers.write_text("not a volunteers file\n", encoding="utf-8")
    completed = _cli(
        *(
            arg.replace("{store}", str(store)).replace("{volunteers}", str(volunteers))
            for arg in args
        )
    )
    assert completed.returncode != 0
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith(f"error: {feature}")
    assert "is available for UK elections only" in lines[0]
    assert "Canadian election" in lines[0]
    assert not store.exists()


def test_a_sample_of_canadian_seats_is_refused_by_the_exit_poll(tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    sample.write_text(
        "seat_code,seat_name,party,votes\n10001,Avalon,LPC,10\n10002,Cape Spear,LPC,9\n",
        encoding="utf-8",
    )
    completed = _cli("exitpoll", "estimate", str(sample))
    assert completed.returncode != 0
    assert "The exit poll is available for UK elections only" in completed.stderr
    assert "Results from sample.csv is a Canadian election" in completed.stderr


def test_canada_bundles_none_of_the_uk_only_tables() -> None:
    assert not any(CANADA.supports(capability) for capability in CAPABILITIES)


def test_a_country_is_named_with_its_article() -> None:
    """One rule for "a UK election", "a Canadian election" (an initialism by the sound of its
    first letter: never "an UK"), as every message naming a country's elections or nights
    writes it."""
    from dataclasses import replace

    assert (UK.with_article, CANADA.with_article) == ("a UK", "a Canadian")
    assert replace(CANADA, adjective="Irish").with_article == "an Irish"
    assert replace(CANADA, adjective="NZ").with_article == "an NZ"


#: A results file whose parties no country knows (made up): an election of its own country.
OWN_COUNTRY = "seat_code,seat_name,party,votes\n1,Riverton,BJP,61\n1,Riverton,INC,46\n"


@pytest.mark.parametrize("capability", CAPABILITIES, ids=lambda c: c.name)
def test_a_file_of_its_own_country_has_no_capability(capability: jurisdictions.Capability) -> None:
    """The country of a file whose parties no country knows bundles nothing: every capability
    is refused in one line naming the countries that have it."""
    with pytest.warns(Warning, match="its own country"):
        election = jurisdictions.parse_results_csv(OWN_COUNTRY, name="india.csv")
    assert jurisdictions.of(election) is jurisdictions.OWN
    assert jurisdictions.get("own") is jurisdictions.OWN
    with pytest.raises(UnsupportedCountryError) as info:
        jurisdictions.require(capability, election)
    message = str(info.value)
    assert message.startswith(f"{capability.name} is available for UK elections only (")
    assert message.endswith(
        "Results from india.csv is an election of a country psephos bundles no data for (its "
        "parties are none psephos knows)."
    )
    assert "\n" not in message


def test_a_file_of_its_own_country_has_the_plain_rules() -> None:
    """Half the seats plus one, no Speaker, deputies or abstentionists set aside; one area."""
    own = jurisdictions.OWN
    rules = own.parliament_rules("india")
    assert rules.abstentionist_parties == () and rules.n_deputies == 0
    assert not rules.speaker_on_benches
    assert own.nation_parties == {} and own.parties_apart == () and own.nations_apart == ()
    assert own.poll_area == own.name and own not in JURISDICTIONS.values()
