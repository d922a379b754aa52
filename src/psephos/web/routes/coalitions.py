"""Coalition builder: tick parties, see whether they command a working majority, and every
table of the hung-parliament report (:mod:`psephos.government`, as ``psephos govern``).

The page and its JSON twin take what the command takes, read by the same functions
(:mod:`psephos.government.choices`): an election of any bundled country or seats per party,
coalitions and confidence-and-supply arrangements to assess, the Deputy Speakers, the
government side and the abstainers."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, field_validator
from starlette.concurrency import run_in_threadpool

from psephos.government.choices import LISTED_COALITIONS
from psephos.web import services
from psephos.web.context import (
    CountryField,
    NavItem,
    attempt,
    country_switch,
    country_switch_note,
    default_election,
    render,
    reset_fields,
)
from psephos.web.limits import run_heavy
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    PARTY_NAME,
    Canonical,
    split_items,
    textarea_values,
)

router = APIRouter()
NAV = (NavItem("Coalition builder", "/coalitions", order=40),)

#: Most coalitions or arrangements one request may hold.
MAX_ITEMS = 20
#: A party code or name as ticked (the House reads it).
_PARTY = rf"^{PARTY_NAME}$"
#: An election id, or blank for the form's "none: the seats given" choice.
_BLANK_OR_ELECTION = r"^(" + ELECTION_ID_PATTERN.removeprefix("^").removesuffix("$") + r")?$"
#: A blank form field means the country's convention: a whole number, or nothing.
_WHOLE_OR_BLANK = r"^\d{0,3}$"


class CoalitionQuery(BaseModel):
    """The query of the coalition builder and its JSON twin (the options of
    ``psephos govern``)."""

    election: Annotated[str | None, Canonical] = Field(
        default=None,
        pattern=_BLANK_OR_ELECTION,
        description="A bundled election (blank, with seats: the seats given instead)",
    )
    government: list[Annotated[str, Field(max_length=40, pattern=_PARTY)]] = Field(
        default=[], max_length=20, description="Ticked government parties (codes or names)"
    )
    supporters: list[Annotated[str, Field(max_length=40, pattern=_PARTY)]] = Field(
        default=[],
        max_length=20,
        description="Ticked confidence-and-supply partners of the government",
    )
    seats: str | None = Field(
        default=None,
        max_length=2000,
        description="Seats per party instead of an election, 'Con 317 Lab 262' or "
        "'Con=317,Lab=262' (as psephos govern --seats): the whole House, or 'Other N' for "
        "the rest",
    )
    house_size: str | None = Field(
        default=None,
        pattern=r"^\d{0,5}$",
        description="The seats in the House the seats given make, for a House of another size "
        "than the country's (blank: the country's; as psephos govern --house-size)",
    )
    coalition: list[Annotated[str, Field(max_length=500)]] = Field(
        default=[],
        max_length=MAX_ITEMS,
        description="Also assess this coalition, e.g. 'Con+LD', repeatable or one per line "
        "(as --coalition)",
    )
    confidence_supply: list[Annotated[str, Field(max_length=500)]] = Field(
        default=[],
        max_length=MAX_ITEMS,
        description="Also assess a government with confidence-and-supply partners, "
        "'GOVERNMENT:PARTNERS', e.g. 'Con:DUP', repeatable or one per line "
        "(as --confidence-supply)",
    )
    deputies_government: str | None = Field(
        default=None,
        pattern=_WHOLE_OR_BLANK,
        description="Deputy Speakers drawn from the government side (default: the country's "
        "convention and the historical split)",
    )
    deputies_opposition: str | None = Field(
        default=None,
        pattern=_WHOLE_OR_BLANK,
        description="Deputy Speakers drawn from the opposition side",
    )
    government_side: str | None = Field(
        default=None,
        max_length=500,
        description="Parties on the government side, for drawing the Deputy Speakers (and a "
        "Canadian projection's Speaker) (default: the largest party, or the ticked government), "
        "e.g. 'Con,LD'",
    )
    abstain: list[Annotated[str, Field(max_length=500)]] = Field(
        default=[],
        max_length=MAX_ITEMS,
        description="Parties whose MPs do not take their seats, e.g. 'SF' ('none' for "
        "nobody; default: the country's abstentionists)",
    )

    limit: str | None = Field(
        default=None,
        pattern=r"^\d{0,4}$",
        description=f"Most minimal winning coalitions the page lists (blank: {LISTED_COALITIONS},"
        " as psephos govern --limit); the JSON lists them all, as the command's does",
    )

    @field_validator("coalition", "confidence_supply", "abstain")
    @classmethod
    def _plain_items(cls, values: list[str]) -> list[str]:
        return textarea_values(values)

    @field_validator("seats", "government_side")
    @classmethod
    def _plain_text(cls, value: str | None) -> str | None:
        if value is not None:
            textarea_values([value])
        return value

    def options(self) -> services.GovernOptions:
        """The choices as the library takes them (blank fields left out)."""
        return services.GovernOptions(
            seats=(self.seats or "").strip() or None,
            coalitions=tuple(split_items(self.coalition)),
            confidence_supply=tuple(split_items(self.confidence_supply)),
            deputies_government=int(self.deputies_government) if self.deputies_government else None,
            deputies_opposition=int(self.deputies_opposition) if self.deputies_opposition else None,
            government_side=(self.government_side or "").strip() or None,
            abstain=tuple(split_items(self.abstain)),
            house_size=int(self.house_size) if self.house_size else None,
        )

    def listed(self) -> int:
        """How many minimal winning coalitions the page lists (at least one)."""
        return max(int(self.limit), 1) if self.limit else LISTED_COALITIONS

    def election_id(self, request: Request) -> str | None:
        """The election asked for; the site's default unless seats are given instead."""
        if self.election or (self.seats or "").strip():
            return self.election or None
        return default_election(request)

    def query_string(self, election: str | None) -> str:
        """Every input as given (blanks left out): the JSON twin's query, so it answers the
        same question."""
        params: list[tuple[str, str]] = [
            ("election", election or ""),
            ("seats", self.seats or ""),
            ("house_size", self.house_size or ""),
        ]
        params += [("government", party) for party in self.government]
        params += [("supporters", party) for party in self.supporters]
        params += [("coalition", item) for item in split_items(self.coalition)]
        params += [("confidence_supply", item) for item in split_items(self.confidence_supply)]
        params += [
            ("deputies_government", self.deputies_government or ""),
            ("deputies_opposition", self.deputies_opposition or ""),
            ("government_side", self.government_side or ""),
        ]
        params += [("abstain", item) for item in split_items(self.abstain)]
        params.append(("limit", self.limit or ""))
        return urlencode([(name, value) for name, value in params if value.strip()])


Coalition = Annotated[CoalitionQuery, Query()]
#: The fields filled for one country's House: its parties, ticked or named, and its Deputy
#: Speakers (reset when the Election menu is switched to another country's election,
#: :func:`country_switch`).
COUNTRY_FIELDS = (
    "government",
    "supporters",
    "coalition",
    "confidence_supply",
    "deputies_government",
    "deputies_opposition",
    "government_side",
    "abstain",
)


async def _answer(
    request: Request, query: CoalitionQuery, *, picture: bool = False
) -> dict[str, Any]:
    election = query.election_id(request)
    options = query.options()

    def compute() -> dict[str, Any]:
        return services.coalition(
            election, query.government, query.supporters, options, picture=picture
        )

    if options.seats is None:  # a bundled House: a dozen parties at most
        return await run_in_threadpool(compute)
    # up to 22 parties: 4 million coalitions
    return await run_heavy(request, compute, gate=False)


def _bundled() -> set[str]:
    """The ids of the bundled elections of every country."""
    return {item["id"] for item in services.election_list(every_country=True)}


@router.get("/coalitions", summary="Coalition builder page")
async def coalition_page(
    request: Request, query: Coalition, country: CountryField = None
) -> Response:
    """Tick government parties and confidence-and-supply partners, or give seats per party and
    the arrangements to assess; see the arithmetic and every table ``psephos govern`` prints:
    the arrangements, the minimal winning coalitions (the first ``limit``), the minimal
    connected winning coalitions, the largest party's minimal partner sets and voting
    power; and the House as a parliament diagram, as ``psephos govern --chart`` draws it. An
    input the library refuses (a ticked party the election lacks, seats that do not read) is
    said above the form, which keeps what was typed, with the JSON twin's status. The form's
    Election menu switched to another country's election (``country``, the form's hidden
    field) clears the parties and the Deputy Speakers, with a note saying so."""
    asked = query.election_id(request)
    note = None
    if asked is not None and country_switch(country, asked) is not None:
        query = reset_fields(query, COUNTRY_FIELDS)
        note = country_switch_note(asked)
    tried = await attempt(_answer(request, query, picture=True))
    answer = tried.answer
    assessment = answer["assessment"] if answer else None
    election = answer["election"] if answer else query.election_id(request)
    if assessment:
        government = set(assessment["government"].split(" + "))
        supporters = set(filter(None, assessment["supporters"].split(" + ")))
    else:  # as ticked (none, where the answer has no arrangement of ticked parties)
        government, supporters = set(query.government), set(query.supporters)
    return render(
        request,
        "coalitions.html",
        {
            "answer": answer,
            "error": tried.error,
            "country_note": note,
            "query": query,
            "election": election,
            "twin": query.query_string(election),
            "limit": query.listed(),
            "default_limit": LISTED_COALITIONS,
            "examples": services.form_examples(
                election if election in _bundled() else default_election(request)
            ),
            "elections": services.election_list(every_country=True),
            "government": government,
            "supporters": supporters,
            # the ticked parties, kept as ticked where the input was refused
            "ticked": {
                code: {"party_label": code, "seats": None, "colour": "none"}
                for code in dict.fromkeys([*query.government, *query.supporters])
            },
        },
        tried.status,
    )


@router.get("/api/coalitions", summary="Coalition arithmetic")
async def api_coalition(request: Request, query: Coalition) -> dict[str, Any]:
    """Majority arithmetic of an arrangement, minimal winning coalitions and voting power, as
    ``psephos govern --format json`` (its ``rows`` are ``report.arrangements`` here): on an
    election or the ``seats`` given, with the ``coalition`` and ``confidence_supply``
    arrangements assessed, the Deputy Speakers (``deputies_government``,
    ``deputies_opposition``, ``government_side``) and the abstainers (``abstain``)."""
    return await _answer(request, query)
