"""``psephos govern``: hung-parliament arithmetic, coalitions and voting power."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

import typer

from psephos.cli._inputs import ELECTION_HELP, open_election
from psephos.cli._output import OutputFormat, console, render
from psephos.errors import DataFormatError, UnknownPartyError
from psephos.government import (
    ParliamentRules,
    govern,
    party_codes,
    rules_for,
    seated_party,
    seats_mapping,
)
from psephos.government.charts import parliament_chart
from psephos.jurisdictions import JURISDICTIONS

#: Each country's abstentionists, for the help of ``--abstain`` ("SF for UK elections").
ABSTAIN_DEFAULTS = "; ".join(
    f"{', '.join(entry.parliament.abstentionist_parties) or 'none'} for {entry.as_adjective} "
    "elections"
    for entry in JURISDICTIONS.values()
)

#: Below this many seats the Deputy Speaker convention is not applied unless asked for.
SMALL_HOUSE = 100


class GovernView(StrEnum):
    """Which table ``govern`` prints (csv / table)."""

    arrangements = "arrangements"
    coalitions = "coalitions"
    connected = "connected"
    partners = "partners"
    power = "power"
    all = "all"


def _parse_seats(text: str) -> dict[str, int]:
    """``"Con 317 Lab 262"`` or ``"Con=317,Lab=262"`` (the pair forms a poll takes: one reader,
    :func:`psephos.projection.inputs.read_pairs`) into seats per party. Names become codes in
    the country the parties belong to (:func:`psephos.government.party_codes`: ``Labour`` ->
    ``Lab``; ``Conservative`` beside ``Liberal`` -> ``CPC``); others stay as written, so a
    made-up house (``A=4,B=3``) works too."""
    from psephos.projection.inputs import pair_party, read_pairs

    example = "'Con 317, Lab 262' or 'Con=317,Lab=262'"
    pairs, rest = read_pairs(text)
    if rest or not pairs:
        raise DataFormatError(
            f"Cannot read --seats {text!r} near {rest[:20]!r}; give PARTY SEATS pairs such as "
            f"{example}."
        )
    for name, number in pairs:
        if not number.isdigit():
            raise DataFormatError(
                f"--seats {text!r}: {name} {number} is not a whole number of seats (0 or more)."
            )
        with suppress(UnknownPartyError):  # a made-up party stays as written
            pair_party(name, text, what="--seats", example=example)  # refuses stray words
    codes = party_codes(name for name, _ in pairs)
    seats: dict[str, int] = {}
    for name, number in pairs:
        party = codes[name]
        if party in seats:
            raise DataFormatError(f"Party {party!r} appears twice in --seats {text!r}.")
        seats[party] = int(number)
    return seats


def _parties(text: str) -> list[str]:
    """``"Con+LD"`` or ``"Con,LD"`` into party names; the House reads them
    (:meth:`psephos.government.Parliament.party`: ``Green`` is the GPC in Canada's)."""
    return [p.strip() for p in text.replace(",", "+").split("+") if p.strip()]


def _abstainers(
    given: list[str], country: ParliamentRules, seated: Iterable[str]
) -> tuple[str, ...]:
    """The ``--abstain`` parties: the country's abstentionists when none are given
    (:attr:`psephos.jurisdictions.Jurisdiction.parliament`), nobody for ``none``; a party
    given must have seats (:func:`psephos.government.seated_party`)."""
    if not given:
        return country.abstentionist_parties
    if [item.strip().lower() for item in given] == ["none"]:
        return ()
    parties = list(seated)
    return tuple(seated_party(name, parties) for item in given for name in _parties(item))


def register(app: typer.Typer) -> None:
    """Add the ``govern`` command."""

    @app.command("govern")
    def govern_command(
        election: str = typer.Argument(
            None,
            help=f"{ELECTION_HELP} Omit it when giving --seats.",
        ),
        seats: str | None = typer.Option(
            None,
            "--seats",
            help="Seats per party instead of an election: 'Con 317 Lab 262 ...' or "
            "'Con=317,Lab=262,...'.",
        ),
        coalition: list[str] = typer.Option(
            [],
            "--coalition",
            "-c",
            help="Also assess this coalition, e.g. 'Con+LD' (repeatable).",
        ),
        confidence_supply: list[str] = typer.Option(
            [],
            "--confidence-supply",
            help="Also assess a government with confidence-and-supply partners, "
            "'GOVERNMENT:PARTNERS', e.g. 'Con:DUP' or 'Lab:SNP+PC' (repeatable).",
        ),
        deputies_government: int | None = typer.Option(
            None,
            "--deputies-government",
            help="Deputy Speakers drawn from the government side (custom: 1; 2 when the Speaker "
            "came from the opposition side, as in 2019; default: the historical split).",
        ),
        deputies_opposition: int | None = typer.Option(
            None,
            "--deputies-opposition",
            help="Deputy Speakers drawn from the opposition side (custom: 2; 1 in 2019).",
        ),
        government_side: str | None = typer.Option(
            None,
            "--government-side",
            help="Parties on the government side, for drawing the Deputy Speakers "
            "(default: the largest party), e.g. 'Con,LD'.",
        ),
        abstain: list[str] = typer.Option(
            [],
            "--abstain",
            help="Parties whose MPs do not take their seats (repeatable; 'none' for nobody). "
            f"Default: the country's ({ABSTAIN_DEFAULTS}).",
        ),
        view: GovernView = typer.Option(
            GovernView.all,
            "--view",
            help="Table to print (csv/table); 'all' prints every table (csv: arrangements).",
        ),
        limit: int = typer.Option(
            15, "--limit", help="Most minimal winning coalitions to list in table output."
        ),
        chart: Path | None = typer.Option(
            None,
            "--chart",
            help="Write a parliament diagram of the House to this .png, .svg or .pdf file.",
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Majority arithmetic after an election: who is short, who can govern, who has power."""
        if seats is not None and election is not None:
            raise DataFormatError("Give an election or --seats, not both.")
        if seats is not None:
            source: object = _parse_seats(seats)
            title = "Seats given"
        elif election is None:
            raise DataFormatError("Give an election (e.g. 2017) or --seats.")
        else:
            source = open_election(election)
            title = getattr(source, "name", election)
        historical = rules_for(source)  # the country of the election or of the parties given
        n_seats = sum(source.values()) if isinstance(source, dict) else source.n_seats
        if n_seats < SMALL_HOUSE:  # Westminster's three Deputy Speakers belong to a full House
            deputies_government = 0 if deputies_government is None else deputies_government
            deputies_opposition = 0 if deputies_opposition is None else deputies_opposition
        rules = replace(
            historical,
            abstentionist_parties=_abstainers(abstain, historical, seats_mapping(source)),
            deputies_government_side=(
                historical.deputies_government_side
                if deputies_government is None
                else deputies_government
            ),
            deputies_opposition_side=(
                historical.deputies_opposition_side
                if deputies_opposition is None
                else deputies_opposition
            ),
        )
        extra: list[tuple[list[str], list[str]]] = [(_parties(c), []) for c in coalition]
        for item in confidence_supply:
            government, sep, partners = item.partition(":")
            if not sep:
                raise DataFormatError(
                    f"Bad --confidence-supply {item!r}; write GOVERNMENT:PARTNERS, e.g. 'Con:DUP'."
                )
            extra.append((_parties(government), _parties(partners)))
        report = govern(
            source,
            rules=rules,
            arrangements=extra,
            government_side=_parties(government_side) if government_side else None,
        )
        if chart is not None:
            year = getattr(source, "id", None)  # the year's party colours
            parliament_chart(report.house, chart, title=title, election_id=year)
        # Parties named as every results row names them: the code, and the election's label.
        data = report.to_dict(getattr(source, "label", None))
        if output is OutputFormat.json:
            render(
                data["arrangements"],
                output,
                extra={k: v for k, v in data.items() if k != "arrangements"},
            )
            return
        tables = {
            GovernView.arrangements: (data["arrangements"], "Arrangements"),
            GovernView.coalitions: (
                data["minimal_winning_coalitions"],
                "Minimal winning coalitions",
            ),
            GovernView.connected: (
                data["minimal_connected_winning"],
                "Minimal connected winning coalitions (Axelrod)",
            ),
            GovernView.partners: (
                data["partners_of_largest"],
                f"Minimal partner sets for {report.largest}",
            ),
            GovernView.power: (data["power"], "Voting power (normalised Banzhaf, Shapley-Shubik)"),
        }
        if output is OutputFormat.csv:
            chosen = GovernView.arrangements if view is GovernView.all else view
            render(tables[chosen][0], output)
            return
        console.print(f"[bold]{title}[/]")
        for line in report.headline():
            console.print(line, highlight=False, soft_wrap=True)
        chosen_views = list(tables) if view is GovernView.all else [view]
        for key in chosen_views:
            rows, heading = tables[key]
            if key is GovernView.coalitions and len(rows) > limit:
                heading += f" (first {limit} of {len(rows)})"
                rows = rows[:limit]
            rows = [
                {
                    k: ("yes" if v else "no") if isinstance(v, bool) else v
                    for k, v in row.items()
                    if k not in ("government", "supporters")  # the arrangement names them
                }
                for row in rows
            ]
            if rows:
                render(
                    rows,
                    output,
                    title=heading,
                    formats={"banzhaf_pct": ".1f", "shapley_shubik_pct": ".1f"},
                )
        if chart is not None:
            console.print(f"Chart written to {chart}")
