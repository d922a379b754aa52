"""Saved scenarios with shareable links: the scenario JSON is stored under a random slug."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from psephos import jurisdictions
from psephos.projection import DEFAULT_MODEL
from psephos.web import services, store
from psephos.web.context import (
    FORWARDS_QUERY,
    NavItem,
    check_csrf,
    database_of,
    default_election,
    render,
)
from psephos.web.schemas import ELECTION_ID_PATTERN, SLUG_PATTERN, Canonical, PollForm, ScenarioIn

router = APIRouter()
NAV = (NavItem("Scenarios", "/scenarios/new", order=70),)

SlugPath = Annotated[str, Path(pattern=SLUG_PATTERN, description="Scenario slug")]


def _save(request: Request, scenario: ScenarioIn) -> str:
    with database_of(request).session(write=True) as session:
        return store.save_scenario(session, scenario).slug


def no_scenario(slug: str) -> str:
    """What a saved scenario's page and its JSON twin say of a link that names none."""
    return (
        f"No scenario is saved at /s/{slug}: check the link (saved scenarios are listed "
        "nowhere else), or save one at /scenarios/new."
    )


def _load(request: Request, slug: str) -> dict[str, Any]:
    with database_of(request).session() as session:
        row = store.get_scenario(session, slug)
        if row is None:
            raise HTTPException(status_code=404, detail=no_scenario(slug))
        return {
            "slug": row.slug,
            "kind": row.kind,
            "title": row.title,
            "payload": row.payload,
            "created_at": row.created_at.isoformat(),
            "url": f"/s/{row.slug}",
        }


@router.get("/scenarios", include_in_schema=False, openapi_extra=FORWARDS_QUERY)
def scenarios_index(request: Request) -> Response:
    """``/scenarios`` typed or reloaded (it is where the save form posts): the form to save
    one, with the query kept. Saved scenarios are listed nowhere: each is its own link."""
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/scenarios/new{query}", status_code=303)


@router.get("/scenarios/new", summary="New poll scenario page")
def new_scenario_page(
    request: Request,
    election: Annotated[
        str | None,
        Canonical,
        Query(pattern=ELECTION_ID_PATTERN, description="Base election (default: the newest)"),
    ] = None,
) -> Response:
    """A form to save a national poll as a shareable scenario: a share for each of the base
    election's country's poll parties (:attr:`~psephos.jurisdictions.Jurisdiction.poll_parties`)
    and Other, named as the election names them and starting at the base result's (Other: the
    rest); its elections, and a link to each other country's form."""
    current = services.election(election or default_election(request))
    country = jurisdictions.of(current)
    # each share starts at the base result's, as the swingometer's sliders do; Other the rest
    shares = services.poll_shares_pct(current)
    shares["Other"] = round(max(0.0, 100.0 - sum(shares.values())), 1)
    return render(
        request,
        "scenario_new.html",
        {
            "election_id": current.id,
            "poll_area": country.poll_area,
            "fields": [
                (code, current.label(code), shares.get(code, 0.0))
                for code in (*country.poll_parties, "Other")
            ],
            "country_elections": [
                row
                for row in services.election_list(every_country=True)
                if jurisdictions.for_election_id(row["id"])[0] is country
            ],
            "other_countries": [
                (entry.poll_area, entry.latest_id)
                for entry in jurisdictions.JURISDICTIONS.values()
                if entry is not country
            ],
        },
    )


@router.post("/scenarios", summary="Save a poll scenario (form)")
def scenario_form(request: Request, form: Annotated[PollForm, Form()]) -> Response:
    """Save the poll, and any area shares beside it (the swingometer's), and go to its
    shareable page."""
    check_csrf(request, form.csrf_token)
    current = services.election(form.election)
    payload: dict[str, Any] = {
        "election": current.id,
        "model": form.model,
        "shares_pct": form.shares(),
    }
    if form.typed_poll:  # a poll (typed as one, ``poll``), even where area shares cover GB
        payload["typed_poll"] = True
    if form.areas is not None:
        payload["areas"] = form.areas
    scenario = ScenarioIn(kind="poll", title=form.title, payload=payload)
    return RedirectResponse(f"/s/{_save(request, scenario)}", status_code=303)


@router.post("/api/scenarios", status_code=201, summary="Save a scenario")
def api_save_scenario(request: Request, scenario: ScenarioIn) -> dict[str, str]:
    """Store any scenario JSON (at most 20 kB) and return its shareable link."""
    slug = _save(request, scenario)
    return {"slug": slug, "url": f"/s/{slug}", "api_url": f"/api/scenarios/{slug}"}


@router.get("/s/{slug}", summary="Shared scenario page")
def scenario_page(request: Request, slug: SlugPath) -> Response:
    """A saved scenario: its poll and any area shares saved beside it, with a link that
    reopens both in the swingometer (which projects them to the seats the page that saved
    them showed): as the sliders, or, where the payload says the shares were a poll typed in
    (``typed_poll``), as that poll typed in, every party of it, which area shares covering
    Great Britain do not set aside."""
    scenario = _load(request, slug)
    payload = scenario["payload"]
    election_id, rows = services.saved_poll(payload)
    areas = services.saved_areas(payload)
    typed = payload.get("typed_poll") is True
    model = str(payload.get("model", DEFAULT_MODEL))  # checked when it was saved
    swingometer = None
    if rows and election_id is not None:
        query = {"base": election_id, "model": model}
        if typed:
            query["poll"] = services.poll_text({row["party"]: row["share_pct"] for row in rows})
        else:
            sliders = jurisdictions.of(services.election(election_id)).poll_parties
            query.update(
                {row["party"]: str(row["share_pct"]) for row in rows if row["party"] in sliders}
            )
        if areas:
            query["areas"] = payload["areas"]
        swingometer = "/swingometer?" + urlencode(query)
    return render(
        request,
        "scenario.html",
        {
            "scenario": scenario,
            # what the poll is for: the page said neither its election nor its model
            "election_id": election_id,
            "model": model,
            "share_rows": rows,
            "areas": areas,
            "typed_poll": typed,
            "swingometer": swingometer,
        },
    )


@router.get("/api/scenarios/{slug}", summary="A saved scenario")
def api_scenario(request: Request, slug: SlugPath) -> dict[str, Any]:
    """A saved scenario's JSON."""
    return _load(request, slug)


@router.get("/healthz", include_in_schema=False)
def health() -> dict[str, str]:
    """Liveness probe."""
    return {"status": "ok"}
