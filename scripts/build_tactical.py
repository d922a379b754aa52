"""Build psephos's bundled tactical-voting tables from the raw files in ../shared/data.

Run from the repository root::

    python scripts/build_tactical.py [--shared ../shared/data]

Writes ``src/psephos/data/tactical_recommendations.npz`` (one row per site, snapshot and
seat) and ``src/psephos/data/tactical_mrp_2024.npz`` (the Movement Forward average of the
2024 pre-election MRP polls, seat vote shares). Raw files are never copied; provenance and
licences are in ``src/psephos/data/PROVENANCE-tactical.md``.

Normalization (quirks listed in the raw data's MANIFEST.md):

* every site's label is mapped to a ``kind``: ``party`` (one party named), ``multiple`` ("Labour
  or SNP", GetVoting's list of every Remain party), ``free`` ("Any", "Heart", "Vote with your
  heart", "Not needed": any of the bloc's parties will do), ``unsure`` ("TBC", "Not sure",
  "ToughToCall", "Withdrawn"), ``none`` ("None": no advice, NI, the Speaker's seat) and ``avoid``
  (Sprint for PR's "NOT LABOUR");
* advice naming a candidate ("Dominic Grieve", "GEORGE GALLOWAY") is mapped to that candidate's
  party from the bundled candidate table of the same election;
* seats keyed by three-letter code (tactical.vote 2024, the MRP file) or by name (Scotland in
  Union, Sprint for PR) are joined through the mySociety UKPARL.2025 lookup; the five
  superseded Scottish 2024 codes are mapped with ``scotland-2024-code-corrections.csv``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "psephos" / "data"
sys.path.insert(0, str(ROOT / "src"))

from psephos.io.bundled import load, table  # noqa: E402  (after the sys.path line above)
from psephos.io.tables import write_table  # noqa: E402

#: site slug -> (display name, goal). Goals are defined in psephos.tactical.audit.GOALS.
SITES: dict[str, tuple[str, str]] = {
    "get-voting": ("GetVoting (Best for Britain)", "remain"),
    "peoples-vote": ("People's Vote tactical-vote.uk", "remain"),
    "remain-united": ("Remain United", "remain"),
    "tactical-vote": ("tactical.vote", "remain"),
    "tacticalvote-co-uk": ("tacticalvote.co.uk", "remain"),
    "avaaz-votesmart": ("Avaaz VoteSmart", "remain"),
    "one-uk": ("OneUK", "leave"),
    "unite-2-leave": ("Unite2Leave", "leave"),
    "getvoting-2024": ("GetVoting (Best for Britain)", "anti-con"),
    "stopthetories-2024": ("StopTheTories.vote", "anti-con"),
    "tactical.vote-2024": ("tactical.vote", "anti-con"),
    "tacticalvote.co.uk-2024": ("tacticalvote.co.uk", "anti-con"),
    "sprintforpr-2024": ("Sprint for PR", "anti-con"),
    "scotlandinunion-2024": ("Scotland in Union", "unionist"),
}

PARTY_WORDS: dict[str, str] = {
    "lab": "Lab",
    "labour": "Lab",
    "ld": "LD",
    "lib": "LD",
    "lib dem": "LD",
    "lib dems": "LD",
    "liberal democrat": "LD",
    "liberal democrats": "LD",
    "snp": "SNP",
    "scottish national party": "SNP",
    "pc": "PC",
    "plaid": "PC",
    "plaid cymru": "PC",
    "green": "Green",
    "greens": "Green",
    "sf": "SF",
    "sinn féin": "SF",
    "sinn fein": "SF",
    "alliance": "Alliance",
    "sdlp": "SDLP",
    "social democratic and labour party": "SDLP",
    "uup": "UUP",
    "dup": "DUP",
    "ind": "Ind",
    "con": "Con",
    "conservative": "Con",
    "bxp": "Reform",
    "ukip": "Other",  # UKIP after 2018 is not the Reform lineage
    "speaker": "Speaker",
    "hoc speaker": "Speaker",
}
FREE = {"any", "heart", "with your heart", "not needed"}
UNSURE = {"tbc", "tbd", "not sure", "toughtocall", "withdrawn"}
NONE = {"none", ""}


def _vote_word(text: str) -> str:
    text = text.strip().lower()
    return text[5:] if text.startswith("vote ") else text


def classify(raw: str, candidates: dict[str, str]) -> tuple[str, str, str]:
    """(kind, party, options) for one raw label; ``candidates`` maps surname -> party code."""
    text = _vote_word(raw.replace("\n", " / "))
    if text in FREE:
        return "free", "", ""
    if text in UNSURE:
        return "unsure", "", ""
    if text in NONE:
        return "none", "", ""
    if text == "not labour":
        return "avoid", "Lab", ""
    if text.startswith("tbc "):
        text = text[4:]
    if text in PARTY_WORDS:
        return "party", PARTY_WORDS[text], ""
    parts = [p.strip() for p in re.split(r" or | / |(?<=lib) (?=lab)", text) if p.strip()]
    if len(parts) > 1 and all(p in PARTY_WORDS for p in parts):
        options = list(dict.fromkeys(PARTY_WORDS[p] for p in parts))
        return "multiple", "", ",".join(options)
    bracket = re.match(r"(.+?)\s*\((\w+)\)$", text)
    if bracket and bracket.group(2) in PARTY_WORDS:
        return "party", PARTY_WORDS[bracket.group(2)], ""
    surname = text.split()[-1] if text.split() else ""
    if surname in candidates:
        return "party", candidates[surname], ""
    raise ValueError(f"unmapped tactical label {raw!r}")


def _candidates_by_seat(election_id: str) -> dict[str, dict[str, str]]:
    frame = table("candidates")
    frame = frame[frame["election"] == election_id]
    out: dict[str, dict[str, str]] = {}
    for code, name, party in zip(frame["code"], frame["candidate"], frame["party"], strict=True):
        words = str(name).lower().split()
        if words:
            out.setdefault(str(code), {})[words[-1]] = str(party)
    return out


def _norm(name: str) -> str:
    text = name.lower().replace("&", " and ").replace("ô", "o").replace("ynys môn", "ynys mon")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _rows_2019(shared: Path) -> list[dict[str, str]]:
    path = shared / "uk/tactical/2019/livefrombrexit-tactical-recommendations-2019-12-08-long.csv"
    candidates = _candidates_by_seat("2019")
    codes = set(load("2019").codes)
    rows = []
    with path.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            code = record["ons_id"].strip()
            if code not in codes:
                raise ValueError(f"2019 code {code} not in the 2019 election")
            kind, party, options = classify(record["recommendation"], candidates.get(code, {}))
            rows.append(
                {
                    "election": "2019",
                    "site": record["site"],
                    "snapshot": "2019-12-08",
                    "code": code,
                    "raw": record["recommendation"].replace("\n", " / "),
                    "kind": kind,
                    "party": party,
                    "options": options,
                }
            )
    return rows


class _Seats2024:
    """Join keys for the 2024 seats: ONS code, three-letter code, name."""

    def __init__(self, shared: Path) -> None:
        election = load("2024")
        self.codes = set(election.codes)
        self.by_name = {_norm(seat.name): seat.code for seat in election.constituencies}
        lookup = pd.read_csv(
            shared / "uk/geography/mysociety-parl-constituencies-2025-centroids.csv"
        )
        self.by_three = dict(zip(lookup["three_code"], lookup["gss_code"], strict=True))
        self.by_short = dict(zip(lookup["short_code"], lookup["gss_code"], strict=True))
        for name, code in zip(lookup["name"], lookup["gss_code"], strict=True):
            self.by_name.setdefault(_norm(str(name)), code)
        fixes = pd.read_csv(shared / "uk/geography/scotland-2024-code-corrections.csv")
        self.fix = dict(zip(fixes["superseded_code"], fixes["current_code"], strict=True))
        self.by_three = {k: self.fix.get(v, v) for k, v in self.by_three.items()}
        self.by_short = {k: self.fix.get(v, v) for k, v in self.by_short.items()}

    def code(self, code: str) -> str:
        code = self.fix.get(code.strip(), code.strip())
        if code not in self.codes:
            raise ValueError(f"2024 code {code} not in the 2024 election")
        return code

    def name(self, name: str) -> str:
        key = _norm(name)
        if key not in self.by_name:
            raise ValueError(f"2024 seat name {name!r} not found")
        return self.code(self.by_name[key])


def _rows_2024(shared: Path) -> list[dict[str, str]]:
    base = shared / "uk/tactical/2024"
    seats = _Seats2024(shared)
    candidates = _candidates_by_seat("2024")
    rows: list[dict[str, str]] = []

    def add(site: str, snapshot: str, code: str, raw: str) -> None:
        kind, party, options = classify(raw, candidates.get(code, {}))
        rows.append(
            {
                "election": "2024",
                "site": site,
                "snapshot": snapshot,
                "code": code,
                "raw": raw,
                "kind": kind,
                "party": party,
                "options": options,
            }
        )

    for record in pd.read_csv(base / "getvoting-bestforbritain-2024-06-18.csv").itertuples():
        add("getvoting-2024", "2024-06-18", seats.code(str(record.gss_code)), record.recommendation)
    siu = pd.read_csv(base / "scotlandinunion-2024-06-29.csv", keep_default_na=False)
    for name, raw in zip(siu["Constituency"], siu["SIU recommendation"], strict=True):
        add("scotlandinunion-2024", "2024-06-29", seats.name(name), raw)
    sprint = pd.read_csv(base / "sprintforpr-2024-06-29.csv", keep_default_na=False)
    for name, raw in zip(
        sprint["Constituency Name"], sprint["Tactical Voting Advice"], strict=True
    ):
        add("sprintforpr-2024", "2024-06-29", seats.name(name), raw)
    stt = pd.read_csv(base / "stopthetories-2024-06-25.csv", keep_default_na=False)
    for code, raw in zip(stt["GSS Code"], stt["TV Advice"], strict=True):
        add("stopthetories-2024", "2024-06-25", seats.code(code), raw)
    tv = pd.read_csv(base / "tactical.vote-2024-06-27.csv", keep_default_na=False)
    for three, raw in zip(tv["threecode"], tv["recommendation"], strict=True):
        add("tactical.vote-2024", "2024-06-27", seats.code(seats.by_three[three]), raw)
    with (base / "tacticalvote.co.uk-2024-06-27.json").open(encoding="utf-8") as handle:
        for record in json.load(handle):
            add(
                "tacticalvote.co.uk-2024", "2024-06-27", seats.code(record["id"]), record["VoteFor"]
            )
    early = {
        "stopthetories.csv": "stopthetories-2024",
        "tactical.vote.csv": "tactical.vote-2024",
        "tacticalvote.co.uk.csv": "tacticalvote.co.uk-2024",
    }
    for filename, site in early.items():
        frame = pd.read_csv(base / "early-snapshot-2024-06-11" / filename, keep_default_na=False)
        for code, raw in zip(frame["Code"], frame["Recommendation"], strict=True):
            add(site, "2024-06-11", seats.code(code), raw)
    return rows


def _mrp_2024(shared: Path) -> pd.DataFrame:
    seats = _Seats2024(shared)
    frame = pd.read_csv(shared / "uk/polls/mrp-2024-seat-estimates-movementforward.csv", dtype=str)
    frame.columns = [c.strip() for c in frame.columns]
    out = pd.DataFrame(
        {
            "code": [seats.code(seats.by_short[s.strip()]) for s in frame["Short Codes"]],
            "poll": frame["MRP Poll Sheet"].str.split(" ").str[0].str.upper(),
        }
    )
    for party in ("Con", "Lab", "LD", "Green", "SNP", "PC", "Reform", "Other"):
        # "NA"/"NI"/"" mean the pollster gave no figure (party not standing or not modelled).
        values = pd.to_numeric(frame[party].fillna("").str.rstrip("%"), errors="coerce")
        out[party] = values.to_numpy(dtype=float) / 100.0
    return out.sort_values(["poll", "code"]).reset_index(drop=True)


#: The day each election's pre-election information stops (the site snapshots' dates), and the
#: election day.
POLL_CUTOFF = {"2017": "2017-06-08", "2019": "2019-12-08", "2024": "2024-06-25"}
POLL_WINDOW_DAYS = 14


def _polls(shared: Path) -> pd.DataFrame:
    """Average GB voting intention of the polls in the fortnight before each cutoff."""
    rows = []
    pollbase = pd.read_csv(shared / "uk/polls/pollbase-voting-intention-2015-2020.csv")
    pollbase["start"] = pd.to_datetime(pollbase["fieldwork_start"], errors="coerce")
    columns = {"Con": "con", "Lab": "lab", "LD": "ld", "Green": "green"}
    for election in ("2017", "2019"):
        cutoff = pd.Timestamp(POLL_CUTOFF[election])
        window = pollbase[
            (pollbase["start"] < cutoff)
            & (pollbase["start"] >= cutoff - pd.Timedelta(days=POLL_WINDOW_DAYS))
        ]
        reform = "ukip" if election == "2017" else "bxp"
        for party, column in {**columns, "Reform": reform}.items():
            values = pd.to_numeric(window[column], errors="coerce").dropna()
            rows.append(
                {
                    "election": election,
                    "party": party,
                    "share": float(values.mean()) / 100.0,
                    "n_polls": len(values),
                    "first_fieldwork": str(window["start"].min().date()),
                    "cutoff": POLL_CUTOFF[election],
                }
            )
    campaign = pd.read_csv(shared / "uk/polls/ge2024-campaign-polls-all-unnamed.csv")
    campaign = campaign[campaign["row_type"] == "poll"].copy()
    campaign["start"] = pd.to_datetime(campaign["date"])
    cutoff = pd.Timestamp(POLL_CUTOFF["2024"])
    window = campaign[
        (campaign["start"] < cutoff)
        & (campaign["start"] >= cutoff - pd.Timedelta(days=POLL_WINDOW_DAYS))
    ]
    for party, column in {**columns, "Reform": "reform", "SNP": "snp"}.items():
        values = pd.to_numeric(window[column], errors="coerce").dropna()
        rows.append(
            {
                "election": "2024",
                "party": party,
                "share": float(values.mean()) / 100.0,
                "n_polls": len(values),
                "first_fieldwork": str(window["start"].min().date()),
                "cutoff": POLL_CUTOFF["2024"],
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    """Build the tables; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rows = _rows_2019(args.shared) + _rows_2024(args.shared)
    frame = pd.DataFrame(rows)
    frame["site_name"] = frame["site"].map(lambda s: SITES[s][0])
    frame["goal"] = frame["site"].map(lambda s: SITES[s][1])
    columns = ["election", "site", "site_name", "goal", "snapshot", "code", "raw", "kind"]
    frame = frame[[*columns, "party", "options"]]
    frame = frame.sort_values(["election", "site", "snapshot", "code"]).reset_index(drop=True)
    duplicated = frame.duplicated(["site", "snapshot", "code"])
    if duplicated.any():
        raise ValueError(f"duplicate rows: {frame[duplicated].head()}")
    write_table(frame, args.out / "tactical_recommendations.npz")
    mrp = _mrp_2024(args.shared)
    write_table(mrp, args.out / "tactical_mrp_2024.npz")
    polls = _polls(args.shared)
    write_table(polls, args.out / "tactical_polls.npz")
    print(f"tactical_recommendations: {len(frame)} rows; tactical_mrp_2024: {len(mrp)} rows")
    print(polls.to_string())
    print(frame.groupby(["site", "snapshot", "kind"]).size().unstack(fill_value=0).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
