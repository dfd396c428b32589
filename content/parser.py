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
    SafetyInfo,
    SafetyNumber,
    Screening,
    Way,
)
from content.together import load_checkin, load_questions
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
    "reflection_saved", "forgotten", "kept", "more_options", "paused_outside",
    "checkin_due",
})
FOLLOWUP_KINDS = frozenset({
    "another_idea", "idea", "idea_for_cause", "causes", "reflection", "safety_repeat",
    "anything_else", "open", "reflection_next", "forget", "another_question", "checkin", "more_options",
})
TOPICS = frozenset({"signs", "conversation_starter", "seek_help", "encouragement"})
READ_AS = frozenset({"digits", "telephone"})
SAFETY_NUMBERS = frozenset({"emergency", "crisis", "abuse"})
# Each safety message and its word limit: the first answers are short, so the
# numbers come early and are heard twice within about 20 seconds.
SAFETY_MESSAGES = {
    "crisis": 40, "crisis_again": 16, "crisis_more": 60, "crisis_goodbye": 30,
    "abuse": 40, "abuse_more": 60, "abuse_goodbye": 30, "therapy_caution": 35,
}
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
        screening=_load_screening(sources),
        questions=load_questions(*_read(sources, "questions.yaml")),
        checkin=load_checkin(*_read(sources, "checkin.yaml"), set(causes)),
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


def _load_safety(sources: dict[str, str]) -> dict[str, SafetyInfo]:
    check, raw = _read(sources, "safety.yaml")
    check.mapping(raw, "-", {"default", "locales"})
    check.mapping(raw["default"], "default", {"messages"})
    infos = {"default": SafetyInfo({}, _safety_messages(check, raw["default"]["messages"], "default", {}))}
    locales = raw["locales"]
    if not isinstance(locales, dict):
        check.fail("locales", "expected a mapping of locales such as en-US to their numbers and messages")
    for locale, entry in locales.items():
        item = f"locales.{locale}"
        if not isinstance(locale, str) or not _LOCALE.match(locale):
            check.fail(item, "locale must look like en-US")
        check.mapping(entry, item, {"numbers", "messages"})
        numbers = _safety_numbers(check, entry["numbers"], f"{item}.numbers")
        infos[locale] = SafetyInfo(numbers, _safety_messages(check, entry["messages"], item, numbers))
    return infos


def _safety_numbers(check: FileChecker, raw: Any, item: str) -> dict[str, SafetyNumber]:
    if not isinstance(raw, dict):
        check.fail(item, "expected a mapping of names to numbers")
    missing = sorted(SAFETY_NUMBERS - raw.keys())
    if missing:
        check.fail(item, f"missing required number {', '.join(missing)}")
    numbers = {}
    for name, number in raw.items():
        where = f"{item}.{name}"
        check.mapping(number, where, {"service", "value", "read_as", "sources"}, frozenset({"spoken"}))
        value = number["value"]
        if not isinstance(value, str) or not re.fullmatch(r"[0-9][0-9 -]*[0-9]", value):
            check.fail(where, f"value {value!r} must be digits, spaces and hyphens, quoted")
        if number["read_as"] not in READ_AS:
            check.fail(where, f"read_as must be one of {', '.join(sorted(READ_AS))}")
        sources = check.sequence(number["sources"], f"{where}.sources")
        for source in sources:
            if not isinstance(source, str) or not source.startswith("https://"):
                check.fail(f"{where}.sources", f"{source!r} is not an https:// address")
        spoken = number.get("spoken", "")
        numbers[name] = SafetyNumber(
            service=check.text(number["service"], f"{where}.service", 16),
            value=value,
            read_as=number["read_as"],
            spoken=check.text(spoken, f"{where}.spoken", 6) if spoken else "",
            sources=tuple(sources),
        )
    return numbers


def _safety_messages(
    check: FileChecker, raw: Any, item: str, numbers: dict[str, SafetyNumber]
) -> dict[str, str]:
    check.mapping(raw, f"{item}.messages", set(SAFETY_MESSAGES))
    messages = {
        name: check.text(raw[name], f"{item}.messages.{name}", limit, frozenset(numbers))
        for name, limit in SAFETY_MESSAGES.items()
    }
    if numbers:
        # What a frightened listener must hear, in the order they need it.
        for name, order in (("abuse", ["emergency", "abuse", "abuse"]), ("crisis", ["emergency", "crisis"]),
                            ("crisis_again", ["emergency", "crisis"])):
            _require_order(check, messages[name], f"{item}.messages.{name}", order)
        for name in ("abuse_goodbye", "crisis_goodbye", "therapy_caution"):
            if not re.search(r"\{(?:abuse|crisis|emergency)\}", messages[name]):
                check.fail(f"{item}.messages.{name}", "must say a number, such as {abuse}")
    return messages


def _require_order(check: FileChecker, text: str, item: str, names: list[str]) -> None:
    said = re.findall(r"\{(\w+)\}", text)
    position = 0
    for name in names:
        try:
            position = said.index(name, position) + 1
        except ValueError:
            check.fail(item, f"must say {', then '.join('{' + n + '}' for n in names)}")


def _load_screening(sources: dict[str, str]) -> Screening:
    check, raw = _read(sources, "screening.yaml")
    check.mapping(raw, "-", {"spellings", "groups", "crisis", "abuse"})
    spellings = raw["spellings"]
    if not isinstance(spellings, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in spellings.items()
    ):
        check.fail("spellings", "expected a mapping of typed words to what Alexa would hear")
    groups = raw["groups"]
    if not isinstance(groups, dict) or not all(isinstance(v, str) for v in groups.values()):
        check.fail("groups", "expected a mapping of group names to patterns")
    groups = {name: " ".join(pattern.split()) for name, pattern in groups.items()}
    screening = Screening(spellings, groups, (), ())
    return screening._replace(crisis=_patterns(check, raw, "crisis", screening),
                              abuse=_patterns(check, raw, "abuse", screening))


def _patterns(check: FileChecker, raw: dict[str, Any], kind: str, screening: Screening) -> tuple[str, ...]:
    patterns = []
    for index, pattern in enumerate(check.sequence(raw[kind], kind)):
        item = f"{kind}[{index}]"
        if not isinstance(pattern, str) or not pattern.strip():
            check.fail(item, "expected a pattern")
        try:
            re.compile(screening.expand(pattern))
        except KeyError as error:
            check.fail(item, f"unknown group {{{error.args[0]}}}")
        except re.error as error:
            check.fail(item, f"not a valid pattern: {error}")
        patterns.append(" ".join(pattern.split()))
    return tuple(patterns)


def _item_name(entry: Any, fallback: str) -> str:
    """Name an item by its id when it has a usable one, else by its position."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
        return entry["id"]
    return fallback
