"""From the words people use for a time ("friday at eight", "tomorrow night") to a schedule.

Slot values arrive the way Alexa resolves them: AMAZON.DATE as a day
("2026-12-04"), a week ("2026-W49") or a weekend ("2026-W49-WE");
AMAZON.TIME as "20:00" or a part of the day ("EV", "NI"); AMAZON.DayOfWeek as
a day name, which means every week on that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

# The hour each part of the day stands for: evenings, when couples are home together.
PARTS_OF_DAY = {"MO": time(9, 0), "AF": time(14, 0), "EV": time(19, 0), "NI": time(21, 0)}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(-WE)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Wish:
    """What the listener asked for, as slot values; None where they said nothing."""

    date: str | None = None
    time: str | None = None
    weekday: str | None = None

    def with_time(self, value: str | None) -> Wish:
        return Wish(self.date, value, self.weekday)

    def as_json(self) -> dict[str, str]:
        return {k: v for k, v in (("date", self.date), ("time", self.time), ("weekday", self.weekday)) if v}

    @classmethod
    def from_json(cls, value: Any) -> Wish | None:
        """A wish read back from session state or a token; None when it is not one."""
        if not isinstance(value, dict):
            return None
        fields = {k: value.get(k) for k in ("date", "time", "weekday")}
        if not all(v is None or isinstance(v, str) for v in fields.values()):
            return None
        return cls(**fields)


@dataclass(frozen=True)
class Schedule:
    at: datetime  # local wall-clock time, no offset: the Reminders API takes a time zone beside it
    weekly: str | None  # the weekday name when it repeats every week
    moved: bool  # the time had passed, so it moved to the next day


class NotUnderstood(ValueError):
    """A date or time this skill cannot turn into a reminder."""


def parse_time(value: str | None) -> time | None:
    """The clock time of an AMAZON.TIME value; None when none was said."""
    if not value:
        return None
    if value in PARTS_OF_DAY:
        return PARTS_OF_DAY[value]
    match = _CLOCK.match(value)
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return time(int(match.group(1)), int(match.group(2)))
    raise NotUnderstood(f"time {value!r}")


def _weekday_index(value: str) -> int:
    name = value.strip().lower()
    if name not in WEEKDAYS:
        raise NotUnderstood(f"weekday {value!r}")
    return WEEKDAYS.index(name)


def _first_day(value: str, today: date) -> date:
    """The day an AMAZON.DATE value points to: the day itself, or the first day of a week not yet past."""
    match = _DAY.match(value)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise NotUnderstood(f"date {value!r}") from None
    match = _WEEK.match(value)
    if match:
        try:
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            raise NotUnderstood(f"date {value!r}") from None
        start = monday + timedelta(days=5) if match.group(3) else monday
        return max(start, today)
    raise NotUnderstood(f"date {value!r}")


def schedule(wish: Wish, at: time, now: datetime) -> Schedule:
    """When the reminder rings, in local time, given the local time `now`."""
    if wish.weekday:
        target = _weekday_index(wish.weekday)
        day = now.date() + timedelta(days=(target - now.weekday()) % 7)
        when = datetime.combine(day, at)
        if when <= now:
            when += timedelta(days=7)  # the same day next week, still the day they chose
        return Schedule(when, WEEKDAYS[target], moved=False)
    day = _first_day(wish.date, now.date()) if wish.date else now.date()
    when = datetime.combine(day, at)
    if when > now:
        return Schedule(when, None, moved=False)
    # A time already gone: the next time that clock time comes round, and say so.
    when = datetime.combine(now.date(), at)
    if when <= now:
        when += timedelta(days=1)
    return Schedule(when, None, moved=True)


def rrule(plan: Schedule) -> str:
    """The RFC 5545 rule for a weekly reminder, as the Reminders API takes it."""
    day = RRULE_DAYS[WEEKDAYS.index(plan.weekly or "")]
    return f"FREQ=WEEKLY;BYDAY={day};BYHOUR={plan.at.hour};BYMINUTE={plan.at.minute};BYSECOND=0;INTERVAL=1"


def spoken(plan: Schedule, now: datetime) -> str:
    """How to say when it rings: "tomorrow at 7 PM", "every Sunday at 8:30 PM"."""
    hour = plan.at.hour % 12 or 12
    clock = f"{hour}:{plan.at.minute:02d}" if plan.at.minute else str(hour)
    clock += " AM" if plan.at.hour < 12 else " PM"
    if plan.weekly:
        return f"every {plan.weekly.capitalize()} at {clock}"
    days = (plan.at.date() - now.date()).days
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    name = WEEKDAYS[plan.at.weekday()].capitalize()
    if days < 7:
        return f"on {name} at {clock}"
    return f"on {name}, {plan.at.strftime('%B')} {plan.at.day}, at {clock}"
