"""Organiser login and the organiser-only pages (volunteer lists, the sign-ups exported for
allocation)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from psephos.errors import PsephosError
from psephos.io.export import csv_file_text, csv_text
from psephos.targeting.signups import (
    DEFAULT_CAMPAIGN_WEEKS,
    MAX_CAMPAIGN_WEEKS,
    SignUp,
    allocation_rows,
    sign_up_columns,
    without_home_seat,
)
from psephos.web import services, store
from psephos.web.context import (
    SESSION_TOKEN,
    NavItem,
    OrganiserId,
    check_csrf,
    check_csrf_header,
    csv_response,
    database_of,
    render,
    settings_of,
)
from psephos.web.schemas import (
    SEAT_CODE_PATTERN,
    Blank,
    EraseForm,
    LoginFields,
    LoginForm,
    LogoutForm,
    PasswordChange,
)
from psephos.web.security import AUDIT, client_key, csrf_token, verify_password

router = APIRouter()
NAV = (NavItem("Organisers", "/organisers", order=90),)


def _safe_next(target: str) -> str:
    """Only same-site absolute paths (no scheme, no '//' host) are followed after login."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/organisers"


def _throttle_login(request: Request, client: str) -> None:
    """At most ``login_attempts_per_minute`` attempts per client in any minute, counted in
    the login audit, so every worker shares the limit."""
    settings = settings_of(request)
    if settings.rate_limit_per_second <= 0:
        return
    with database_of(request).session() as session:
        recent = store.recent_login_attempts(session, client)
    if recent >= settings.login_attempts_per_minute:
        raise HTTPException(
            status_code=429,
            detail="Too many login attempts; wait a minute.",
            headers={"Retry-After": "60"},
        )


def _log_in(request: Request, fields: LoginFields) -> bool:
    client = client_key(request.scope)
    _throttle_login(request, client)
    with database_of(request).session(write=True) as session:
        organiser = store.authenticate(session, fields.username, fields.password)
        store.record_login(session, fields.username, client, organiser is not None)
        if organiser is None:
            AUDIT.info("login failed user=%r client=%s", fields.username[:40], client)
            return False
        token = store.start_session(session, organiser.id, settings_of(request).session_max_age)
        AUDIT.info("login user=%r client=%s", organiser.username, client)
        request.session.clear()  # a fresh session on login (no fixation)
        request.session[SESSION_TOKEN] = token
        request.session["username"] = organiser.username
        request.state.organiser_id = organiser.id
        csrf_token(request.session)
    return True


def _log_out(request: Request) -> None:
    with database_of(request).session(write=True) as session:
        store.end_session(session, request.session.get(SESSION_TOKEN))
    AUDIT.info(
        "logout user=%r client=%s", request.session.get("username"), client_key(request.scope)
    )
    request.session.clear()
    request.state.organiser_id = None


@router.get("/login", summary="Organiser login page")
def login_page(
    request: Request, next: Annotated[str, Query(max_length=200)] = "/organisers"
) -> Response:
    """The login form."""
    return render(
        request, "login.html", {"next": _safe_next(next), "failed": False, "username": ""}
    )


@router.post("/login", summary="Organiser login (form)")
def login_form(request: Request, form: Annotated[LoginForm, Form()]) -> Response:
    """Check the credentials; on success start an organiser session."""
    check_csrf(request, form.csrf_token)
    if not _log_in(request, LoginFields(username=form.username, password=form.password)):
        # The username stays in its box, so only the password is typed again.
        context = {"next": _safe_next(form.next), "failed": True, "username": form.username}
        return render(request, "login.html", context, 401)
    return RedirectResponse(_safe_next(form.next), status_code=303)


@router.post("/logout", summary="Log out (form)")
def logout_form(request: Request, form: Annotated[LogoutForm, Form()]) -> Response:
    """End the organiser session."""
    check_csrf(request, form.csrf_token)
    _log_out(request)
    return RedirectResponse("/", status_code=303)


@router.post("/api/login", summary="Organiser login")
def api_login(request: Request, fields: LoginFields) -> dict[str, Any]:
    """Start an organiser session (cookie). Send the returned ``csrf_token`` back in the
    ``X-CSRF-Token`` header of every later POST."""
    if not _log_in(request, fields):
        raise HTTPException(status_code=401, detail="Wrong username or password.")
    return {"username": fields.username, "csrf_token": csrf_token(request.session)}


@router.post("/api/logout", summary="Log out")
def api_logout(request: Request, _: OrganiserId) -> dict[str, str]:
    """End the organiser session: the server forgets it, so a saved copy of the cookie no
    longer works."""
    check_csrf_header(request)
    _log_out(request)
    return {"status": "logged out"}


@router.post("/api/organisers/password", summary="Change your password (organisers only)")
def api_change_password(
    request: Request,
    fields: PasswordChange,
    organiser: OrganiserId,
) -> dict[str, str]:
    """Set a new password (at least ``MIN_PASSWORD_LENGTH``, 12, characters). Every session
    of this organiser ends, this one included: log in again with the new password."""
    check_csrf_header(request)
    with database_of(request).session(write=True) as session:
        row = store.organiser_by_id(session, organiser)
        if row is None or not verify_password(row.password_hash, fields.current_password):
            raise HTTPException(status_code=403, detail="The current password is wrong.")
        store.set_organiser(session, row.username, fields.new_password)
    AUDIT.info("password changed user=%r", row.username)
    request.session.clear()
    return {"status": "password changed; log in again"}


def _volunteer_rows(
    request: Request, seat: str | None, campaign: str | None = None
) -> list[dict[str, Any]]:
    with database_of(request).session() as session:
        volunteers = store.list_volunteers(session, seat, campaign)
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
            "campaign": v.campaign,
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
CampaignFilter = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$")]


def _sign_ups(rows: list[dict[str, Any]]) -> list[SignUp]:
    """The listed volunteers as sign-ups, oldest first (the file's rows in the order they
    signed up), each with the boundaries of the election it was made for."""
    boundaries: dict[str, str | None] = {}
    for election_id in {row["election"] for row in rows}:
        try:
            boundaries[election_id] = services.election(election_id).constituencies[0].boundary_set
        except PsephosError:  # an election id no longer bundled: no seat centres
            boundaries[election_id] = None
    return [
        SignUp(
            number=row["id"],
            name=row["name"],
            email=row["email"],
            hours_per_week=row["hours_per_week"],
            home_seat=row["home_seat"],
            boundary_set=boundaries[row["election"]],
            target_seat=row["target_seat"],
        )
        for row in sorted(rows, key=lambda row: row["id"])
    ]


@router.get("/organisers", summary="Organiser dashboard")
def organisers_page(request: Request, _: OrganiserId, seat: SeatFilter = None) -> Response:
    """Volunteers (personal data: organisers only), and the form exporting them for
    allocation."""
    volunteers = _volunteer_rows(request, seat)
    return render(
        request,
        "organisers.html",
        {
            "volunteers": volunteers,
            "seat": seat,
            "default_weeks": DEFAULT_CAMPAIGN_WEEKS,
            "max_weeks": MAX_CAMPAIGN_WEEKS,
            "without_home_seat": without_home_seat(_sign_ups(volunteers)),
        },
    )


@router.get("/api/organisers/volunteers", summary="Volunteers (organisers only)")
def api_volunteers(
    request: Request,
    _: OrganiserId,
    seat: SeatFilter = None,
    campaign: CampaignFilter = None,
) -> dict[str, Any]:
    """Every volunteer, newest first (personal data: organisers only)."""
    return {"volunteers": _volunteer_rows(request, seat, campaign)}


VolunteerId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def no_volunteer(volunteer_id: int) -> str:
    """What the volunteer endpoints say of an id that names no stored volunteer."""
    return (
        f"No volunteer {volunteer_id} is stored; the volunteers are listed at "
        "/api/organisers/volunteers and on /organisers."
    )


@router.get(
    "/api/organisers/volunteers/{volunteer_id}/export",
    summary="Export one volunteer's data (organisers only)",
)
def api_export_volunteer(
    request: Request,
    volunteer_id: VolunteerId,
    organiser: OrganiserId,
) -> Response:
    """Everything stored about one volunteer, as a JSON file to hand to them (a subject
    access request)."""
    row = next((v for v in _volunteer_rows(request, None) if v["id"] == volunteer_id), None)
    if row is None:
        raise HTTPException(status_code=404, detail=no_volunteer(volunteer_id))
    AUDIT.info("volunteer %d exported by organiser %d", volunteer_id, organiser)
    return JSONResponse(
        {"volunteer": row},
        headers={
            "Content-Disposition": f'attachment; filename="volunteer-{volunteer_id}.json"',
            "Cache-Control": "no-store",
        },
    )


@router.delete("/api/organisers/volunteers/{volunteer_id}", summary="Erase a volunteer")
def api_erase_volunteer(
    request: Request,
    volunteer_id: VolunteerId,
    organiser: OrganiserId,
) -> dict[str, Any]:
    """Delete everything stored about one volunteer, for good (the right to erasure)."""
    check_csrf_header(request)
    with database_of(request).session(write=True) as session:
        erased = store.erase_volunteer(session, volunteer_id)
    if not erased:
        raise HTTPException(status_code=404, detail=no_volunteer(volunteer_id))
    AUDIT.info("volunteer %d erased by organiser %d", volunteer_id, organiser)
    return {"status": "erased", "id": volunteer_id}


@router.post("/organisers/volunteers/{volunteer_id}/erase", summary="Erase a volunteer (form)")
def erase_volunteer_form(
    request: Request,
    volunteer_id: VolunteerId,
    form: Annotated[EraseForm, Form()],
    organiser: OrganiserId,
) -> Response:
    """The organiser page's erase button: erases the volunteer only with the tick box beside
    it ticked (``confirm``; one press on the wrong row erased that volunteer for good), else
    the page again with the refusal above the table (422), nothing erased."""
    check_csrf(request, form.csrf_token)
    if not form.confirm:
        refused = (
            "Not erased: tick \u201cfor good\u201d beside the Erase button first; an erasure "
            "cannot be undone."
        )
        context = {"volunteers": _volunteer_rows(request, None), "error": refused}
        return render(request, "organisers.html", context, 422)
    with database_of(request).session(write=True) as session:
        store.erase_volunteer(session, volunteer_id)
    AUDIT.info("volunteer %d erased by organiser %d", volunteer_id, organiser)
    return RedirectResponse("/organisers", status_code=303)


Weeks = Annotated[
    int,
    Blank,
    Query(
        ge=1,
        le=MAX_CAMPAIGN_WEEKS,
        title="Weeks of campaigning",
        description="Weeks of campaigning left: each sign-up's hours a week are multiplied by "
        f"it (default {DEFAULT_CAMPAIGN_WEEKS}, a general election's 25 working days)",
    ),
]
IncludePersonal = Annotated[
    bool,
    Query(description="The e-mail address as the id, and the name (else the sign-up's number)"),
]


def _allocation_file(
    request: Request,
    organiser: int,
    weeks: int,
    include_personal: bool,
    seat: str | None,
    campaign: str | None,
) -> Response:
    """The sign-ups as a volunteers file for allocation
    (:func:`psephos.targeting.signups.allocation_rows`), to download; the audit log records
    the count, nothing else."""
    sign_ups = _sign_ups(_volunteer_rows(request, seat, campaign))
    rows = allocation_rows(sign_ups, weeks, include_personal=include_personal)
    AUDIT.info(
        "volunteer sign-ups exported for allocation by organiser %d: %d rows", organiser, len(rows)
    )
    return csv_response(  # a file to open in Excel: its byte-order mark says UTF-8
        csv_file_text(csv_text(rows, sign_up_columns(include_personal=include_personal))),
        "volunteers-for-allocation",
        {"Cache-Control": "no-store"},
    )


@router.get(
    "/organisers/volunteers/allocation.csv",
    summary="Export sign-ups for allocation (form, organisers only)",
)
def allocation_file_form(
    request: Request,
    organiser: OrganiserId,
    weeks: Weeks = DEFAULT_CAMPAIGN_WEEKS,
    include_personal: IncludePersonal = False,
    seat: SeatFilter = None,
    campaign: Annotated[str | None, Blank, CampaignFilter] = None,
) -> Response:
    """The organiser page's "Export sign-ups for allocation" button: the file of
    ``/api/organisers/volunteers/allocation.csv``."""
    return _allocation_file(request, organiser, weeks, include_personal, seat, campaign)


@router.get(
    "/api/organisers/volunteers/allocation.csv",
    summary="Sign-ups as a volunteers file for allocation (organisers only)",
)
def api_allocation_file(
    request: Request,
    organiser: OrganiserId,
    weeks: Weeks = DEFAULT_CAMPAIGN_WEEKS,
    include_personal: IncludePersonal = False,
    seat: SeatFilter = None,
    campaign: Annotated[str | None, Blank, CampaignFilter] = None,
) -> Response:
    """The sign-ups (optionally of one target ``seat`` or ``campaign``) as a CSV file that
    ``/organisers/allocate`` and ``psephos allocate`` read:
    ``id,hours,latitude,longitude,chosen_seat`` (the seat signed up for, which the allocation
    keeps the volunteer on),
    oldest sign-up first. ``hours`` is the sign-up's hours a week times ``weeks`` (the weeks
    of campaigning left; default 5), the location the centre of the volunteer's home seat (empty
    where they gave none: the allocation rejects that row by number). The id is the sign-up's
    number (as ``/api/organisers/volunteers`` lists it); ``include_personal=true`` makes it the
    e-mail address and adds ``name``. Personal data: organisers only, never cached."""
    return _allocation_file(request, organiser, weeks, include_personal, seat, campaign)
