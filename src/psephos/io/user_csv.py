"""Read a user's own results from a CSV file in the documented long format.

One row per candidate (or per party) per seat::

    seat_code,seat_name,party,votes[,candidate][,electorate][,nation][,region]
    E14000727,Hampstead and Kilburn,Lab,34464,Tulip Siddiq
    E14000727,Hampstead and Kilburn,Con,18904,Claire-Louise Leyland

``party`` is any name or alias in the psephos vocabulary (``Labour``, ``Lab``, ``Lib Dem``...).
Parties outside it are an error by default, or are counted as ``Other`` with
``unknown_parties="other"`` (the name is kept on the candidate). Every problem is reported as
one :class:`~psephos.errors.DataFormatError` naming the file, the row and the value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from psephos.errors import DataFormatError, UnknownPartyError
from psephos.model import PARTY_CODES, Candidate, Constituency, Election, get_party

REQUIRED_COLUMNS = ("seat_code", "seat_name", "party", "votes")
OPTIONAL_COLUMNS = ("candidate", "electorate", "nation", "region")


def read_results_csv(
    path: str | Path,
    *,
    election_id: str | None = None,
    unknown_parties: Literal["error", "other"] = "error",
) -> Election:
    """Read a long-format results CSV into an :class:`~psephos.model.Election`.

    Raises:
        DataFormatError: missing file or column, non-numeric or negative votes, a seat code with
            two names (or a name with two codes), a party listed twice in a seat without
            candidate names, or an empty file.
        UnknownPartyError: a party outside the vocabulary when ``unknown_parties="error"``.
    """
    path = Path(path)
    if not path.is_file():
        raise DataFormatError(f"{path}: no such file")
    try:
        frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig", skipinitialspace=True)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise DataFormatError(f"{path}: not a readable CSV file ({error})") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise DataFormatError(
            f"{path}: missing column(s) {', '.join(missing)}; "
            f"required: {', '.join(REQUIRED_COLUMNS)}"
        )
    if frame.empty:
        raise DataFormatError(f"{path}: no result rows")
    frame = frame.fillna({"seat_code": "", "seat_name": "", "party": ""})
    for column in ("seat_code", "seat_name", "party"):
        frame[column] = frame[column].str.strip()
        blank = frame.index[frame[column] == ""]
        if len(blank):
            raise DataFormatError(f"{path}: row {blank[0] + 2}: empty {column}")
    votes = pd.to_numeric(frame["votes"].str.replace(",", "", regex=False), errors="coerce")
    bad = frame.index[votes.isna() | (votes != votes.round())]
    if len(bad):
        raise DataFormatError(
            f"{path}: row {bad[0] + 2}: votes {frame.at[bad[0], 'votes']!r} is not a whole number"
        )
    negative = frame.index[votes < 0]
    if len(negative):
        raise DataFormatError(
            f"{path}: row {negative[0] + 2}: negative votes ({int(votes[negative[0]])})"
        )
    frame["votes"] = votes.astype("int64")
    _check_seat_keys(frame, path)
    codes = []
    for row_number, name in zip(frame.index, frame["party"], strict=True):
        try:
            codes.append(get_party(name).code)
        except UnknownPartyError as error:
            if unknown_parties == "other":
                codes.append("Other")
            else:
                raise UnknownPartyError(f"{path}: row {row_number + 2}: {error}") from None
    frame["code"] = codes
    has_candidates = "candidate" in frame.columns
    if not has_candidates:
        duplicated = frame.duplicated(subset=["seat_code", "party"], keep=False)
        if duplicated.any():
            first = frame.index[duplicated][0]
            raise DataFormatError(
                f"{path}: row {first + 2}: duplicate seat row: {frame.at[first, 'party']!r} "
                f"appears twice in {frame.at[first, 'seat_name']!r} (add a candidate column "
                "if they are different candidates)"
            )
    return _to_election(frame, path, election_id or path.stem, has_candidates)


def _check_seat_keys(frame: pd.DataFrame, path: Path) -> None:
    names_per_code = frame.groupby("seat_code")["seat_name"].nunique()
    if (names_per_code > 1).any():
        code = names_per_code.index[names_per_code > 1][0]
        names = sorted(frame.loc[frame["seat_code"] == code, "seat_name"].unique())
        raise DataFormatError(
            f"{path}: duplicate seat: code {code!r} is used for {len(names)} seats ({names})"
        )
    codes_per_name = frame.groupby("seat_name")["seat_code"].nunique()
    if (codes_per_name > 1).any():
        name = codes_per_name.index[codes_per_name > 1][0]
        raise DataFormatError(f"{path}: duplicate seat: {name!r} appears with more than one code")


def _to_election(
    frame: pd.DataFrame, path: Path, election_id: str, has_candidates: bool
) -> Election:
    seat_codes = sorted(frame["seat_code"].unique())
    position = {code: i for i, code in enumerate(seat_codes)}
    party_position = {code: j for j, code in enumerate(PARTY_CODES)}
    votes = np.zeros((len(seat_codes), len(PARTY_CODES)))
    np.add.at(
        votes,
        (frame["seat_code"].map(position).to_numpy(), frame["code"].map(party_position).to_numpy()),
        frame["votes"].to_numpy(dtype=np.float64),
    )
    first_rows = frame.groupby("seat_code", sort=True).first()
    constituencies = []
    for code, row in first_rows.iterrows():
        electorate = row.get("electorate")
        try:
            electorate_value = (
                int(float(str(electorate).replace(",", "")))
                if (isinstance(electorate, str) and electorate.strip())
                else 0
            )
        except ValueError:
            raise DataFormatError(
                f"{path}: seat {code!r}: electorate {electorate!r} is not a number"
            ) from None
        nation = row.get("nation") if isinstance(row.get("nation"), str) else _nation(str(code))
        region = row.get("region") if isinstance(row.get("region"), str) else nation
        constituencies.append(
            Constituency(
                code=str(code),
                name=str(row["seat_name"]),
                nation=str(nation),
                region=str(region),
                electorate=electorate_value,
                boundary_set="user",
            )
        )
    candidates: list[list[Candidate]] = [[] for _ in seat_codes]
    names = frame["candidate"].fillna("") if has_candidates else pd.Series("", index=frame.index)
    for seat_code, party_name, code, count, name in zip(
        frame["seat_code"], frame["party"], frame["code"], frame["votes"], names, strict=True
    ):
        candidates[position[seat_code]].append(
            Candidate(name=str(name), party=code, party_name=party_name, votes=int(count))
        )
    return Election.from_votes(
        election_id,
        constituencies,
        PARTY_CODES,
        votes,
        name=f"Results from {path.name}",
        candidates=[tuple(c) for c in candidates],
        meta={"source": str(path)},
    )


def _nation(code: str) -> str:
    return {"E": "England", "S": "Scotland", "W": "Wales", "N": "Northern Ireland"}.get(
        code[:1].upper(), "Unknown"
    )
