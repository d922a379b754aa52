"""Switching a page's Election menu to another country's election: the form's hidden
``country`` field names the country its party fields were filled for, and the page opens on
the new country's defaults with a note (:func:`psephos.web.context.country_switch`), while a
request without the field (a typed URL, the JSON twin) is answered, or refused, as asked."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from test_web_crawl import Form, parse_page

from psephos import jurisdictions
from psephos.jurisdictions import Jurisdiction
from psephos.web.context import country_switch_note
from psephos.web.schemas import canonical_election_id

Fields = dict[str, list[str]]


@dataclass(frozen=True)
class Case:
    """A page with an Election menu and party fields.

    Attributes:
        path: The page.
        menu: The name of its Election menu.
        filled: Per country code, a query filling its party fields for that country's election
            (the menu's value among them).
        switch_to: Per country code, a menu value of that country's.
        defaults: The party fields as the page opens on a country's defaults.
        note: The note the page gives on a switch to an election of the country.
        within: A menu value of the UK's other than ``switch_to``'s, whose seats have the UK
            seat of ``filled`` (a switch within one country).
    """

    path: str
    menu: str
    filled: dict[str, Fields]
    switch_to: dict[str, str]
    defaults: Callable[[Jurisdiction], Fields]
    note: Callable[[str, Jurisdiction], str]
    within: str = "2019"

    def __str__(self) -> str:
        return self.path


def _no_ticks(country: Jurisdiction) -> Fields:
    return {"government": [], "supporters": []}


def _sliders(country: Jurisdiction) -> Fields:
    # the sliders stand at the base result's shares: each of the country's poll parties, and
    # no other country's
    return {"sliders": list(country.poll_parties)}


def _advice_note(election: str, country: Jurisdiction) -> str:
    from psephos.tactical.api import advice_base
    from psephos.web.routes.advice import SWITCH_CLEARS
    from psephos.web.services import tactical_elections

    return country_switch_note(
        advice_base(election),
        election_label=tactical_elections()[election],
        fields=SWITCH_CLEARS,
    )


def _tactical_note(election: str, country: Jurisdiction) -> str:
    from psephos.tactical.api import advice_base
    from psephos.web.services import tactical_elections

    # the bloc is every other party, as psephos tactical's without --bloc: only the parties
    # to defeat are the country's
    return country_switch_note(
        advice_base(election),
        against=country.default_against,
        election_label=tactical_elections()[election],
    )


CASES = [
    Case(
        "/targets",
        "election",
        {
            "uk": {"election": ["2024"], "attacker": ["Reform"], "defender": ["Lab"]},
            "canada": {"election": ["canada-2021"], "attacker": ["NDP"], "defender": ["LPC"]},
        },
        {"uk": "2024", "canada": "canada-2021"},
        lambda country: {
            "attacker": [(country.default_pair or ("", ""))[0]],
            "defender": [(country.default_pair or ("", ""))[1]],
        },
        lambda election, country: country_switch_note(
            election, (country.default_pair or ())[:1], (country.default_pair or ())[1:]
        ),
    ),
    Case(
        "/pacts",
        "election",
        {
            "uk": {"election": ["2024"], "bloc": ["Lab,LD"], "majority": ["300"]},
            "canada": {"election": ["canada-2021"], "bloc": ["LPC,NDP"], "majority": ["150"]},
        },
        {"uk": "2024", "canada": "canada-2021"},
        lambda country: {"bloc": [",".join(country.default_bloc)], "majority": [""]},
        lambda election, country: country_switch_note(election, country.default_bloc),
    ),
    Case(
        "/tactical",
        "election",
        {
            "uk": {"election": ["2024"], "against": ["Con"], "bloc": ["Lab,LD"], "build": ["LD"]},
            "canada": {"election": ["canada-2021"], "against": ["LPC"], "bloc": ["CPC,PPC"]},
        },
        {"uk": "next", "canada": "canada-2021"},
        lambda country: {
            "against": [",".join(country.default_against)],
            "bloc": [""],
            "build": [""],
        },
        _tactical_note,
    ),
    Case(
        "/coalitions",
        "election",
        {
            "uk": {"election": ["2024"], "government": ["Lab"], "supporters": ["LD"]},
            "canada": {"election": ["canada-2021"], "government": ["LPC"], "supporters": ["NDP"]},
        },
        {"uk": "2024", "canada": "canada-2021"},
        _no_ticks,
        lambda election, country: country_switch_note(election),
    ),
    Case(
        "/swingometer",
        "base",
        {
            "uk": {"base": ["2024"], "Lab": ["30"], "Con": ["25"]},
            "canada": {"base": ["canada-2021"], "LPC": ["30"], "CPC": ["30"]},
        },
        {"uk": "2024", "canada": "canada-2021"},
        _sliders,
        lambda election, country: country_switch_note(election),
    ),
    Case(
        "/forecast",
        "base",
        {
            "uk": {
                "base": ["2024"],
                "poll": ["Lab 30 Con 25"],
                "areas": ["area,party,share\nScotland,SNP,30"],
            },
            "canada": {"base": ["canada-2021"], "poll": ["LPC 30 CPC 30"]},
        },
        {"uk": "2024", "canada": "canada-2021"},
        lambda country: {"poll": [""], "areas": [""]},
        lambda election, country: country_switch_note(election),
    ),
    Case(
        "/advice",
        "election",
        {
            "uk": {
                "election": ["next"],
                "seat": ["Hampstead and Highgate"],
                "prefer": ["Green, Lab"],
                "against": ["Con"],
                "poll": ["Lab 30 Con 25"],
            },
            "canada": {"election": ["canada-2021"], "seat": ["Avalon"], "prefer": ["NDP"]},
        },
        {"uk": "next", "canada": "canada-2021"},
        lambda country: {
            name: [""]
            for name in ("postcode", "seat", "lat", "lon", "prefer", "against", "poll")
            # no postcode box where the country has no postcode lookup, nor latitude and
            # longitude where it has no seat centres
            if (name != "postcode" or country.supports(jurisdictions.POSTCODES))
            and (name not in ("lat", "lon") or country.supports(jurisdictions.NEAREST))
        },
        _advice_note,
        within="2019-notional-2024",  # the 2024 seats (2019's advice is on 2017's)
    ),
]
SWITCHES = [("uk", "canada"), ("canada", "uk")]


def _query(fields: Fields) -> str:
    return urlencode([(name, value) for name, values in fields.items() for value in values])


def _form(page: str, path: str) -> Form:
    """The page's GET form (the first whose action is the page)."""
    return next(form for form in parse_page(page).forms if form.action == path)


def _fields(form: Form) -> Fields:
    found: Fields = {}
    for name, value in form.fields:
        found.setdefault(name, []).append(value)
    return found


def _note(page: str) -> str | None:
    marker = 'id="country-note">'
    if marker not in page:
        return None
    text = page.split(marker, 1)[1].split("</p>", 1)[0]
    return html.unescape(text)


def _switched(client: TestClient, case: Case, source: str, target: str) -> Fields:
    """What the page's form sends after it was answered for ``source``'s parties and its menu
    was switched to ``target``'s election."""
    page = client.get(f"{case.path}?{_query(case.filled[source])}")
    assert page.status_code == 200, page.text
    sent = _fields(_form(page.text, case.path))
    sent[case.menu] = [case.switch_to[target]]
    return sent


def _shown(case: Case, fields: Fields, country: Jurisdiction = jurisdictions.UK) -> Fields:
    """The party fields of an answered form, as :attr:`Case.defaults` gives them for
    ``country``."""
    if case.path == "/swingometer":
        own = set(jurisdictions.POLL_PARTIES)
        return {"sliders": [name for name in fields if name in own]}
    return {name: fields.get(name, []) for name in case.defaults(country)}


@pytest.mark.parametrize(("source", "target"), SWITCHES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_switched_menu_opens_the_other_countrys_defaults(
    client: TestClient, case: Case, source: str, target: str
) -> None:
    sent = _switched(client, case, source, target)
    assert sent["country"] == [source]
    answered = client.get(f"{case.path}?{_query(sent)}")
    assert answered.status_code == 200, answered.text
    country = jurisdictions.get(target)
    assert _note(answered.text) == case.note(case.switch_to[target], country)
    assert 'role="alert"' not in answered.text
    form = _fields(_form(answered.text, case.path))
    assert _shown(case, form, country) == case.defaults(country)
    assert form["country"] == [target]  # the form is now filled for the new country


@pytest.mark.parametrize(("source", "target"), SWITCHES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_without_the_hidden_field_the_parties_are_refused_as_before(
    client: TestClient, case: Case, source: str, target: str
) -> None:
    sent = _switched(client, case, source, target)
    del sent["country"]  # a typed URL
    answered = client.get(f"{case.path}?{_query(sent)}")
    assert answered.status_code in (400, 404), answered.text
    assert 'role="alert"' in answered.text
    assert _note(answered.text) is None


@pytest.mark.parametrize("case", CASES, ids=str)
def test_within_one_country_the_parties_are_kept(client: TestClient, case: Case) -> None:
    sent = _switched(client, case, "uk", "uk")
    sent[case.menu] = [case.within]
    answered = client.get(f"{case.path}?{_query(sent)}")
    assert answered.status_code == 200, answered.text
    assert _note(answered.text) is None
    shown = _shown(case, _fields(_form(answered.text, case.path)))
    assert shown == _shown(case, sent)


def test_a_party_a_country_lacks_is_still_refused_in_the_librarys_words(
    client: TestClient,
) -> None:
    query = "election=2019&attacker=NDP&defender=Con"
    answered = client.get(f"/targets?{query}&country=uk")
    twin = client.get(f"/api/targets?{query}")
    assert answered.status_code == twin.status_code == 404
    assert twin.json()["detail"] in html.unescape(answered.text)
    assert _note(answered.text) is None


def test_the_json_twin_ignores_the_field(client: TestClient) -> None:
    answered = client.get("/api/targets?election=canada-2021&attacker=Lab&defender=Con&country=uk")
    assert answered.status_code == 404
    assert "Lab" in answered.json()["detail"]


@pytest.mark.parametrize("election", ["2024", "canada-2021"])
@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_form_names_its_country(client: TestClient, case: Case, election: str) -> None:
    page = client.get(f"{case.path}?{case.menu}={election}")
    assert page.status_code == 200, page.text
    country, _ = jurisdictions.for_election_id(election)
    assert _fields(_form(page.text, case.path))["country"] == [country.code]


#: Each page with an Election or Base election menu read from its query (template, path, the
#: menu's name), asked with an alias of one of the menu's elections.
ALIAS_MENUS = [
    ("advice.html", "/advice", "election"),
    ("coalitions.html", "/coalitions", "election"),
    ("exitpoll.html", "/exit-poll", "election"),
    ("forecast.html", "/forecast", "base"),
    ("marginals.html", "/marginals", "election"),
    ("pacts.html", "/pacts", "election"),
    ("results_night_replay.html", "/results-night/replay", "election"),
    ("scenario_new.html", "/scenarios/new", "election"),
    ("swingometer.html", "/swingometer", "base"),
    ("systems.html", "/systems", "election"),
    ("tactical.html", "/tactical", "election"),
    ("tactical_audit.html", "/tactical-audit", "election"),
    ("targets.html", "/targets", "election"),
    ("turnout.html", "/turnout", "election"),
]
#: Menus filled from a posted form only (an organiser's, a file upload's), read by the same
#: validator (:data:`psephos.web.schemas.Canonical`, checked on their forms' models below).
POSTED_MENUS = {"allocate.html", "declare.html", "swap.html"}


def _selected(page: str, menu: str) -> list[list[str]]:
    """The selected values of each of a page's menus named ``menu``."""
    menus = re.findall(rf'<select name="{menu}"[^>]*>(.*?)</select>', page, re.S)
    return [re.findall(r'<option value="([^"]*)"\s*selected', options) for options in menus]


def test_every_election_menu_is_checked_with_an_alias() -> None:
    templates = resources.files("psephos.web") / "templates"
    with_menus = {
        entry.name
        for entry in templates.iterdir()
        if re.search(r'<select name="(?:election|base)"', entry.read_text(encoding="utf-8"))
    }
    assert with_menus == {name for name, _, _ in ALIAS_MENUS} | POSTED_MENUS


@pytest.mark.parametrize(("template", "path", "menu"), ALIAS_MENUS)
def test_a_menu_selects_the_election_answered_for_an_alias(
    client: TestClient, template: str, path: str, menu: str
) -> None:
    """An election typed as an alias (``GE2019`` for 2019) is answered as that election, and
    the page's menus select it, so that the next click asks about it again (not the menu's
    first entry)."""
    menus = re.findall(rf'<select name="{menu}"[^>]*>(.*?)</select>', client.get(path).text, re.S)
    values = re.findall(r'<option value="([^"]*)"', menus[0])
    offered = [value for value in values if value in jurisdictions.available_elections()]
    election = "2019" if "2019" in offered else offered[0]
    entry, key = jurisdictions.for_election_id(election)
    alias = next(
        (info.aliases[0] for info in entry.elections if info.id == key and info.aliases),
        key.upper(),
    )
    page = client.get(path, params={menu: alias})
    assert page.status_code == 200, page.text
    chosen = _selected(page.text, menu)
    assert chosen and all(values == [key] for values in chosen), (alias, chosen)


@pytest.mark.parametrize("alias", ["GE2019", "ca2021", " 2019 "])
def test_posted_menus_read_an_alias_as_its_election(alias: str) -> None:
    from psephos.web.routes.polls import PollTableForm
    from psephos.web.routes.swaps import SwapOptions

    key = jurisdictions.resolve_election_id(alias)
    assert SwapOptions(election=alias).election == key
    assert PollTableForm(base=alias, csrf_token="x").base == key
    assert canonical_election_id("next") == "next"  # not an election id: kept, for the page
