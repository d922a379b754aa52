"""The JSON-ready entry points the CLI and the web app call.

``advise_seat`` answers one voter; ``bloc_advice`` gives a bloc's pick in every seat;
``uncertainty_for`` builds the simulated shares behind both. Elections:

* ``"next"`` (default): the next election, from the 2024 result with the long-range error
  model, in the family asked for (``errors``: Normal or Student-t; the national picture can
  move by several points before then);
* ``"2017"``, ``"2019"``, ``"2024"``: advice as it could have been given before that election
  (:mod:`psephos.tactical.preelection`: previous result, nominations, final polls; ``mrp`` for
  2024 adds the MRP average);
* any other bundled election id (``"2019-notional-2024"``, ``"2015"``...): that result as the
  expected shares, with the long-range error model;
* an :class:`~psephos.model.Election` of the user's own (a results file read by
  :func:`psephos.read_results_csv`: another FPTP country's, a UK file prepared by hand): its
  result as the expected shares, with the same long-range error model, under the rules of the
  country read from the file (:func:`psephos.jurisdictions.of`).

With a ``poll`` and/or ``areas`` (area shares, sub-polls such as a Scottish poll: ``psephos
project --by-region``'s; ``"next"``, a bundled result or an election of the user's), the result
is first projected to them by the projection engine (:func:`psephos.projection.project`,
:data:`~psephos.projection.DEFAULT_MODEL` unless a model is named), and the draws use the
short-range error model: the national picture is the poll's.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

import numpy as np

from psephos.errors import (
    PlaceConflictError,
    PsephosError,
    ShareWarning,
    UnknownElectionError,
    collected_share_notes,
)
from psephos.io.shares import (
    AreaShares,
    FrozenAreaShares,
    area_shares_words,
    frozen_area_shares,
    thawed_area_shares,
)
from psephos.jurisdictions import (
    UK,
    available_elections,
    bundled_id,
    for_election_id,
    load,
    postcode_seats,
    resolve_election_id,
    resolve_seat,
)
from psephos.jurisdictions import of as jurisdiction_of
from psephos.jurisdictions.postcodes import PostcodeSeats
from psephos.model import Election
from psephos.numbers import listed
from psephos.tactical.advice import Advice, Preferences, advise, parse_parties
from psephos.tactical.bloc import bloc_recommendations
from psephos.tactical.decisive import MajorityRule
from psephos.tactical.preelection import (
    PRE_ELECTION_IDS,
    default_method,
    describe,
    pre_election_base,
    pre_election_shares,
)
from psephos.tactical.uncertainty import SeatUncertainty, contest_means, get_share_error_model

NEXT = "next"
#: The result the next election is asked about (the newest bundled UK result).
LATEST_RESULT = UK.latest_id


#: An election advice is asked about: an id (``"next"``, a bundled election's) or an
#: :class:`~psephos.model.Election` of the user's own (a results file).
AdviceElection = str | Election


def advice_elections() -> list[str]:
    """The elections advice takes, as a refusal lists them: ``next``, then every bundled id."""
    return [NEXT, *available_elections()]


def election_id_of(election: object) -> str:
    """``election`` as advice takes it by id (``"next"``, a bundled election's id).

    Raises:
        UnknownElectionError: anything but text: a bundled election loaded as an
            :class:`~psephos.model.Election` (``psephos.load("2024")``), whose odds are
            simulated once per id, is asked for by its id; anything else names what is taken.
    """
    if isinstance(election, str):
        return election
    given = election.id if isinstance(election, Election) else None
    example = given if given in available_elections() else LATEST_RESULT
    raise UnknownElectionError(
        f"Give the election as its id, e.g. election={example!r} (or 'next'), not "
        f"{election!r}: a bundled election's advice is worked out once per id (an election "
        "of your own, read from a results file, is taken as it is)."
    )


def own_election(election: AdviceElection) -> Election | None:
    """``election`` where it is one of the user's own (read from a results file, or built
    from one: :func:`psephos.jurisdictions.bundled_id` knows it as no bundled election), else
    ``None`` (an id, or a bundled election given as an object, which :func:`election_id_of`
    asks for by its id)."""
    if isinstance(election, Election) and bundled_id(election) is None:
        return election
    return None


def advice_base(election: AdviceElection = NEXT) -> str:
    """Id of the bundled election whose seats an advice question about ``election`` is asked
    about (cheap: no simulation): the 2024 result for ``next``, the previous result for a
    pre-election id, the election itself otherwise (a user's own election: its id).

    Raises:
        UnknownElectionError: an election that is no id (:func:`election_id_of`) or not
            bundled.
    """
    own = own_election(election)
    if own is not None:
        return own.id
    given = election_id_of(election)
    if given.strip().lower() == NEXT:
        return LATEST_RESULT
    jurisdiction, resolved = for_election_id(given)
    info = jurisdiction.election(resolved)
    if resolved in PRE_ELECTION_IDS and info is not None and info.previous:
        return info.previous
    return resolved


def advice_election(election: AdviceElection = NEXT) -> Election:
    """The seats and parties an advice question about ``election`` is answered on (cheap: no
    simulation): the bundled election of :func:`advice_base`, a pre-election id's base
    labelled as the election advised on (so the Reform lineage reads "Reform UK" in 2024
    advice, not "Brexit Party", and a refusal names the election asked, ``2024``, not
    ``2019-notional-2024``); a user's own election itself."""
    own = own_election(election)
    if own is not None:
        return own
    return _bundled_advice_election(election_id_of(election))


@lru_cache(maxsize=8)
def _bundled_advice_election(election: str) -> Election:
    key = election.strip().lower()
    if key != NEXT and resolve_election_id(election) in PRE_ELECTION_IDS:
        key = resolve_election_id(election)
        base = pre_election_base(key)
        return replace(base, id=key, name=f"Pre-election projection for {key}")
    return load(advice_base(election))


def advice_seat(
    election: AdviceElection = NEXT, *, seat: str | None = None, postcode: str | None = None
) -> tuple[str, PostcodeSeats | None]:
    """The seat an advice question is about, as :func:`advise_seat` takes it, from a seat
    (name or code) or a postcode: its ONS code, or a seat of the other boundaries as given
    ("Hampstead and Kilburn" asked of the 2024 seats), which the advice follows to the seat
    holding most of its population, saying so (:func:`psephos.jurisdictions.resolve_seat`).

    Returns:
        The seat, and the postcode lookup (its ``message`` says where the postcode is and
        whether it straddles seats) when a postcode was given.

    Raises:
        PsephosError: neither given, an unknown seat (named in the election as asked:
            ``2024``, not the ``2019-notional-2024`` seats its advice is built on) or a bad
            postcode.
    """
    base = advice_election(election)
    if postcode:
        found = postcode_seats(base, postcode)
        return found.code, found
    if not seat:
        raise PsephosError("Give a seat (name or ONS code) or a postcode.")
    position, note = resolve_seat(base, seat)
    # a seat of the other boundaries as given: the advice follows it again, saying where to
    return (seat.strip() if note else base.codes[position]), None


#: A postcode area whose most likely seat holds less than this share of its postcodes gets
#: every seat offered advice in turn (the web's page offers each), not the most likely alone.
CLEAR_SHARE = 0.9


def seats_to_advise(
    election: AdviceElection = NEXT, *, seat: str | None = None, postcode: str | None = None
) -> tuple[list[str], PostcodeSeats | None]:
    """The seats a voter's question is about, most likely first, and the postcode lookup where
    one was given (``psephos advise`` and the web's How should I vote? page both ask this):
    the seat given; a postcode's seat, or each seat it offers where the most likely holds
    less than :data:`CLEAR_SHARE` of its postcodes; a seat with a postcode when it is one of
    the postcode's seats (the postcode confirms it).

    Raises:
        PsephosError: neither given, or an unknown seat or postcode (:func:`advice_seat`).
        PlaceConflictError: a seat that is not one of the postcode's seats ("EH1 1YZ is in
            Edinburgh East and Musselburgh, not Bath"): advice for another seat than the one
            typed would be advice the voter did not ask for.
    """
    if not postcode:
        if not seat:
            raise PsephosError("Give a seat (name or code) or a postcode.")
        return [seat], None
    top, found = advice_seat(election, postcode=postcode)
    if found is None:  # a postcode always gives its lookup
        return [top], None
    codes = [option.code for option in found.options]
    if seat:
        code, _ = advice_seat(election, seat=seat)
        if code not in codes:
            names = listed((option.name for option in found.options), "or")
            raise PlaceConflictError(
                f"{postcode.strip()} is in {names}, not {seat.strip()}: give one of those "
                "seats with it, or leave the seat out."
            )
        return [code], found
    share = found.options[0].share
    if found.straddles and share is not None and share < CLEAR_SHARE:
        return codes, found
    return [found.code], found


def uncertainty_for(
    election: AdviceElection = NEXT,
    *,
    method: str | None = None,
    n_sims: int = 2000,
    seed: int = 2024,
    errors: str = "normal",
    poll: str | None = None,
    model: str | None = None,
    areas: AreaShares | None = None,
) -> SeatUncertainty:
    """Simulated seat shares for an election id, or for an election of the user's own (see
    the module docstring). Cached: per id, or on the election object itself
    (:meth:`~psephos.model.Election.cached`).

    ``method`` is the pre-election projection (``uniform``, ``mrp``, ``base`` or a projection
    model); by default :func:`~psephos.tactical.preelection.default_method` (the projection
    engine's default model, or the MRP average for 2024). ``poll`` and ``areas`` (area
    shares, as read by :func:`psephos.io.shares.parse_area_shares`) project the result first
    (with ``model``), as :func:`psephos.projection.project` projects them; not with
    ``method``.

    Raises:
        PsephosError: a poll and a method both given; a method for anything but pre-election
            advice (a user's own election included: its result is the expected one).
    """
    own = own_election(election)
    if (poll is not None or areas) and method is not None:
        raise PsephosError("Give a poll or a pre-election method, not both.")
    if own is not None:
        if method is not None:
            raise PsephosError(
                f"--method {method} applies only to pre-election advice "
                f"({', '.join(PRE_ELECTION_IDS)}); {own.source_name} uses the result itself."
            )
        if poll is None and not areas:
            return own.cached(
                ("advice-uncertainty", n_sims, seed, errors),
                lambda: _result_uncertainty(own, n_sims, seed, errors),
            )
        uncertainty, notes = own.cached(
            ("advice-uncertainty", poll, frozen_area_shares(areas), model, n_sims, seed, errors),
            lambda: _projected_uncertainty(own, poll, model, n_sims, seed, errors, areas),
        )
        for note in notes:  # said on every call, as a bundled election's below
            warnings.warn(note, ShareWarning, stacklevel=2)
        return uncertainty
    election = election_id_of(election)
    if poll is not None or areas:
        uncertainty, notes = _poll_uncertainty(
            election.strip().lower(),
            poll,
            model,
            n_sims,
            seed,
            errors,
            frozen_area_shares(areas),
        )
        # The projection's notes ("the shares sum to 72.0%") on every call, the cached ones
        # included: a server answering a second voter with the same poll says them again.
        for note in notes:
            warnings.warn(note, ShareWarning, stacklevel=2)
        return uncertainty
    return _uncertainty(
        election.strip().lower(), method or default_method(election), n_sims, seed, errors
    )


def poll_refusal(election: AdviceElection) -> str | None:
    """Why advice for ``election`` (``'next'``, a bundled id or a user's own election) takes
    no poll of the user's, or ``None`` where it does: advice before 2017, 2019 or 2024
    projects that election's own final polls
    (:data:`~psephos.tactical.preelection.PRE_ELECTION_IDS`), so a poll is refused with this,
    by the command and by the web form, which leaves its poll box out."""
    if own_election(election) is not None:
        return None
    election = election_id_of(election)
    if election.strip().lower() == NEXT:
        return None
    key = resolve_election_id(election)
    if key not in PRE_ELECTION_IDS:
        return None
    return (
        f"A poll projects a result: use 'next' (the {LATEST_RESULT} result) or a bundled "
        f"result such as 2019-notional-2024; advice for {key} uses its final polls."
    )


@lru_cache(maxsize=8)
def _poll_uncertainty(
    election: str,
    poll: str | None,
    model: str | None,
    n_sims: int,
    seed: int,
    errors: str,
    frozen: FrozenAreaShares | None = None,
) -> tuple[SeatUncertainty, tuple[str, ...]]:
    key = LATEST_RESULT if election == NEXT else resolve_election_id(election)
    refusal = poll_refusal(election)
    if refusal is not None:
        raise PsephosError(refusal)
    return _projected_uncertainty(
        load(key), poll, model, n_sims, seed, errors, thawed_area_shares(frozen)
    )


def _projected_uncertainty(
    base: Election,
    poll: str | None,
    model: str | None,
    n_sims: int,
    seed: int,
    errors: str,
    areas: AreaShares | None = None,
) -> tuple[SeatUncertainty, tuple[str, ...]]:
    """Draws around ``base`` projected to ``poll`` and/or ``areas`` (with ``model``), with the
    short-range errors of a final-weeks poll, and the notes reading the poll made."""
    from psephos.projection import DEFAULT_MODEL, poll_label, project, read_poll

    sub_polls = [area_shares_words(areas)] if areas else []
    with collected_share_notes() as notes:
        shares = (
            None
            if poll is None
            else read_poll(poll, label=poll_label(base), parties=base.parties, election_id=base.id)
        )
        projection = project(base, shares, model=model or DEFAULT_MODEL, areas=areas)
    projected = replace(projection.election, id=base.id, name=f"{base.name} projected to a poll")
    uncertainty = SeatUncertainty.from_election(
        projected,
        # each party's strongest candidate, as without a poll (the Speaker's seat's three
        # Others are three candidates, not one)
        mean_shares=contest_means(base, projected.shares()),
        error_model=get_share_error_model(errors),
        n_sims=n_sims,
        seed=seed,
        source=f"{_result_words(base)} projected to "
        + listed([*([f"the poll {poll!r}"] if poll is not None else []), *sub_polls])
        + f" ({projection.model})",
        projection=projection,
    )
    return uncertainty, tuple(notes)


def _result_words(election: Election) -> str:
    """The result a source phrase names, by the election's name as people name it: "the
    Canadian federal election 2021 (44th) result", not "the canada-2021 result"; a user's
    "the results in towns.csv"; a name that says it is a result once ("the UK general
    election 2019, notional result on the 2024 boundaries")."""
    if election.from_file is not None:
        return f"the results in {election.source_name}"
    if "result" in election.name.lower():
        return f"the {election.name}"
    return f"the {election.name} result"


def _result_uncertainty(election: Election, n_sims: int, seed: int, errors: str) -> SeatUncertainty:
    """Draws around a result taken as the expected one (a bundled election other than
    ``next`` and the pre-election ids, or a user's own), with the long-range errors of the
    family ``errors`` names."""
    long_range = get_share_error_model(errors, long_range=True)
    return SeatUncertainty.from_election(
        election,
        error_model=long_range,
        n_sims=n_sims,
        seed=seed,
        source=f"{_result_words(election)} with {long_range.name} errors",
    )


@lru_cache(maxsize=8)
def _uncertainty(
    election: str, method: str | None, n_sims: int, seed: int, errors: str
) -> SeatUncertainty:
    if method is not None and (
        election == NEXT or resolve_election_id(election) not in PRE_ELECTION_IDS
    ):
        raise PsephosError(
            f"--method {method} applies only to pre-election advice "
            f"({', '.join(PRE_ELECTION_IDS)}); {election!r} uses the result itself."
        )
    if election.strip().lower() == NEXT:
        base = load(LATEST_RESULT)
        long_range = get_share_error_model(errors, long_range=True)
        return SeatUncertainty.from_election(
            base,
            error_model=long_range,
            n_sims=n_sims,
            seed=seed,
            # "with long-range errors" (Normal), "with long-range student-t errors"
            source=(
                f"a projection to the next election from the {LATEST_RESULT} result, "
                f"with {long_range.name} errors"
            ),
        )
    key = resolve_election_id(election)
    if key in PRE_ELECTION_IDS:
        return SeatUncertainty.from_election(
            advice_election(key),
            mean_shares=pre_election_shares(key, method=method),
            error_model=get_share_error_model(errors),
            n_sims=n_sims,
            seed=seed,
            source=describe(key, method),
        )
    return _result_uncertainty(load(key), n_sims, seed, errors)


def advise_seat(
    seat: str,
    prefer: str | Sequence[str],
    against: str | Sequence[str] | None = None,
    never: str | Sequence[str] | None = None,
    *,
    election: AdviceElection = NEXT,
    method: str | None = None,
    majority: str = "working",
    n_sims: int = 2000,
    seed: int = 2024,
    errors: str = "normal",
    poll: str | None = None,
    model: str | None = None,
    areas: AreaShares | None = None,
) -> dict[str, Any]:
    """Advice for one voter as a JSON-ready dict (see :class:`~psephos.tactical.advice.Advice`):
    after a ``poll`` or ``areas`` (area shares: :func:`uncertainty_for`), with the
    projection's ``projection`` block (model, target shares, seats).

    ``/api/advice`` answers this dict with ``notes`` added (what the poll's shares were read
    as, "The Great Britain shares sum to 87.0% ..."; here they are
    :class:`~psephos.errors.ShareWarning` warnings); ``psephos advise --format json`` prints it
    with those ``notes`` and its ``options`` under ``rows``.

    Example::

        advise_seat("Hampstead and Kilburn", "Green,Lab,LD", against="Con")["headline"]

    Raises:
        UnknownConstituencyError, UnknownPartyError, PreferenceError,
        UnknownElectionError: one-line messages (an election given
        as an :class:`~psephos.model.Election`, not its id, included).
    """
    payload = advise_voter(
        seat,
        prefer,
        against,
        never,
        election=election,
        method=method,
        majority=majority,
        n_sims=n_sims,
        seed=seed,
        errors=errors,
        poll=poll,
        model=model,
        areas=areas,
    ).to_dict()
    if poll is not None or areas:
        used = uncertainty_for(
            election, n_sims=n_sims, seed=seed, errors=errors, poll=poll, model=model, areas=areas
        )
        payload["projection"] = used.projection.summary()
    return payload


def read_preferences(
    prefer: str | Sequence[str],
    against: str | Sequence[str] | None = None,
    never: str | Sequence[str] | None = None,
    *,
    election: AdviceElection = NEXT,
) -> Preferences:
    """A voter's party lists as advice on ``election`` reads them (cheap: no simulation), the
    one reading of ``psephos advise`` and the web's advice question: names read as typed by
    the country's parties (a results file of its own country's by its own parties too), with
    :meth:`~psephos.tactical.advice.Preferences.parse`'s refusals (a party named twice, or
    both preferred and against)."""
    own = own_election(election)
    if own is None:
        parties = for_election_id(advice_base(election))[0].party_codes
    else:  # a file of its own country's parties has no vocabulary but its own
        parties = tuple(dict.fromkeys([*jurisdiction_of(own).party_codes, *own.parties]))
    return Preferences.parse(prefer, against, never, parties=parties)


def advise_voter(
    seat: str,
    prefer: str | Sequence[str],
    against: str | Sequence[str] | None = None,
    never: str | Sequence[str] | None = None,
    *,
    election: AdviceElection = NEXT,
    method: str | None = None,
    majority: str = "working",
    n_sims: int = 2000,
    seed: int = 2024,
    errors: str = "normal",
    poll: str | None = None,
    model: str | None = None,
    areas: AreaShares | None = None,
) -> Advice:
    """Like :func:`advise_seat` but returns the :class:`Advice` object."""
    preferences = read_preferences(prefer, against, never, election=election)
    uncertainty = uncertainty_for(
        election,
        method=method,
        n_sims=n_sims,
        seed=seed,
        errors=errors,
        poll=poll,
        model=model,
        areas=areas,
    )
    return advise(
        uncertainty,
        seat,
        preferences,
        rule=MajorityRule.for_jurisdiction(jurisdiction_of(uncertainty.election), kind=majority),
    )


def against_label(parties: Sequence[str], election: Election) -> str:
    """The parties a bloc sets out to defeat as ``psephos tactical``'s title and the tactical
    map's page name them: each by the election's label, as the picks and the map's legend
    name parties (:meth:`~psephos.model.Election.label`: "UKIP" in 2015, a results file's
    own names), listed as a sentence lists them (:func:`psephos.numbers.listed`):
    ``"Con, Reform UK and SNP"``."""
    return listed([election.label(party) for party in parties])


def bloc_advice(
    against: str | Sequence[str],
    bloc: str | Sequence[str] | None = None,
    *,
    election: AdviceElection = NEXT,
    method: str | None = None,
    n_sims: int = 2000,
    seed: int = 2024,
    errors: str = "normal",
    build: str | None = None,
    poll: str | None = None,
    model: str | None = None,
    areas: AreaShares | None = None,
) -> dict[str, Any]:
    """A bloc's recommended vote in every seat as a JSON-ready dict, with the parties to
    defeat as read (``against``: codes, "reform uk" is ``["Reform"]``) and as a sentence
    names them (``against_label``: :func:`against_label`).

    ``build``: a bloc party to back in long-shot seats (see :func:`bloc_recommendations`).
    """
    uncertainty = uncertainty_for(
        election,
        method=method,
        n_sims=n_sims,
        seed=seed,
        errors=errors,
        poll=poll,
        model=model,
        areas=areas,
    )
    rows = [r.to_dict() for r in bloc_recommendations(uncertainty, against, bloc, build=build)]
    statuses = {
        s: sum(r["status"] == s for r in rows) for s in ("target", "not needed", "long shot")
    }
    codes = list(parse_parties(against, uncertainty.election.parties))
    picks: dict[str, int] = {}
    for row in rows:
        if row["status"] == "target":
            picks[row["pick"]] = picks.get(row["pick"], 0) + 1
    return {
        "election": uncertainty.election.id,
        "source": uncertainty.source,
        "n_sims": uncertainty.n_sims,
        "against": codes,
        "against_label": against_label(codes, uncertainty.election),
        "statuses": statuses,
        "target_picks": dict(sorted(picks.items(), key=lambda kv: -kv[1])),
        "mean_p_against_wins": float(np.mean([r["p_against_wins"] for r in rows])),
        "rows": rows,
    }
