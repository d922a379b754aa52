"""``psephos map``: a hex map of a result, or of what a poll means, by winner, gains or majority.

A poll is projected through the one path ``psephos project`` takes
(:func:`psephos.cli._projection_inputs.project_from_options`), so the map of a projection shows
the winners ``project --all-seats`` lists; the fills and key come from
:func:`psephos.results.hexmap.map_colours`.
"""

from __future__ import annotations

from pathlib import Path

import typer

from psephos.cli._inputs import (
    BY_REGION_OPTION,
    RESULTS_UNKNOWN_PARTIES_OPTION,
    ResultsUnknownParties,
    looks_like_file,
    poll_option,
)
from psephos.cli._output import POLL_HELP, console
from psephos.cli._projection_inputs import (
    ADJUST_POLLS_OPTION,
    CANDIDATES_FROM_OPTION,
    CANDIDATES_OPTION,
    MODEL_HELP,
    POLICY_OPTION,
    RECOMMENDATIONS_OPTION,
    SHAPE_OPTION,
    PollProjection,
    project_from_options,
)
from psephos.cli.results import open_with_previous
from psephos.errors import InvalidSharesError, PsephosError
from psephos.jurisdictions import HEX_MAP, UK, require
from psephos.projection import DEFAULT_MODEL
from psephos.results.hexmap import MapMode

SHOW_HELP = (
    "What each seat shows: winner (its winner's colour), gains (seats that changed hands since "
    "the previous election on the same boundaries, or since the base of a projection, in the "
    "new winner's colour; seats held pale) or majority (the winner's colour, paler the closer "
    "the seat: under 5, 5 to 10, 10 to 20, 20 or more points of the vote)."
)


def projection_title(projected: PollProjection) -> str:
    """What a projection's map shows, for its title: the poll as given (a poll table's mean)
    or the area shares, whether it was adjusted, the base and the model, and the inputs given
    beside the poll."""
    poll = projected.given
    what = f"the poll {' '.join(poll.split())}" if poll else "the area shares"
    adjusted = ", adjusted for the polls' past error" if projected.adjustment else ""
    return (
        f"Projection of {what}{adjusted}\nfrom {projected.base.source_name}, "
        f"{projected.result.model} model{projected.inputs.title_suffix()}"
    )


def register(app: typer.Typer) -> None:
    """Add the ``map`` command."""

    @app.command("map")
    def map_command(
        election: str = typer.Argument(
            UK.latest_id,
            help="A bundled election, e.g. 2024 (or a results file); with --poll, the result "
            "the poll is swung from. Left out: the latest result.",
        ),
        out: Path = typer.Option(
            Path("psephos-map.png"), "--out", "-o", help="Image file to write (.png, .svg, .pdf)."
        ),
        show: MapMode = typer.Option(MapMode.winner, "--show", help=SHOW_HELP),
        poll: str | None = poll_option(
            "Map the projection of this poll instead. " + POLL_HELP, "-p"
        ),
        by_region: Path | None = BY_REGION_OPTION,
        model: str | None = typer.Option(
            None, "--model", "-m", help=f"With --poll or --by-region. {MODEL_HELP}"
        ),
        candidates: str | None = CANDIDATES_OPTION,
        candidates_from: str | None = CANDIDATES_FROM_OPTION,
        shape: str | None = SHAPE_OPTION,
        recommendations: str | None = RECOMMENDATIONS_OPTION,
        adjust_polls: bool = ADJUST_POLLS_OPTION,
        policy: str = POLICY_OPTION,
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
    ) -> None:
        """Draw a hex map of a result or a poll's projection: winners, gains or majorities."""
        if out.suffix.lower() not in (".png", ".svg", ".pdf"):
            raise typer.BadParameter(f"--out must end in .png, .svg or .pdf, not {str(out)!r}")
        own_file = looks_like_file(election)
        # a file's title ("Results from mine.csv") is no name for the middle of a sentence
        file_words = f"the results in {Path(election).name}" if own_file else None
        if poll is None and by_region is None:
            given = [
                name
                for name, value in (
                    ("--model", model),
                    ("--candidates", candidates),
                    ("--candidates-from", candidates_from),
                    ("--shape", shape),
                    ("--recommendations", recommendations),
                    ("--adjust-polls", adjust_polls or None),
                    ("--policy", None if policy == "fill" else policy),
                )
                if value is not None
            ]
            if given:
                raise InvalidSharesError(
                    f"A map takes {', '.join(given)} only with --poll or --by-region (they "
                    "shape a projection)."
                )
            current, before = open_with_previous(election, unknown_parties.value)
            require(HEX_MAP, current)
            if show is MapMode.gains and before is None:
                none_before = (
                    f"a results file ({Path(election).name}) has none"
                    if own_file
                    else f"psephos bundles none before {current.name}"
                )
                raise PsephosError(
                    "--show gains compares with the previous election on the same boundaries, "
                    f"and {none_before}; use --show winner or majority."
                )
            title = current.name
            subject = file_words or current.name
        else:
            if not own_file:  # a file's seats are checked as it is drawn
                require(HEX_MAP, election)
            projected = project_from_options(
                election,
                poll,
                model=model or DEFAULT_MODEL,
                by_region=by_region,
                candidates=candidates,
                candidates_from=candidates_from,
                shape=shape,
                recommendations=recommendations,
                adjust_polls=adjust_polls,
                policy=policy,
                unknown_parties=unknown_parties.value,
            )
            current, before = projected.result.election, projected.base
            title = projection_title(projected)
            base_words = file_words or projected.base.name
            subject = f"the projection from {base_words} ({projected.result.model} model)"
        from psephos.results.hexmap import map_colours, plot_hexmap

        colours = map_colours(current, show, before=before)
        if colours.caption:
            title = f"{title}\n{colours.caption}"
        written = plot_hexmap(current, out, colours=colours.fills, key=colours.key, title=title)
        console.print(f"Hex map of {subject} written to {written}", highlight=False)
