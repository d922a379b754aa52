"""How psephos rounds and writes the numbers it shows: one rule for tables, text, CSV and JSON.

docs/cli.md: small numbers never print as 0.0. A value rounded to a fixed number of decimals that
would come out as zero keeps two significant figures instead (a majority of 2 votes in 41,822 is
0.0048%, not 0.00%), and zero is never written ``-0.0``. What a person reads treats values within
:data:`NOISE` of zero as the noise of float arithmetic, i.e. zero (probabilities that small are
shown in words, "about 1 in 10,000": :func:`one_in`). Files (CSV, JSON) get every float with at most
:data:`FILE_DIGITS` significant digits, which drops the noise (``-1.2800000000000011`` is
``-1.28``) and keeps every tiny probability. Shares are read as percentages or fractions by
one rule, :func:`percent_factor`. Seat totals that must keep their sum (a projection's expected
seats shown as whole seats) are rounded by largest remainders: :func:`whole_seats`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from numbers import Integral
from typing import Any

#: Below this a value shown to a person is the noise of float arithmetic, not a number.
NOISE = 1e-12
#: Significant digits of a float written to a file (seat sums of 650 seats carry noise near the
#: 13th digit).
FILE_DIGITS = 10

_FIXED = re.compile(r"(?P<flags>[^.]*)\.(?P<places>\d+)(?P<kind>[f%])")
#: A spec for a whole number: ``","`` (thousands), ``"+d"`` (a signed change), ``"+,d"``.
_WHOLE = re.compile(r"[^.]*[,d]")
#: A digit other than zero: text that does not show a value as zero has one.
_NON_ZERO_DIGIT = re.compile("[1-9]")


@lru_cache(maxsize=64)
def _spec_parts(spec: str) -> tuple[bool, tuple[str, int, str] | None]:
    """How :func:`format_number` reads a format spec, once per spec: whether it is one for a
    whole number (:data:`_WHOLE`), and a fixed-point spec's flags, places and kind (``"f"``
    or ``"%"``, :data:`_FIXED`), else ``None``."""
    fixed = _FIXED.fullmatch(spec)
    parts = None if fixed is None else (fixed["flags"], int(fixed["places"]), fixed["kind"])
    return _WHOLE.fullmatch(spec) is not None, parts


#: A set of shares (a poll, a seat's shares) summing to at most this is read as fractions
#: (``0.42``), else as percentages (``42``): :func:`percent_factor`.
FRACTIONS_UP_TO = 1.5
#: Points a set of shares may sum above 100% and still be read (published shares are rounded).
ROUNDING_POINTS = 1.0


def percent_factor(total: float) -> float:
    """What turns a set of shares summing to ``total`` into percentages: 100 for fractions (a
    total above 0 and at most :data:`FRACTIONS_UP_TO`), else 1. The one rule for shares given
    as percentages or fractions (polls, a seat's shares)."""
    return 100.0 if 0 < total <= FRACTIONS_UP_TO else 1.0


def in_percent(shares: Mapping[str, float]) -> dict[str, float]:
    """A set of shares (party -> share) in percent, as :func:`percent_factor` reads it: shares
    given as fractions (``{"Lab": 0.38, "Con": 0.2}``) times 100, percentages as they are. What a
    page shows of a poll read as typed, so a poll of fractions shows (and sends back) 38, not
    0.38."""
    factor = percent_factor(sum(shares.values()))
    return {party: float(share) * factor for party, share in shares.items()}


def clean(value: float) -> float:
    """``value`` as a file carries it: at most :data:`FILE_DIGITS` significant digits, and no
    negative zero (NaN and infinities unchanged)."""
    if not math.isfinite(value):
        return value
    short = float(f"{value:.{FILE_DIGITS}g}")
    return (short if math.isfinite(short) else value) + 0.0  # 1.8e308 is not rounded to inf


def plain(value: Any) -> Any:
    """A value as CSV and JSON carry it: a float :func:`clean` and NaN as nothing (``None``),
    inside lists, tuples and mappings too; anything else as it is."""
    if isinstance(value, float):
        return None if math.isnan(value) else clean(value)
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def whole_seats(values: Sequence[float], total: int | None = None) -> list[int]:
    """Whole numbers summing to ``total`` (default: the values' sum, rounded), by largest
    remainders (Hamilton's method; Balinski & Young, *Fair Representation*, 2nd ed. 2001,
    ch. 2): each value rounded down, and the seats left over go one each to the largest
    fractional parts (ties: the earlier value). Rounding each value on its own can lose or gain
    a seat: expected seats of 316.6, 263.5 and 69.9 round to 317 + 264 + 70 = 651.

    Raises:
        ValueError: a negative or non-finite value, or a ``total`` the values cannot reach by
            rounding (less than the sum of their floors, or more than that plus one each).
    """
    if any(not math.isfinite(value) or value < 0 for value in values):
        raise ValueError(f"seat values must be finite and non-negative, got {list(values)!r}.")
    target = round(math.fsum(values)) if total is None else total
    floors = [math.floor(value) for value in values]
    left = target - sum(floors)
    if not 0 <= left <= len(values):
        raise ValueError(
            f"{len(values)} values summing to {math.fsum(values):g} cannot round to {target}."
        )
    by_remainder = sorted(range(len(values)), key=lambda i: -(values[i] - floors[i]))
    for index in by_remainder[:left]:
        floors[index] += 1
    return floors


def _shown(value: float) -> float:
    """``value`` as a person reads it: :func:`clean`, and zero within :data:`NOISE`."""
    return 0.0 if abs(value) < NOISE else clean(value)


def rounded(value: float, decimals: int) -> float:
    """``value`` rounded to ``decimals`` places, except that a non-zero value that would round
    to zero keeps two significant figures (``rounded(0.0048, 2) == 0.0048``)."""
    value = _shown(value)
    if value == 0 or not math.isfinite(value) or round(value, decimals) != 0:
        return round(value, decimals) + 0.0
    return round(value, 1 - math.floor(math.log10(abs(value))))


def _two_figures(value: float, flags: str = "") -> str:
    """A non-zero value below 1 with (at most) two significant figures as ``.2g`` writes them,
    but in plain decimals: ``0.003``, ``0.000067``, never ``6.7e-05``."""
    places = max(0, 1 - math.floor(math.log10(abs(value))))
    text = format(value, f"{flags}.{places}f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: float, spec: str | None = None) -> str:
    """A float as a person reads it, in a table or a sentence.

    With ``spec`` (a format such as ``".2f"``, ``"+.1f"``, ``".1%"``) the value is written with
    it, unless it is not zero but would show as zero: then it keeps two significant figures
    (``format_number(0.000048, ".2%") == "0.0048%"``). Without, one decimal from 1 up and two
    significant figures below 1 (``0.0034``). Always plain decimals, never exponents
    (``0.000067``, not ``6.7e-05``), and never ``-0.0``. A whole number (an ``int``, NumPy's
    included, or a whole float: a count of ballots) with a whole-number spec (``","``,
    ``"+d"``, ``"+,d"``) is written exactly (``format_number(41822, ",") == "41,822"``,
    ``format_number(7.0, ",") == "7"``); a fraction with one as without a spec (an STV tally
    after a transfer: ``6.3``). A percentage short of 100% is never written as
    100% (``format_number(0.996, ".0%") == "99.6%"``), as a non-zero one is never 0% (a fixed
    ``f`` spec rounds as usual: a swing of 0.96 points is 1.0).
    """
    fixed = None
    if spec is not None:
        whole, fixed = _spec_parts(spec)
        if whole:
            if _whole(value):
                return format(int(value), spec)
            spec = None
    value = _shown(value)
    if spec is None:
        if value == 0 or abs(value) >= 1 or not math.isfinite(value):
            return f"{value:,.1f}"
        return _two_figures(value)
    text = format(value, spec)
    if fixed is not None and fixed[2] == "%" and 0 < value < 1 and text == format(1.0, spec):
        # short of certain is never shown as certain: 0.996 is 99.6%, not 100%
        short = float(f"{(1 - value) * 100:.1g}")  # what is missing, in points, one figure
        places = max(fixed[1], -math.floor(math.log10(short)))
        return format(value, f"{fixed[0]}.{places}%")
    if fixed is None or value == 0 or _NON_ZERO_DIGIT.search(text):
        return text
    flags, _, kind = fixed
    if kind == "%":
        return _two_figures(value * 100, flags) + "%"
    return _two_figures(value, flags)


def _whole(value: float) -> bool:
    """Whether ``value`` is a whole number: an ``int`` (NumPy's included; not a ``bool``) or a
    finite float with nothing after the point (``7.0``, not ``6.33333``)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, Integral) or (
        isinstance(value, float) and math.isfinite(value) and value.is_integer()
    )


def _places(text: str) -> int:
    """Decimal places of a number as written (``"0.0022"``: 4, ``"12.5%"``: 1, ``"3"``: 0)."""
    _, point, decimals = text.rstrip("%").partition(".")
    return len(decimals) if point else 0


def format_column(values: Sequence[float | None], spec: str | None = None) -> list[str]:
    """A column of floats for a table: each as :func:`format_number` writes it; the numbers
    written with their own two significant figures (below 1 without a spec, or too small for
    the spec's places) then all with the most decimal places any of them needed, so one column
    never mixes ``0.002`` and ``0.0022`` (``format_column([0.0022, 0.002]) == ["0.0022",
    "0.0020"]``). The numbers the spec writes at its places keep them: one tiny share change
    (``+0.0038``) leaves Labour's ``+1.62``, never ``+1.6200``. A whole-number spec (``","``)
    writes a column of whole numbers whole (first preferences: ``7``, not ``7.0``) and a column
    with a fraction in it (an STV tally after a transfer) as without a spec, so the column
    keeps one number of places. Any other spec that is not fixed-point (``"g"``) is left as
    written. A missing value (``None``: a party with no earlier share to change from) is a
    blank cell, and the column's other numbers are written as if it were not there."""
    if any(value is None for value in values):
        texts = iter(format_column([value for value in values if value is not None], spec))
        return ["" if value is None else next(texts) for value in values]
    return _format_floats([value for value in values if value is not None], spec)


def _format_floats(values: Sequence[float], spec: str | None) -> list[str]:
    """:func:`format_column` of a column with every value there."""
    if spec is not None and _WHOLE.fullmatch(spec) and not all(map(_whole, values)):
        spec = None
    texts = [format_number(value, spec) for value in values]
    fixed = _FIXED.fullmatch(spec) if spec is not None else None
    if spec is not None and fixed is None:
        return texts
    flags, kind = (",", "f") if fixed is None else (fixed["flags"], fixed["kind"])
    places = 1 if fixed is None else int(fixed["places"])
    own = [  # written with two significant figures, not at the spec's places
        index
        for index, (value, text) in enumerate(zip(values, texts, strict=True))
        if _places(text) > places or (fixed is None and abs(_shown(value)) < 1)
    ]
    for _ in range(3):  # a wider spec can need wider still (99.96% is never 100.0%)
        most = max((_places(texts[index]) for index in own), default=0)
        if all(_places(texts[index]) == most for index in own):
            break
        wider = f"{flags}.{most}{kind}"
        for index in own:
            if _places(texts[index]) != most:
                texts[index] = format_number(values[index], wider)
    return texts


#: How a change in a chance is written: signed percentage points with two decimals
#: (:func:`points_column`).
POINTS_SPEC = "+.2f"
#: The unit written after a change in a chance: percentage points.
POINTS_UNIT = "pts"


def points_column(values: Sequence[float | None], spec: str = POINTS_SPEC) -> list[str]:
    """A column of changes in a chance for a table a person reads, in signed percentage points
    with their unit: a probability held as a fraction that rises by ``0.0866`` is ``+8.66 pts``
    (``points_column([0.0866, 0.00217]) == ["+8.66 pts", "+0.22 pts"]``), so it cannot be read
    as a chance of 8.66% or 0.0866%, nor beside a chance written ``38%`` as another unit. The
    one rule for the CLI's tables (:func:`psephos.cli._output.render`) and the web's pages (the
    ``points_column`` filter); each number as :func:`format_column` writes the column (a tiny
    change keeps two significant figures: ``+0.0021 pts``), a missing value a blank cell. CSV
    and JSON keep the fractions."""
    texts = format_column([None if value is None else value * 100 for value in values], spec)
    return [f"{text} {POINTS_UNIT}" if text else "" for text in texts]


#: From this probability down, a chance is written in words (:func:`one_in`), not as a percentage.
WORDS_BELOW = 0.05

#: A chance counted in a run of simulations is written as a bound (:func:`one_in`) within this
#: many of the run's draws of 0 or 1: a party winning 1 to 3 of 2,000 is the run's noise.
NOISE_DRAWS = 4


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count and its noun for a sentence: ``"1 swap"``, ``"1,147 seats"`` (the plural is
    ``noun + "s"`` unless given)."""
    return f"{format_number(count, ',.0f')} {plural_of(count, noun, plural)}"


def plural_of(count: int, noun: str, plural: str | None = None) -> str:
    """A noun as a sentence writes it of ``count`` things, the count left out: ``"row"`` of
    one, ``"rows"`` of three (``plural_of(2, "row") + " 3 and 7"``); the plural is
    ``noun + "s"`` unless given. The one rule of plurals (:func:`counted` writes the count
    before it)."""
    return noun if count == 1 else plural or noun + "s"


def seat_range(low: int, high: int) -> str:
    """A range of seats as every page writes one, its ends joined by an en dash (U+2013):
    ``311`` to ``449`` is ``"311\u2013449"``.
    The 90% range cells of the forecast, exit poll, swingometer and results-night pages (the
    ``seat_range`` template filter: ``{{ row.low_90|seat_range(row.high_90) }}``), the text
    the results night's live JSON carries for its script to insert (``range_text``) and the
    results night's verdict ("Lab majority projected (340\u2013420 seats; ...)")."""
    return f"{low}\u2013{high}"


def listed(words: Iterable[str], conjunction: str = "and") -> str:
    """Words as a sentence lists them: ``"A"``, ``"A and B"``, ``"A, B and C"`` (no comma
    before the last); ``conjunction="or"`` for a choice, ``"A, B or C"``. The one joiner of
    a sentence's lists: the seats a split seat went to, the parties a page names (the
    tactical map's "defeat Con, Reform UK and SNP"), ranks tied on a ballot, the columns a
    message names."""
    words = list(words)
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def first_listed(words: Sequence[str], limit: int) -> str:
    """Words a note lists, at most ``limit`` of them and a count of the rest: ``"3, 4, 9"``,
    ``"3, 4, 5 and 3,980 more"``, so a note on a file of thousands of rows stays a line."""
    shown = ", ".join(words[: max(limit, 0)])
    rest = len(words) - max(limit, 0)
    return f"{shown} and {format_number(rest, ',.0f')} more" if rest > 0 else shown


def ordinal(position: int) -> str:
    """A place in an order as a sentence writes it: ``"1st"``, ``"2nd"``, ``"3rd"``, ``"4th"``,
    ``"11th"``, ``"12th"``, ``"13th"``, ``"21st"``, ``"112th"``, ``"1,001st"`` (the number
    with thousands separators, as :func:`counted`)."""
    if position % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(position % 10, "th")
    return f"{position:,}{suffix}"


def one_in(probability: float, spec: str = ".0%", *, draws: int | None = None) -> str:
    """A probability in words a person reads: ``'70%'``, ``'12%'``, ``'about 1 in 40'``,
    ``'about 1 in 10,000'``, ``'about 1 in 2.3 million'``, ``'less than 1 in a billion'``, and
    ``'effectively zero'`` for none at all (a party that wins no simulation).

    From :data:`WORDS_BELOW` up the probability is a percentage, written with ``spec``
    (:func:`format_number`; ``".1%"`` where a table beside it shows one decimal). Below, odds
    are rounded to two significant figures ("about"); below one in a billion the models' tails
    say nothing reliable, so the words say so instead of "1 in 392 billion".

    A chance counted in ``draws`` simulations (a party's wins in 2,000) is noise within
    :data:`NOISE_DRAWS` of them at either end: one win in 2,000 made a party less likely to win
    than another look likelier ("about 1 in 2,000" beside "effectively zero"). Such a chance
    is written as a bound, the same for every one: ``'less than 1 in 500'`` and ``'more than
    99.8%'`` at 2,000 simulations, never ``'effectively zero'`` nor ``'100.0%'``.
    """
    if draws is not None and draws > 0:
        floor = NOISE_DRAWS / draws
        if _shown(probability) < floor:
            return f"less than 1 in {format_number(draws / NOISE_DRAWS, ',.0f')}"
        if _shown(probability) > 1 - floor:
            return f"more than {format_number(1 - floor, '.1%')}"
    probability = _shown(probability)
    if not probability > 0:
        return "effectively zero"
    if probability >= WORDS_BELOW:
        return format_number(probability, spec)
    odds = 1.0 / probability
    if odds >= 1e9:
        return "less than 1 in a billion"
    rounded_odds = float(f"{odds:.2g}")
    if rounded_odds >= 1e6:
        return f"about 1 in {rounded_odds / 1e6:g} million"
    return f"about 1 in {rounded_odds:,.0f}"
