"""Build psephos's bundled final-week GB poll averages from the raw poll files in ../shared/data.

Run from the repository root::

    python scripts/build_polls.py [--shared ../shared/data]

Writes ``src/psephos/data/final_polls.npz``: for each general election (2015, 2017, 2019,
2024) the unweighted mean of every GB voting-intention poll whose fieldwork ended in the seven
days before polling day (the eve-of-poll average a user had), one row per party, shares as
fractions. Raw files are never copied; provenance and licences are in
``src/psephos/data/PROVENANCE-polls.md``.

2015 and 2024 (and the poll history below) are averaged by the poll-table rule a user's
``--poll FILE`` gets (:func:`psephos.projection.polls.average_polls`, anchored on polling day);
2017 and 2019 cannot be, without changing their numbers, as their source dates a poll by the
start of its fieldwork.

Sources and quirks:

* 2015: the PollBase workbook (``PollBase-Q4-2020.xlsx``), sheet ``10-15``: Con, Lab, LD,
  UKIP (the ``Reform`` lineage) and Green, fieldwork end dates read from each row's start date
  and ``Fieldwork`` text (:func:`_pollbase_2015`); the tidy britpol table, read before, carries
  only Con, Lab and LD;
* 2017 and 2019: the PollBase voting-intention extract
  (``pollbase-voting-intention-2015-2020.csv``) carries Con, Lab, LD, UKIP, Green and the
  Brexit Party but only the fieldwork *start* date; a poll counts when its fieldwork started in
  the eight days before polling day (one to two days of fieldwork). UKIP (2017) and the Brexit
  Party (2019) are the ``Reform`` lineage;
* 2024: every campaign poll (``ge2024-campaign-polls-all-unnamed.csv``), with Con, Lab, LD,
  SNP, Green and Reform.

Parties a source does not give (SNP and Plaid Cymru before 2024) are left out:
a projection fills them from the base election's shares (the ``fill`` share policy).

Also writes ``src/psephos/data/poll_history.npz``: for every general election since 1945 with at
least one GB poll in its final week (1950-2024), the final-week mean of the Conservative, Labour
and Liberal (Alliance 1983-87, Liberal Democrat from 1992) shares beside the party's GB result,
the record
:mod:`psephos.projection.polls` learns the polls' systematic error from. Polls: the britpol tidy
PollBase table (fieldwork ``end`` in the seven days before polling day, the rule above). Results
and polling days: the House of Commons Library's *UK Election Statistics 1918-2017* (CBP-7529,
``uk/facts/HoC-CBP-7529-UK-election-statistics-1918-2017.xlsx``): GB shares from sheet
"1 GE-GB" (table 1d, share of the vote), polling days from sheet "Governments formed GE". That
sheet also dates governments formed without an election (24 July 2019); in a year with a
polling day in :data:`ELECTION_DAYS` that day is used. 2024 (after CBP-7529): the final-week
polls above and the GB shares of ``HoC-GE2024-results-by-constituency.csv``.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "psephos" / "data"
sys.path.insert(0, str(ROOT / "src"))

from psephos.errors import DataFormatError  # noqa: E402
from psephos.io.polls import PollTable  # noqa: E402
from psephos.io.tables import write_table  # noqa: E402  (after the sys.path line above)
from psephos.projection.polls import (  # noqa: E402
    WINDOW_DAYS,
    PollAverage,
    average_polls,
    parse_poll_table,
    read_poll_average,
    read_poll_table,
)

#: Polling days of the general elections with bundled polls.
ELECTION_DAYS: dict[str, str] = {
    "2015": "2015-05-07",
    "2017": "2017-06-08",
    "2019": "2019-12-12",
    "2024": "2024-07-04",
}
BRITPOL = "uk/polls/britpol-pollbase-polls-1943-2021.csv"
POLLBASE = "uk/polls/PollBase-Q4-2020.xlsx"
#: The PollBase workbook's sheet of the 2010-15 Parliament and its columns for the 2015 final
#: week (the header row names them; the table below reads them by position, as the sheet's
#: second header cells are blank).
POLLBASE_2015_SHEET = "10-15"
POLLBASE_2015_COLUMNS: dict[str, int] = {"Con": 7, "Lab": 9, "LD": 11, "UKIP": 17, "Green": 18}


def _window(day: str, days: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    end = pd.Timestamp(day) - pd.Timedelta(days=1)
    return end - pd.Timedelta(days=days - 1), end


def _britpol(shared: Path) -> PollTable:
    """The britpol tidy PollBase table as a poll table: fieldwork ``end`` dates, Con, Lab and
    the Liberals (``lib``, read as LD), shares as fractions."""
    return read_poll_table(shared / BRITPOL)


def _fieldwork_end(start: pd.Timestamp, fieldwork: object) -> pd.Timestamp | None:
    """A PollBase row's last day of fieldwork: the last number of its ``Fieldwork`` text
    ("30-1", "5-6", "6"), in the start date's month, or the next month where the day is
    before the start's ("30-1" starting 30 April ends 1 May)."""
    digits = "".join(c if c.isdigit() else " " for c in str(fieldwork)).split()
    if pd.isna(start) or not digits:
        return None
    day = int(digits[-1])
    end = start.replace(day=1) + pd.offsets.MonthBegin(1) if day < start.day else start
    return end.replace(day=day)


def _pollbase_2015(shared: Path) -> PollTable:
    """The 2015 polls of the PollBase workbook (sheet ``10-15``) as a poll table: fieldwork
    end dates, pollster, Con, Lab, LD, UKIP and Green, read by the poll-table rule a user's
    ``--poll FILE`` gets (the tidy britpol table carries only Con, Lab and LD). Rows without a
    share (leader ratings, the exit poll, the result) are left out."""
    with warnings.catch_warnings():  # openpyxl on the workbook's header and footer
        warnings.simplefilter("ignore", UserWarning)
        sheet = pd.read_excel(shared / POLLBASE, sheet_name=POLLBASE_2015_SHEET, header=None)
    lines = ["date,pollster," + ",".join(POLLBASE_2015_COLUMNS)]
    for _, row in sheet.iloc[1:].iterrows():
        start = pd.to_datetime(row.iloc[3], errors="coerce")
        end = _fieldwork_end(start, row.iloc[2])
        shares = [
            pd.to_numeric(row.iloc[i], errors="coerce") for i in POLLBASE_2015_COLUMNS.values()
        ]
        if end is None or pd.isna(shares[0]) or str(row.iloc[5]).strip() in ("Result", "Exit poll"):
            continue
        cells = ["" if pd.isna(share) else f"{float(share):g}" for share in shares]
        lines.append(
            f"{end.date()},{str(row.iloc[5]).strip().replace(',', ' ')}," + ",".join(cells)
        )
    return parse_poll_table(
        "\n".join(lines), name=f"PollBase sheet {POLLBASE_2015_SHEET}", election_id="2015"
    )


def _pollbase(shared: Path, election: str) -> pd.DataFrame:
    frame = pd.read_csv(shared / "uk/polls/pollbase-voting-intention-2015-2020.csv")
    frame["fieldwork_start"] = pd.to_datetime(frame["fieldwork_start"], errors="coerce")
    start, end = _window(ELECTION_DAYS[election], WINDOW_DAYS + 1)
    rows = frame[(frame["fieldwork_start"] >= start) & (frame["fieldwork_start"] <= end)]
    rows = rows[rows["area"].fillna("GB").str.upper().isin(["GB", ""]) | rows["area"].isna()]
    reform = rows["ukip"] if election == "2017" else rows["bxp"]
    polls = pd.DataFrame(
        {
            "Con": pd.to_numeric(rows["con"], errors="coerce"),
            "Lab": pd.to_numeric(rows["lab"], errors="coerce"),
            "LD": pd.to_numeric(rows["ld"], errors="coerce"),
            "Green": pd.to_numeric(rows["green"], errors="coerce"),
            "Reform": pd.to_numeric(reform, errors="coerce"),
        }
    )
    polls["date"] = rows["fieldwork_start"].dt.date.astype(str)
    return polls


def _campaign_2024(shared: Path) -> PollAverage:
    """The 2024 final-week average: the poll-table rule users get with ``--poll FILE``
    (:func:`psephos.projection.polls.read_poll_average`), anchored on polling day. The file's
    ``row_type`` column is read as no party; its GB result row, dated polling day, falls
    outside the window."""
    return read_poll_average(
        shared / "uk/polls/ge2024-campaign-polls-all-unnamed.csv",
        days=WINDOW_DAYS,
        until=ELECTION_DAYS["2024"],
    )


def _average_rows(election: str, average: PollAverage) -> list[dict[str, object]]:
    """A poll table's average as rows of ``final_polls`` (shares as fractions)."""
    return [
        {
            "election": election,
            "party": party,
            "share": round(share / 100.0, 5),
            "n_polls": average.reported[party],
            "first_poll": str(average.first),
            "last_poll": str(average.last),
        }
        for party, share in average.shares.items()
    ]


def final_week_polls(shared: Path) -> pd.DataFrame:
    """One row per election and party: mean share (fraction), polls averaged, window."""
    sources = {
        "2017": _pollbase(shared, "2017"),
        "2019": _pollbase(shared, "2019"),
    }
    out = _average_rows("2015", average_polls(_pollbase_2015(shared), until=ELECTION_DAYS["2015"]))
    for election, polls in sources.items():
        if polls.empty:
            raise SystemExit(f"no final-week polls found for {election}")
        parties = [c for c in polls.columns if c != "date"]
        for party in parties:
            values = polls[party].dropna()
            out.append(
                {
                    "election": election,
                    "party": party,
                    "share": round(float(values.mean()) / 100.0, 5),
                    "n_polls": len(values),
                    "first_poll": min(polls["date"]),
                    "last_poll": max(polls["date"]),
                }
            )
    out.extend(_average_rows("2024", _campaign_2024(shared)))
    return pd.DataFrame(out)


#: Parties of the poll history (the parties PollBase carries back to 1945) and their columns in
#: the britpol table and in CBP-7529's table 1d.
HISTORY_PARTIES: dict[str, tuple[str, str]] = {
    "Con": ("con", "CON2"),
    "Lab": ("lab", "LAB"),
    "LD": ("lib", "LD3"),
}
CBP_7529 = "uk/facts/HoC-CBP-7529-UK-election-statistics-1918-2017.xlsx"


def _cbp_sheet(shared: Path, name: str) -> pd.DataFrame:
    with warnings.catch_warnings():  # openpyxl on the workbook's formatting extensions
        warnings.simplefilter("ignore", UserWarning)
        return pd.read_excel(shared / CBP_7529, sheet_name=name, header=None)


def _cbp_polling_days(shared: Path) -> dict[str, pd.Timestamp]:
    """Election id (``1950``, ``1974F``, ``1974O``, ...) -> polling day, from CBP-7529."""
    sheet = _cbp_sheet(shared, "Governments formed GE")
    days = [pd.Timestamp(v) for v in sheet.iloc[:, 1] if isinstance(v, datetime.datetime)]
    by_year: dict[int, list[pd.Timestamp]] = {}
    for day in days:
        by_year.setdefault(day.year, []).append(day)
    out: dict[str, pd.Timestamp] = {}
    for year, dates in sorted(by_year.items()):
        if str(year) in ELECTION_DAYS:
            out[str(year)] = pd.Timestamp(ELECTION_DAYS[str(year)])
        elif len(dates) == 2 and year == 1974:
            out["1974F"], out["1974O"] = sorted(dates)
        elif len(dates) == 1:
            out[str(year)] = dates[0]
        else:
            raise SystemExit(f"CBP-7529 lists {len(dates)} governments formed in {year}")
    return out


def _cbp_gb_shares(shared: Path) -> pd.DataFrame:
    """GB share of the vote per election (CBP-7529 table 1d): one row per election id."""
    sheet = _cbp_sheet(shared, "1 GE-GB")
    start = sheet.index[sheet.iloc[:, 2].astype(str).str.startswith("Share of vote")][0]
    header = sheet.iloc[start + 1]
    rows = sheet.iloc[start + 2 :]
    rows = rows[pd.to_numeric(rows.iloc[:, 0], errors="coerce").notna()]
    month = rows.iloc[:, 1].map({"Feb": "F", "Oct": "O"}).fillna("")
    ids = rows.iloc[:, 0].astype(int).astype(str) + month
    columns: dict[str, int] = {}
    for position, name in enumerate(header):  # the first (left-hand) table's columns
        if isinstance(name, str):
            columns.setdefault(name.strip(), position)
    return pd.DataFrame(
        {
            party: pd.to_numeric(rows.iloc[:, columns[cbp]]).to_numpy(dtype=float)
            for party, (_, cbp) in HISTORY_PARTIES.items()
        },
        index=ids.to_numpy(),
    )


def _gb_2024(shared: Path) -> dict[str, float]:
    """GB share of the vote of 2024 (CBP-7529 ends at 2019): the HoC constituency file's GB
    rows (Northern Ireland left out), Con, Lab and LD over valid votes."""
    frame = pd.read_csv(shared / "uk/results/HoC-GE2024-results-by-constituency.csv")
    gb = frame[frame["Country name"] != "Northern Ireland"]
    valid = float(gb["Valid votes"].sum())
    return {party: float(gb[party].sum()) / valid for party in HISTORY_PARTIES}


def poll_history(shared: Path) -> pd.DataFrame:
    """One row per election since 1945 with a final-week poll and party: the final-week mean
    (fieldwork ended in the seven days before polling day) and the GB result. 1950-2019: polls
    from britpol, results from CBP-7529; 2024: the bundled 2024 final-week polls (the campaign
    file) and the GB shares of the HoC 2024 constituency file."""
    polls = _britpol(shared)
    results = _cbp_gb_shares(shared)
    out = []
    for election, day in _cbp_polling_days(shared).items():
        if day.year < 1945 or election not in results.index:
            continue
        try:
            average = average_polls(polls, until=day.date())
        except DataFormatError:
            continue  # 1945: no poll in the final week
        for party in HISTORY_PARTIES:
            out.append(
                {
                    "election": election,
                    "date": str(day.date()),
                    "party": party,
                    "poll": round(average.shares[party] / 100.0, 5),
                    "n_polls": average.reported[party],
                    "result": round(float(results.loc[election, party]), 5),
                }
            )
    campaign = _campaign_2024(shared)
    result_2024 = _gb_2024(shared)
    for party in HISTORY_PARTIES:
        out.append(
            {
                "election": "2024",
                "date": ELECTION_DAYS["2024"],
                "party": party,
                "poll": round(campaign.shares[party] / 100.0, 5),
                "n_polls": campaign.reported[party],
                "result": round(result_2024[party], 5),
            }
        )
    return pd.DataFrame(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    frame = final_week_polls(args.shared)
    write_table(frame, args.out / "final_polls.npz")
    print(frame.to_string(index=False))
    history = poll_history(args.shared)
    write_table(history, args.out / "poll_history.npz")
    print(history.to_string(index=False))


if __name__ == "__main__":
    main()
