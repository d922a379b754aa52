"""A stand-in travel-time hook for ``psephos nearest --travel-time examples.myrouting:minutes``.

It drives in straight lines at 30 km/h; put your routing engine's call in a module of your own.
"""

from psephos.targeting.geo import straight_line_minutes

minutes = straight_line_minutes(30.0)
