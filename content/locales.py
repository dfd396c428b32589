"""Lines worded per locale: a default, plus overrides for the few words that differ.

In any content file (except safety.yaml, which is per locale already) a line
may be written as a mapping instead of text:

    say:
      default: Try a lazy morning, sleeping in together.
      en-GB: Try a lazy morning, a lie in together.

Each override must name a locale the skill serves (those in safety.yaml), and
a line with no `default` must give every locale. The parser resolves the files
once per locale, so every locale's wording passes every check on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from content.errors import ContentError

DEFAULT = "default"
_LOCALE = re.compile(r"^[a-z]{2}-[A-Z]{2}$")


def is_variant(value: Any) -> bool:
    """A mapping of `default` and locale names to texts."""
    return isinstance(value, dict) and bool(value) and all(
        isinstance(key, str) and (key == DEFAULT or _LOCALE.match(key)) and isinstance(text, str)
        for key, text in value.items())


def has_variants(raw: Any) -> bool:
    if is_variant(raw):
        return True
    if isinstance(raw, dict):
        return any(has_variants(value) for value in raw.values())
    if isinstance(raw, list):
        return any(has_variants(value) for value in raw)
    return False


def resolve(file: str, raw: Any, locale: str | None, known: set[str], item: str = "-") -> Any:
    """`raw` with each variant replaced by the text for `locale` (None: the default)."""
    if is_variant(raw):
        for key in raw:
            if key != DEFAULT and key not in known:
                raise ContentError(file, item, f"override {key!r} is not a locale the skill serves "
                                               f"({', '.join(sorted(known))})")
        if DEFAULT not in raw:
            missing = sorted(known - raw.keys())
            if missing:
                raise ContentError(file, item, f"no default and no text for {', '.join(missing)}")
            return raw[locale] if locale in raw else raw.get("en-US", raw[sorted(raw)[0]])
        return raw.get(locale or DEFAULT, raw[DEFAULT]) if locale else raw[DEFAULT]
    if isinstance(raw, dict):
        return {key: resolve(file, value, locale, known, _name(item, key, value))
                for key, value in raw.items()}
    if isinstance(raw, list):
        return [resolve(file, value, locale, known, _name(item, index, value))
                for index, value in enumerate(raw)]
    return raw


def _name(item: str, key: Any, value: Any) -> str:
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"]
    if isinstance(key, int):
        return f"{item}[{key}]" if item != "-" else f"[{key}]"
    return f"{item}.{key}" if item != "-" else str(key)


def differences(default: Any, localized: Any) -> Iterator[tuple[str, str]]:
    """(default text, localized text) for each text that differs between two parsed contents."""
    if isinstance(default, str):
        if isinstance(localized, str) and default != localized:
            yield default, localized
    elif isinstance(default, (tuple, list)):
        for one, other in zip(default, localized, strict=False):
            yield from differences(one, other)
    elif isinstance(default, dict):
        for key, value in default.items():
            yield from differences(value, localized.get(key))
    elif hasattr(default, "__dict__"):
        for key, value in vars(default).items():
            if not key.startswith("_"):
                yield from differences(value, getattr(localized, key, None))
