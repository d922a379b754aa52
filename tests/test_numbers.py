"""One rule for the numbers psephos shows (docs/cli.md: small numbers never print as 0.0)."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psephos.numbers import (
    NOISE,
    clean,
    format_column,
    format_number,
    listed,
    one_in,
    ordinal,
    plain,
    points_column,
    rounded,
    seat_range,
    whole_seats,
)

SPECS = [None, ".1f", ".2f", ".3f", "+.1f", "+.2f", ",.1f", "+,.1f", ".1%", ".0%"]


@pytest.mark.parametrize(
    ("value", "spec", "shown"),
    [
        (0.00478, ".2f", "0.0048"),  # North East Fife 2017: majority 2 of 41,822 votes
        (0.003, ".1%", "0.3%"),
        (0.00003, ".1%", "0.003%"),
        (-0.0004, "+.1f", "-0.0004"),
        (-0.0, "+.1f", "+0.0"),
        (-0.0, ".1f", "0.0"),
        (-1e-17, ".2f", "0.00"),  # float noise is zero
        (0.0034, None, "0.0034"),
        (-0.25, None, "-0.25"),
        (1234.56, None, "1,234.6"),
        (0.0, None, "0.0"),
        (12.345, ".2f", "12.35"),
        (0.5, ".0%", "50%"),
        (6.666e-05, None, "0.000067"),  # plain decimals, never 6.7e-05
        (6.666e-05, ".4g", "6.666e-05"),  # a spec the caller asks for is kept
        (-2.63e-06, ".3f", "-0.0000026"),
        (4.2e-07, ".1%", "0.000042%"),
    ],
)
def test_format_number(value: float, spec: str | None, shown: str) -> None:
    assert format_number(value, spec) == shown


@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
    st.sampled_from(SPECS),
)
def test_no_small_number_shows_as_zero_and_zero_is_never_negative(value: float, spec) -> None:
    text = format_number(value, spec)
    digits = re.sub(r"[^0-9]", "", text)
    if abs(value) >= NOISE:
        assert digits.strip("0"), (value, spec, text)
    if not digits.strip("0"):
        assert not text.startswith("-"), (value, spec, text)
    assert "e" not in text, (value, spec, text)  # plain decimals, never exponents


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_rounded_never_rounds_a_number_to_zero(value: float) -> None:
    result = rounded(value, 2)
    assert (result == 0) == (abs(value) < NOISE or clean(value) == 0)
    assert math.copysign(1, result) > 0 or result != 0  # no -0.0
    if abs(value) >= 0.005:
        assert result == round(clean(value), 2)


def test_clean_drops_float_noise_and_keeps_tiny_probabilities() -> None:
    assert clean(-1.2800000000000011) == -1.28
    assert clean(361.68 - 361.7) == -0.02
    assert clean(4.519396196197631e-08) == pytest.approx(4.519396196197631e-08, rel=1e-9)
    assert math.copysign(1, clean(-0.0)) == 1
    assert math.isnan(clean(math.nan))
    assert clean(1.7976931348623157e308) == 1.7976931348623157e308  # not rounded up to inf


def test_a_chance_counted_in_simulations_is_a_bound_within_their_noise() -> None:
    # One win in 2,000 simulations read "about 1 in 2,000" beside "effectively zero" for a party
    # with a larger expected share, and a sure thing "100.0%": both are the run's noise.
    assert one_in(1 / 2000, ".1%", draws=2000) == "less than 1 in 500"
    assert one_in(0.0, ".1%", draws=2000) == "less than 1 in 500"
    assert one_in(3 / 2000, ".1%", draws=2000) == "less than 1 in 500"
    assert one_in(4 / 2000, ".1%", draws=2000) == "about 1 in 500"
    assert one_in(1.0, ".1%", draws=2000) == "more than 99.8%"
    assert one_in(1999 / 2000, ".1%", draws=2000) == "more than 99.8%"
    assert one_in(0.996, ".1%", draws=2000) == "99.6%"
    assert one_in(0.0, draws=100) == "less than 1 in 25"
    assert one_in(1 / 2000) == "about 1 in 2,000"  # a chance not counted keeps its odds


def test_one_in_words() -> None:
    assert one_in(0.0) == "effectively zero"
    assert one_in(1 / 40) == "about 1 in 40"
    assert one_in(9.88e-05) == "about 1 in 10,000"
    assert one_in(1 / 2_300_000) == "about 1 in 2.3 million"
    assert one_in(1 / 392e9) == "less than 1 in a billion"
    assert one_in(0.12) == "12%"
    assert one_in(0.7) == "70%"
    assert one_in(0.415, ".1%") == "41.5%"  # a percentage as the table beside it shows it
    assert one_in(1e-17, ".1%") == "effectively zero"  # float noise is zero, never "0.0%"


@pytest.mark.parametrize(
    ("value", "spec", "shown"),
    [
        (41822, ",", "41,822"),
        (3, "+d", "+3"),
        (0, "+d", "+0"),
        (-12, "+,d", "-12"),
        (1234567, ",", "1,234,567"),
        (41822, ",.0f", "41,822"),  # a fixed spec: through the float rule
        (1234.5, ",", "1,234.5"),  # a fraction as without a spec
        (7.0, ",", "7"),  # a whole float (a count of ballots) whole
        (-12.0, "+,d", "-12"),
        (6.4, "+,d", "6.4"),  # a fraction is never refused by a whole-number spec
    ],
)
def test_format_number_writes_whole_numbers_exactly(value: float, spec: str, shown: str) -> None:
    """Counts (votes, electors, seat changes) keep their thousands separators and signs."""
    assert format_number(value, spec) == shown


def test_format_number_takes_numpy_whole_numbers() -> None:
    import numpy as np

    assert format_number(np.int64(-7), "+d") == "-7"
    assert format_number(np.int64(2_000), ",") == "2,000"


@pytest.mark.parametrize(
    ("value", "spec", "text"),
    [
        (0.996, ".0%", "99.6%"),
        (0.99996, ".1%", "99.996%"),
        (0.9999999, ".0%", "99.99999%"),
        (0.96, ".1f", "1.0"),  # a fixed f spec rounds as usual (a swing of 0.96 points)
        (0.9951, ".1%", "99.5%"),
        (1.0, ".0%", "100%"),
        (0.95, ".0%", "95%"),
    ],
)
def test_short_of_certain_is_never_shown_as_certain(value: float, spec: str, text: str) -> None:
    """A majority chance of 99.6% is not written 100%, as a chance of 0.4% is not 0%."""
    assert format_number(value, spec) == text


def test_format_number_reads_each_spec_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A note writes a few numbers with one spec (``".1f"``): the spec is read once, and
    every number is written as its own reading of the spec writes it."""
    import psephos.numbers as numbers

    reads = []
    fixed = numbers._FIXED

    class Counted:
        def fullmatch(self, spec: str) -> re.Match[str] | None:
            reads.append(spec)
            return fixed.fullmatch(spec)

    monkeypatch.setattr(numbers, "_FIXED", Counted())
    spec = "+.7f"  # a spec no other test writes with
    shown = [format_number(value, spec) for value in (4.0, 0.00000001, -0.0, 96.25)]
    assert shown == ["+4.0000000", "+0.00000001", "+0.0000000", "+96.2500000"]
    assert reads == [spec]


def test_plain_is_what_a_file_carries_at_any_depth() -> None:
    """NaN as nothing and floats cleaned, inside lists and mappings too; other values kept."""
    noisy = -1.2800000000000011
    value = {"rate": math.nan, "rows": [{"share": noisy, "name": "Ynys Môn", "n": 3}], "t": (0.5,)}
    assert plain(value) == {
        "rate": None,
        "rows": [{"share": clean(noisy), "name": "Ynys Môn", "n": 3}],
        "t": [clean(0.5)],
    }


@pytest.mark.parametrize(
    ("position", "written"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (1001, "1,001st"),
    ],
)
def test_ordinal_writes_a_place_in_an_order(position: int, written: str) -> None:
    assert ordinal(position) == written


def test_seat_range_joins_its_ends_with_an_en_dash() -> None:
    assert seat_range(311, 449) == "311\u2013449"
    assert seat_range(0, 0) == "0\u20130"


def test_counted_words_a_count_with_its_noun() -> None:
    from psephos.numbers import counted

    assert counted(1, "swap") == "1 swap"
    assert counted(0, "offer") == "0 offers"
    assert counted(1147, "seat") == "1,147 seats"
    assert counted(2, "party", "parties") == "2 parties"


def test_plural_of_is_the_noun_without_its_count() -> None:
    from psephos.numbers import plural_of

    assert plural_of(1, "row") == "row"
    assert plural_of(3, "row") == "rows"
    assert plural_of(0, "column") == "columns"
    assert plural_of(2, "party", "parties") == "parties"


@pytest.mark.parametrize(
    ("values", "spec", "shown"),
    [
        ([0.0022, 0.002, 0.0019], None, ["0.0022", "0.0020", "0.0019"]),
        ([202.0, 0.5], None, ["202.0", "0.5"]),
        # a spec's places stay those of the numbers it writes; only the tiny ones take more
        ([0.0, 0.0048, 0.12], ".2f", ["0.00", "0.0048", "0.12"]),
        ([0.25, 0.000048], ".1%", ["25.0%", "0.0048%"]),
        (
            [1.62, -19.92, 0.0038, 0.0042, 0.004],
            "+.2f",
            ["+1.62", "-19.92", "+0.0038", "+0.0042", "+0.0040"],
        ),
        ([12.5, 0.0034], None, ["12.5", "0.0034"]),
        # a whole-number spec: a column of whole floats whole, one with a fraction as no spec
        ([41822.0, 3.0], ",", ["41,822", "3"]),
        ([10.0, 6.6, 2.0], ",", ["10.0", "6.6", "2.0"]),
        ([], None, []),
        # a missing value (a party with no earlier share) is a blank cell, the rest as without it
        ([1.6, None, -0.0123, 0.0038], "+.1f", ["+1.6", "", "-0.0123", "+0.0038"]),
        ([None, 7.0], ",", ["", "7"]),
    ],
)
def test_format_column_gives_a_column_one_number_of_decimals(
    values: list[float | None], spec: str | None, shown: list[str]
) -> None:
    assert format_column(values, spec) == shown


def test_whole_seats_keep_the_house_where_rounding_each_does_not() -> None:
    expected = [316.6, 263.5, 69.9]  # each rounded: 317 + 264 + 70 = 651
    assert sum(round(value) for value in expected) == 651
    assert whole_seats(expected) == [317, 263, 70]  # the largest remainders: .9 and .6
    assert whole_seats([0.5, 0.5, 1.0]) == [1, 0, 1]  # a tie goes to the earlier value
    with pytest.raises(ValueError, match="cannot round to 10"):
        whole_seats([1.5, 2.5], 10)
    with pytest.raises(ValueError, match="non-negative"):
        whole_seats([-1.0, 3.0])


@given(st.lists(st.floats(min_value=0, max_value=700, allow_nan=False), min_size=1, max_size=20))
def test_whole_seats_sum_to_the_total_and_stay_within_a_seat(values: list[float]) -> None:
    whole = whole_seats(values)
    assert sum(whole) == round(math.fsum(values))
    assert all(abs(seats - value) < 1 for seats, value in zip(whole, values, strict=True))


def test_a_change_in_a_chance_is_written_in_percentage_points() -> None:
    """``psephos target``'s ``per_1000_votes`` 0.0866 beside ``win_probability`` 38%: the
    same unit (a fraction of certainty) read as another. Written as points with the unit."""
    assert points_column([0.0866, 0.00217]) == ["+8.66 pts", "+0.22 pts"]
    assert points_column([0.0000213, None, 0.05]) == ["+0.0021 pts", "", "+5.00 pts"]
    assert points_column([-0.0123]) == ["-1.23 pts"]
    assert points_column([0.0]) == ["+0.00 pts"]


def test_listed_joins_a_sentences_list() -> None:
    assert listed([]) == ""
    assert listed(["Lab"]) == "Lab"
    assert listed(["Lab", "Con"]) == "Lab and Con"
    assert listed(["Lab", "LD", "Green"]) == "Lab, LD and Green"


def test_listed_offers_a_choice_and_takes_any_iterable() -> None:
    assert listed(["'seat'", "'majority'"], "or") == "'seat' or 'majority'"
    assert listed(["A", "B", "C"], conjunction="or") == "A, B or C"
    assert listed(name for name in ("Con", "Reform UK", "SNP")) == "Con, Reform UK and SNP"
