"""The inputs a user may give beside a poll or a night's results, shared by the commands.

One set of option declarations and one reader, so ``project``, ``map`` and ``forecast`` take the
same inputs (and every other command that takes a poll its area shares,
:data:`~psephos.cli._inputs.BY_REGION_OPTION` read by
:func:`~psephos.cli._inputs.read_by_region`) and turn them into the same
:func:`psephos.projection.project`
call (per-region shares, this time's candidate lists, a seat-level shape such as a published
MRP, the tactical-voting sites' picks; all three through :func:`project_from_options`), and
``nowcast`` and ``exitpoll estimate`` read who stands this time the same way
(:func:`read_standing`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt
import typer

from psephos.cli._inputs import (
    looks_like_file,
    not_both,
    open_election,
    poll_for,
    read_by_region,
)
from psephos.cli._output import ADJUST_POLLS_HELP, adjusted_poll, adjustment_note, share_notes
from psephos.errors import DataFormatError, InvalidSharesError
from psephos.jurisdictions import following_id
from psephos.model import Election
from psephos.projection import (
    DEFAULT_MODEL,
    HEADLINE_MODEL,
    MODELS,
    POLICIES,
    Projection,
    bundled_candidates,
    candidate_mask,
    project,
    read_candidates_csv,
)
from psephos.projection.candidates import next_nominations
from psephos.projection.national import read_recommendations, site_recommendations
from psephos.projection.shape import load_shape

BoolArray = npt.NDArray[np.bool_]

MODEL_HELP = (
    "Swing model: " + ", ".join(MODELS) + f". The default, {DEFAULT_MODEL}, is the headline of "
    f"the back-test from a GB poll; {HEADLINE_MODEL} is the best given true regional shares "
    "and candidate lists (docs/backtests.md)."
)
ADJUST_POLLS_OPTION: Any = typer.Option(False, "--adjust-polls", help=ADJUST_POLLS_HELP)
POLICY_OPTION: Any = typer.Option(
    "fill",
    "--policy",
    help="Shares not summing to 100: 'fill' (unnamed parties take the rest pro rata), "
    "'rescale' (the parties named scaled to 100%, up or down; the others get 0), or 'error'. "
    "A sum more than 1 point above 100 is refused unless 'rescale'.",
)

CANDIDATES_HELP = (
    "Who stands this time: a CSV of candidates, rows 'seat_code,party[,candidate]' (a party "
    "not listed in a seat gets 0 there, a party new to a seat starts from an imputed share; "
    "names let adaptive-incumbency see open seats and first-term MPs), or a bundled "
    "election's lists (as --candidates-from)."
)
CANDIDATES_FROM_HELP = (
    "Use a bundled election's candidate lists (who stood, never their votes), e.g. 2024."
)
CANDIDATES_OPTION: Any = typer.Option(None, "--candidates", help=CANDIDATES_HELP)
CANDIDATES_FROM_OPTION: Any = typer.Option(None, "--candidates-from", help=CANDIDATES_FROM_HELP)
SHAPE_OPTION: Any = typer.Option(
    None,
    "--shape",
    help="Seat-level shares to apply the poll to (national model): a CSV with a seat column "
    "(ONS code or name) and party share columns, e.g. a published MRP's estimates, or "
    "'mrp-2024' for the bundled 2024 MRP average.",
)
RECOMMENDATIONS_OPTION: Any = typer.Option(
    None,
    "--recommendations",
    help="Tactical-voting sites' picks (national model): a CSV 'seat,party[,site]' or a "
    "bundled set (sites-2019, sites-2024); voters consolidate behind them by the amount "
    "fitted on earlier elections.",
)


@dataclass(frozen=True, slots=True)
class ProjectionInputs:
    """What the options gave, read and checked against the base election.

    Attributes:
        areas: per-area shares (``--by-region``), or ``None``.
        candidates: the candidate lists (``--candidates`` or ``--candidates-from``), or ``None``.
        shape: the seat-level shape (``--shape``), or ``None``.
        recommended: the sites' picks (``--recommendations``), or ``None``.
        described: each given input as the user named it, for the JSON output.
        candidates_option: the option that gave the candidate lists, as the user typed it
            (``--candidates`` or ``--candidates-from``), for the title.
    """

    areas: Any = None
    candidates: Any = None
    shape: Any = None
    recommended: Any = None
    described: dict[str, str | None] = field(default_factory=dict)
    candidates_option: str = "--candidates"

    def project_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`psephos.projection.project` for these inputs."""
        return {
            "areas": self.areas,
            "candidates": self.candidates,
            "shape": self.shape,
            "recommended": self.recommended,
        }

    def title_suffix(self) -> str:
        """The inputs given, as the options name them, for a table's title: ``"; --candidates-from
        2024, --recommendations sites-2024"`` (each option as it was typed: a bundled election's
        lists given by ``--candidates-from`` are not echoed as ``--candidates``), or ``""``
        when none were given."""
        names = {
            "by_region": "--by-region",
            "candidates": self.candidates_option,
            "shape": "--shape",
            "recommendations": "--recommendations",
        }
        given = ", ".join(f"{names[key]} {value}" for key, value in self.described.items() if value)
        return f"; {given}" if given else ""

    def successor_notes(self, election: Election) -> list[str]:
        """:func:`successor_note` when no candidate lists or picks were given, else none."""
        if self.candidates is not None or self.recommended is not None:
            return []
        return successor_note(election)


def read_candidate_lists(
    candidates: str | Path | None,
    candidates_from: str | None,
    parties: Sequence[str] | None = None,
) -> Mapping[str, Any] | None:
    """This time's candidate lists from ``--candidates`` (a CSV file, its parties read among
    the election's ``parties`` where given: :func:`psephos.io.candidates.read_candidates_csv`,
    or a bundled election's id) or ``--candidates-from`` (a bundled election's id); ``None``
    when neither is given.

    Raises:
        InvalidSharesError: both options.
        DataFormatError: a file that cannot be read, or an election without bundled lists.
    """
    not_both(
        ("--candidates", candidates),
        ("--candidates-from", candidates_from),
        error=InvalidSharesError,
    )
    if candidates is not None:
        text = str(candidates)
        if looks_like_file(text):
            return read_candidates_csv(text, parties=parties)
        try:
            return bundled_candidates(text)
        except DataFormatError as error:
            raise DataFormatError(
                f"--candidates {text!r} is neither a CSV file nor a bundled election. {error}"
            ) from None
    return bundled_candidates(candidates_from) if candidates_from is not None else None


def read_standing(
    election: Election, candidates: str | Path | None, candidates_from: str | None
) -> BoolArray | None:
    """Who stands now, seats x parties aligned to ``election`` (seats the lists leave out keep
    its field), from the same options as :func:`read_candidate_lists`; ``None`` when neither
    is given. Lists drawn on other boundaries are refused
    (:func:`psephos.projection.candidates.check_boundaries`)."""
    lists = read_candidate_lists(candidates, candidates_from, election.parties)
    return None if lists is None else candidate_mask(election, lists)


def read_projection_inputs(
    election: Election,
    *,
    by_region: Path | None = None,
    candidates: str | Path | None = None,
    candidates_from: str | None = None,
    shape: str | None = None,
    recommendations: str | None = None,
) -> ProjectionInputs:
    """Read the inputs the options name, checked against ``election``.

    Raises:
        InvalidSharesError: both ``--candidates`` and ``--candidates-from``.
        DataFormatError, UnknownElectionError: a file or bundled name that cannot be read.
    """
    lists = read_candidate_lists(candidates, candidates_from, election.parties)
    return ProjectionInputs(
        areas=read_by_region(by_region),
        candidates=lists,
        shape=load_shape(election, shape) if shape is not None else None,
        recommended=read_recommendations(election, recommendations) if recommendations else None,
        described={
            "by_region": str(by_region) if by_region else None,
            "candidates": str(candidates) if candidates else candidates_from,
            "shape": shape,
            "recommendations": recommendations,
        },
        candidates_option="--candidates-from" if candidates_from else "--candidates",
    )


def successor_note(election: Election) -> list[str]:
    """A note naming what is bundled about the election that followed ``election`` (its
    candidate lists and, where bundled, the tactical-voting sites' picks), which the
    real-input back-test gives its headline projection; empty when nothing followed it."""
    following = following_id(election)
    if following is None or next_nominations(election) is None:
        return []  # nothing followed it, or its lists are not bundled
    sites = (
        f" and --recommendations sites-{following} (the tactical-voting sites' picks)"
        if site_recommendations(election, following) is not None
        else ""
    )
    return [
        f"Projecting the {following} election? Add --candidates-from {following} (who stood "
        f"where){sites}, as the back-test's headline projection does (docs/backtests.md)."
    ]


@dataclass(frozen=True, slots=True)
class PollProjection:
    """A projection made from the options, with what a command shows beside it.

    Attributes:
        base: The bundled election the poll is swung from.
        inputs: The inputs beside the poll (:func:`read_projection_inputs`).
        adjustment: ``--adjust-polls``'s correction, points per party, or ``None``.
        result: The projection (:func:`psephos.projection.project`).
        notes: The ``note:`` lines printed while projecting, in order.
        poll: The poll projected (after ``--adjust-polls``), or ``None`` for area shares alone.
        given: ``--poll`` as given, a poll table's mean written as pairs
            (:func:`~psephos.cli._inputs.poll_for`), or ``None`` without it.
    """

    base: Election
    inputs: ProjectionInputs
    adjustment: dict[str, float] | None
    result: Projection
    notes: list[str]
    poll: str | dict[str, float] | None
    given: str | None = None


@dataclass(frozen=True, slots=True)
class NoProjection:
    """What :func:`project_from_options` gives with ``optional=True`` when there is nothing to
    project (neither a poll nor area shares): the base alone, for a command such as
    ``forecast`` that then starts from its result. It has :class:`PollProjection`'s
    attributes, each empty, so a caller reads either alike.

    Attributes:
        base: The bundled election.
        inputs: The inputs beside the poll, all absent (:func:`read_projection_inputs`).
    """

    base: Election
    inputs: ProjectionInputs
    adjustment: None = None
    result: None = None
    notes: list[str] = field(default_factory=list)
    poll: None = None
    given: None = None


@overload
def project_from_options(
    base: str,
    poll: str | None,
    *,
    model: str = ...,
    by_region: Path | None = ...,
    candidates: str | Path | None = ...,
    candidates_from: str | None = ...,
    shape: str | None = ...,
    recommendations: str | None = ...,
    adjust_polls: bool = ...,
    policy: str = ...,
    unknown_parties: str = ...,
    optional: Literal[False] = ...,
) -> PollProjection: ...


@overload
def project_from_options(
    base: str,
    poll: str | None,
    *,
    model: str = ...,
    by_region: Path | None = ...,
    candidates: str | Path | None = ...,
    candidates_from: str | None = ...,
    shape: str | None = ...,
    recommendations: str | None = ...,
    adjust_polls: bool = ...,
    policy: str = ...,
    unknown_parties: str = ...,
    optional: bool,
) -> PollProjection | NoProjection: ...


def project_from_options(
    base: str,
    poll: str | None,
    *,
    model: str = DEFAULT_MODEL,
    by_region: Path | None = None,
    candidates: str | Path | None = None,
    candidates_from: str | None = None,
    shape: str | None = None,
    recommendations: str | None = None,
    adjust_polls: bool = False,
    policy: str = "fill",
    unknown_parties: str = "error",
    optional: bool = False,
) -> PollProjection | NoProjection:
    """The projection a command's options ask for: the one path from ``--poll`` and the inputs
    beside it to :func:`psephos.projection.project`, for ``project``, ``map`` and ``forecast``
    (each with the one ``--policy``, :data:`POLICY_OPTION`).
    Its notes are printed as ``note:`` lines on stderr (:func:`~psephos.cli._output.share_notes`).

    Args:
        unknown_parties: How a results CSV given as ``base`` reads a party outside the
            vocabulary (:class:`~psephos.cli._inputs.ResultsUnknownParties`).
        optional: Whether the command also runs without a poll (``forecast``, around the base
            result): then neither a poll nor area shares gives :class:`NoProjection`, once the
            inputs are read, and inputs that only shape a projection (a ``policy`` other than
            ``"fill"`` among them) are refused.

    Raises:
        InvalidSharesError: neither a poll nor area shares (unless ``optional``; then inputs
            or a ``policy`` given without either), ``--adjust-polls`` without a poll, an
            unknown ``--policy``, or shares the projection refuses.
        DataFormatError, UnknownElectionError: an input that cannot be read.
    """
    if poll is None and by_region is None and not optional:
        raise InvalidSharesError("Give --poll and/or --by-region.")
    if adjust_polls and poll is None:
        raise InvalidSharesError("--adjust-polls needs --poll.")
    if policy not in POLICIES:
        raise InvalidSharesError(f"--policy must be one of {', '.join(POLICIES)}.")
    election = open_election(base, unknown_parties=unknown_parties)
    poll = poll_for(poll, election)
    inputs = read_projection_inputs(
        election,
        by_region=by_region,
        candidates=candidates,
        candidates_from=candidates_from,
        shape=shape,
        recommendations=recommendations,
    )
    national, adjustment = adjusted_poll(poll, adjust_polls, election)
    if national is None and inputs.areas is None:  # only when optional
        if any(inputs.described.values()):
            raise InvalidSharesError(
                "--candidates, --shape and --recommendations shape a projection: give --poll "
                "or --by-region too."
            )
        if policy != "fill":
            raise InvalidSharesError(
                f"--policy {policy} reads the shares of a poll: give --poll or --by-region too."
            )
        return NoProjection(election, inputs)
    with share_notes() as notes:
        if adjustment is not None:
            notes.append(adjustment_note(adjustment))
        notes.extend(inputs.successor_notes(election))
        result = project(
            election,
            national,
            model=model,
            policy=policy,  # type: ignore[arg-type]
            **inputs.project_kwargs(),
        )
    return PollProjection(election, inputs, adjustment, result, notes, national, poll)
