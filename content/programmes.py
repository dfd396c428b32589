"""Programmes (content/data/programmes.yaml): short series of nights, one step a night.

Loaded on first use rather than at cold start, validated like every other
content file: each problem raises ContentError naming the file and the item.
"""

# No `from __future__ import annotations`: it would make NamedTuple compile every
# annotation as a ForwardRef, slowing cold starts (see content/loader.py).

from pathlib import Path
from typing import Any, NamedTuple

from content.data_file import cached, read
from content.loader import DATA_DIR, Content
from content.validator import MIN_PHRASINGS, PHRASE_WORDS, SHORT_WORDS, FileChecker

FILE = "programmes.yaml"
STEP_WORDS = 70
INTRO_WORDS = 70
MIN_NIGHTS, MAX_NIGHTS = 3, 14
# Who a step may send the couple to (CONVENTIONS.md: the `refers` tag).
REFERS = frozenset({"couples_therapist", "sex_therapist", "doctor", "pelvic_health_physio", "counsellor",
                    "support_line"})
LINES = {  # each line the programme turns speak, and the fields it may name
    "begin": {"name", "nights"}, "ready": set(), "night": {"night", "nights"}, "again": set(),
    "offer": {"name", "night"}, "welcome_missed": {"name", "night"}, "not_now": {"name"},
    "paused": {"name", "night"}, "stopped": {"name"}, "resumed": {"name"}, "restarted": {"name"},
    "set_aside": {"name"}, "finished": {"name"}, "suggest_next": {"next"}, "none_running": {"name"},
    "nothing_paused": {"name"},
}
ABUSE_LINE = "abuse"  # the placeholder that speaks the locale's domestic abuse line


class ProgrammeStep(NamedTuple):
    id: str
    way: str  # the kind of step: a `ways` id of ideas.yaml
    say: str
    causes: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()
    refers: tuple[str, ...] = ()


class Programme(NamedTuple):
    id: str
    name: str
    intro: str
    intro_default: str  # for a locale with no numbers; equal to intro when it names none
    closing: str
    next: str
    steps: tuple[ProgrammeStep, ...]


class Programmes(NamedTuple):
    lines: dict[str, tuple[str, ...]]
    by_id: dict[str, Programme]  # in file order

    def step(self, step_id: str) -> tuple[Programme, int] | None:
        """The programme a step belongs to and its index, for a favourite kept by id."""
        for programme in self.by_id.values():
            for index, step in enumerate(programme.steps):
                if step.id == step_id:
                    return programme, index
        return None


def load_programmes(content: Content, directory: Path | str = DATA_DIR) -> Programmes:
    """The programmes file checked against `content` (its ways, causes and situations)."""
    directory = Path(directory)
    depends = "|".join(",".join(sorted(ids)) for ids in (
        (way.id for way in content.ways), content.causes, content.situations))
    return cached(directory, FILE, depends, lambda: _parse(content, directory), _from_plain)


def _from_plain(plain: Any) -> Programmes:
    lines, by_id = plain
    return Programmes(
        {key: tuple(options) for key, options in lines.items()},
        {programme_id: Programme(*fields[:6], tuple(
            ProgrammeStep(step_id, way, say, tuple(causes), tuple(situations), tuple(refers))
            for step_id, way, say, causes, situations, refers in fields[6]))
         for programme_id, fields in by_id.items()},
    )


def _parse(content: Content, directory: Path) -> Programmes:
    check, raw = read(directory, FILE)
    check.mapping(raw, "-", {"lines", "programmes"})
    lines = _lines(check, raw["lines"])
    programmes: dict[str, Programme] = {}
    step_ids: list[str] = []
    for index, entry in enumerate(check.sequence(raw["programmes"], "programmes", 3)):
        programme = _programme(check, entry, f"programmes[{index}]", content)
        if programme.id in programmes:
            check.fail(programme.id, f"duplicate id {programme.id!r}")
        programmes[programme.id] = programme
        step_ids += [step.id for step in programme.steps]
    check.unique_ids(step_ids, "steps")
    for programme in programmes.values():
        if programme.next not in programmes or programme.next == programme.id:
            check.fail(programme.id, f"next {programme.next!r} must be the id of another programme")
    return Programmes(lines, programmes)


def _lines(check: FileChecker, raw: Any) -> dict[str, tuple[str, ...]]:
    check.mapping(raw, "lines", set(LINES))
    lines = {}
    for name, fields in LINES.items():
        entries = check.sequence(raw[name], f"lines.{name}", MIN_PHRASINGS)
        lines[name] = tuple(check.text(text, f"lines.{name}[{i}]", PHRASE_WORDS, frozenset(fields))
                            for i, text in enumerate(entries))
    return lines


def _programme(check: FileChecker, raw: Any, item: str, content: Content) -> Programme:
    check.mapping(raw, item, {"id", "name", "intro", "closing", "next", "steps"},
                  frozenset({"intro_default"}))
    programme_id = check.identifier(raw["id"], item)
    item = programme_id
    intro = check.text(raw["intro"], f"{item}.intro", INTRO_WORDS, frozenset({ABUSE_LINE}))
    names_line = "{" + ABUSE_LINE + "}" in intro
    if names_line and "intro_default" not in raw:
        check.fail(item, "an intro naming {abuse} needs an intro_default for locales with no numbers")
    intro_default = check.text(raw["intro_default"], f"{item}.intro_default", INTRO_WORDS) \
        if "intro_default" in raw else intro
    entries = check.sequence(raw["steps"], f"{item}.steps", MIN_NIGHTS)
    if len(entries) > MAX_NIGHTS:
        check.fail(item, f"{len(entries)} nights, more than the {MAX_NIGHTS} a programme may have")
    steps = tuple(_step(check, entry, f"{item}.steps[{i}]", content) for i, entry in enumerate(entries))
    return Programme(
        id=programme_id,
        name=check.text(raw["name"], f"{item}.name", 6),
        intro=intro,
        intro_default=intro_default,
        closing=check.text(raw["closing"], f"{item}.closing", SHORT_WORDS),
        next=check.identifier(raw["next"], f"{item}.next"),
        steps=steps,
    )


def _step(check: FileChecker, raw: Any, item: str, content: Content) -> ProgrammeStep:
    from content.parser import _tags as tags  # the parser only when the file is first read
    check.mapping(raw, item, {"id", "way", "say"}, frozenset({"causes", "situations", "refers"}))
    step_id = check.identifier(raw["id"], item)
    item = step_id
    ways = {way.id for way in content.ways}
    if raw["way"] not in ways:
        check.fail(item, f"way {raw['way']!r} is not a way in ideas.yaml ({', '.join(sorted(ways))})")
    return ProgrammeStep(
        id=step_id,
        way=raw["way"],
        say=check.text(raw["say"], f"{item}.say", STEP_WORDS),
        causes=tags(check, raw.get("causes", []), item, "causes", set(content.causes), "causes.yaml"),
        situations=tags(check, raw.get("situations", []), item, "situations", set(content.situations),
                        "ideas.yaml situations"),
        refers=tags(check, raw.get("refers", []), item, "refers", set(REFERS), ", ".join(sorted(REFERS))),
    )
