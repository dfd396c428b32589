"""Parses the content YAML into validated Content; used when the cache is stale."""

import re
from typing import Any

from content.errors import ContentError
from content.loader import (
    Cause,
    Content,
    Idea,
    Passage,
    Reflection,
    ReflectionStep,
    SafetyMessage,
    SafetyNumber,
    Way,
)
from content.validator import (
    LONG_WORDS,
    MAX_PAUSE_SECONDS,
    MIN_PHRASINGS,
    PHRASE_WORDS,
    SHORT_WORDS,
    TOPIC_WORDS,
    FileChecker,
)

# What the handlers speak; the validator insists on each of these.
PHRASE_CATEGORIES = frozenset({
    "welcome", "welcome_back", "help", "menu", "goodbye", "reprompt", "idea_intro",
    "cause_idea_intro", "reshuffled", "nothing_more", "nothing_to_repeat", "no_thanks",
    "fallback", "error", "reflection_next", "reflection_paused", "reflection_resumed",
    "reflection_restart", "reflection_waiting", "nothing_paused", "fresh_start",
    "safety_close", "reflection_saved", "forgotten", "forget_failed", "kept",
})
FOLLOWUP_KINDS = frozenset({
    "another_idea", "idea", "idea_for_cause", "causes", "reflection", "safety_repeat",
    "anything_else", "open", "reflection_next", "forget",
})
TOPICS = frozenset({"signs", "conversation_starter", "seek_help", "encouragement"})
READ_AS = frozenset({"digits", "telephone"})
_LOCALE = re.compile(r"^[a-z]{2}-[A-Z]{2}$")


def parse(sources: dict[str, str]) -> Content:
    """Every content file validated; ContentError on the first problem."""
    causes, overview = _load_causes(sources)
    ways, ideas = _load_ideas(sources, set(causes))
    phrases, followups = _load_phrases(sources)
    return Content(
        ways=ways,
        ideas=ideas,
        causes=causes,
        causes_overview=overview,
        topics=_load_topics(sources),
        phrases=phrases,
        followups=followups,
        reflection=_load_reflection(sources),
        safety=_load_safety(sources),
    )


def _read(sources: dict[str, str], name: str) -> tuple[FileChecker, Any]:
    import yaml  # here rather than at the top: the import alone costs a cold start ~10 ms

    from content import strict_yaml

    try:
        return FileChecker(name), strict_yaml.load(sources[name])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError(name, where, f"not valid YAML: {problem}") from None


def _passage(check: FileChecker, raw: Any, item: str, say_words: int) -> Passage:
    check.mapping(raw, item, {"say", "more"})
    return Passage(
        say=check.text(raw["say"], f"{item}.say", say_words),
        more=check.text(raw["more"], f"{item}.more", LONG_WORDS),
    )


def _load_causes(sources: dict[str, str]) -> tuple[dict[str, Cause], Passage]:
    check, raw = _read(sources, "causes.yaml")
    check.mapping(raw, "-", {"overview", "causes"})
    overview = _passage(check, raw["overview"], "overview", TOPIC_WORDS)
    causes: dict[str, Cause] = {}
    for index, entry in enumerate(check.sequence(raw["causes"], "causes")):
        item = _item_name(entry, f"causes[{index}]")
        check.mapping(entry, item, {"id", "name", "say", "more"})
        cause_id = check.identifier(entry["id"], item)
        if cause_id in causes:
            check.fail(item, f"duplicate id {cause_id!r}")
        causes[cause_id] = Cause(
            id=cause_id,
            name=check.text(entry["name"], f"{item}.name", 6),
            say=check.text(entry["say"], f"{item}.say", TOPIC_WORDS),
            more=check.text(entry["more"], f"{item}.more", LONG_WORDS),
        )
    return causes, overview


def _load_ideas(sources: dict[str, str], cause_ids: set[str]) -> tuple[tuple[Way, ...], tuple[Idea, ...]]:
    check, raw = _read(sources, "ideas.yaml")
    check.mapping(raw, "-", {"ways"})
    ways: list[Way] = []
    ideas: list[Idea] = []
    for w_index, way in enumerate(check.sequence(raw["ways"], "ways")):
        way_item = _item_name(way, f"ways[{w_index}]")
        check.mapping(way, way_item, {"id", "name", "ideas"})
        way_id = check.identifier(way["id"], way_item)
        way_ideas = []
        for i_index, entry in enumerate(check.sequence(way["ideas"], f"{way_item}.ideas")):
            item = _item_name(entry, f"{way_item}.ideas[{i_index}]")
            check.mapping(entry, item, {"id", "causes", "say", "more"})
            tags = check.sequence(entry["causes"], f"{item}.causes")
            for tag in tags:
                if tag not in cause_ids:
                    check.fail(item, f"cause tag {tag!r} is not an id in causes.yaml")
            if len(set(tags)) != len(tags):
                check.fail(item, "a cause tag is listed twice")
            way_ideas.append(Idea(
                id=check.identifier(entry["id"], item),
                way=way_id,
                causes=tuple(tags),
                say=check.text(entry["say"], f"{item}.say", SHORT_WORDS),
                more=check.text(entry["more"], f"{item}.more", LONG_WORDS),
            ))
        ways.append(Way(way_id, check.text(way["name"], f"{way_item}.name", 8),
                        tuple(idea.id for idea in way_ideas)))
        ideas.extend(way_ideas)
    check.unique_ids([way.id for way in ways], "ways")
    check.unique_ids([idea.id for idea in ideas], "ideas")
    return tuple(ways), tuple(ideas)


def _load_topics(sources: dict[str, str]) -> dict[str, Passage]:
    check, raw = _read(sources, "topics.yaml")
    check.mapping(raw, "-", set(TOPICS))
    return {name: _passage(check, raw[name], name, TOPIC_WORDS) for name in sorted(TOPICS)}


def _phrasings(check: FileChecker, raw: Any, item: str, placeholders: frozenset[str]) -> tuple[str, ...]:
    entries = check.sequence(raw, item, MIN_PHRASINGS)
    texts = tuple(
        check.text(text, f"{item}[{index}]", PHRASE_WORDS, placeholders)
        for index, text in enumerate(entries)
    )
    if len(set(texts)) != len(texts):
        check.fail(item, "the same phrasing is listed twice")
    return texts


def _load_phrases(sources: dict[str, str]) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    check, raw = _read(sources, "phrases.yaml")
    check.mapping(raw, "-", set(PHRASE_CATEGORIES) | {"followups"})
    phrases = {
        name: _phrasings(check, raw[name], name,
                         frozenset({"cause"}) if name == "cause_idea_intro" else frozenset())
        for name in sorted(PHRASE_CATEGORIES)
    }
    check.mapping(raw["followups"], "followups", set(FOLLOWUP_KINDS))
    followups = {
        kind: _phrasings(check, raw["followups"][kind], f"followups.{kind}", frozenset())
        for kind in sorted(FOLLOWUP_KINDS)
    }
    return phrases, followups


def _load_reflection(sources: dict[str, str]) -> Reflection:
    check, raw = _read(sources, "reflection.yaml")
    check.mapping(raw, "-", {"intro", "steps", "closing"})
    entries = check.sequence(raw["steps"], "steps", 5)
    if len(entries) > 7:
        check.fail("steps", f"has {len(entries)} steps; a reflection takes five to seven")
    steps = []
    for index, entry in enumerate(entries):
        item = _item_name(entry, f"steps[{index}]")
        check.mapping(entry, item, {"id", "prompt", "pause_seconds"})
        steps.append(ReflectionStep(
            id=check.identifier(entry["id"], item),
            prompt=check.text(entry["prompt"], f"{item}.prompt", SHORT_WORDS),
            pause_seconds=check.number(entry["pause_seconds"], f"{item}.pause_seconds",
                                       1, MAX_PAUSE_SECONDS),
        ))
    check.unique_ids([step.id for step in steps], "steps")
    return Reflection(
        intro=check.text(raw["intro"], "intro", TOPIC_WORDS),
        steps=tuple(steps),
        closing=check.text(raw["closing"], "closing", TOPIC_WORDS),
    )


def _load_safety(sources: dict[str, str]) -> dict[str, SafetyMessage]:
    check, raw = _read(sources, "safety.yaml")
    check.mapping(raw, "-", {"default", "locales"})
    messages = {"default": _safety_message(check, raw["default"], "default")}
    locales = raw["locales"]
    if not isinstance(locales, dict):
        check.fail("locales", "expected a mapping of locales such as en-US to messages")
    for locale, entry in locales.items():
        if not isinstance(locale, str) or not _LOCALE.match(locale):
            check.fail(f"locales.{locale}", "locale must look like en-US")
        messages[locale] = _safety_message(check, entry, f"locales.{locale}")
    return messages


def _safety_message(check: FileChecker, raw: Any, item: str) -> SafetyMessage:
    check.mapping(raw, item, {"say", "numbers"})
    numbers_raw = raw["numbers"]
    if not isinstance(numbers_raw, dict):
        check.fail(f"{item}.numbers", "expected a mapping of names to numbers")
    numbers = {}
    for name, number in numbers_raw.items():
        where = f"{item}.numbers.{name}"
        check.mapping(number, where, {"value", "read_as"})
        value = number["value"]
        if not isinstance(value, str) or not re.fullmatch(r"[0-9][0-9 -]*[0-9]", value):
            check.fail(where, f"value {value!r} must be digits, spaces and hyphens, quoted")
        if number["read_as"] not in READ_AS:
            check.fail(where, f"read_as must be one of {', '.join(sorted(READ_AS))}")
        numbers[name] = SafetyNumber(value, number["read_as"])
    say = check.text(raw["say"], f"{item}.say", 60, frozenset(numbers))
    return SafetyMessage(say=say, numbers=numbers)


def _item_name(entry: Any, fallback: str) -> str:
    """Name an item by its id when it has a usable one, else by its position."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
        return entry["id"]
    return fallback
