"""A country psephos bundles nothing of: a user's results file whose parties no country knows.

A file of first-past-the-post results whose parties are none of the UK's or Canada's (an
Indian file's ``BJP``, ``INC``) is read as an election of its own country
(:func:`psephos.io.user_csv.parse_results_csv`): each party kept under its name as the file
writes it, its columns the file's parties, largest first (:attr:`Jurisdiction.party_codes`
is empty: every file gives its own). Its rules are the plain ones of any FPTP chamber:

* Majority: half the seats plus one (nominal), with no Speaker set aside, no Deputy Speakers
  and no abstentionist party: psephos knows none of the chamber's conventions.
* Areas: one area, every seat swung together, unless the file gives a ``nation`` or
  ``region`` column; no nation-only parties, no parties apart.
* No bundled data: no elections, tables, transfers or left-right order, so every capability
  (:data:`psephos.jurisdictions.CAPABILITIES`: the exit poll, postcodes, the hex map...) is
  refused for it by :func:`psephos.jurisdictions.require`.
* No deposit or reimbursement rule is known: the money-back line is 0%.
"""

from __future__ import annotations

from psephos.errors import UnknownElectionError
from psephos.jurisdictions.base import Jurisdiction, MoneyBackRule, ParliamentRules
from psephos.model import Election

#: The name of the one area of such an election (its nation and region where the file gives
#: neither), as a national poll of it is named: "National shares".
OWN_AREA = "National"


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
        abstentionist_parties=(), deputies_government_side=0, deputies_opposition_side=0
    ),
    seat_code_pattern=r".{1,40}",
)
