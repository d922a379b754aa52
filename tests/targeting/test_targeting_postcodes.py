"""Postcode -> place and seat: parsing, lookup, straddling sectors, the CLI and volunteer files."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import psephos
from psephos.cli import app
from psephos.errors import InvalidPostcodeError, UnknownConstituencyError, UnknownPostcodeError
from psephos.io.bundled import table
from psephos.jurisdictions import postcode_seats
from psephos.jurisdictions.geography import nearest_seat_index
from psephos.jurisdictions.postcodes import STRADDLE_SHARE, lookup_postcode, parse_postcode
from psephos.targeting.postcodes import locate_postcodes, resolve_place

HAMPSTEAD_AND_HIGHGATE = "E14001265"
QUEENS_PARK = "E14001435"


@pytest.mark.parametrize(
    ("text", "level", "normal", "sector", "district"),
    [
        ("NW6 1AB", "unit", "NW6 1AB", "NW6 1", "NW6"),
        ("nw61ab", "unit", "NW6 1AB", "NW6 1", "NW6"),
        ("  sw1a   1aa ", "unit", "SW1A 1AA", "SW1A 1", "SW1A"),
        ("NW6 1", "sector", "NW6 1", "NW6 1", "NW6"),
        ("nw6", "district", "NW6", None, "NW6"),
        ("EC1A", "district", "EC1A", None, "EC1A"),
        ("B1 1BB", "unit", "B1 1BB", "B1 1", "B1"),
        ("NW6-1XY", "unit", "NW6 1XY", "NW6 1", "NW6"),
        ("NW6 1XY.", "unit", "NW6 1XY", "NW6 1", "NW6"),
        ("nw6 1xy,", "unit", "NW6 1XY", "NW6 1", "NW6"),
        ("NW6-1", "sector", "NW6 1", "NW6 1", "NW6"),
    ],
)
def test_parse_postcode_forms(
    text: str, level: str, normal: str, sector: str | None, district: str
) -> None:
    parsed = parse_postcode(text)
    assert (parsed.level, parsed.text, parsed.sector, parsed.district) == (
        level,
        normal,
        sector,
        district,
    )


@pytest.mark.parametrize(
    "text", ["", "hello", "123", "NW6 1A", "E14000727", "NW6 1ABC", "NW6.1XY", "-", "."]
)
def test_parse_postcode_refuses_what_is_not_a_postcode(text: str) -> None:
    with pytest.raises(InvalidPostcodeError, match="not a UK postcode"):
        parse_postcode(text)


def test_nw6_1_is_hampstead_and_highgate() -> None:
    found = postcode_seats(psephos.load("2024"), "NW6 1")
    assert found.code == HAMPSTEAD_AND_HIGHGATE
    assert found.options[0].name == "Hampstead and Highgate"
    assert not found.straddles and not found.approximate
    assert found.message == "NW6 1 is in Hampstead and Highgate."


def test_full_postcode_uses_its_sector() -> None:
    area = lookup_postcode("NW6 1AB")
    assert (area.level, area.matched, area.matched_level) == ("unit", "NW6 1", "sector")
    assert area.code == HAMPSTEAD_AND_HIGHGATE


def test_straddling_sector_says_so_and_offers_both_seats() -> None:
    found = postcode_seats(psephos.load("2024"), "NW6 7")
    assert found.straddles
    assert found.options[0].code == QUEENS_PARK
    assert len(found.options) == 2
    assert found.area.share < STRADDLE_SHARE
    assert "straddles" in found.message and "Queen's Park and Maida Vale" in found.message
    assert found.to_dict()["seats"][1]["code"] == found.options[1].code


def test_district_and_missing_sector_fall_back_to_the_district() -> None:
    district = lookup_postcode("CR0")
    assert district.matched_level == "district" and district.n_seats == 6
    # ``NW6 0`` is not a sector in the table: its district answers.
    assert "NW6 0" not in set(table("postcodes")["key"])
    fallback = lookup_postcode("NW6 0XX")
    assert (fallback.matched, fallback.matched_level) == ("NW6", "district")


def test_unknown_and_crown_dependency_postcodes() -> None:
    with pytest.raises(UnknownPostcodeError, match="'QQ9'"):
        lookup_postcode("QQ9 9ZZ")
    with pytest.raises(UnknownPostcodeError, match="no Westminster seat"):
        lookup_postcode("JE2 3AB")


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("nw61", UnknownPostcodeError),
        ("CR01", UnknownPostcodeError),
        ("sw1a1", InvalidPostcodeError),
    ],
)
def test_a_sector_typed_without_its_space_is_suggested(typed: str, error: type[Exception]) -> None:
    """ "nw61" reads as the district NW61, which does not exist, and "sw1a1" as no postcode at
    all; each refusal now asks whether the sector was meant."""
    sector = f"{typed[:-1].upper()} {typed[-1]}"
    with pytest.raises(error, match=f"Did you mean the sector '{sector}'\\?"):
        lookup_postcode(typed)
    assert lookup_postcode(sector).matched == sector  # the sector it suggests is found


def test_no_sector_is_suggested_where_none_is_meant() -> None:
    with pytest.raises(UnknownPostcodeError) as unknown:
        lookup_postcode("QQ91")
    assert "Did you mean" not in str(unknown.value)


def test_other_boundaries_use_the_old_seats_of_the_2024_seat() -> None:
    election = psephos.load("2019")
    found = postcode_seats(election, "NW6 1")
    assert found.approximate
    assert found.options[0].name == "Hampstead and Kilburn"
    assert "most likely in Hampstead and Kilburn on these boundaries" in found.message
    # The nearest seat centre put these in Bradford East and Arundel and South Downs; the
    # ONS December 2022 boundaries have them in Bradford West and Horsham.
    assert postcode_seats(election, "BD8 7").options[0].name == "Bradford West"
    assert postcode_seats(election, "RH14 4").options[0].name == "Horsham"
    assert postcode_seats(election, "NW6").options[0].name == "Hampstead and Kilburn"  # district


def _rings(geometry: dict[str, Any]) -> list[np.ndarray]:
    parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [np.asarray(ring, dtype=np.float64) for part in parts for ring in part]


def _inside(longitude: float, latitude: float, rings: list[np.ndarray]) -> bool:
    """Ray casting (even-odd over every ring, so holes count out): the plain reference."""
    crossings = 0
    for ring in rings:
        x, y = ring[:, 0], ring[:, 1]
        x_prev, y_prev = np.roll(x, 1), np.roll(y, 1)
        spans = (y > latitude) != (y_prev > latitude)
        with np.errstate(divide="ignore", invalid="ignore"):
            cut = (x_prev - x) * (latitude - y) / (y_prev - y) + x
        crossings += int(np.count_nonzero(spans & (longitude < cut)))
    return crossings % 2 == 1


def test_older_boundaries_agree_with_the_old_seat_polygons(shared_data: Path) -> None:
    """Every live sector's centre, placed in a 2010-2023 seat by point-in-polygon on the ONS
    December 2022 boundaries, against psephos's seat for it on the 2019 boundaries: 90.5% agree
    (the nearest seat centre, psephos's rule before, 73.2%). The figures docs/web.md gives."""
    path = shared_data / "uk" / "geography" / "PCON_Dec_2022_UK_BUC.geojson"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    seats = []
    for feature in json.loads(path.read_text())["features"]:
        rings = _rings(feature["geometry"])
        points = np.concatenate(rings)
        box = (*points.min(axis=0), *points.max(axis=0))
        seats.append((feature["properties"]["PCON22CD"], rings, box))
    election = psephos.load("2019")
    sectors = table("postcodes")
    sectors = sectors[(sectors["level"] == "sector") & sectors["live"]]
    agree = nearest = counted = 0
    for key, latitude, longitude in zip(
        sectors["key"], sectors["latitude"], sectors["longitude"], strict=True
    ):
        truth = next(
            (
                code
                for code, rings, (west, south, east, north) in seats
                if west <= longitude <= east and south <= latitude <= north
                if _inside(longitude, latitude, rings)
            ),
            None,
        )
        if truth is None:  # a centre off the generalised coast
            continue
        counted += 1
        agree += postcode_seats(election, key).code == truth
        nearest += election.codes[nearest_seat_index(election, latitude, longitude)] == truth
    assert counted > 10_000
    assert round(nearest / counted, 3) == 0.732
    assert round(agree / counted, 3) == 0.905


def test_resolve_place_accepts_postcodes() -> None:
    where = resolve_place(psephos.load("2024"), "nw6 7")
    assert where.label == "NW6 7"
    assert where.seat_codes[0] == QUEENS_PARK and len(where.seat_codes) == 2


def test_locate_postcodes_reports_each_bad_row() -> None:
    latitudes, longitudes, problems, notes = locate_postcodes(["NW6 1", "junk", "SW1A 1AA"])
    assert notes == [None, None, None]
    assert problems[0] is None and problems[2] is None
    assert problems[1] is not None and "not a UK postcode" in problems[1]
    assert abs(latitudes[2] - 51.505) < 0.01 and longitudes[1] != longitudes[1]  # NaN


def test_every_sector_seat_is_a_2024_seat() -> None:
    postcodes = table("postcodes")
    assert set(postcodes["level"]) == {"sector", "district"}
    assert not postcodes["key"].duplicated().any()
    seats = set(psephos.load("2024").codes)
    assert set(postcodes["code"]) <= seats
    assert set(postcodes["code"]) == seats  # every seat has at least one sector or district
    assert postcodes["share"].between(0, 1).all()


def test_cli_advise_and_nearest_take_a_postcode() -> None:
    runner = CliRunner()
    advise = runner.invoke(
        app, ["advise", "--postcode", "NW6 1", "-p", "Green,Lab", "--sims", "200", "-f", "json"]
    )
    assert advise.exit_code == 0, advise.output
    assert "Hampstead and Highgate" in advise.output
    nearest = runner.invoke(
        app, ["nearest", "--postcode", "NW6 1", "--closest", "-e", "2024", "-f", "json"]
    )
    assert nearest.exit_code == 0, nearest.output
    assert json.loads(nearest.output)["origin"]["name"] == "NW6 1"
    bad = runner.invoke(app, ["nearest", "--postcode", "XX"])
    assert bad.exit_code == 2
    assert "not a UK postcode" in bad.output and "Traceback" not in bad.output
    # a seat and a postcode that disagree: refused, not one of them silently dropped
    both = runner.invoke(app, ["advise", "Islington North", "--postcode", "SW1A 1AA", "-p", "Lab"])
    assert both.exit_code == 2
    assert "SW1A 1AA is in Cities of London and Westminster, not Islington North" in both.output
    both = runner.invoke(app, ["nearest", "--from", "SW1A 1AA", "--postcode", "M1 1AE"])
    assert both.exit_code == 2 and "not both" in both.output


def test_build_reproduces_the_bundled_table(shared_data: Path) -> None:
    path = Path(__file__).resolve().parents[2] / "scripts" / "build_postcodes.py"
    spec = importlib.util.spec_from_file_location("build_postcodes", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(shared_data)
    pd.testing.assert_frame_equal(built, table("postcodes"), check_dtype=False)


def test_a_seat_of_the_old_boundaries_says_where_it_went() -> None:
    """A seat abolished in 2024, asked of a 2024 command, names its successor (by the share
    of its population) instead of unrelated close names; nearest starts from the successor;
    a 2024 seat asked of 2019 names the seat it mostly came from."""
    runner = CliRunner()
    result = runner.invoke(app, ["results", "2024", "--seat", "hampstead & kilburn"])
    assert result.exit_code == 2
    assert "70% of its population now lives in Hampstead and Highgate" in result.output
    assert "Did you mean" not in result.output
    by_code = runner.invoke(app, ["results", "2024", "--seat", "E14000727"])
    assert "Hampstead and Highgate (E14001265)" in by_code.output
    near = runner.invoke(app, ["nearest", "--from", "Hampstead and Kilburn", "-f", "json"])
    assert near.exit_code == 0, near.output
    assert "Hampstead and Highgate" in near.stdout
    back = runner.invoke(app, ["results", "2019", "--seat", "Hampstead and Highgate"])
    assert "lived before 2024 in Hampstead and Kilburn" in back.output
    assert "not a seat on the 2010-2019 boundaries" in back.output
    # The notional 2019 result is on the 2024 boundaries: the message names them, not the id.
    notional = runner.invoke(
        app, ["results", "2019-notional-2024", "--seat", "Hampstead & Kilburn"]
    )
    assert "not a seat on the 2024 boundaries;" in notional.output
    assert "boundaries of 2019-notional-2024" not in notional.output
    nowhere = runner.invoke(app, ["results", "2024", "--seat", "Nowhere at all"])
    assert nowhere.exit_code == 2 and "Give a seat code or name." in nowhere.output


def test_a_postcode_given_as_a_seat_names_the_seat_it_is_in() -> None:
    """A voter's postcode typed where a seat is asked for (``psephos advise "SW1A 1AA"``) is
    refused with the seat it is in, its code to give instead; a district that straddles
    seats names them; a postcode not in the table, or asked of Canada, gets the plain refusal."""
    election = psephos.load("2024")
    with pytest.raises(UnknownConstituencyError) as info:
        election.seat_index("sw1a1aa")
    assert str(info.value) == (
        "No constituency 'sw1a1aa' in election '2024'. That is a postcode, not a seat: "
        "SW1A 1AA (SW1A 1) is in Cities of London and Westminster. Give the seat (E14001172)."
    )
    with pytest.raises(UnknownConstituencyError) as info:
        election.seat_index("NW6")
    assert "NW6 straddles" in str(info.value) and "Their codes: E14001265, " in str(info.value)
    with pytest.raises(UnknownConstituencyError) as info:
        psephos.load("2019").seat_index("SW1A 1AA")  # older boundaries: estimated
    assert "most likely in Cities of London and Westminster" in str(info.value)
    for election_id, text in (("2024", "ZZ99 9ZZ"), ("canada-2021", "SW1A 1AA")):
        with pytest.raises(UnknownConstituencyError) as info:
            psephos.load(election_id).seat_index(text)
        assert "postcode" not in str(info.value)
    advise = CliRunner().invoke(app, ["advise", "SW1A 1AA", "-p", "Lab"])
    assert advise.exit_code == 2
    assert "is in Cities of London and Westminster. Give the seat (E14001172)." in advise.stderr


@pytest.mark.parametrize("postcode", ["IM1 1AA", "JE2 3AB", "GY1 1AA"])
def test_a_crown_dependency_s_postcode_gets_one_message_everywhere(postcode: str) -> None:
    """An Isle of Man or Channel Islands postcode was "in the Channel Islands or the Isle of
    Man" to `nearest`, "not a known postcode" in a volunteer file and no postcode at all to
    `advise`; each now says it has no Westminster seat, in the one wording."""
    from psephos.jurisdictions.postcodes import CROWN_DEPENDENCY

    with pytest.raises(UnknownPostcodeError) as info:
        lookup_postcode(postcode)
    assert str(info.value) == f"{postcode} is {CROWN_DEPENDENCY}."
    district = postcode.split()[0]
    assert locate_postcodes([postcode])[2] == [f"district {district!r} is {CROWN_DEPENDENCY}"]
    with pytest.raises(UnknownConstituencyError) as refused:
        psephos.load("2024").seat_index(postcode)
    assert str(refused.value).endswith(f"That is a postcode, not a seat: it is {CROWN_DEPENDENCY}.")
