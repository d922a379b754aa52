"""Your own results: a results file of any country (a council's, a by-election set, another
country's seats) told as ``psephos results FILE`` tells it: who won, the turnout, the national
table with its seats chart, the closest seats (``psephos marginals FILE``) and each seat's
result (``psephos results FILE --seat SEAT``), all from the library functions the commands use
(:func:`psephos.web.services.results_file`).

The page and its JSON twin take the file as the systems page takes one (a CSV or an .xlsx
workbook, its Sheet box, read by :func:`psephos.web.context.form_file`) and store nothing: a
file is read, answered and forgotten. A poll typed beside the file (its Poll box and Swing
model menu, the swingometer's) projects the file as ``psephos project --from FILE --poll POLL``
does (:func:`psephos.web.services.file_projection`), shown under the file's own result. So
that a seat's result can be seen without sending the file again, the page lists every seat's
result, each folded in a ``<details>`` that opens on a click (files of up to
:data:`psephos.web.services.MAX_LISTED_SEATS` seats); the Seat box, sent with the file, opens
one seat above the rest as ``--seat`` does, and is how a larger file's seat is seen. Keeping
the file on the server for a later seat request would need storage, expiry and an owner for
it; a page that carries its own seats needs none of them, and works without JavaScript."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from psephos.projection import DEFAULT_MODEL, MODELS
from psephos.web import services
from psephos.web.context import (
    FileText,
    NavItem,
    attempt_on_kept_file,
    check_csrf,
    file_notes,
    form_file,
    render,
)
from psephos.web.limits import run_heavy
from psephos.web.schemas import (
    AreaSharesField,
    Blank,
    CsrfToken,
    KeptResultsFile,
    ModelName,
    PollText,
    ResultsUnknownParties,
    SheetName,
)

router = APIRouter()
NAV = (NavItem("Your own results", "/results/file", order=12),)

#: The page's template.
TEMPLATE = "results_file.html"


class ResultsFileOptions(BaseModel):
    """What ``psephos results FILE`` takes beside the file, as form fields (blank: none)."""

    seat: Annotated[str | None, Blank] = Field(
        default=None,
        max_length=100,
        description="One seat's full result, by name or code, as psephos results FILE --seat",
    )
    # named as the systems page's, so the page's "Count it under other systems" button posts
    # the same form there
    results_sheet: SheetName = None
    unknown_parties: ResultsUnknownParties = "error"
    # the swingometer's poll box and model menu: the file projected as psephos project
    # --from FILE --poll POLL --model MODEL projects it
    poll: Annotated[PollText, Blank] = None
    areas: AreaSharesField = None
    model: ModelName = ModelName(DEFAULT_MODEL)


class ResultsFileForm(ResultsFileOptions, KeptResultsFile, CsrfToken):
    """The page's form (with the session's CSRF token, and the file it read before)."""


#: The results file's description, as its form field and the API's say it.
RESULTS_FILE_HELP = (
    "Results CSV (or an .xlsx workbook), columns seat_code, seat_name, party, votes "
    "(optionally electorate, candidate, region), as psephos results FILE.csv"
)
ResultsFile = Annotated[UploadFile, File(description=RESULTS_FILE_HELP)]
#: The page's file box: left empty, the file the page read before is used again.
ResultsFileBox = Annotated[
    UploadFile | None,
    File(description=f"{RESULTS_FILE_HELP}; left out, the file the page kept is used again"),
]
#: The page's refusal of a post with no file, chosen or kept.
NO_FILE = "Choose a results file (a CSV or an .xlsx workbook) to show its results."


async def _answer(
    request: Request, upload: FileText, options: ResultsFileOptions, *, every_seat: bool
) -> dict[str, Any]:
    """The library's answer, with ``notes``: one for a file read as Windows-1252, then the
    command's."""
    answer = await run_heavy(
        request,
        lambda: services.results_file(
            upload.named_text,
            options.seat,
            unknown_parties=options.unknown_parties,
            every_seat=every_seat,
            poll=options.poll,
            model=options.model.value,
            areas=options.areas,
        ),
    )
    return {**answer, "notes": [*file_notes(upload), *answer["notes"]]}


async def _read(upload: UploadFile, options: ResultsFileOptions) -> FileText:
    return await form_file(
        upload, "results file", default_name="results.csv", sheet=options.results_sheet
    )


@router.get("/results/file", summary="Your own results page")
def results_file_page(request: Request) -> Response:
    """The upload form."""
    return render(
        request, TEMPLATE, {"answer": None, "options": ResultsFileOptions(), "models": MODELS}
    )


@router.post("/results/file", summary="Your own results (form)")
async def results_file_form(
    request: Request,
    form: Annotated[ResultsFileForm, Form()],
    results_file: ResultsFileBox = None,
) -> Response:
    """Who won the uploaded results and by how much: the headline, the national table and
    seats chart, the closest seats and every seat's result, and with a poll the file projected
    to it (its seats chart, seats before and after, headline and notes). A file the reader
    refuses (or a seat it does not have, or a poll that does not read) is said above the form
    with its JSON twin's status and message. The file read is kept in the form (hidden), so
    that another seat, poll or menu choice, or other systems, need no second choice of it."""
    check_csrf(request, form.csrf_token)
    tried, upload = await attempt_on_kept_file(
        results_file,
        form,
        lambda file: _answer(request, file, form, every_seat=True),
        sheet=form.results_sheet,
        missing=NO_FILE,
    )
    return render(
        request,
        TEMPLATE,
        {
            "answer": tried.answer,
            "error": tried.error,
            "options": form,
            "models": MODELS,
            "kept": upload,
        },
        tried.status,
    )


@router.post("/api/results/file", summary="Your own results")
async def api_results_file(
    request: Request, form: Annotated[ResultsFileOptions, Form()], results_file: ResultsFile
) -> dict[str, Any]:
    """A results file (multipart ``results_file``: ``seat_code,seat_name,party,votes``, a
    CSV or an .xlsx workbook's first sheet or the one ``results_sheet`` names; a file whose
    parties no country knows is read as an election of its own country; ``unknown_parties``:
    how a party psephos does not know is read, as ``--unknown-parties``) as ``psephos results
    FILE --format json`` tells it: ``headline`` (who won, the turnout), ``n_seats``,
    ``turnout_pct``, ``close_calls`` and the national table's ``rows`` (each with its party's
    ``colour``), with ``majority_line``, the 20 closest seats as ``psephos marginals FILE``
    lists them (``marginals``), every seat's ``code`` and ``name`` (``seats``) and, for
    ``seat``, that seat as ``psephos results FILE --seat SEAT --format json`` gives it
    (``seat``; ``null`` without one). ``poll`` (national shares in percent, as ``--poll``) and
    ``model`` (the swing model, default ``national``): the file projected as ``psephos project
    --from FILE --poll POLL --model MODEL --format json`` projects it (``projection``: its
    ``model``, ``seats``, gains and losses ``rows``, ``majority_line``, ``headline`` and
    ``notes``; ``null`` without a poll). ``notes``: a file that was not UTF-8, then the
    command's notes. A file or poll that does not read (a party the file names that psephos
    does not know too): 400 with the command's message; a seat, or a poll's party, that is
    not known: 404 with its "did you mean"."""
    return await _answer(request, await _read(results_file, form), form, every_seat=False)
