"""Error models for the Monte Carlo forecast: how far the truth may fall from a projection.

A projection gives each seat's mean vote shares. The truth differs by three correlated layers
(Hanretty, Lauderdale & Vivyan 2016, "Combining national and constituency polling for
forecasting", *Electoral Studies* 41; Fisher et al. 2011, "Forecasting the 2010 British general
election", *Electoral Studies* 30):

* a **national** error per party, shared by every seat (the polls missing the national share);
* a **regional** error per region and party, shared by the seats of a region;
* a **seat** error, independent between seats.

Error sizes scale with the binomial spread of the share, ``sd = scale * sqrt(s * (1 - s))``, so
a party on 5% does not get the same absolute error as a party on 40%. National and regional
errors are Normal or, with ``tail_df``, Student-t (fatter tails). Seat errors are Gumbel, so
the winner given the national and regional draws follows the multinomial logit in closed form
(McFadden 1974); the difference of two Gumbel errors is logistic with the same variance as the
difference of two Normals of standard deviation ``seat sd``.

The scales are calibrated from back-tests on earlier elections only
(:func:`psephos.forecast.calibration.calibrate_error_model`); see
``docs/methodology/forecast.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from psephos.errors import PsephosError, unknown_choice

FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]

#: sqrt(s(1-s)) at a 35% share: multiply a scale by this to read it as points at 35%.
SPREAD_AT_35 = float(np.sqrt(0.35 * 0.65))


def binomial_spread(shares: npt.ArrayLike) -> FloatArray:
    """``sqrt(s * (1 - s))`` of shares, the factor every error scale multiplies."""
    values = np.clip(np.asarray(shares, dtype=np.float64), 0.0, 1.0)
    return np.sqrt(values * (1.0 - values))


@runtime_checkable
class ErrorModel(Protocol):
    """What the Monte Carlo engine needs from an error model."""

    @property
    def name(self) -> str:
        """Registry name."""
        ...

    def draw_offsets(
        self,
        rng: np.random.Generator,
        n_sims: int,
        national_spread: FloatArray,
        regional_spread: FloatArray,
        region_names: Sequence[str] | None = None,
    ) -> Float32Array:
        """Shared errors, shape ``(n_sims, n_regions, n_parties)`` float32, in share units.

        Args:
            rng: the generator to draw from.
            n_sims: number of simulations.
            national_spread: ``(n_parties,)`` binomial spread of the national shares.
            regional_spread: ``(n_regions, n_parties)`` binomial spread of regional shares.
            region_names: the regions' names in row order (needed by a model whose regional
                scale differs between named areas).
        """
        ...

    def seat_sd(self, contender_spread: FloatArray) -> FloatArray:
        """Seat-level error standard deviation per seat, from the contenders' spread."""
        ...


@dataclass(frozen=True, slots=True)
class LayeredErrors:
    """National + regional + seat errors, Normal or Student-t in the shared layers.

    Attributes:
        national_scale: national sd is ``national_scale * sqrt(s(1-s))`` (0.052 is 2.5 points
            for a party on 35%, about the average final-poll miss in Britain: Sturgis et al.
            2016, *Report of the Inquiry into the 2015 British general election opinion polls*;
            Jennings & Wlezien 2018, *Nature Human Behaviour* 2).
        regional_scale: the same for each region's deviation from the national change.
        seat_scale: the same for each seat's deviation from its region.
        tail_df: degrees of freedom of a Student-t for the national and regional layers
            (None: Normal).
        name: registry name.
        area_scales: ``(region name, scale)`` pairs replacing ``regional_scale`` in the named
            regions: e.g. Scotland and Wales, whose shares a GB-only input does not give and
            whose errors from it are larger than an English region's
            (:func:`psephos.forecast.realinput.forecast_error_scales`).
        party_sd: extra national sd per party (share units, the forecast's party order),
            added in quadrature to ``national_scale * sqrt(s(1-s))``: e.g. a model error that
            grows with each party's swing (:data:`psephos.forecast.realinput.MODEL_ERRORS`).
    """

    national_scale: float = 0.052
    regional_scale: float = 0.035
    seat_scale: float = 0.085
    tail_df: float | None = None
    name: str = "layered"
    area_scales: tuple[tuple[str, float], ...] = ()
    party_sd: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        for label in ("national_scale", "regional_scale", "seat_scale"):
            value = getattr(self, label)
            if not np.isfinite(value) or value < 0:
                raise PsephosError(f"{label} must be a non-negative number, got {value!r}.")
        if self.tail_df is not None and not self.tail_df > 2:
            raise PsephosError(f"tail_df must be above 2 (finite variance), got {self.tail_df!r}.")
        for area, value in self.area_scales:
            if not np.isfinite(value) or value < 0:
                raise PsephosError(
                    f"area scale of {area!r} must be a non-negative number, got {value!r}."
                )
        extra = np.asarray(self.party_sd, dtype=np.float64)
        if not np.all(np.isfinite(extra)) or np.any(extra < 0):
            raise PsephosError("party_sd must be non-negative numbers (one per party).")

    def national_sds(self, national_spread: FloatArray) -> FloatArray:
        """The national layer's sd per party: ``national_scale * spread``, with ``party_sd``
        added in quadrature.

        Raises:
            PsephosError: when ``party_sd`` does not have one value per party.
        """
        sd = self.national_scale * np.asarray(national_spread, dtype=np.float64)
        if not self.party_sd:
            return sd
        extra = np.asarray(self.party_sd, dtype=np.float64)
        if extra.shape != sd.shape:
            raise PsephosError(f"party_sd has {extra.size} parties; the forecast has {sd.size}.")
        return np.sqrt(sd**2 + extra**2)

    def regional_scales(self, region_names: Sequence[str] | None, n_regions: int) -> FloatArray:
        """The regional scale of each region (``area_scales`` where named, else
        ``regional_scale``), in the order of ``region_names``.

        Raises:
            PsephosError: with area scales but no region names, or names of the wrong length.
        """
        scales = np.full(n_regions, self.regional_scale)
        if not self.area_scales:
            return scales
        if region_names is None or len(region_names) != n_regions:
            raise PsephosError(
                f"This error model has area scales ({', '.join(a for a, _ in self.area_scales)}): "
                f"it needs the names of the {n_regions} regions."
            )
        named = dict(self.area_scales)
        for index, region in enumerate(region_names):
            if region in named:
                scales[index] = named[region]
        return scales

    def _standard(self, rng: np.random.Generator, shape: tuple[int, ...]) -> Float32Array:
        draws = rng.standard_normal(shape, dtype=np.float32)
        if self.tail_df is not None:
            # Student-t rescaled to unit variance: z / sqrt(chi2/df) * sqrt((df-2)/df).
            chi = rng.chisquare(self.tail_df, size=shape[:1] + (1,) * (len(shape) - 1))
            factor = np.sqrt((self.tail_df - 2.0) / chi).astype(np.float32)
            draws *= factor
        return draws

    def draw_offsets(
        self,
        rng: np.random.Generator,
        n_sims: int,
        national_spread: FloatArray,
        regional_spread: FloatArray,
        region_names: Sequence[str] | None = None,
    ) -> Float32Array:
        """See :meth:`ErrorModel.draw_offsets`."""
        n_regions, n_parties = regional_spread.shape
        scales = self.regional_scales(region_names, n_regions)
        national = self._standard(rng, (n_sims, 1, n_parties))
        national *= self.national_sds(national_spread).astype(np.float32)
        regional = self._standard(rng, (n_sims, n_regions, n_parties))
        regional *= (scales[:, None] * regional_spread).astype(np.float32)
        regional += national
        return regional

    def seat_sd(self, contender_spread: FloatArray) -> FloatArray:
        """See :meth:`ErrorModel.seat_sd`."""
        return self.seat_scale * np.asarray(contender_spread, dtype=np.float64)


@dataclass(frozen=True, slots=True, eq=False)
class SeatSpreadErrors:
    """The layered model plus a per-seat model-uncertainty term.

    Each seat's error sd is ``sqrt((seat_scale * spread)^2 + extra_sd^2)``: ``extra_sd`` is
    larger where the projection is less certain of its own mean, e.g. where different swing
    models disagree (:func:`psephos.forecast.calibration.model_spread`). The shared layers
    are the wrapped :class:`LayeredErrors`'s.

    Attributes:
        layers: national, regional and seat scales.
        extra_sd: per-seat extra sd of each party's share, in seat order (share units).
        name: registry name.
    """

    layers: LayeredErrors
    extra_sd: FloatArray
    name: str = "seat-spread"

    def __post_init__(self) -> None:
        extra = np.asarray(self.extra_sd, dtype=np.float64)
        if extra.ndim != 1 or not np.all(np.isfinite(extra)) or np.any(extra < 0):
            raise PsephosError("extra_sd must be a 1-D array of non-negative numbers (per seat).")

    @property
    def national_scale(self) -> float:
        """The wrapped national scale."""
        return self.layers.national_scale

    @property
    def regional_scale(self) -> float:
        """The wrapped regional scale."""
        return self.layers.regional_scale

    @property
    def seat_scale(self) -> float:
        """The wrapped seat scale (before the per-seat term)."""
        return self.layers.seat_scale

    @property
    def tail_df(self) -> float | None:
        """The wrapped tails."""
        return self.layers.tail_df

    def draw_offsets(
        self,
        rng: np.random.Generator,
        n_sims: int,
        national_spread: FloatArray,
        regional_spread: FloatArray,
        region_names: Sequence[str] | None = None,
    ) -> Float32Array:
        """See :meth:`ErrorModel.draw_offsets`."""
        return self.layers.draw_offsets(rng, n_sims, national_spread, regional_spread, region_names)

    def regional_scales(self, region_names: Sequence[str] | None, n_regions: int) -> FloatArray:
        """The wrapped :meth:`LayeredErrors.regional_scales`."""
        return self.layers.regional_scales(region_names, n_regions)

    def national_sds(self, national_spread: FloatArray) -> FloatArray:
        """The wrapped :meth:`LayeredErrors.national_sds`."""
        return self.layers.national_sds(national_spread)

    def seat_sd(self, contender_spread: FloatArray) -> FloatArray:
        """See :meth:`ErrorModel.seat_sd`."""
        base = self.layers.seat_sd(contender_spread)
        extra = np.asarray(self.extra_sd, dtype=np.float64)
        if extra.shape != base.shape:
            raise PsephosError(f"extra_sd has {extra.size} seats; the forecast has {base.size}.")
        return np.sqrt(base**2 + extra**2)


def student_t_errors(
    national_scale: float = 0.052,
    regional_scale: float = 0.035,
    seat_scale: float = 0.085,
    tail_df: float = 5.0,
) -> LayeredErrors:
    """The layered model with Student-t national and regional errors (fatter tails)."""
    return LayeredErrors(national_scale, regional_scale, seat_scale, tail_df, "student-t")


def normal_errors() -> LayeredErrors:
    """The layered model with Normal national and regional errors (the default)."""
    return LayeredErrors()


ERROR_MODELS: dict[str, Callable[[], ErrorModel]] = {
    "normal": normal_errors,
    "student-t": student_t_errors,
}


def get_error_model(name: str) -> ErrorModel:
    """An error model from the registry by name (``normal``, ``student-t``).

    Raises:
        PsephosError: naming the registered models.
    """
    try:
        return ERROR_MODELS[name]()
    except KeyError:
        raise PsephosError(unknown_choice("error model", name, ERROR_MODELS)) from None
