"""Multi-member STV districts built from groups of neighbouring seats.

Within each region (the Election's ``regions``), seats are grouped into districts of about
``size`` members: the number of districts is ``round(n / size)`` (at least one) and sizes differ
by at most one. Grouping is greedy on seat centroids (latitude/longitude from the bundled
``geography`` table, for the seats' boundary set): take the unassigned seat farthest from the
centroid of the unassigned seats (a seat on the edge), and join it to its nearest unassigned
neighbours until the district is full. Starting from the edge keeps the leftover seats in one
block, so districts come out compact and contiguous in most regions (not guaranteed: a region
split by water, or a seat whose nearest neighbours are already taken, can give an outlier).

Where no centroids are bundled (e.g. Canada), seats are grouped in the order of their codes
within the region, which for Elections Canada riding numbers is alphabetical, not geographic;
the districts are then only a device for comparing proportionality, and say so in ``method``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from psephos.jurisdictions import of as jurisdiction_of
from psephos.model import Election

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class District:
    """One multi-member district.

    Attributes:
        name: ``"<region> <n>"``.
        region: The region it lies in.
        seats: Positions (in the Election's seat order) of the constituencies it merges.
        method: ``"centroids"`` or ``"code order"``.
    """

    name: str
    region: str
    seats: tuple[int, ...]
    method: str

    @property
    def magnitude(self) -> int:
        """Members elected (one per merged constituency)."""
        return len(self.seats)


def _centroids(election: Election) -> npt.NDArray[np.float64] | None:
    country = jurisdiction_of(election)
    if not country.has_table("geography"):
        return None
    geography = country.table("geography")
    sets = {seat.boundary_set for seat in election.constituencies}
    rows = geography[geography["boundary_set"].isin(sets)].set_index("code")
    codes = list(election.codes)
    if not set(codes) <= set(rows.index):
        return None
    picked = rows.loc[codes]
    latitude = picked["latitude"].to_numpy(dtype=np.float64)
    longitude = picked["longitude"].to_numpy(dtype=np.float64)
    # Equirectangular projection: kilometres east and north (good enough within a region).
    x = longitude * np.cos(np.radians(latitude.mean())) * 111.32
    y = latitude * 110.57
    return np.column_stack([x, y])


def _sizes(n: int, size: int) -> list[int]:
    n_districts = max(1, round(n / size))
    base, extra = divmod(n, n_districts)
    return [base + 1] * extra + [base] * (n_districts - extra)


def build_districts(election: Election, *, size: int = 5) -> tuple[District, ...]:
    """Group an election's seats into STV districts of about ``size`` members per region.

    Args:
        election: Any election (UK boundary sets use centroids; others fall back to code order).
        size: Target district magnitude (Ireland uses 3-5; the Scottish councils 3-4).

    Returns:
        Districts covering every seat exactly once, region by region.
    """
    if size < 1:
        raise ValueError(f"district size must be at least 1, not {size}")
    points = _centroids(election)
    regions = election.regions
    codes = np.array(election.codes)
    districts: list[District] = []
    for region in dict.fromkeys(regions.tolist()):
        members = np.nonzero(regions == region)[0]
        sizes = _sizes(len(members), size)
        if points is None:
            ordered = members[np.argsort(codes[members], kind="stable")]
            start = 0
            for number, magnitude in enumerate(sizes, start=1):
                chunk = ordered[start : start + magnitude]
                start += magnitude
                districts.append(
                    District(
                        f"{region} {number}", str(region), tuple(map(int, chunk)), "code order"
                    )
                )
            continue
        unassigned = list(map(int, members))
        for number, magnitude in enumerate(sizes, start=1):
            coords = points[unassigned]
            centre = coords.mean(axis=0)
            seed_index = int(np.argmax(((coords - centre) ** 2).sum(axis=1)))
            seed_point = coords[seed_index]
            distance = ((coords - seed_point) ** 2).sum(axis=1)
            nearest = np.argsort(distance, kind="stable")[:magnitude]
            chosen = sorted(unassigned[int(i)] for i in nearest)
            chosen_set = set(chosen)
            unassigned = [s for s in unassigned if s not in chosen_set]
            districts.append(
                District(f"{region} {number}", str(region), tuple(chosen), "centroids")
            )
    return tuple(districts)
