"""Electoral pacts: bloc parties stand aside for each other; the ledger of who stood aside
where and what each party gained or gave up (:mod:`psephos.pacts`, as ``psephos pact``).

The page and its JSON twin take what the command takes, read by the same functions: the
stand-downs (``stand_down`` items, or a ``party,seat`` file posted to the same paths), the
transfer-rate overrides (``transfer``), a poll to project the election to first (``poll``,
``model``), forecast draws around it (``sims``, ``seed``), the optimiser's limits and objective
and the majority line."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field, field_validator

from psephos.model import split_parties
from psephos.pacts.choices import OBJECTIVES
from psephos.pacts.run import PactRequest, pact_sentence, pact_title
from psephos.projection import DEFAULT_MODEL
from psephos.web import services
from psephos.web.context import (
    Attempt,
    CountryField,
    FileText,
    NavItem,
    attempt,
    check_csrf,
    country_switch,
    country_switch_note,
    default_election,
    file_notes,
    form_file_text,
    poll_example,
    render,
    reset_fields,
)
from psephos.web.limits import run_heavy
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    LETTER,
    NAMED_PARTY_LIST_PATTERN,
    PLACE_PATTERN,
    AreaSharesField,
    Canonical,
    CsrfToken,
    ModelName,
    SheetName,
    split_items,
    textarea_values,
)

router = APIRouter()
NAV = (NavItem("Pacts", "/pacts", order=44),)

#: Most stand-down or transfer items one request may hold (each may hold several lines).
MAX_ITEMS = 50
#: A blank form field means none: a whole number, or nothing.
_WHOLE_OR_BLANK = r"^\d{0,4}$"
#: Most forecast draws one request may ask for (2,000 give win chances to about a point).
MAX_SIMS = 2000

#: What the optimiser maximises (:data:`psephos.pacts.choices.OBJECTIVES`).
Objective = StrEnum("Objective", [(name, name) for name in OBJECTIVES])  # type: ignore[misc]


class PactQuery(BaseModel):
    """The query of the pact page and its JSON twin (the options of ``psephos pact``)."""

    election: Annotated[str | None, Canonical] = Field(default=None, pattern=ELECTION_ID_PATTERN)
    bloc: str | None = Field(
        default=None,
        max_length=120,
        pattern=NAMED_PARTY_LIST_PATTERN,
        description="Comma-separated bloc parties, e.g. 'Lab,LD,Green' (default: the "
        "election's country's, Lab,LD,Green in the UK, LPC,NDP,GPC in Canada)",
    )
    stand_down: list[Annotated[str, Field(max_length=5000)]] = Field(
        default=[],
        max_length=MAX_ITEMS,
        description="PARTY:SEAT[,SEAT...] (ONS codes or seat names), repeatable or one per "
        "line, as psephos pact --stand-down; none: the best-placed bloc party stands in each "
        "seat",
    )
    transfer: list[Annotated[str, Field(max_length=1000)]] = Field(
        default=[],
        max_length=MAX_ITEMS,
        description="Override a transfer rate, FROM>TO=RATE (a share from 0 to 1 or a percent, "
        "e.g. 'Green>Lab=0.5' or 'Green>Lab=50%'), repeatable or one per line, as psephos pact "
        "--transfer",
    )
    optimise: bool = False
    max_per_party: str | None = Field(
        default=None,
        max_length=200,
        pattern=rf"^[{LETTER}0-9 .,'=]*$",
        description="Optimiser: most stand-downs by any one party, N, or per party, "
        "'LD=10,Green=40'",
    )
    max_total: str | None = Field(
        default=None, pattern=_WHOLE_OR_BLANK, description="Optimiser: most stand-downs in all"
    )
    nation: list[Annotated[str, Field(max_length=40, pattern=PLACE_PATTERN)]] = Field(
        default=[],
        max_length=10,
        description="Optimiser: only stand down in seats of these nations, e.g. England",
    )
    fairness: str | None = Field(
        default=None,
        pattern=r"^(\d{1,3}(\.\d{1,3})?)?$",
        description="Optimiser: each party must end with at least its no-pact seats minus this "
        "many (0 = nobody loses out)",
    )
    objective: Objective = Field(
        default=Objective("seats"),
        description="Optimiser: expected bloc seats (exact) or the chance of a bloc majority "
        "(approximate, needs sims), as psephos pact --objective",
    )
    majority: str | None = Field(
        default=None,
        pattern=_WHOLE_OR_BLANK,
        description="Seats the bloc needs for a majority (default: half the House plus one)",
    )
    poll: str | None = Field(
        default=None,
        max_length=300,
        description="Project the election to this poll first; the pact is tried on the "
        "projection, e.g. 'Lab 30 Con 20 Reform 25 LD 12 Green 8' (as psephos pact --poll)",
    )
    areas: AreaSharesField = None
    model: ModelName = Field(
        default=ModelName(DEFAULT_MODEL), description="Swing model for the poll"
    )
    sims: str | None = Field(
        default=None,
        pattern=_WHOLE_OR_BLANK,
        description=f"Draw this many forecast scenarios (2 to {MAX_SIMS:,}) around the result "
        "or projection, with psephos forecast's error model; seats become expectations and the "
        "majority a chance (as psephos pact --sims)",
    )
    seed: str | None = Field(
        default=None, pattern=r"^\d{0,9}$", description="Random seed of the draws"
    )

    @field_validator("stand_down", "transfer", "nation")
    @classmethod
    def _plain_text(cls, values: list[str]) -> list[str]:
        return textarea_values(values)

    @field_validator("sims")
    @classmethod
    def _sims_in_range(cls, value: str | None) -> str | None:
        if value and not 2 <= int(value) <= MAX_SIMS:
            raise ValueError(f"sims must be from 2 to {MAX_SIMS:,} (blank: no draws)")
        return value

    def poll_text(self) -> str | None:
        """The poll asked for (a blank field: none)."""
        return (self.poll or "").strip() or None

    def areas_text(self) -> str | None:
        """The area shares asked for, as typed (a blank field: none)."""
        return (self.areas or "").strip() or None

    def projecting(self) -> bool:
        """Whether the election is projected first: a poll or area shares given."""
        return bool(self.poll_text() or self.areas_text())

    def options(self, stand_down_file: tuple[str, str] | None = None) -> PactRequest:
        """The choices as the library takes them (blank fields left out)."""
        return PactRequest(
            stand_downs=tuple(split_items(self.stand_down)),
            stand_down_file=stand_down_file,
            transfers=tuple(split_items(self.transfer)),
            optimise=self.optimise,
            max_per_party=self.max_per_party.strip() or None if self.max_per_party else None,
            max_total=int(self.max_total) if self.max_total else None,
            nations=tuple(name.strip() for name in self.nation if name.strip()),
            fairness=float(self.fairness) if self.fairness else None,
            majority=int(self.majority) if self.majority else None,
            poll=self.poll_text(),
            areas=services.area_shares(self.areas_text()),
            model=str(self.model.value) if self.projecting() else None,
            sims=int(self.sims) if self.sims else None,
            seed=int(self.seed) if self.seed else None,
            objective=str(self.objective.value),
        )

    def query_string(self, election: str) -> str:
        """Every input as given (blanks left out; the stand-downs of a file are not in it): the
        JSON twin's query, so it answers the same question."""
        params: list[tuple[str, str]] = [("election", election), ("bloc", self.bloc or "")]
        params += [("stand_down", item) for item in split_items(self.stand_down)]
        params += [("transfer", item) for item in split_items(self.transfer)]
        if self.optimise:
            params.append(("optimise", "true"))
        params += [
            ("max_per_party", self.max_per_party or ""),
            ("max_total", self.max_total or ""),
            ("fairness", self.fairness or ""),
            ("objective", "" if self.objective.value == "seats" else str(self.objective.value)),
            ("majority", self.majority or ""),
            ("poll", self.poll_text() or ""),
            ("areas", self.areas_text() or ""),
            ("model", str(self.model.value) if self.projecting() else ""),
            ("sims", self.sims or ""),
            ("seed", self.seed or ""),
        ]
        params += [("nation", name) for name in self.nation]
        return urlencode([(name, value) for name, value in params if value.strip()])

    def parties(self) -> list[str] | None:
        """The bloc as a list; ``None`` when none is given: the election's country's
        (:attr:`psephos.jurisdictions.Jurisdiction.default_bloc`: Lab, LD, Green in the UK)."""
        return split_parties(self.bloc) if self.bloc and self.bloc.strip() else None


class PactForm(PactQuery, CsrfToken):
    """The pact form posted with a stand-down file (with the session's CSRF token)."""


Pact = Annotated[PactQuery, Query()]
#: The fields filled for one country's election: its parties (the bloc, stand-downs, transfer
#: rates, limits per party, a poll), its nations and its House's majority line (reset when the
#: Election menu is switched to another country's, :func:`country_switch`).
COUNTRY_FIELDS = (
    "bloc",
    "stand_down",
    "transfer",
    "max_per_party",
    "nation",
    "poll",
    "areas",
    "majority",
)
StandDownFile = Annotated[
    UploadFile | None,
    File(
        description="CSV of stand-downs with columns party, seat (as psephos pact "
        "--stand-down-file); added to any stand_down items"
    ),
]


async def _answer(
    request: Request,
    query: PactQuery,
    stand_down_file: FileText | None = None,
    *,
    picture: bool = False,
) -> dict[str, Any]:
    options = query.options(None if stand_down_file is None else stand_down_file.named_text)
    answer = await run_heavy(
        request,
        lambda: services.pact(
            query.election or default_election(request),
            query.parties(),
            options,
            picture=picture,
        ),
    )
    return {**answer, "notes": [*file_notes(stand_down_file), *answer["notes"]]}


async def _page(
    request: Request,
    query: PactQuery,
    stand_down_file: FileText | None = None,
    *,
    refused: HTTPException | None = None,
    country_note: str | None = None,
) -> Response:
    """The page: the pact's answer, or the library's refusal said above the form, which keeps
    what was typed, with the JSON twin's status; ``refused``: an upload refused before any
    answer (a file that is not text), said there with its own status; ``country_note``: the
    note of a switch to another country's election (:func:`country_switch_note`)."""
    tried = (
        Attempt.refused(refused)
        if refused is not None
        else await attempt(_answer(request, query, stand_down_file, picture=True))
    )
    answer = tried.answer
    election = query.election or default_election(request)
    elections = services.election_list(every_country=True)
    known = any(item["id"] == election for item in elections)
    context: dict[str, Any] = {
        "answer": answer,
        "error": tried.error,
        "country_note": country_note,
        "query": query,
        "election": election,
        "bloc": query.bloc or "",
        "elections": elections,
        "nations": services.election_nations(election) if known else [],
        "examples": services.form_examples(
            election if known else default_election(request),
            tuple(answer["bloc"]) if answer is not None else None,
        ),
        "models": list(ModelName),
        "objectives": list(Objective),
        "area_example": poll_example(request, election),
    }
    if answer is not None:
        bloc = set(answer["bloc"])
        context |= {
            "bloc": query.bloc or ",".join(answer["bloc"]),
            "changed": changed_seats(answer["ledger"]),
            # the title and the line psephos pact prints above its tables
            "title": pact_title(
                answer["name"],
                answer["bloc_labels"],
                poll=answer["poll"],
                areas=answer["areas"],
                model=answer["model"],
                n_draws=answer["n_draws"],
                optimised=answer["optimised"],
                default_pact=answer["default_pact"],
            ),
            "verdict": pact_sentence(answer),
            "transfers": [row for row in answer["transfers"] if row["from"] in bloc],
        }
    return render(request, "pacts.html", context, tried.status)


def changed_seats(ledger: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row a seat that changes hands, from the ledger's row a stand-down: the parties that
    stood aside there in the ledger's order (``stood_aside_labels``) and the votes they gave
    up together, with the seat's winners and bloc chances (the same on each of its rows)."""
    seats: dict[str, dict[str, Any]] = {}
    for row in ledger:
        if row["winner_before"] == row["winner_after"]:
            continue
        seat = seats.setdefault(
            row["seat_code"], row | {"stood_aside_labels": [], "votes_given_up": 0}
        )
        seat["stood_aside_labels"].append(row["party_label"])
        seat["votes_given_up"] += row["votes_given_up"]
    return list(seats.values())


@router.get("/pacts", summary="Electoral pact page")
async def pact_page(request: Request, query: Pact, country: CountryField = None) -> Response:
    """Election and bloc in; seats before and after (a table and paired bars, as ``psephos
    pact --chart`` draws them) and the stand-down ledger out. An input the library refuses (a
    bloc party the election lacks) is said above the form, kept as typed. The form's Election
    menu switched to another country's election (``country``, the form's hidden field) sets
    the bloc and the other fields naming parties, nations or the majority line to that
    country's defaults, with a note saying so."""
    election = query.election or default_election(request)
    switched = country_switch(country, election)
    if switched is None:
        return await _page(request, query)
    note = country_switch_note(election, switched.default_bloc)
    return await _page(request, reset_fields(query, COUNTRY_FIELDS), country_note=note)


@router.post("/pacts", summary="Electoral pact page with a stand-down file (form)")
async def pact_form(
    request: Request,
    form: Annotated[PactForm, Form()],
    stand_down_file: StandDownFile = None,
    stand_down_sheet: SheetName = None,
) -> Response:
    """The pact page's form with a stand-down file (``party,seat``) uploaded."""
    check_csrf(request, form.csrf_token)
    try:
        upload = await form_file_text(stand_down_file, "stand-down file", sheet=stand_down_sheet)
    except HTTPException as error:  # not text: said above the form, as a refusal is
        return await _page(request, form, refused=error)
    return await _page(request, form, upload)


@router.get("/api/pacts", summary="Simulate or optimise an electoral pact")
async def api_pact(request: Request, query: Pact) -> dict[str, Any]:
    """Seats per party before and after the pact, the ledger of stand-downs, the stand-downs
    and the transfer rates used, as ``psephos pact --format json``: the ``stand_down`` items
    (default: the best-placed bloc party stands in each seat) or, with ``optimise``, the
    integer programme's choice within ``max_per_party``, ``max_total``, ``nation`` and
    ``fairness`` for the ``objective``; ``transfer`` overrides the default rates. With a
    ``poll`` the pact is tried on the election projected to it (``election`` names the
    projection, ``base`` the election asked for, ``projection`` its model, shares and seats);
    with ``sims`` on that many forecast draws (``seed``), so seats are expectations and the
    majority a chance."""
    return await _answer(request, query)


@router.post("/api/pacts", summary="Simulate an electoral pact with a stand-down file")
async def api_pact_file(
    request: Request,
    form: Annotated[PactQuery, Form()],
    stand_down_file: StandDownFile = None,
    stand_down_sheet: SheetName = None,
) -> dict[str, Any]:
    """As ``GET /api/pacts``, with the stand-downs of a ``party,seat`` CSV (multipart upload,
    as ``psephos pact --stand-down-file``; an .xlsx workbook's first sheet, or the one
    ``stand_down_sheet`` names) added to any ``stand_down`` items."""
    upload = await form_file_text(stand_down_file, "stand-down file", sheet=stand_down_sheet)
    return await _answer(request, form, upload)
