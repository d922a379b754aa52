"""Build psephos's bundled dataset from the raw public files in ../shared/data.

Run from the repository root::

    python scripts/build_dataset.py [--shared ../shared/data]

Writes compact Parquet tables to ``src/psephos/data/`` and checks every seat's party votes sum to
its valid votes. The raw files are never copied; see ``src/psephos/data/PROVENANCE.md`` for
sources and licences. Quirks handled here (all listed in the raw data's MANIFEST.md):

* party columns renamed every year (``ukip``/``brexit``/``RUK``/``Brxv``, ``alliance``/``APNI``);
* the Speaker's votes sit in "other" columns, and in the Rallings & Thrasher notional Chorley row
  in no column at all (recovered as total minus the party columns);
* five Scottish 2024 codes superseded by ONS (mapped to the current codes);
* thousands separators in the notional file; EC 2010 region and seat names in PA style (names
  and regions taken from the HoC 2015 file by ONS code);
* UCUNF (the 2010 UUP-Conservative joint ticket) counted as UUP;
* doubly encoded UTF-8 ("mojibake") in the names, repaired by :func:`repair_mojibake`, and
  doubled or stray spaces in them ("Isla  O'Reilly", "Cumbria First "), made single by
  :func:`normalise_whitespace` (every change printed and listed in PROVENANCE.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "psephos" / "data"
sys.path.insert(0, str(ROOT / "src"))

from psephos.io.tables import write_table  # noqa: E402  (after the sys.path line above)

MAIN_CODES = {
    "Con": "Con",
    "Lab": "Lab",
    "LD": "LD",
    "Green": "Green",
    "Grn": "Green",
    "SNP": "SNP",
    "PC": "PC",
    "DUP": "DUP",
    "SF": "SF",
    "SDLP": "SDLP",
    "UUP": "UUP",
    "UCUNF": "UUP",
    "Alliance": "Alliance",
    "APNI": "Alliance",
    "TUV": "TUV",
    "Ind": "Ind",
    "Spk": "Speaker",
    "Speaker": "Speaker",
}
# Which raw label is the Reform UK lineage in each year.
REFORM_LABEL = {"2010": "UKIP", "2015": "UKIP", "2017": "UKIP", "2019": "Brexit", "2024": "RUK"}

ELECTIONS = {
    "2010": {"name": "UK general election 2010", "date": "2010-05-06", "boundary_set": "2010"},
    "2015": {"name": "UK general election 2015", "date": "2015-05-07", "boundary_set": "2010"},
    "2017": {"name": "UK general election 2017", "date": "2017-06-08", "boundary_set": "2010"},
    "2019": {"name": "UK general election 2019", "date": "2019-12-12", "boundary_set": "2010"},
    "2019-notional-2024": {
        "name": "UK general election 2019, notional result on the 2024 boundaries",
        "date": "2019-12-12",
        "boundary_set": "2024",
    },
    "2024": {"name": "UK general election 2024", "date": "2024-07-04", "boundary_set": "2024"},
}


#: Sequences that UTF-8 text shows when its bytes were read as cp1252 or Latin-1 and encoded
#: again: "Ã" or "Â" and a continuation character ("Ã©" for "é", "Ã\x81" for "Á"), "â€" (the
#: start of a curly quote or dash) and "Å"/"Ä" (Central European letters such as "ł", "č").
MOJIBAKE_MARKERS = ("Ã", "Â", "â€", "Å", "Ä")


def repair_mojibake(text: str) -> str:
    """Undo one round of doubly encoded UTF-8 ("Ã\x81ine" back to "Áine").

    The text is repaired only when it shows a :data:`MOJIBAKE_MARKERS` sequence and its
    characters, taken back to the single bytes cp1252 (or, for the five bytes cp1252 leaves
    undefined, Latin-1) gives them, decode as UTF-8; anything else ("Siân", "Ynys Môn") is
    returned unchanged.
    """
    if not any(marker in text for marker in MOJIBAKE_MARKERS):
        return text
    raw = bytearray()
    for character in text:
        if ord(character) < 256:
            raw.append(ord(character))
            continue
        try:
            raw.extend(character.encode("cp1252"))
        except UnicodeEncodeError:
            return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def normalise_whitespace(text: str) -> str:
    """A name with single spaces: runs of whitespace (doubled spaces, a tab, a no-break space)
    made one space, and none at either end ("Isla  O'Reilly " -> "Isla O'Reilly")."""
    return " ".join(text.split())


def repair_name(text: str) -> str:
    """A name as the bundle keeps it: :func:`repair_mojibake`, then
    :func:`normalise_whitespace`."""
    return normalise_whitespace(repair_mojibake(text))


def repair_text(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Every table with :func:`repair_name` applied to its text columns, and one line per
    distinct value it changed (``table.column: 'before' -> 'after'``)."""
    repaired: dict[str, pd.DataFrame] = {}
    changes: list[str] = []
    for name, frame in tables.items():
        frame = frame.copy()
        for column in frame.columns:
            if not pd.api.types.is_string_dtype(frame[column]):
                continue
            values = frame[column].dropna().unique()
            fixes = {v: repair_name(v) for v in values if isinstance(v, str)}
            fixes = {before: after for before, after in fixes.items() if before != after}
            if fixes:
                frame[column] = frame[column].replace(fixes)
                changes += [f"{name}.{column}: {b!r} -> {a!r}" for b, a in sorted(fixes.items())]
        repaired[name] = frame
    return repaired, changes


def vocabulary_code(label: str, year: str) -> str:
    """Map a raw party abbreviation to the psephos vocabulary for that year."""
    label = label.strip()
    if label == REFORM_LABEL[year]:
        return "Reform"
    if label.lower().startswith("ind") and label[3:].isdigit():
        return "Ind"
    return MAIN_CODES.get(label, "Other")


def candidates_hoc(shared: Path, year: str) -> pd.DataFrame:
    """Candidate table from a House of Commons Library candidate file."""
    files = {
        "2015": "HoC-GE2015-results-by-candidate.csv",
        "2017": "HoC-GE2017-results-by-candidate.csv",
        "2019": "HoC-GE2019-results-by-candidate.csv",
        "2024": "HoC-GE2024-results-by-candidate.csv",
    }
    raw = pd.read_csv(shared / "uk" / "results" / files[year], encoding="utf-8-sig")
    rename = {
        "ONS ID": "ons_id",
        "Party name": "party_name",
        "Party abbreviation": "party_abbreviation",
        "Candidate first name": "firstname",
        "Candidate surname": "surname",
        "Votes": "votes",
    }
    raw = raw.rename(columns=rename)
    return pd.DataFrame(
        {
            "election": year,
            "code": raw["ons_id"],
            "candidate": (
                raw["firstname"].fillna("") + " " + raw["surname"].fillna("")
            ).str.strip(),
            "party": [vocabulary_code(a, year) for a in raw["party_abbreviation"].astype(str)],
            "party_name": raw["party_name"].astype(str),
            "votes": raw["votes"].astype("int64"),
        }
    )


def candidates_2010(shared: Path, names: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Candidate and seat tables from the Electoral Commission 2010 flat file."""
    raw = pd.read_csv(shared / "uk" / "results" / "EC-GE2010-results-flatfile.csv")
    keys = pd.read_csv(shared / "uk" / "results" / "EC-GE2010-party-abbreviations.csv")
    full_names = dict(zip(keys["abbreviation"], keys["party_name"], strict=True))
    fixed = [
        "ons_id",
        "Press Association Reference",
        "Constituency Name",
        "Region",
        "Election Year",
        "Electorate",
        "Votes",
    ]
    # The EC key names "Ind" but not the numbered Ind1..Ind5 columns, and leaves ND (candidates
    # who gave no description) without a name.
    full_names["ND"] = "No description"
    for label in raw.columns:
        if label.lower().startswith("ind") and label[3:].isdigit():
            full_names[label] = full_names["Ind"]
    party_columns = [c for c in raw.columns if c not in fixed]
    long = raw.melt(
        id_vars=["ons_id"], value_vars=party_columns, var_name="label", value_name="votes"
    ).dropna(subset=["votes"])
    long = long[long["votes"] > 0]
    candidates = pd.DataFrame(
        {
            "election": "2010",
            "code": long["ons_id"].to_numpy(),
            "candidate": "",
            "party": [vocabulary_code(a, "2010") for a in long["label"]],
            "party_name": [full_names.get(a, a) for a in long["label"]],
            "votes": long["votes"].astype("int64").to_numpy(),
        }
    )
    seats = raw[["ons_id", "Electorate", "Votes"]].rename(
        columns={"ons_id": "code", "Electorate": "electorate", "Votes": "valid_votes"}
    )
    seats["invalid_votes"] = np.nan
    seats = seats.merge(names, on="code", how="left")
    return candidates, seats


def party_names_2019(shared: Path) -> dict[str, str]:
    """Each 2019 party abbreviation of the House of Commons Library candidate file with the
    party name it gives most often ("Lab" is "Labour", "Brexit" the "Brexit Party")."""
    raw = pd.read_csv(
        shared / "uk" / "results" / "HoC-GE2019-results-by-candidate.csv", encoding="utf-8-sig"
    )
    names = raw.groupby("party_abbreviation")["party_name"].agg(lambda s: s.value_counts().index[0])
    return {str(label): str(name) for label, name in names.items()}


def notional_party_name(label: str, names: dict[str, str]) -> str:
    """The party name of a Rallings & Thrasher column label, as the 2019 candidate file gives
    it (``APNI`` is its ``Alliance``, ``IND1``..``IND6`` its ``Ind``); a minor party's label
    that file does not use stays as it is."""
    if label.lower().startswith("ind") and label[3:].isdigit():
        label = "Ind"
    return names.get({"APNI": "Alliance"}.get(label, label), label)


def candidates_notional(
    shared: Path, corrections: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Party-level 'candidates' and seat table from the Rallings & Thrasher 2019 notionals,
    each party named as the 2019 candidate file names it (:func:`notional_party_name`)."""
    names = party_names_2019(shared)
    raw = pd.read_csv(
        shared / "uk" / "notional" / "rallings-thrasher-notional-ge2019-on-2024-boundaries.csv",
        thousands=",",
    )
    raw["code"] = raw["ONS code"].replace(corrections)
    columns = list(raw.columns)
    main = columns[columns.index("Conv") : columns.index("UUPv") + 1]
    minor = columns[columns.index("ADVv") : columns.index("IND6v") + 1]
    vote_columns = main + minor
    values = raw[vote_columns].apply(pd.to_numeric, errors="coerce").fillna(0)
    residual = raw["total_votes"] - values.sum(axis=1)
    labels = {
        "Conv": "Con",
        "Labv": "Lab",
        "LDv": "LD",
        "Grnv": "Green",
        "Brxv": "Brexit",
        "SNPv": "SNP",
        "PCv": "PC",
        "APNIv": "APNI",
        "DUPv": "DUP",
        "SDLPv": "SDLP",
        "SFv": "SF",
        "UUPv": "UUP",
    }
    rows = []
    for position, seat in raw.iterrows():
        for column in vote_columns:
            votes = int(values.at[position, column])
            if votes <= 0:
                continue
            label = labels.get(column, column[:-1])
            code = vocabulary_code(label, "2019")
            name = notional_party_name(label, names)
            rows.append(("2019-notional-2024", seat["code"], "", code, name, votes))
        if residual[position] != 0:
            if seat["Win19"] not in ("Spk", "Spkr", "Speaker"):
                raise ValueError(f"notional row {seat['code']} does not sum ({residual[position]})")
            rows.append(
                (
                    "2019-notional-2024",
                    seat["code"],
                    "",
                    "Speaker",
                    "Speaker",
                    int(residual[position]),
                )
            )
    candidates = pd.DataFrame(
        rows, columns=["election", "code", "candidate", "party", "party_name", "votes"]
    )
    seats = pd.DataFrame(
        {
            "code": raw["code"],
            "electorate": raw["electorate"].astype("int64"),
            "valid_votes": raw["total_votes"].astype("int64"),
            "invalid_votes": np.nan,
        }
    )
    return candidates, seats


def seats_hoc(shared: Path, year: str) -> pd.DataFrame:
    """Seat table (code, name, nation, region, electorate, valid/invalid, declared) from HoC."""
    files = {
        "2015": "HoC-GE2015-results-by-constituency.csv",
        "2017": "HoC-GE2017-constituency-results.csv",
        "2019": "HoC-GE2019-results-by-constituency.csv",
        "2024": "HoC-GE2024-results-by-constituency.csv",
    }
    raw = pd.read_csv(shared / "uk" / "results" / files[year], encoding="utf-8-sig")
    raw.columns = [c.strip().lower().replace(" ", "_") for c in raw.columns]
    return pd.DataFrame(
        {
            "code": raw["ons_id"],
            "name": raw["constituency_name"],
            "nation": raw["country_name"],
            "region": raw["region_name"],
            "electorate": raw["electorate"].astype("int64"),
            "valid_votes": raw["valid_votes"].astype("int64"),
            "invalid_votes": raw["invalid_votes"].astype("float64"),
        }
    )


def declarations(shared: Path) -> pd.DataFrame:
    """Declaration time and order for 2015-2019 (complete) and 2024 (partial, unofficial)."""
    facts = shared / "uk" / "facts"
    full = pd.read_csv(facts / "declaration-times-2015-2017-2019.csv")
    full = full.rename(columns={"ons_id": "code"})[["election", "code", "declared_at"]]
    full["election"] = full["election"].astype(str)
    partial = pd.read_csv(facts / "ge2024-declaration-times-partial-openinnovations.csv")
    partial = pd.DataFrame(
        {
            "election": "2024",
            "code": partial["ons_id"],
            "declared_at": partial["declaration_date"] + " " + partial["declaration_time"],
        }
    )
    return pd.concat([full, partial], ignore_index=True)


def geography(shared: Path) -> pd.DataFrame:
    """Per seat centroid and hex-map position for both boundary sets."""
    geo = shared / "uk" / "geography"
    frames = []
    for boundary_set, centroid_file, hex_file in (
        ("2010", "centroids-pcon-2010-2023-boundaries.csv", "constituencies-2010.hexjson"),
        ("2024", "centroids-pcon-2024-boundaries.csv", "uk-constituencies-2024.hexjson"),
    ):
        centroids = pd.read_csv(geo / centroid_file)
        hexes = json.loads((geo / hex_file).read_text(encoding="utf-8"))["hexes"]
        frame = pd.DataFrame(
            {
                "boundary_set": boundary_set,
                "code": centroids["ons_id"],
                "latitude": centroids["centroid_lat"],
                "longitude": centroids["centroid_lon"],
                "inside_latitude": centroids["inside_point_lat"],
                "inside_longitude": centroids["inside_point_lon"],
            }
        )
        frame["hex_q"] = [hexes[c]["q"] for c in frame["code"]]
        frame["hex_r"] = [hexes[c]["r"] for c in frame["code"]]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def boundary_overlap(shared: Path) -> pd.DataFrame:
    """Old (2010) to new (2024) seat population overlap."""
    geo = shared / "uk" / "geography"
    overlap = pd.read_csv(geo / "constituency-mapping-2010-to-2024-overlap.csv")
    lookup = pd.read_csv(geo / "ukparl2025-to-pcon24-lookup.csv")
    short_to_code = dict(zip(lookup["UKPARL.2025"], lookup["PCON24CD"], strict=True))
    table = pd.DataFrame(
        {
            "old_code": overlap["PARL10"],
            "new_code": overlap["PARL25"].map(short_to_code),
            "overlap_population": overlap["overlap_pop"],
            "share_of_old_population": overlap["percentage_overlap_pop"],
            "share_of_old_area": overlap["percentage_overlap_area"],
        }
    )
    if table["new_code"].isna().any():
        raise ValueError("overlap rows with an unknown 2024 seat")
    new_population = table.groupby("new_code")["overlap_population"].transform("sum")
    table["share_of_new_population"] = table["overlap_population"] / new_population
    return table


def demographics(shared: Path, overlap: pd.DataFrame) -> pd.DataFrame:
    """Seat covariates (0-1 shares) for both boundary sets: Leave 2016 and census measures."""
    demo = shared / "uk" / "demographics"
    bes = pd.read_csv(demo / "BES-2019-General-Election-results-file-v1.1-Data.csv")
    leave_old = pd.read_csv(demo / "hanretty-eu-referendum-leave-estimates-2010-boundaries.csv")
    leave_ni = pd.read_excel(demo / "eu-referendum-ni-constituency-results.xlsx")
    old = pd.DataFrame(
        {
            "code": bes["ONSConstID"],
            "age_18_24": (bes["c11Age18to19"] + bes["c11Age20to24"]) / 100,
            "age_65_plus": (
                bes["c11Age65to74"]
                + bes["c11Age75to84"]
                + bes["c11Age85to89"]
                + bes["c11Age90plus"]
            )
            / 100,
            "degree": bes["c11QualLevel4"] / 100,
            "white_british": bes["c11EthnicityWhiteBritish"] / 100,
            "owner_occupied": bes["c11HouseOwned"] / 100,
            "social_rented": bes["c11HouseSocial"] / 100,
            "students": bes["c11FulltimeStudent"] / 100,
            "retired": bes["c11Retired"] / 100,
        }
    )
    leave = pd.concat(
        [
            pd.DataFrame({"code": leave_old["PCON11CD"], "leave": leave_old["Figure to use"]}),
            pd.DataFrame({"code": leave_ni["gss_code"], "leave": leave_ni["figure_to_use"] / 100}),
        ]
    )
    old = leave.merge(old, on="code", how="left")
    old.insert(0, "boundary_set", "2010")

    bristol = pd.read_csv(
        demo / "2024-UK-General-Election-Census-Constituency-Summaries-File-v1.1.csv"
    )
    age = (bristol["c21Age20to24"] + bristol["c21Age16to19"] / 2) / 100  # 18-19 ~ half of 16-19
    new = pd.DataFrame(
        {
            "code": bristol["ONSConstID"],
            "leave": bristol["HanrettyLeave"] / (100 if bristol["HanrettyLeave"].max() > 1 else 1),
            "age_18_24": age,
            "age_65_plus": (
                bristol["c21Age65to69"]
                + bristol["c21Age70to74"]
                + bristol["c21Age75to79"]
                + bristol["c21Age80to84"]
                + bristol["c21Age85plus"]
            )
            / 100,
            "degree": bristol["c21QualLevel4"] / 100,
            "white_british": bristol["c21EthnicityWhiteBritish"] / 100,
            "owner_occupied": (bristol["c21HouseOutright"] + bristol["c21HouseMortgage"]) / 100,
            "social_rented": (bristol["c21HouseSocialLA"] + bristol["c21HouseSocialOther"]) / 100,
            "students": bristol["c21InactiveFTStudent"] / 100,
            "retired": bristol["c21InactiveRetired"] / 100,
        }
    )
    # Northern Ireland 2024 seats: carry the old seats' Leave share across by population overlap.
    ni = overlap[overlap["new_code"].str.startswith("N")].merge(
        old[["code", "leave"]], left_on="old_code", right_on="code"
    )
    ni["weighted"] = ni["leave"] * ni["share_of_new_population"]
    ni_leave = ni.groupby("new_code")["weighted"].sum().reset_index()
    ni_frame = pd.DataFrame({"code": ni_leave["new_code"], "leave": ni_leave["weighted"]})
    new = pd.concat([new, ni_frame], ignore_index=True)
    new.insert(0, "boundary_set", "2024")
    return pd.concat([old, new], ignore_index=True)


def build(shared: Path) -> dict[str, pd.DataFrame]:
    """Read every raw file and return the normalized tables."""
    corrections_table = pd.read_csv(
        shared / "uk" / "geography" / "scotland-2024-code-corrections.csv"
    )
    corrections = dict(
        zip(corrections_table["superseded_code"], corrections_table["current_code"], strict=True)
    )
    seat_tables = {year: seats_hoc(shared, year) for year in ("2015", "2017", "2019", "2024")}
    names_2010 = seat_tables["2015"][["code", "name", "nation", "region"]]
    candidate_tables = {year: candidates_hoc(shared, year) for year in seat_tables}
    candidate_tables["2010"], seats_2010 = candidates_2010(shared, names_2010)
    seat_tables["2010"] = seats_2010
    candidate_tables["2019-notional-2024"], seats_notional = candidates_notional(
        shared, corrections
    )
    seat_tables["2019-notional-2024"] = seats_notional.merge(
        seat_tables["2024"][["code", "name", "nation", "region"]], on="code", how="left"
    )
    results = []
    for election_id, info in ELECTIONS.items():
        seats = seat_tables[election_id].copy()
        seats.insert(0, "election", election_id)
        seats["boundary_set"] = info["boundary_set"]
        if seats[["name", "nation", "region"]].isna().any().any():
            raise ValueError(f"{election_id}: seats without a name or region")
        results.append(seats)
    results_table = pd.concat(results, ignore_index=True)
    declared = declarations(shared)
    results_table = results_table.merge(declared, on=["election", "code"], how="left")
    candidates_table = pd.concat(candidate_tables.values(), ignore_index=True)
    overlap = boundary_overlap(shared)
    elections_table = pd.DataFrame([{"election": key, **value} for key, value in ELECTIONS.items()])
    return {
        "elections": elections_table,
        "results": results_table,
        "candidates": candidates_table,
        "geography": geography(shared),
        "boundary_overlap": overlap,
        "demographics": demographics(shared, overlap),
    }


def check(tables: dict[str, pd.DataFrame]) -> None:
    """Fail loudly if a seat's candidate votes do not sum to its valid votes."""
    sums = tables["candidates"].groupby(["election", "code"])["votes"].sum().rename("sum")
    merged = tables["results"].merge(sums.reset_index(), on=["election", "code"], how="left")
    bad = merged[merged["sum"] != merged["valid_votes"]]
    if not bad.empty:
        raise ValueError(f"candidate votes do not sum to valid votes:\n{bad.head(10)}")
    for election_id, group in tables["results"].groupby("election"):
        if len(group) != 650 or group["code"].duplicated().any():
            raise ValueError(f"{election_id}: expected 650 distinct seats, got {len(group)}")


def main(argv: list[str] | None = None) -> int:
    """Build the tables and write them in the bundled format (:mod:`psephos.io.tables`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"error: raw data folder {args.shared} not found", file=sys.stderr)
        return 2
    tables, changes = repair_text(build(args.shared))
    check(tables)
    for change in changes:
        print(f"repaired {change}")
    args.out.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        write_table(table, args.out / f"{name}.npz")
        print(f"{name}: {len(table)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
