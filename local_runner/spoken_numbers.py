"""Numbers, dates and telephone numbers in words, read the way Alexa reads them (en-US)."""

from __future__ import annotations

import re

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                 "nine": "ninth", "twelve": "twelfth"}
MONTHS = ("January February March April May June July August September October November "
          "December").split()
_GROUP = re.compile(r"\d+")


def digits(text: str) -> str:
    """Each digit on its own: "911" is "nine one one"."""
    return " ".join(ONES[int(c)] for c in text if c.isdigit())


def cardinal(text: str) -> str:
    """A whole number in words; "1,234" is "one thousand two hundred thirty four"."""
    cleaned = text.replace(",", "").strip()
    if not re.fullmatch(r"[-+]?\d+(?:\.\d+)?", cleaned):
        return text  # Alexa reads what is not a number as written
    sign = "minus " if cleaned.startswith("-") else ""
    whole, _, fraction = cleaned.lstrip("+-").partition(".")
    words = sign + _whole(int(whole))
    return f"{words} point {digits(fraction)}" if fraction else words


def _whole(number: int) -> str:
    if number < 20:
        return ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return TENS[tens] + (f" {ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{ONES[hundreds]} hundred" + (f" {_whole(rest)}" if rest else "")
    for scale, name in SCALES:
        if number >= scale:
            high, rest = divmod(number, scale)
            return f"{_whole(high)} {name}" + (f" {_whole(rest)}" if rest else "")
    raise ValueError(number)  # unreachable: every number >= 1000 meets a scale


def ordinal(text: str) -> str:
    """'3' or '3rd' is 'third'; '21' is 'twenty first'."""
    found = re.fullmatch(r"\s*(\d[\d,]*)(?:st|nd|rd|th)?\s*", text)
    if not found:
        return text
    *head, last = cardinal(found.group(1)).split()
    if last in ORDINAL_WORDS:
        last = ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return " ".join([*head, last])


def _telephone_group(group: str) -> str:
    """A toll-free prefix such as 800 or 1800 is 'eight hundred'; other groups digit by digit."""
    if len(group) == 3 and group[0] != "0" and group.endswith("00"):
        return f"{ONES[int(group[0])]} hundred"
    if len(group) == 4 and group[0] == "1" and group[1] != "0" and group.endswith("00"):
        return f"one {ONES[int(group[1])]} hundred"
    return digits(group)


def telephone(text: str) -> str:
    """Groups as written, separated by pauses: 1-800-799-7233 is
    "one, eight hundred, seven nine nine, seven two three three"."""
    groups = _GROUP.findall(text)
    if len(groups) == 1 and len(groups[0]) == 11 and groups[0].startswith("1"):
        number = groups[0]  # 18007997233: read as 1-800-799-7233
        groups = [number[0], number[1:4], number[4:7], number[7:]]
    elif len(groups) == 1 and len(groups[0]) == 10:
        number = groups[0]
        groups = [number[:3], number[3:6], number[6:]]
    if len(groups) > 1 and len(groups[0]) == 1 and groups[0] == "1" and len(groups[1]) == 3:
        spoken = ["one", *(_telephone_group(g) for g in groups[1:])]
    else:
        spoken = [_telephone_group(g) for g in groups]
    words = ", ".join(spoken)
    return f"plus {words}" if text.strip().startswith("+") else words


def year(number: int) -> str:
    """2026 is 'twenty twenty six', 2005 'two thousand five', 1900 'nineteen hundred'."""
    if 2000 <= number < 2010 or number % 1000 == 0 or not 1000 <= number < 10000:
        return _whole(number)
    high, low = divmod(number, 100)
    if low == 0:
        return f"{_whole(high)} hundred"
    return f"{_whole(high)} {'oh ' + ONES[low] if low < 10 else _whole(low)}"


def date(text: str, form: str = "") -> str:
    """YYYYMMDD (with ? for an unknown part), YYYY-MM-DD, or a slashed date read by `format`."""
    text = text.strip()
    found = re.fullmatch(r"([\d?]{4})-?([\d?]{2})-?([\d?]{2})", text)
    if found and not form:
        y, m, d = found.groups()
    else:
        parts = re.split(r"[/.\-\s]+", text)
        order = form or "mdy"
        if len(parts) != len(order):
            return text
        fields = dict(zip(order, parts, strict=True))
        y, m, d = fields.get("y", "????"), fields.get("m", "??"), fields.get("d", "??")
    month = MONTHS[int(m) - 1] if m.isdigit() and 1 <= int(m) <= 12 else ""
    day = ordinal(d) if d.isdigit() and 1 <= int(d) <= 31 else ""
    spoken_year = year(int(y)) if y.isdigit() else ""
    words = " ".join(w for w in (month, day) if w)
    if spoken_year:
        words = f"{words}, {spoken_year}" if words else spoken_year
    return words or text
