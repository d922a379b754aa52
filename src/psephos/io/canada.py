"""Load the bundled Canadian federal elections (built by ``scripts/build_canada.py``).

Canada elects its House of Commons by first past the post in 338 ridings (2013 Representation
Order, used in 2015, 2019 and 2021), so every psephos feature that does not depend on UK rules
works on these elections. Mapping onto the model:

* ``Constituency.code`` is the Elections Canada riding number (``"35054"``), the key of both
  source tables; ``name`` the English name; ``nation`` is ``"Canada"``; ``region`` the province
  or territory; ``boundary_set`` ``"2013"``.
* Parties use :data:`psephos.model.CANADA_PARTY_CODES` (LPC, CPC, BQ, NDP, GPC, PPC, Ind,
  Other); "No Affiliation" candidates count as ``Ind``; every other party is ``Other`` with its
  label kept on the candidate.

Source: Elections Canada, official voting results, tables 11 and 12 (Open Government Licence -
Canada); see ``data/PROVENANCE-canada.md``.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from psephos.errors import UnknownElectionError, did_you_mean
from psephos.io.tables import columns, select, votes_and_candidates
from psephos.model import CANADA_PARTY_CODES, Constituency, Election

#: Bundled Canadian elections: id -> (title, polling day).
CANADA_ELECTIONS: dict[str, tuple[str, str]] = {
    "canada-2019": ("Canadian federal election 2019 (43rd)", "2019-10-21"),
    "canada-2021": ("Canadian federal election 2021 (44th)", "2021-09-20"),
}

#: Previous election on the same ridings.
CANADA_PREVIOUS: dict[str, str] = {"canada-2021": "canada-2019"}

#: Other spellings of the bundled Canadian election ids.
CANADA_ALIASES: dict[str, str] = {
    "ca2019": "canada-2019",
    "ca-2019": "canada-2019",
    "ca2021": "canada-2021",
    "ca-2021": "canada-2021",
    "canada2019": "canada-2019",
    "canada2021": "canada-2021",
}


def load_canada(election_id: str) -> Election:
    """Load a bundled Canadian federal election: ``"canada-2019"`` or ``"canada-2021"``.

    Returns:
        An :class:`~psephos.model.Election` with ridings sorted by number and one column per
        party in :data:`~psephos.model.CANADA_PARTY_CODES`. Winners come from the candidates
        (two independents in one riding are not merged). Loaded once and cached.

    Raises:
        UnknownElectionError: naming the bundled Canadian elections.
    """
    return _load(resolve_canada_id(election_id))


def resolve_canada_id(election_id: str) -> str:
    """Canonical id (``"canada-2019"``, ``"canada-2021"``) for a spelling of a bundled
    Canadian election.

    Raises:
        UnknownElectionError: naming the bundled Canadian elections.
    """
    key = str(election_id).strip().lower()
    key = CANADA_ALIASES.get(key, key)
    if key not in CANADA_ELECTIONS:
        raise UnknownElectionError(
            f"Unknown Canadian election {election_id!r}; bundled: "
            f"{', '.join(CANADA_ELECTIONS)}."
            + did_you_mean(str(election_id), list(CANADA_ELECTIONS))
        )
    return key


def riding_area(code: str) -> tuple[str, str]:
    """Nation (``"Canada"``) and province or territory of an Elections Canada riding number:
    its first two digits are the province's (``35054``: Ontario), read from the bundled ridings;
    ``"Canada"`` when the prefix is none of them."""
    return "Canada", _provinces().get(code.strip()[:2], "Canada")


@cache
def _provinces() -> dict[str, str]:
    ridings = columns("canada_ridings")
    return dict(
        zip(
            (code[:2] for code in ridings["code"].tolist()),
            ridings["province"].tolist(),
            strict=True,
        )
    )


@cache
def _load(key: str) -> Election:
    all_ridings = columns("canada_ridings")
    ridings = select(all_ridings, all_ridings["election"] == key)
    order = np.argsort(ridings["code"].astype(int), kind="stable")
    ridings = {name: values[order] for name, values in ridings.items()}
    candidates = columns("canada_candidates")
    candidates = select(candidates, candidates["election"] == key)
    constituencies = tuple(
        Constituency(
            code=code,
            name=name,
            nation="Canada",
            region=province,
            electorate=electorate,
            boundary_set="2013",
        )
        for code, name, province, electorate in zip(
            ridings["code"].tolist(),
            ridings["name"].tolist(),
            ridings["province"].tolist(),
            ridings["electorate"].tolist(),
            strict=True,
        )
    )
    votes, per_seat = votes_and_candidates(ridings["code"], candidates, CANADA_PARTY_CODES)
    title, date = CANADA_ELECTIONS[key]
    return Election.from_votes(
        key,
        constituencies,
        CANADA_PARTY_CODES,
        votes,
        name=title,
        invalid_votes=ridings["invalid_votes"].astype(np.float64),
        candidates=per_seat,
        meta={
            "date": date,
            "boundary_set": "2013",
            "previous": CANADA_PREVIOUS.get(key),
            "country": "Canada",
            "jurisdiction": "canada",
            "source": "bundled",
        },
    )
