"""Hears days and times in a typed sentence, resolved as Alexa resolves its built-in slots.

AMAZON.DATE becomes a day ("2026-12-04") or a weekend ("2026-W49-WE"),
AMAZON.TIME a clock time ("20:00") or a part of the day ("EV", "NI"), and a
day after "every" or "each" an AMAZON.DayOfWeek. A bare hour such as "eight"
is taken as the evening unless the sentence says morning or "am", since a
couple's ritual is most often at night. Each phrase found is replaced by a
token (`slotdate`, `slottime`, `slotweekday`) so the classifier sees the
sentence's shape, as it does in the samples.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from local_runner.envelopes import SlotValue

TOKENS = {"date": "slotdate", "time": "slottime", "weekday": "slotweekday"}
SLOT_TYPES = {"date": "AMAZON.DATE", "time": "AMAZON.TIME", "weekday": "AMAZON.DayOfWeek"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
MINUTES = {"fifteen": 15, "thirty": 30, "forty five": 45, "o'clock": 0, "oclock": 0}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}

_DAY = "|".join(WEEKDAYS)
_HOUR = r"(?:\d{1,2}|" + "|".join(NUMBERS) + ")"
_MINUTE = r"(?::\d{2}|\s+(?:" + "|".join(MINUTES) + r"))"
_PATTERNS = [
    ("weekday", re.compile(rf"\b(?:every|each)\s+({_DAY})s?\b")),
    ("date", re.compile(r"\b(tonight|today|tomorrow|the day after tomorrow)\b")),
    ("date", re.compile(r"\b(?:(?:this|the|at the|on the)\s+)?(weekend)\b")),
    ("date", re.compile(r"\b(next week)\b")),
    ("date", re.compile(rf"\b(?:on\s+|next\s+|this\s+)?({_DAY})\b")),
    ("time", re.compile(rf"\b(?:at\s+)?(noon|midnight|half past {_HOUR}|"
                        rf"{_HOUR}{_MINUTE}?(?:\s*(?:am|pm|a m|p m))?)(?=\s|$)")),
    ("time", re.compile(r"\b(?:in the\s+|at\s+)?(morning|afternoon|evening|night)\b")),
]


def _hour(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


def _clock(phrase: str, morning: bool) -> str | None:
    text = phrase.replace("a m", "am").replace("p m", "pm")
    if text == "noon":
        return "12:00"
    if text == "midnight":
        return "00:00"
    minute = 0
    if text.startswith("half past "):
        text, minute = text[len("half past "):], 30
    minutes = "|".join(MINUTES)
    match = re.match(rf"^({_HOUR})(?::(\d{{2}})|\s+({minutes}))?\s*(am|pm)?$", text)
    if not match:
        return None
    hour = _hour(match.group(1))
    if match.group(2):
        minute = int(match.group(2))
    elif match.group(3):
        minute = MINUTES[match.group(3)]
    if hour > 23 or minute > 59:
        return None
    suffix = match.group(4)
    if hour <= 12 and (suffix == "pm" or (suffix is None and not morning and hour < 12)):
        hour = hour % 12 + 12
    elif suffix == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _bare_hour(phrase: str) -> bool:
    return re.fullmatch(_HOUR, phrase) is not None


def _date(phrase: str, today: date) -> str:
    if phrase in ("today", "tonight"):
        return today.isoformat()
    if phrase == "tomorrow":
        return (today + timedelta(days=1)).isoformat()
    if phrase == "the day after tomorrow":
        return (today + timedelta(days=2)).isoformat()
    if phrase == "weekend":
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}-WE"
    if phrase == "next week":
        year, week, _ = (today + timedelta(days=7)).isocalendar()
        return f"{year}-W{week:02d}"
    return (today + timedelta(days=(WEEKDAYS.index(phrase) - today.weekday()) % 7)).isoformat()


def find(text: str, today: date | None = None) -> tuple[str, dict[str, SlotValue]]:
    """The sentence with each day and time replaced by its token, and the slots heard."""
    today = today or date.today()
    morning = bool(re.search(r"\b(?:morning|am|a m)\b", text))
    slots: dict[str, SlotValue] = {}
    for name, pattern in _PATTERNS:
        if name in slots:
            continue
        found = pattern.search(text)
        if not found:
            continue
        phrase = found.group(1)
        if name == "weekday":
            value = phrase
        elif name == "date":
            value = _date(phrase, today)
            if phrase == "tonight" and "time" not in slots:
                slots["time"] = SlotValue("NI", SLOT_TYPES["time"])
        elif phrase in PARTS:
            value = PARTS[phrase]
        elif _bare_hour(phrase) and not found.group(0).startswith("at ") and \
                not re.fullmatch(rf"(?:make it |how about )?{re.escape(phrase)}(?: please)?", text):
            continue  # "one more idea" is not a time; "at one" and a lone "eight" are
        else:
            clock = _clock(phrase, morning)
            if clock is None:
                continue
            value = clock
        # Alexa sends a built-in slot's resolved value as its value, with no resolutions.
        slots[name] = SlotValue(value, SLOT_TYPES[name])
        text = text[:found.start()] + TOKENS[name] + text[found.end():]
    return " ".join(text.split()), slots
