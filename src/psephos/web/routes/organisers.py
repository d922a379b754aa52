"""Organiser login and the organiser-only pages (volunteer lists)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from psephos.web import services, store
from psephos.web.context import (
    NavItem,
    check_csrf,
    check_csrf_header,
    database_of,
    render,
    require_organiser,
)
from psephos.web.schemas import SEAT_CODE_PATTERN, LoginFields, LoginForm, LogoutForm
from psephos.web.security import client_key, csrf_token

router = APIRouter()
NAV = (NavItem("Organisers", "/organisers", order=90),)


def _safe_next(target: str) -> str:
    """Only same-site absolute paths (no scheme, no '//' host) are followed after login."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/organisers"


def _throttle_login(request: Request) -> None:
    allowed, wait = request.app.state.login_bucket.allow(("login", client_key(request.scope)))
    if not allowed:
        raise HTTPException(
            status_code=429,
            detail="Too many login attempts; wait a minute.",
            headers={"Retry-After": str(max(1, round(wait)))},
        )


def _log_in(request: Request, fields: LoginFields) -> bool:
    _throttle_login(request)
    with database_of(request).session() as session:
        organiser = store.authenticate(session, fields.username, fields.password)
        if organiser is None:
            return False
        request.session.clear()  # a fresh session on login (no fixation)
        request.session["organiser_id"] = organiser.id
        request.session["username"] = organiser.username
        csrf_token(request.session)
    return True


@router.get("/login", summary="Organiser login page")
def login_page(
    request: Request, next: Annotated[str, Query(max_length=200)] = "/organisers"
) -> Response:
    """The login form."""
    return render(request, "login.html", {"next": _safe_next(next), "failed": False})


@router.post("/login", summary="Organiser login (form)")
def login_form(request: Request, form: Annotated[LoginForm, Form()]) -> Response:
    """Check the credentials; on success start an organiser session."""
    check_csrf(request, form.csrf_token)
    if not _log_in(request, LoginFields(username=form.username, password=form.password)):
        return render(request, "login.html", {"next": _safe_next(form.next), "failed": True}, 401)
    return RedirectResponse(_safe_next(form.next), status_code=303)


@router.post("/logout", summary="Log out (form)")
def logout_form(request: Request, form: Annotated[LogoutForm, Form()]) -> Response:
    """End the organiser session."""
    check_csrf(request, form.csrf_token)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.post("/api/login", summary="Organiser login")
def api_login(request: Request, fields: LoginFields) -> dict[str, Any]:
    """Start an organiser session (cookie). Send the returned ``csrf_token`` back in the
    ``X-CSRF-Token`` header of every later POST."""
    if not _log_in(request, fields):
        raise HTTPException(status_code=401, detail="Wrong username or password.")
    return {"username": fields.username, "csrf_token": csrf_token(request.session)}


@router.post("/api/logout", summary="Log out")
def api_logout(request: Request, _: Annotated[int, Depends(require_organiser)]) -> dict[str, str]:
    """End the organiser session."""
    check_csrf_header(request)
    request.session.clear()
    return {"status": "logged out"}


def _volunteer_rows(request: Request, seat: str | None) -> list[dict[str, Any]]:
    with database_of(request).session() as session:
        volunteers = store.list_volunteers(session, seat)
    names: dict[str, str] = {}
    for volunteer in volunteers:
        if volunteer.election_id not in names:
            try:
                boundary = services.election(volunteer.election_id).constituencies[0].boundary_set
                names.update(services.seat_names(boundary))
            except Exception:  # an election id no longer bundled: show codes only
                pass
    return [
        {
            "id": v.id,
            "name": v.name,
            "email": v.email,
            "election": v.election_id,
            "target_seat": v.target_seat,
            "target_seat_name": names.get(v.target_seat, v.target_seat),
            "home_seat": v.home_seat,
            "hours_per_week": v.hours_per_week,
            "note": v.note,
            "created_at": v.created_at.isoformat(),
        }
        for v in volunteers
    ]


SeatFilter = Annotated[str | None, Query(pattern=SEAT_CODE_PATTERN)]


@router.get("/organisers", summary="Organiser dashboard")
def organisers_page(
    request: Request, _: Annotated[int, Depends(require_organiser)], seat: SeatFilter = None
) -> Response:
    """Volunteers (personal data: organisers only)."""
    return render(request, "organisers.html", {"volunteers": _volunteer_rows(request, seat)})


@router.get("/api/organisers/volunteers", summary="Volunteers (organisers only)")
def api_volunteers(
    request: Request, _: Annotated[int, Depends(require_organiser)], seat: SeatFilter = None
) -> dict[str, Any]:
    """Every volunteer, newest first (personal data: organisers only)."""
    return {"volunteers": _volunteer_rows(request, seat)}
