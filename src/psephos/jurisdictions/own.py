"""A country psephos bundles nothing of: a user's results file whose parties no country knows.

A file of first-past-the-post results whose parties are none of the UK's or Canada's (an
Indian file's ``BJP``, ``INC``) is read as an election of its own country
(:func:`psephos.io.user_csv.parse_results_csv`): each party kept under its name as the file
writes it, its columns the file's parties, largest first (:attr:`Jurisdiction.party_codes`
is empty: every file gives its own). Its rules are the plain ones of any FPTP chamber:

* Majority: half the seats plus one (nominal), with no Speaker set aside, no Deputy Speakers
  and no abstentionist party: psephos knows none of the chamber's conventions, nor its words:
  its members are "members" (not the UK's "MPs"), a House where no party has a majority "a
  House with no majority" (not a "hung parliament"), a seat a "seat".
* Areas: one area, every seat swung together, unless the file gives a ``nation`` or
  ``region`` column; no nation-only parties, no parties apart.
* No bundled data: no elections, tables, transfers or left-right order, so every capability
  (:data:`psephos.jurisdictions.CAPABILITIES`: the exit poll, postcodes, the hex map...) is
  refused for it by :func:`psephos.jurisdictions.require`.
* Transfers (AV and STV's next preferences, a pact's stand-downs): psephos knows nothing of
  the voters' second choices, so each party's voters go to the other parties in proportion to
  their national first-preference shares, nobody plumping (:func:`share_transfers`), unless
  the user gives their own.
* No deposit or reimbursement rule is known: the money-back line is 0%.
"""

from __future__ import annotations

from psephos.errors import UnknownElectionError
from psephos.jurisdictions.base import (
    Jurisdiction,
    MoneyBackRule,
    ParliamentRules,
    TransferDefaults,
)
from psephos.model import OWN_AREA, Election

#: What :func:`share_transfers` assumes, as a note says it (after "AV and STV" or "a pact").
SHARE_TRANSFERS_RULE = (
    "psephos knows nothing of this country's second preferences, so each party's voters "
    "transfer to the other parties in proportion to their national first-preference shares "
    "(nobody plumps)"
)


def share_transfers(election: Election) -> TransferDefaults:
    """The transfers of an election of its own country (:data:`OWN`), where nothing is known
    of its voters' second choices: every voter of party ``p`` goes on to the other parties
    ``q`` in proportion to their national shares of the vote ``s_q``,

        rows[p][q] = 100 * s_q / (1 - s_p)    (percent of ``p``'s voters; nobody plumps),

    read as next-preference weights by AV and STV
    (:func:`psephos.systems.preferences.election_transfers`: among the parties still standing,
    in proportion to their shares) and as the share of a party's voters who vote for each other
    party when it stands aside by a pact (:meth:`psephos.pacts.TransferMatrix.for_election`).
    A neutral assumption, no estimate: give real second preferences where there are any."""
    shares = election.vote_shares()
    rows: dict[str, dict[str, float]] = {}
    for source in election.parties:
        others = {target: share for target, share in shares.items() if target != source}
        total = sum(others.values())  # 1 - s_p, summed so one other party gets exactly 100
        if total > 0:
            rows[source] = {
                target: min(100 * share / total, 100.0)
                for target, share in others.items()
                if share > 0
            }
    return TransferDefaults(
        rows=rows,
        plump=dict.fromkeys(election.parties, 0.0),
        source="national first-preference shares",
    )


def _no_bundled_election(election_id: str) -> Election:
    raise UnknownElectionError(
        f"psephos bundles no election of the country of a results file ({election_id!r})."
    )


OWN = Jurisdiction(
    code="own",
    name=OWN_AREA,
    elections=(),
    load_election=_no_bundled_election,
    parties=(),
    party_codes=(),  # each file's own parties, largest first
    labels={},
    groupings={},
    main_area=(),
    money_back=MoneyBackRule(0.0, "have no deposit rule", "no deposit line"),
    parliament=ParliamentRules(
        abstentionist_parties=(),
        deputies_government_side=0,
        deputies_opposition_side=0,
        members="members",
    ),
    seat_code_pattern=r".{1,40}",
    no_majority="House with no majority",  # no country's own word (a UK "hung parliament")
    seat_word="seat",
)
