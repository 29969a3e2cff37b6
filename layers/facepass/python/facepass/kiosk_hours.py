"""When kiosks are expected to be on (FACEPASS_KIOSK_HOURS, e.g. "Mon-Fri 07:00-19:00"), in each kiosk's own time
zone: outside those hours a silent kiosk is not quiet (a site that switches its kiosks off at night or over the
weekend is not paged), and within them its silence counts from the hours' start (a kiosk switched on at 07:05 is not
quiet at 07:00 for the night before)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(r"^(?:(?P<days>[A-Za-z]{3}(?:-[A-Za-z]{3})?(?:,[A-Za-z]{3}(?:-[A-Za-z]{3})?)*)\s+)?"
                    r"(?P<start>\d\d:\d\d)-(?P<end>\d\d:\d\d)$")


def _clock(text: str, *, end: bool) -> time | None:
    """HH:MM; "24:00" only as an end (the day's end: None)."""
    hours, minutes = int(text[:2]), int(text[3:])
    if end and (hours, minutes) == (24, 0):
        return None
    if hours > 23 or minutes > 59:
        raise ValueError(f"{text} is not a time of day (00:00-23:59, or 24:00 as an end)")
    return time(hours, minutes)


def _days(text: str | None) -> frozenset[int]:
    if not text:
        return frozenset(range(7))
    days: set[int] = set()
    for part in text.lower().split(","):
        first, _, last = part.partition("-")
        if first not in DAY_NAMES or (last and last not in DAY_NAMES):
            raise ValueError(f"{part} is not a day or a range of days (Mon, Tue, ... Sun; e.g. Mon-Fri)")
        start, stop = DAY_NAMES.index(first), DAY_NAMES.index(last or first)
        days.update(day % 7 for day in range(start, start + (stop - start) % 7 + 1))
    return frozenset(days)


@dataclass(frozen=True)
class KioskHours:
    """Days (0 Monday .. 6 Sunday: the days an expected span begins on) and a span of the clock [start, end); end
    None is midnight after; an end not after the start runs past midnight into the next day."""
    days: frozenset[int]
    start: time
    end: time | None

    @classmethod
    def parse(cls, text: str) -> KioskHours | None:
        """"" (always expected: None), "07:00-19:00" (every day), "Mon-Fri 07:00-19:00", "Mon-Fri,Sun 22:00-06:00"."""
        text = text.strip()
        if not text:
            return None
        match = _HOURS.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not kiosk hours: [days ]HH:MM-HH:MM, e.g. 'Mon-Fri 07:00-19:00'")
        start, end = _clock(match["start"], end=False), _clock(match["end"], end=True)
        if end == start:
            raise ValueError(f"{text!r} is an empty span: for every hour of every day leave it empty")
        return cls(days=_days(match["days"]), start=start, end=end)

    def expected_since(self, now: datetime, zone: str) -> datetime | None:
        """The instant the span `now` lies in began (in `zone`, as an aware datetime), or None when `now` is outside
        every span."""
        local = now.astimezone(ZoneInfo(zone))
        for days_back in (0, 1):  # a span begun today, or yesterday's running past midnight
            day = local.date() - timedelta(days=days_back)
            if day.weekday() not in self.days:
                continue
            begun = datetime.combine(day, self.start, tzinfo=local.tzinfo)
            ends_on = day if self.end is not None and self.end > self.start else day + timedelta(days=1)
            ended = datetime.combine(ends_on, self.end or time(0), tzinfo=local.tzinfo)
            if begun <= local < ended:
                return begun
        return None
