"""A poll table averaged: an uploaded CSV of polls (one row a poll: a date, a pollster, a column
per party) reduced to its final week's mean, as every command's ``--poll FILE`` reduces one
(:func:`psephos.projection.polls.poll_average_of_text`; the server reads the upload's text and
never opens a path). The swingometer and forecast pages project the mean (their ``POST``
forms, :func:`uploaded_average`); ``POST /api/poll-average`` gives it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from pydantic import Field, field_validator
from starlette.concurrency import run_in_threadpool

from psephos.io.polls import WHAT
from psephos.projection import DEFAULT_MODEL
from psephos.web import services
from psephos.web.context import file_notes, form_file
from psephos.web.schemas import ELECTION_ID_PATTERN, CsrfToken, ModelName

router = APIRouter()

#: A poll table uploaded to a form or the JSON API.
PollFile = Annotated[
    UploadFile,
    File(
        description="A poll table: a CSV of polls, one row a poll, with a date column "
        "(end_date, date, fieldwork, ...), optionally a pollster and an area, and a column per "
        "party (Con, Lab, ...), as psephos project --poll FILE"
    ),
]


class PollTableForm(CsrfToken):
    """A page's poll table form: the base election and model the mean is projected with
    (with the session's CSRF token)."""

    base: str | None = Field(
        default=None, pattern=ELECTION_ID_PATTERN, description="Base election (blank: default)"
    )
    model: ModelName = Field(default=ModelName(DEFAULT_MODEL), description="Swing model")

    @field_validator("base", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


async def uploaded_average(upload: UploadFile) -> dict[str, Any]:
    """The final-week mean of an uploaded poll table
    (:func:`psephos.web.services.poll_table_average`), its notes led by one saying the file
    was read as Windows-1252 where it was not UTF-8.

    Raises:
        HTTPException: 422, the file is not text.
        DataFormatError, InvalidSharesError: as :func:`psephos.web.services.poll_table_average`.
    """
    poll_table = await form_file(upload, WHAT, default_name="polls.csv")
    answer = await run_in_threadpool(services.poll_table_average, *poll_table.named_text)
    return {**answer, "notes": file_notes(poll_table) + answer["notes"]}


@router.post("/api/poll-average", summary="Average a poll table")
async def api_poll_average(poll_file: PollFile) -> dict[str, Any]:
    """Multipart upload of a poll table (``poll_file``: a CSV of polls, one row a poll: a
    date, a pollster, a column per party) averaged as ``--poll FILE`` averages it: the
    unweighted mean, party by party over the polls giving it, of the polls whose fieldwork
    ended in the seven days up to the latest date in the file. ``poll``: the mean as the
    typed poll the commands project (give it as ``poll`` to ``/api/swingometer`` or
    ``/api/forecast``); ``shares`` (percent); ``n_polls``, ``first`` and ``last`` (fieldwork
    end dates), ``window``, ``pollsters``, ``reported`` (party: polls giving it); ``ignored``
    columns and ``skipped_areas`` (polls not of Great Britain); ``source`` (the file's name)
    and the ``notes`` the command prints. A file that does not read (a date or share naming
    its row, two columns for one party, no poll in the final week) or a mean the poll reader
    refuses: 400 with the command's message; a file that is not text: 422."""
    return await uploaded_average(poll_file)
