"""Time zone names for ``schedule`` entries, from the system's IANA time zone database (offline)."""

from __future__ import annotations

import functools
import zoneinfo


@functools.cache
def _known_zones() -> frozenset[str]:
    try:
        return frozenset(zoneinfo.available_timezones())
    except OSError:  # an unreadable zone directory: no database to check against
        return frozenset()


def timezone_problem(name: str) -> str | None:
    """Why ``name`` is not a time zone GitHub can run a schedule in, or None. Without a time zone
    database on this system only an empty name is reported: nothing else can be told offline."""
    if not name.strip():
        return "schedule timezone is empty: name an IANA time zone such as 'Europe/Paris', or drop the key"
    zones = _known_zones()
    if not zones or name in zones:
        return None
    return f"unknown schedule timezone {name!r}: GitHub takes an IANA time zone name such as 'America/New_York'"
