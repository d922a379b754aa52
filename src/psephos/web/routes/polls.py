"""A poll table averaged: an uploaded CSV of polls (one row a poll: a date, a pollster, a column
per party) reduced to its final week's mean (or that of the window ``poll_days`` and
``poll_until`` give, :class:`PollWindow`), as every command's ``--poll FILE`` reduces one
with ``--poll-days`` and ``--poll-until``
(:func:`psephos.projection.polls.poll_average_of_text`; the server reads the upload's text and
never opens a path). The swingometer and forecast pages project the mean (their ``POST``
forms, :func:`uploaded_average`), its party headers read against the election they project
from; ``POST /api/poll-average`` gives it (against a ``base`` election's parties, if given)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from psephos.io.polls import WHAT
from psephos.projection import DEFAULT_MODEL
from psephos.web import services
from psephos.web.context import file_notes, form_file
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    AreaSharesText,
    Blank,
    Canonical,
    CsrfToken,
    ModelName,
    SheetName,
)

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


class PollWindow(BaseModel):
    """The polls of an uploaded table to average: the workbook sheet they are on (``sheet``,
    :data:`~psephos.web.schemas.SheetName`: blank, the first), and the window
    ``--poll-days`` and ``--poll-until`` choose (blank: the final seven days of the file),
    checked by the average itself (:func:`psephos.projection.polls.check_window`), so a bad
    value is refused in its words."""

    sheet: SheetName = None

    poll_days: Annotated[int | None, Blank] = Field(
        default=None,
        description="Average the polls whose fieldwork ended in the last N days (default 7) "
        "of the file, or of the days before poll_until",
    )
    poll_until: Annotated[str | None, Blank] = Field(
        default=None,
        max_length=100,
        description="Average the polls that ended in the poll_days days before this date "
        "(itself left out: polling day), e.g. 2019-12-12, instead of those up to the file's "
        "latest date",
    )


class PollAverageForm(PollWindow):
    """``POST /api/poll-average``'s fields: the window of polls averaged (:class:`PollWindow`)
    and, optionally, the election whose parties the table's headers are read against."""

    base: Annotated[str | None, Blank] = Field(
        default=None,
        pattern=ELECTION_ID_PATTERN,
        description="Read the table's party headers against this election's parties, as "
        "the command reads them against its base (blank: the party vocabulary alone)",
    )


class PollTableForm(PollAverageForm, CsrfToken):
    """A page's poll table form: the base election (blank: the default) the mean is read
    against and projected from, the model, any area shares projected beside the mean (the
    text of a ``--by-region`` file, as the page's ``GET`` form takes them), the window of
    polls averaged (:class:`PollWindow`) and the session's CSRF token."""

    base: Annotated[str | None, Blank, Canonical] = Field(
        default=None, pattern=ELECTION_ID_PATTERN, description="Base election (blank: default)"
    )
    model: ModelName = Field(default=ModelName(DEFAULT_MODEL), description="Swing model")
    areas: AreaSharesText = None


async def uploaded_average(
    upload: UploadFile, window: PollWindow, *, base: str | None = None
) -> dict[str, Any]:
    """The mean of an uploaded poll table (a workbook's sheet ``window.sheet``) over
    ``window``, its party headers read against the ``base`` election's parties
    (:func:`psephos.web.services.poll_table_average`; a page passes the election it projects
    from), its notes led by one saying the file was read as Windows-1252 where it was not
    UTF-8.

    Raises:
        HTTPException: 422, the file is not text, or not a workbook with the sheet named.
        DataFormatError, InvalidSharesError, PsephosError: as
            :func:`psephos.web.services.poll_table_average`.
    """
    poll_table = await form_file(upload, WHAT, default_name="polls.csv", sheet=window.sheet)
    answer = await run_in_threadpool(
        lambda: services.poll_table_average(
            *poll_table.named_text, days=window.poll_days, until=window.poll_until, base=base
        )
    )
    return {**answer, "notes": file_notes(poll_table) + answer["notes"]}


@router.post("/api/poll-average", summary="Average a poll table")
async def api_poll_average(
    form: Annotated[PollAverageForm, Form()], poll_file: PollFile
) -> dict[str, Any]:
    """Multipart upload of a poll table (``poll_file``: a CSV of polls, one row a poll: a
    date, a pollster, a column per party; or an .xlsx workbook, its first sheet or the one
    ``sheet`` names, as ``--poll polls.xlsx#SHEET`` picks it) averaged as ``--poll FILE``
    averages it: the
    unweighted mean, party by party over the polls giving it, of the polls whose fieldwork
    ended in the seven days up to the latest date in the file, or in the ``poll_days`` days
    (up to the latest date, or before ``poll_until``) as ``--poll-days`` and
    ``--poll-until`` choose them. ``poll``: the mean as the
    typed poll the commands project (give it as ``poll`` to ``/api/swingometer`` or
    ``/api/forecast``); ``shares`` (percent); ``n_polls``, ``first`` and ``last`` (fieldwork
    end dates), ``window``, ``pollsters``, ``reported`` (party: polls giving it); ``ignored``
    columns and ``skipped_areas`` (polls not of Great Britain); ``source`` (the file's name)
    and the ``notes`` the command prints. A file that does not read (a date or share naming
    its row, two columns for one party, no poll in the window, a window below one day or a
    ``poll_until`` that is not a date) or a mean the poll reader refuses: 400 with the
    command's message; a file that is not text: 422. With ``base`` (the election the mean
    will be projected from), the table's party headers are read against its parties, as the
    command reads them against its base: a Canadian table's "People's" is the PPC; an
    election that is not bundled: 404."""
    return await uploaded_average(poll_file, form, base=form.base)
