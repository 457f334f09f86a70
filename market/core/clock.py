"""One clock for web and worker: instants in UTC, "today" on the farms' calendar.

Timestamps are stored as timezone-aware UTC (`market.models.utcnow`). The rules speak of
dates ("available from", "valid until", the instance date of a run), and a farmer's date
is the one on the wall in the Netherlands: between midnight and 01:00 or 02:00 local time
the UTC date is still yesterday. So every "today" for the rules comes from here, in the
zone the settings name (`MESTMATCH_TIMEZONE`, default Europe/Amsterdam).
"""

from __future__ import annotations

from datetime import date, datetime

from config import Settings
from market.models import utcnow


def today(settings: Settings, now: datetime | None = None) -> date:
    """The farms' date at `now` (an aware instant; default: this moment) in `settings.zone`."""
    return (now or utcnow()).astimezone(settings.zone).date()
