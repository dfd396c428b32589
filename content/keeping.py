"""The lines about what is kept for a couple (content/data/keeping.yaml):
favourites, the "how did it go?" follow-up, and "what do you remember?".

Loaded on first use, validated like every content file.
"""

# No `from __future__ import annotations`: it would make NamedTuple compile every
# annotation as a ForwardRef, slowing cold starts (see content/loader.py).

from pathlib import Path
from typing import Any, NamedTuple

from content.data_file import cached, read
from content.loader import DATA_DIR
from content.validator import MIN_PHRASINGS, PHRASE_WORDS, FileChecker

FILE = "keeping.yaml"
ITEM_KINDS = ("idea", "question", "opener", "reflection", "step")
SECTIONS: dict[str, dict[str, frozenset[str]]] = {
    "favourites": {
        "saved": frozenset({"kind"}), "already": frozenset({"kind"}), "nothing_to_save": frozenset(),
        "none_yet": frozenset(), "none_of_kind": frozenset({"kinds"}), "lead": frozenset(),
        "another": frozenset(),
        "removed": frozenset({"kind"}), "not_saved": frozenset(),
    },
    "follow_up": {
        "ask": frozenset(), "helped": frozenset(), "not_really": frozenset(), "didnt_try": frozenset(),
        "unclear": frozenset(),
    },
    "remember": {
        "nothing": frozenset(), "heard": frozenset({"ideas", "questions"}),
        "favourites": frozenset({"favourites"}),
        "focus": frozenset(), "situation": frozenset(), "programme": frozenset({"name", "night"}),
        "programme_paused": frozenset({"name", "night"}), "never": frozenset(),
    },
}


class Keeping(NamedTuple):
    lines: dict[str, tuple[str, ...]]  # "section.name" -> phrasings
    kinds: dict[str, tuple[str, str]]  # item kind -> (said for one, said for several)


def load_keeping(directory: Path | str = DATA_DIR) -> Keeping:
    directory = Path(directory)
    return cached(directory, FILE, "", lambda: _parse(directory), _from_plain)


def _from_plain(plain: Any) -> Keeping:
    lines, kinds = plain
    return Keeping({key: tuple(options) for key, options in lines.items()},
                   {kind: (names[0], names[1]) for kind, names in kinds.items()})


def _parse(directory: Path) -> Keeping:
    check, raw = read(directory, FILE)
    check.mapping(raw, "-", set(SECTIONS))
    lines: dict[str, tuple[str, ...]] = {}
    kinds: dict[str, tuple[str, str]] = {}
    for section, names in SECTIONS.items():
        extra = frozenset({"kinds"}) if section == "favourites" else frozenset()
        check.mapping(raw[section], section, set(names), extra)
        for name, fields in names.items():
            item = f"{section}.{name}"
            entries = check.sequence(raw[section][name], item, MIN_PHRASINGS)
            lines[item] = tuple(check.text(text, f"{item}[{i}]", PHRASE_WORDS, fields)
                                for i, text in enumerate(entries))
    kinds = _kinds(check, raw["favourites"].get("kinds"))
    return Keeping(lines, kinds)


def _kinds(check: FileChecker, raw: Any) -> dict[str, tuple[str, str]]:
    check.mapping(raw, "favourites.kinds", set(ITEM_KINDS))
    kinds = {}
    for kind in ITEM_KINDS:
        names = check.sequence(raw[kind], f"favourites.kinds.{kind}", 2)
        if len(names) != 2:
            check.fail(f"favourites.kinds.{kind}", "give two names: for one, and for several")
        kinds[kind] = (check.text(names[0], f"favourites.kinds.{kind}", 4),
                       check.text(names[1], f"favourites.kinds.{kind}", 4))
    return kinds
