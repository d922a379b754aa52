"""``psephos target``, ``nearest`` and ``turnout``: campaign targeting.

Thin shells over :mod:`psephos.targeting`; ``allocate`` has a module of its own
(:mod:`psephos.cli.allocate`).
"""

from __future__ import annotations

import importlib
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

import typer

from psephos import jurisdictions
from psephos.cli._inputs import (
    BY_REGION_OPTION,
    LATEST_ELECTION_HELP,
    RESULTS_UNKNOWN_PARTIES_OPTION,
    SWING_HELP,
    VOTES_PER_HOUR_HELP,
    ResultsUnknownParties,
    argument_or_option,
    bundled_election,
    looks_like_file,
    open_election,
    poll_for,
    poll_option,
    read_by_region,
)
from psephos.cli._output import (
    POLL_HELP,
    OutputFormat,
    console,
    print_note,
    render,
    share_notes,
)
from psephos.errors import PsephosError
from psephos.jurisdictions import NEAREST, TURNOUT, UK
from psephos.model import Election, split_pair
from psephos.numbers import format_number
from psephos.projection import DEFAULT_MODEL
from psephos.targeting.geo import TravelTime, straight_line_minutes
from psephos.targeting.nearest import (
    MARGINAL_MAJORITY_PCT,
    MARGINALS_KM,
    NEAREST_KM,
    NEAREST_TOP,
    absent_sentence,
    marginals_near,
    nearest_marginals,
)
from psephos.targeting.sensitivity import (
    DEFAULT_NATIONAL_SD,
    DEFAULT_VOTES_PER_HOUR,
    parse_swing,
    scenario_election,
    scenario_words,
)
from psephos.targeting.targets import (
    FORECAST_SEED,
    LISTED_TARGETS,
    find_sentence,
    target_answer,
)
from psephos.targeting.turnout import (
    ADULT_SHARE_RANGE,
    DEFAULT_ADULT_SHARE,
    GROUPS,
    turnout_report,
)
from psephos.targeting.turnout import default_election as default_turnout_election

NATIONAL_SD_HELP = "Uncertainty of the national scenario on a margin, share units (0.03 = 3 pts)."


def _load_hook(spec: str | None) -> TravelTime | None:
    """Import a travel-time hook given as ``module:function``."""
    if spec is None:
        return None
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise PsephosError(
            f"--travel-time must be MODULE:FUNCTION (e.g. 'myrouting:minutes'), not {spec!r}."
        )
    here = str(Path.cwd())
    added = here not in sys.path
    if added:  # a module beside the user's files, as `python -m` would find it
        sys.path.insert(0, here)
    try:
        hook = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as error:
        raise PsephosError(
            f"Cannot load travel-time hook {spec!r}: {error} (looked in the current folder "
            "and on PYTHONPATH)"
        ) from None
    finally:
        if added:
            sys.path.remove(here)
    if not callable(hook):
        raise PsephosError(f"Travel-time hook {spec!r} is not callable.")
    return cast(TravelTime, hook)


def _pair(text: str) -> tuple[str, str]:
    return split_pair(text, what="--pair", order="ATTACKER,DEFENDER")


#: Where an option's value comes from when the user did not give it (click's parameter sources).
_NOT_GIVEN = ("DEFAULT", "DEFAULT_MAP")


def _refuse_unused(ctx: typer.Context, *, closest: bool) -> None:
    """``nearest``'s options that the search asked for would not use, refused rather than
    dropped unseen: ``--national-sd`` with ``--closest`` (majorities, not win chances), and
    ``--max-majority`` without it."""
    given = {  # typer keeps its own copy of click: its sources compared by name
        name
        for name in ("national_sd", "max_majority")
        if getattr(ctx.get_parameter_source(name), "name", "DEFAULT") not in _NOT_GIVEN
    }
    if closest and "national_sd" in given:
        raise PsephosError(
            "--national-sd has no effect with --closest, which lists majorities, not win "
            "chances; leave it out, or drop --closest to rank seats by win chance."
        )
    if not closest and "max_majority" in given:
        raise PsephosError(
            "--max-majority needs --closest: the ranking by win chance lists every seat within "
            "reach, however large its majority."
        )


def _nearest_origin(place: str | None, origin: str | None, postcode: str | None) -> str:
    """Where ``nearest`` starts: its argument, ``--from`` or ``--postcode`` (looked up here, so
    a bad postcode gets its own message), given once."""
    origin = argument_or_option(place, origin, name="--from", what="where you start")
    if place and postcode:
        raise PsephosError(f"Give where you start once: {place!r} or --postcode, not both.")
    if origin and postcode:
        raise PsephosError("Give where you start as --from or --postcode, not both.")
    if postcode:
        from psephos.jurisdictions.postcodes import lookup_postcode

        origin = lookup_postcode(postcode).query  # a bad postcode: its own message
    if not origin:
        raise PsephosError(
            "Give where you start: a place (psephos nearest Leeds), --from PLACE or "
            "--postcode POSTCODE."
        )
    return origin


def _travel_hook(
    travel_time: str | None, speed_kmh: float | None, max_minutes: float | None = None
) -> TravelTime | None:
    """The travel-time hook ``--travel-time`` names, else straight lines at ``--speed-kmh``.

    Raises:
        PsephosError: a speed that is not positive; ``--max-minutes`` with neither, in the
            command's words (the library says ``max_minutes`` and ``travel_time``).
    """
    hook = _load_hook(travel_time)
    if hook is None and speed_kmh is not None:
        if speed_kmh <= 0:
            raise PsephosError(f"--speed-kmh must be positive, not {speed_kmh}.")
        hook = straight_line_minutes(speed_kmh)
    if hook is None and max_minutes is not None:
        raise PsephosError(
            "--max-minutes needs --speed-kmh or --travel-time to count the minutes (e.g. "
            "--speed-kmh 40), or give the budget in km alone (--km)."
        )
    return hook


def _reach(km: float, max_minutes: float | None, speed_kmh: float | None) -> str:
    """The travel budget a ``nearest`` title states, the limit its rows were cut at:
    ``30 km``; with ``--max-minutes`` at ``--speed-kmh`` (``speed_kmh``; ``None`` for a
    ``--travel-time`` hook), the minutes and the km they make where those are the nearer
    limit, ``30 minutes (20 km at 40 km/h)``, else both, ``10 km and 30 minutes``."""
    if max_minutes is None:
        return f"{km:g} km"
    if speed_kmh is not None and max_minutes * speed_kmh / 60 <= km:
        by_speed = round(max_minutes * speed_kmh / 60, 1)
        return f"{max_minutes:g} minutes ({by_speed:g} km at {speed_kmh:g} km/h)"
    return f"{km:g} km and {max_minutes:g} minutes"


def _scenario_words(base: Election, scenario: dict[str, Any]) -> str:
    """The base a title names, with the swing or poll it was moved by, in the words the
    target-list page uses (:func:`psephos.targeting.sensitivity.scenario_words`): ``base
    2024``, ``base 2024 with a national swing of Lab +3.0, Con -2.0 points (national model)``,
    ``base 2024 projected to the poll Reform 29 Lab 21 (national model)``."""
    projection = scenario["projection"]
    words = scenario_words(
        poll=scenario["poll"] if projection is not None else None,
        areas=scenario.get("areas") if projection is not None else None,
        swing=scenario["swing_points"],
        model=scenario.get("model") or (projection["model"] if projection else None),
    )
    return f"base {base.id}" + (f" {words}" if words else "")


class TargetRank(StrEnum):
    """How ``target`` orders its list."""

    sensitivity = "sensitivity"
    majority = "majority"


def register(app: typer.Typer) -> None:
    """Add the targeting commands."""

    @app.command("target")
    def target_command(
        election: str = typer.Argument(UK.latest_id, help=LATEST_ELECTION_HELP),
        pair: str | None = typer.Option(
            None,
            "--pair",
            "-p",
            help="ATTACKER,DEFENDER, e.g. Lab,Con or LD,Con or SNP,Lab (default: the country's "
            "usual contest, Lab,Con in the UK, LPC,CPC in Canada, as the web's target list).",
        ),
        swing: str | None = typer.Option(None, "--swing", help=SWING_HELP),
        poll: str | None = poll_option("Project the base to this poll first. " + POLL_HELP),
        by_region: Path | None = BY_REGION_OPTION,
        projection_model: str = typer.Option(
            DEFAULT_MODEL, "--model", "-m", help="Swing model for --poll and --swing."
        ),
        kind: str = typer.Option(
            "attack", "--list", help="attack (defender's seats) or defend (attacker's seats)."
        ),
        top: int = typer.Option(LISTED_TARGETS, "--top", "-n", help="How many seats to list."),
        rank: TargetRank = typer.Option(
            TargetRank.sensitivity,
            "--rank",
            help="sensitivity: win probability gained per extra vote (default); majority: "
            "smallest margin first, the classic target list.",
        ),
        find: str | None = typer.Option(
            None,
            "--find",
            help="Also report where this seat ranks on the full list, with its margin and "
            "win probability.",
        ),
        national_sd: float = typer.Option(
            DEFAULT_NATIONAL_SD, "--national-sd", help=NATIONAL_SD_HELP
        ),
        votes_per_hour: float = typer.Option(
            DEFAULT_VOTES_PER_HOUR, "--votes-per-hour", help=VOTES_PER_HOUR_HELP
        ),
        method: str = typer.Option(
            "analytic",
            "--method",
            help="analytic (Normal margin model) or forecast (Monte Carlo finite differences).",
        ),
        seed: int = typer.Option(FORECAST_SEED, "--seed", help="Seed for --method forecast."),
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Target (or defend) list for a party pair, ranked by win-probability sensitivity."""
        attacker, defender = (None, None) if pair is None else _pair(pair)
        if kind not in ("attack", "defend"):
            raise PsephosError(f"--list must be attack or defend, not {kind!r}.")
        if method not in ("analytic", "forecast"):
            raise PsephosError(f"--method must be analytic or forecast, not {method!r}.")
        base = open_election(election, unknown_parties=unknown_parties.value)
        poll = poll_for(poll, base)
        areas = read_by_region(by_region)
        with share_notes() as notes:
            answer = target_answer(
                base,
                attacker,
                defender,
                kind=kind,  # type: ignore[arg-type]
                by_margin=rank is TargetRank.majority,
                swing=swing,
                find=find,
                national_sd=national_sd,
                votes_per_hour=votes_per_hour,
                method=method,  # type: ignore[arg-type]
                seed=seed,
                poll=poll,
                projection_model=projection_model,
                results_file=looks_like_file(election),
                areas=areas,
            )
        full, summary = answer.targets, answer.summary()
        if pair is None:  # said, not assumed silently
            notes.append(
                f"no --pair given: {full.attacker} against {full.defender}, the default pair "
                f"for {jurisdictions.of(base).as_adjective} elections (--pair ATTACKER,DEFENDER "
                "for another)."
            )
            print_note(notes[-1])
        found = find_sentence(
            summary, attacker=base.label(full.attacker), defender=base.label(full.defender)
        )
        headline = [] if found is None else [found]
        rows = answer.rows(top)
        if output is OutputFormat.table:  # narrow: who holds the seat, as the web's list says
            for row in rows:  # ("Held by"); CSV and JSON keep the region and who came second
                del row["region"], row["rival"]
        moved = _scenario_words(
            base,
            {
                "projection": summary["projection"],
                "poll": poll,
                "areas": areas,
                "swing_points": summary["swing_points"],
                "model": projection_model,
            },
        )
        title = (
            f"{full.attacker} {kind} list against {full.defender} from "
            f"{moved.removeprefix('base ')}"
            f" ({len(full.seats)} seats; seat sd {format_number(full.model.seat_sd * 100, '.1f')} "
            f"pts, national sd {format_number(full.model.national_sd * 100, '.1f')} pts, "
            f"{full.model.votes_per_hour:g} votes/hour, {method})"
        )
        render(
            rows,
            output,
            title=title,
            formats={
                "margin_pct": "+.2f",
                # as the --find line and advise write a chance: 49%, about 1 in 2,500
                "win_probability": "words",
                # changes in that chance, in percentage points: +8.66 pts
                "per_1000_votes": "points",
                "per_100_hours": "points",
                "majority_votes": "+,d",
            },
            extra={**summary, "headline": headline, "notes": notes},
        )
        if output is OutputFormat.table:
            for line in headline:
                console.print(line, highlight=False, soft_wrap=True)

    @app.command("nearest")
    def nearest_command(
        ctx: typer.Context,
        place: str | None = typer.Argument(
            None,
            help="Where you start, as --from gives it: 'psephos nearest Leeds' is "
            "'psephos nearest --from Leeds'.",
            show_default=False,
        ),
        origin: str | None = typer.Option(
            None,
            "--from",
            help="Where you start: 'lat,lon', a postcode, a seat name or ONS code, or a place.",
        ),
        postcode: str | None = typer.Option(
            None, "--postcode", help="Where you start: a postcode, sector or district."
        ),
        km: float | None = typer.Option(
            None,
            "--km",
            help=f"Travel budget, great-circle km (default {NEAREST_KM:g}; with --closest "
            f"{MARGINALS_KM:g}, as the web app's nearest-marginal page).",
        ),
        election: str = typer.Option(
            UK.latest_id,
            "--election",
            "-e",
            help="Base election (plans for the one after it; default: the latest).",
        ),
        party: str | None = typer.Option(
            None,
            "--party",
            help="Rank by this party's win chance (default: any close seat); with --closest, "
            "only the marginals it won or came second in.",
        ),
        swing: str | None = typer.Option(None, "--swing", help=SWING_HELP),
        poll: str | None = poll_option("Project the base to this poll first. " + POLL_HELP, "-p"),
        by_region: Path | None = BY_REGION_OPTION,
        projection_model: str = typer.Option(
            DEFAULT_MODEL, "--model", "-m", help="Swing model for --poll and --swing."
        ),
        top: int = typer.Option(NEAREST_TOP, "--top", "-n", help="How many seats to list."),
        speed_kmh: float | None = typer.Option(
            None, "--speed-kmh", help="Show travel minutes at this straight-line speed."
        ),
        travel_time: str | None = typer.Option(
            None,
            "--travel-time",
            help="Routing hook MODULE:FUNCTION(lat, lon, lats, lons) -> minutes.",
        ),
        max_minutes: float | None = typer.Option(
            None, "--max-minutes", help="Travel-time budget (needs --speed-kmh or --travel-time)."
        ),
        national_sd: float = typer.Option(
            DEFAULT_NATIONAL_SD,
            "--national-sd",
            help=NATIONAL_SD_HELP + " Not with --closest, which shows majorities, not chances.",
        ),
        closest: bool = typer.Option(
            False,
            "--closest",
            help="List the nearest marginals instead (majority under --max-majority, nearest "
            "first), as the web app's nearest-marginal page does; after --swing or --poll, "
            "the projected majorities.",
        ),
        max_majority: float = typer.Option(
            MARGINAL_MAJORITY_PCT,
            "--max-majority",
            help="With --closest: majority under this % of valid votes.",
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """The most sensitive seats within a travel budget of a place."""
        base = bundled_election(election, NEAREST)  # before the place is looked up
        _refuse_unused(ctx, closest=closest)
        origin = _nearest_origin(place, origin, postcode)
        hook = _travel_hook(travel_time, speed_kmh, max_minutes)
        speed_kmh = speed_kmh if travel_time is None else None  # a routing hook counts instead
        poll = poll_for(poll, base)
        shift = parse_swing(swing, base.parties)
        areas = read_by_region(by_region)
        with share_notes() as notes:
            projected, projection = scenario_election(
                base, swing=shift, poll=poll, model=projection_model, areas=areas
            )
        scenario = {
            "swing_points": shift,
            "poll": poll,
            "areas": areas,
            "projection": None if projection is None else projection.summary(),
            "notes": notes,
        }
        if km is None:
            km = MARGINALS_KM if closest else NEAREST_KM
        reach = _reach(km, max_minutes, speed_kmh)
        budget = {  # the limits the rows were cut at, and the speed that counts the minutes
            "max_km": km,
            **({} if max_minutes is None else {"max_minutes": max_minutes}),
            **({} if speed_kmh is None else {"speed_kmh": speed_kmh}),
        }
        words = _scenario_words(base, {**scenario, "model": projection_model})
        if closest:
            where, near = marginals_near(
                projected,
                origin,
                km=km,
                max_majority_pct=max_majority,
                top=top,
                party=party,
                travel_time=hook,
                max_minutes=max_minutes,
            )
            absent = (
                None if near or party is None else absent_sentence(base, where, km=km, party=party)
            )
            if absent:  # as the sensitivity search says it, not an empty list
                raise PsephosError(absent)
            plain = [row.to_dict() for row in near]
            if hook is None:
                for row in plain:
                    row.pop("minutes")
            code = None if party is None else base.parties[base.party_index(party)]
            render(
                plain,
                output,
                title=(
                    f"Marginals (majority under {max_majority:g}%"
                    + (f", {base.label(code)} first or second" if code else "")
                    + f") within {reach} of {where.label}, {words}, nearest first"
                ),
                formats={"majority_pct": ".2f"},  # as marginals writes it
                extra={  # the keys /api/nearest gives, with any travel-time budget
                    "origin": where.to_dict(),
                    **budget,
                    "max_majority_pct": max_majority,
                    "election": base.id,
                    "party": code,
                    **scenario,
                },
            )
            return
        location, rows = nearest_marginals(
            projected,
            origin,
            km=km,
            party=party,
            national_sd=national_sd,
            travel_time=hook,
            max_minutes=max_minutes,
            top=top,
        )
        # seats within reach, none of them the party's: not the distance
        absent = (
            None if rows or party is None else absent_sentence(base, location, km=km, party=party)
        )
        if absent:
            raise PsephosError(absent)
        if not rows:
            raise PsephosError(
                f"No seat of {base.id} within {reach} of {location.label}; widen "
                + ("--km" if max_minutes is None else "--km or --max-minutes")
                + " or start from a place in the country."
            )
        plain = [row.to_dict() for row in rows]
        if hook is None:
            for row in plain:
                row.pop("minutes")
        code = None if party is None else base.parties[base.party_index(party)]
        if party is None:
            for row in plain:
                row.pop("win_probability")
        render(
            plain,
            output,
            title=(
                f"Seats within {reach} of {location.label} "
                f"({format_number(location.latitude, '.3f')}, "
                f"{format_number(location.longitude, '.3f')}), {words}"
                + (f", for {base.label(code)}" if code else ", any party")
            ),
            formats={  # as target writes them
                "margin_pct": "+.2f",
                "win_probability": "words",
                "per_1000_votes": "points",
                "per_100_hours": "points",
            },
            extra={
                "origin": location.to_dict(),
                **budget,
                "election": base.id,
                "party": code,
                **scenario,
            },
        )

    @app.command("turnout")
    def turnout_command(
        election: str | None = typer.Argument(
            None,
            help=f"Base election (default: the latest with a bundled age split, "
            f"{default_turnout_election(UK.latest_id)}).",
            show_default=False,
        ),
        group: str = typer.Option(
            "18-24", "--group", "-g", help=f"Age group: {', '.join(GROUPS)}."
        ),
        change: float = typer.Option(
            ..., "--change", "-c", help="Turnout change in the group, points (10 = +10)."
        ),
        split: str | None = typer.Option(
            None,
            "--split",
            help="The group's vote split in percent, e.g. 'Lab=62,Con=27,LD=5' (default: Ipsos).",
        ),
        split_from: str | None = typer.Option(
            None,
            "--split-from",
            help="Use the bundled Ipsos split of this year (2010-2019); not with --split.",
        ),
        adult_share: float = typer.Option(
            DEFAULT_ADULT_SHARE,
            "--adult-share",
            min=ADULT_SHARE_RANGE[0],
            max=ADULT_SHARE_RANGE[1],
            help="Share of residents aged 18+ (census shares are of all).",
        ),
        compare: str | None = typer.Option(
            None,
            "--compare",
            help="Compare the flips with this real election (same boundaries): a bundled id or "
            "a results CSV.",
        ),
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        poll: str | None = poll_option(
            "Project the election to this poll first. " + POLL_HELP, "-p"
        ),
        by_region: Path | None = BY_REGION_OPTION,
        projection_model: str = typer.Option(
            DEFAULT_MODEL, "--model", "-m", help="Swing model for --poll."
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Change turnout in an age group and list the seats that flip."""
        # the latest result, where it has an age split; else the latest that has, said so
        passed_over = None if election else UK.latest_id
        election = election or default_turnout_election(UK.latest_id)
        base = bundled_election(
            election, TURNOUT
        )  # before the poll, the split and the comparison are read
        poll = poll_for(poll, base)
        with share_notes() as notes:
            report = turnout_report(
                base,
                group,
                change,
                split=split,
                split_from=split_from,
                adult_share=adult_share,
                poll=poll,
                areas=read_by_region(by_region),
                projection_model=projection_model,
                compare=(
                    open_election(compare, unknown_parties=unknown_parties.value)
                    if compare is not None
                    else None
                ),
                passed_over=passed_over,
            )
        for note in report.notes():  # the scenario's own, after the inputs' notes
            print_note(note)
        notes = [*notes, *report.notes()]
        headline = report.lines()
        render(
            report.rows(),
            output,
            title=report.title(),
            formats={"base_majority": ",d", "extra_voters": "+,d", "new_majority": ",d"},
            extra={**report.summary(), "headline": headline, "notes": notes},
        )
        if output is OutputFormat.table:
            for line in headline:
                console.print(line)
