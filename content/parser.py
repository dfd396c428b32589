"""Parses the content YAML into validated Content; used when the cache is stale."""

import re
from collections.abc import Iterator
from typing import Any

from content import timing
from content.errors import ContentError
from content.items import (
    COUPLES_THERAPIST,
    REFERRALS,
    Cause,
    Content,
    Idea,
    Opener,
    Passage,
    Reflection,
    ReflectionStep,
    SafetyInfo,
    SafetyNumber,
    Screening,
    Signs,
    Varied,
    Way,
)
from content.locales import differences, has_variants, resolve
from content.together import load_checkin, load_questions
from content.validator import (
    IDEA_WORDS,
    LONG_WORDS,
    MAX_PAUSE_SECONDS,
    MIN_PHRASINGS,
    MORE_WORDS,
    PHRASE_WORDS,
    SHORT_WORDS,
    TOPIC_WORDS,
    FileChecker,
    mentions_couples_therapy,
)

# What the handlers speak; the validator insists on each of these.
PHRASE_CATEGORIES = frozenset({
    "welcome", "welcome_back", "help", "menu", "goodbye", "reprompt", "idea_intro",
    "cause_idea_intro", "reshuffled", "nothing_more", "nothing_to_repeat", "no_thanks",
    "fallback", "error", "reflection_next", "reflection_paused", "reflection_resumed",
    "reflection_restart", "reflection_waiting", "nothing_paused", "fresh_start",
    "reflection_saved", "forgotten", "forget_failed", "kept", "more_options", "paused_outside",
    "checkin_due", "situation_idea_intro", "referral_intro", "opener_timing", "situation_noted",
    "situation_cleared", "situation_unclear",
    "reminder_set", "reminder_moved", "reminder_consent", "reminder_denied", "reminder_card",
    "reminder_trouble", "reminder_unclear",
    "reflection_step_intro", "way_back_question", "way_back_idea", "way_back_opener",
})
# The fields a phrasing may name, by category; any other {name} is a mistake.
PLACEHOLDERS = {
    "cause_idea_intro": frozenset({"cause"}),
    "situation_idea_intro": frozenset({"situation"}),
    "goodbye": frozenset({"encouragement"}),
    "reminder_set": frozenset({"when"}),
    "reflection_step_intro": frozenset({"name"}),
}
FOLLOWUP_KINDS = frozenset({
    "another_idea", "idea", "idea_for_cause", "causes", "reflection",
    "anything_else", "open", "reflection_next", "forget", "another_question", "checkin", "more_options",
    "signs_rest", "another_opener", "reminder", "reminder_time", "idea_for_situation",
})
TOPICS = frozenset({"seek_help", "encouragement"})
MIN_SAY_PHRASINGS = 2  # answers asked for often (signs, causes) are never word for word the same
MIN_OPENERS_PER_TOPIC = 2
READ_AS = frozenset({"digits", "telephone"})
SAFETY_NUMBERS = frozenset({"emergency", "crisis", "abuse", "survivors"})
# Each safety message and its word limit: the first answers are short, so the
# numbers come early and are heard twice within about 20 seconds.
SAFETY_MESSAGES = {
    "crisis": 40, "crisis_again": 16, "crisis_more": 60, "crisis_goodbye": 30,
    "abuse": 40, "abuse_more": 60, "quick_exit": 3, "survivor": 50, "therapy_caution": 35,
}
_LOCALE = re.compile(r"^[a-z]{2}-[A-Z]{2}$")


def parse(sources: dict[str, str]) -> Content:
    """Every content file validated, in every locale's wording; ContentError on the first problem."""
    raws = {name: _yaml(sources, name) for name in sources}
    safety = _load_safety(raws)
    known = {locale for locale in safety if locale != "default"}
    content = _build({name: resolve(name, raw, None, known) for name, raw in raws.items()}, safety)
    if not any(has_variants(raw) for raw in raws.values()):
        return content
    variants: dict[str, dict[str, str]] = {}
    fields: dict[str, list[str]] = {}
    for locale in sorted(known):
        try:
            built = _build({name: resolve(name, raw, locale, known) for name, raw in raws.items()}, safety)
        except ContentError as error:  # only this locale's wording breaks a rule: say which
            raise ContentError(error.file, error.item, f"{error.problem} (in the {locale} wording)") from None
        swaps: dict[str, str] = {}
        for default, worded in differences(content, built):
            if swaps.setdefault(default, worded) != worded:
                raise ContentError("-", locale, f"the line {default[:40]!r}... has two different {locale} "
                                                "wordings; word one of them differently by default")
        if swaps:
            variants[locale] = swaps
            fields[locale] = [key for key, value in vars(content).items()
                              if not key.startswith("_") and any(differences(value, getattr(built, key)))]
    content.variants, content.variant_fields = variants, fields
    return content


def _build(raws: dict[str, Any], safety: dict[str, SafetyInfo]) -> Content:
    causes, overview = _load_causes(raws)
    situations, ways, ideas, lead_with = _load_ideas(raws, set(causes))
    phrases, followups = _load_phrases(raws)
    topics, signs = _load_topics(raws)
    opener_topics, openers = _load_openers(raws, set(situations))
    return Content(
        ways=ways,
        ideas=ideas,
        causes=causes,
        causes_overview=overview,
        topics=topics,
        signs=signs,
        phrases=phrases,
        followups=followups,
        reflections=_load_reflections(raws),
        safety=safety,
        screening=_load_screening(raws),
        questions=load_questions(*_read(raws, "questions.yaml")),
        checkin=load_checkin(*_read(raws, "checkin.yaml"), set(causes), set(situations)),
        situations=situations,
        opener_topics=opener_topics,
        openers=openers,
        lead_with=lead_with,
    )


def _yaml(sources: dict[str, str], name: str) -> Any:
    import yaml  # here rather than at the top: the import alone costs a cold start ~10 ms

    from content import strict_yaml

    try:
        return strict_yaml.load(sources[name])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError(name, where, f"not valid YAML: {problem}") from None


def _read(raws: dict[str, Any], name: str) -> tuple[FileChecker, Any]:
    """A file's parsed YAML (already resolved for one locale) and a checker naming the file."""
    return FileChecker(name), raws[name]


def _passage(check: FileChecker, raw: Any, item: str, say_words: int) -> Passage:
    check.mapping(raw, item, {"say", "more"}, frozenset({"refers"}))
    say = check.text(raw["say"], f"{item}.say", say_words)
    more = check.text(raw["more"], f"{item}.more", LONG_WORDS)
    return Passage(say=say, more=more, refers=_refers(check, raw, item, say, more))


def _refers(check: FileChecker, entry: dict, item: str, *spoken: str) -> tuple[str, ...]:
    """The item's `refers` tag; an item that speaks of couples therapy must carry it.

    The tag, not the wording, decides the safety caution: this check only stops
    a new line about couples therapy from going out without it.
    """
    refers = tuple(check.sequence(entry.get("refers", []), f"{item}.refers", 0))
    for tag in refers:
        if tag not in REFERRALS:
            check.fail(item, f"refers tag {tag!r} is not one of {', '.join(REFERRALS)}")
    if len(set(refers)) != len(refers):
        check.fail(item, "a refers tag is listed twice")
    if COUPLES_THERAPIST not in refers and any(mentions_couples_therapy(text) for text in spoken):
        check.fail(item, f"speaks of couples therapy, so it needs refers: [{COUPLES_THERAPIST}] "
                         "(that tag adds the safety caution for someone afraid of their partner)")
    return refers


def _varied(check: FileChecker, raw: Any, item: str, key: str, max_words: int) -> tuple[str, ...]:
    """Two or more distinct spoken phrasings of one answer."""
    entries = check.sequence(raw, f"{item}.{key}", MIN_SAY_PHRASINGS)
    texts = tuple(check.text(text, f"{item}.{key}[{index}]", max_words) for index, text in enumerate(entries))
    if len(set(texts)) != len(texts):
        check.fail(f"{item}.{key}", "the same phrasing is listed twice")
    return texts


def _names(check: FileChecker, raw: Any, item: str) -> dict[str, str]:
    """A mapping of slot ids to the short names spoken for them."""
    if not isinstance(raw, dict) or not raw:
        check.fail(item, "expected a mapping of ids to spoken names")
    return {check.identifier(key, f"{item}.{key}"): check.text(name, f"{item}.{key}", 6)
            for key, name in raw.items()}


def _load_causes(raws: dict[str, Any]) -> tuple[dict[str, Cause], Varied]:
    check, raw = _read(raws, "causes.yaml")
    check.mapping(raw, "-", {"overview", "causes"})
    check.mapping(raw["overview"], "overview", {"say", "more"})
    overview = Varied(_varied(check, raw["overview"]["say"], "overview", "say", TOPIC_WORDS),
                      check.text(raw["overview"]["more"], "overview.more", LONG_WORDS))
    causes: dict[str, Cause] = {}
    for item, cause_id, entry in _entries(check, raw["causes"], "causes", {"id", "name", "say", "more"}):
        causes[cause_id] = Cause(
            id=cause_id,
            name=check.text(entry["name"], f"{item}.name", 6),
            say=check.text(entry["say"], f"{item}.say", TOPIC_WORDS),
            more=check.text(entry["more"], f"{item}.more", LONG_WORDS),
        )
    return causes, overview


def _tags(check: FileChecker, raw: Any, item: str, key: str, known: set[str], where: str) -> tuple[str, ...]:
    tags = check.sequence(raw, f"{item}.{key}", 0)
    for tag in tags:
        if tag not in known:
            check.fail(item, f"{key[:-1]} tag {tag!r} is not an id in {where}")
    if len(set(tags)) != len(tags):
        check.fail(item, f"a {key[:-1]} tag is listed twice")
    return tuple(tags)


def _load_ideas(raws: dict[str, Any], cause_ids: set[str]
                ) -> tuple[dict[str, str], tuple[Way, ...], tuple[Idea, ...], dict[str, str]]:
    check, raw = _read(raws, "ideas.yaml")
    check.mapping(raw, "-", {"situations", "ways"}, frozenset({"lead_with"}))
    situations = _names(check, raw["situations"], "situations")
    ways: list[Way] = []
    ideas: list[Idea] = []
    for w_index, way in enumerate(check.sequence(raw["ways"], "ways")):
        way_item = _item_name(way, f"ways[{w_index}]")
        check.mapping(way, way_item, {"id", "name", "ideas"})
        way_id = check.identifier(way["id"], way_item)
        way_ideas = []
        for i_index, entry in enumerate(check.sequence(way["ideas"], f"{way_item}.ideas")):
            item = _item_name(entry, f"{way_item}.ideas[{i_index}]")
            check.mapping(entry, item, {"id", "causes", "say", "more"},
                          frozenset({"situations", "refers", "sources"}))
            check.sequence(entry["causes"], f"{item}.causes")
            say = check.text(entry["say"], f"{item}.say", IDEA_WORDS)
            more = check.text(entry["more"], f"{item}.more", MORE_WORDS)
            way_ideas.append(Idea(
                id=check.identifier(entry["id"], item),
                way=way_id,
                causes=_tags(check, entry["causes"], item, "causes", cause_ids, "causes.yaml"),
                say=say,
                more=more,
                situations=_tags(check, entry.get("situations", []), item, "situations",
                                 set(situations), "situations"),
                refers=_refers(check, entry, item, say, more),
                sources=_sources(check, entry.get("sources", []), f"{item}.sources"),
            ))
        ways.append(Way(way_id, check.text(way["name"], f"{way_item}.name", 8),
                        tuple(idea.id for idea in way_ideas)))
        ideas.extend(way_ideas)
    check.unique_ids([way.id for way in ways], "ways")
    check.unique_ids([idea.id for idea in ideas], "ideas")
    lead_with = raw.get("lead_with") or {}
    if not isinstance(lead_with, dict):
        check.fail("lead_with", "expected a mapping of situation ids to the idea said first for each")
    by_id = {idea.id: idea for idea in ideas}
    for situation, idea_id in lead_with.items():
        if situation not in situations:
            check.fail(f"lead_with.{situation}", f"{situation!r} is not an id in situations")
        if idea_id not in by_id or situation not in by_id[idea_id].situations:
            check.fail(f"lead_with.{situation}", f"{idea_id!r} is not an idea tagged with {situation}")
    return situations, tuple(ways), tuple(ideas), dict(lead_with)


def _sources(check: FileChecker, raw: Any, item: str) -> tuple[str, ...]:
    sources = check.sequence(raw, item, 0)
    for source in sources:
        if not isinstance(source, str) or not source.startswith("https://"):
            check.fail(item, f"{source!r} is not an https:// address")
    return tuple(sources)


def _load_topics(raws: dict[str, Any]) -> tuple[dict[str, Passage], Signs]:
    check, raw = _read(raws, "topics.yaml")
    check.mapping(raw, "-", set(TOPICS) | {"signs"})
    check.mapping(raw["signs"], "signs", {"say", "rest", "more"})
    signs = Signs(
        first=_varied(check, raw["signs"]["say"], "signs", "say", TOPIC_WORDS),
        rest=_varied(check, raw["signs"]["rest"], "signs", "rest", TOPIC_WORDS),
        more=check.text(raw["signs"]["more"], "signs.more", LONG_WORDS),
    )
    return {name: _passage(check, raw[name], name, TOPIC_WORDS) for name in sorted(TOPICS)}, signs


def _load_openers(raws: dict[str, Any], situation_ids: set[str]) -> tuple[dict[str, str], tuple[Opener, ...]]:
    check, raw = _read(raws, "openers.yaml")
    check.mapping(raw, "-", {"topics", "openers"})
    topics = _names(check, raw["topics"], "topics")
    openers = []
    for index, entry in enumerate(check.sequence(raw["openers"], "openers")):
        item = _item_name(entry, f"openers[{index}]")
        check.mapping(entry, item, {"id", "topic", "say", "more"}, frozenset({"refers", "situations"}))
        if entry["topic"] not in topics:
            check.fail(item, f"topic {entry['topic']!r} is not an id in topics")
        say = check.text(entry["say"], f"{item}.say", SHORT_WORDS)
        more = check.text(entry["more"], f"{item}.more", LONG_WORDS)
        openers.append(Opener(
            id=check.identifier(entry["id"], item),
            topic=entry["topic"],
            say=say,
            more=more,
            refers=_refers(check, entry, item, say, more),
            situations=_tags(check, entry.get("situations", []), item, "situations", situation_ids,
                             "ideas.yaml situations"),
        ))
    check.unique_ids([opener.id for opener in openers], "openers")
    for topic in topics:
        count = sum(opener.topic == topic for opener in openers)
        if count < MIN_OPENERS_PER_TOPIC:
            check.fail(f"topics.{topic}", f"has {count} openers; each topic needs at least "
                                          f"{MIN_OPENERS_PER_TOPIC}")
    return topics, tuple(openers)


def _phrasings(check: FileChecker, raw: Any, item: str, placeholders: frozenset[str]) -> tuple[str, ...]:
    entries = check.sequence(raw, item, MIN_PHRASINGS)
    texts = tuple(
        check.text(text, f"{item}[{index}]", PHRASE_WORDS, placeholders)
        for index, text in enumerate(entries)
    )
    if len(set(texts)) != len(texts):
        check.fail(item, "the same phrasing is listed twice")
    return texts


def _load_phrases(raws: dict[str, Any]) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    check, raw = _read(raws, "phrases.yaml")
    check.mapping(raw, "-", set(PHRASE_CATEGORIES) | {"followups"})
    phrases = {
        name: _phrasings(check, raw[name], name, PLACEHOLDERS.get(name, frozenset()))
        for name in sorted(PHRASE_CATEGORIES)
    }
    check.mapping(raw["followups"], "followups", set(FOLLOWUP_KINDS))
    followups = {
        kind: _phrasings(check, raw["followups"][kind], f"followups.{kind}", frozenset())
        for kind in sorted(FOLLOWUP_KINDS)
    }
    return phrases, followups


def _load_reflections(raws: dict[str, Any]) -> dict[str, Reflection]:
    check, raw = _read(raws, "reflections.yaml")
    check.mapping(raw, "-", {"reflections"})
    reflections: dict[str, Reflection] = {}
    keys = {"id", "name", "intro", "steps", "closing"}
    for item, reflection_id, entry in _entries(check, raw["reflections"], "reflections", keys):
        reflection = Reflection(
            id=reflection_id,
            name=check.text(entry["name"], f"{item}.name", 6),
            intro=check.text(entry["intro"], f"{item}.intro", TOPIC_WORDS),
            steps=_reflection_steps(check, entry["steps"], item),
            closing=check.text(entry["closing"], f"{item}.closing", TOPIC_WORDS),
        )
        _check_reflection_timing(check, reflection, item)
        reflections[reflection_id] = reflection
    return reflections


def _check_reflection_timing(check: FileChecker, reflection: Reflection, item: str) -> None:
    """Goodnight is the last word, and the whole reflection fits one APLA response."""
    last_word = re.sub(r"[^\w]", "", reflection.closing.split()[-1].lower())
    if last_word != "goodnight":
        check.fail(f"{item}.closing", "must end with the word goodnight: nothing is said after it")
    length = timing.seconds([reflection.intro, *(b for s in reflection.steps for b in s.script),
                             reflection.closing])
    if not timing.MIN_REFLECTION_SECONDS <= length <= timing.MAX_RESPONSE_SECONDS:
        check.fail(item, f"lasts about {length:.0f} seconds at {timing.WORDS_PER_MINUTE} words a minute "
                   f"with its silences; it must come to {timing.MIN_REFLECTION_SECONDS} to "
                   f"{timing.MAX_RESPONSE_SECONDS} (aim for about 210)")


def _reflection_steps(check: FileChecker, raw: Any, item: str) -> tuple[ReflectionStep, ...]:
    entries = check.sequence(raw, f"{item}.steps", 5)
    if len(entries) > 7:
        check.fail(f"{item}.steps", f"has {len(entries)} steps; a reflection takes five to seven")
    steps = []
    for index, entry in enumerate(entries):
        where = f"{item}.steps[{index}]"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
            where = f"{item}.{entry['id']}"
        check.mapping(entry, where, {"id", "script"})
        steps.append(ReflectionStep(id=check.identifier(entry["id"], where),
                                    script=_script(check, entry["script"], f"{where}.script")))
    check.unique_ids([step.id for step in steps], f"{item}.steps")
    return tuple(steps)


def _script(check: FileChecker, raw: Any, where: str) -> tuple[str | float, ...]:
    """Text, seconds of silence and counted breaths, as text and silences only."""
    beats: list[str | float] = []
    for index, beat in enumerate(check.sequence(raw, where, 1)):
        at = f"{where}[{index}]"
        if isinstance(beat, str):
            beats.append(check.text(beat, at, SHORT_WORDS))
        elif isinstance(beat, dict):
            check.mapping(beat, at, {"breathe"})
            counts = beat["breathe"]
            if not (isinstance(counts, list) and len(counts) == 2):
                check.fail(f"{at}.breathe", "expected [counts in, counts out], such as [4, 6]")
            count_in, count_out = (check.number(c, f"{at}.breathe", 2, timing.MAX_COUNT) for c in counts)
            beats.extend(timing.breath(count_in, count_out))
        else:
            beats.append(check.number(beat, at, 1, MAX_PAUSE_SECONDS))
    if not any(isinstance(b, str) for b in beats):
        check.fail(where, "says nothing: a step needs at least one sentence")
    words = sum(len(b.split()) for b in beats if isinstance(b, str))
    if words > LONG_WORDS:
        check.fail(where, f"{words} words with its counted breaths, more than the {LONG_WORDS} a step says")
    return tuple(beats)


def _load_safety(raws: dict[str, Any]) -> dict[str, SafetyInfo]:
    check, raw = _read(raws, "safety.yaml")
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
        for name, order in (("abuse", ["emergency", "abuse", "abuse"]),
                            ("crisis", ["emergency", "crisis", "crisis"]),
                            ("crisis_again", ["emergency", "crisis"]), ("survivor", ["survivors"])):
            _require_order(check, messages[name], f"{item}.messages.{name}", order)
        for name in ("crisis_goodbye", "therapy_caution"):
            if not re.search(r"\{(?:abuse|crisis|emergency)\}", messages[name]):
                check.fail(f"{item}.messages.{name}", "must say a number, such as {abuse}")
    # The quick exit is heard by whoever just walked in: nothing in it may say what it ends.
    if re.search(r"\{\w+\}|\d", messages["quick_exit"]):
        check.fail(f"{item}.messages.quick_exit",
                   "must say no number and name no service, only a word such as Okay.")
    return messages


def _require_order(check: FileChecker, text: str, item: str, names: list[str]) -> None:
    said = re.findall(r"\{(\w+)\}", text)
    position = 0
    for name in names:
        try:
            position = said.index(name, position) + 1
        except ValueError:
            check.fail(item, f"must say {', then '.join('{' + n + '}' for n in names)}")


def _load_screening(raws: dict[str, Any]) -> Screening:
    check, raw = _read(raws, "screening.yaml")
    check.mapping(raw, "-", {"spellings", "groups", "crisis", "abuse", "survivor", "threats"})
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
                              abuse=_patterns(check, raw, "abuse", screening),
                              survivor=_patterns(check, raw, "survivor", screening),
                              threats=_patterns(check, raw, "threats", screening))


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


def _entries(check: FileChecker, raw: Any, section: str, keys: set[str]) -> Iterator[tuple[str, str, dict]]:
    """Each entry of a list of items with unique ids, as (item name, id, entry)."""
    seen: set[str] = set()
    for index, entry in enumerate(check.sequence(raw, section)):
        item = _item_name(entry, f"{section}[{index}]")
        check.mapping(entry, item, keys)
        item_id = check.identifier(entry["id"], item)
        if item_id in seen:
            check.fail(item, f"duplicate id {item_id!r}")
        seen.add(item_id)
        yield item, item_id, entry


def _item_name(entry: Any, fallback: str) -> str:
    """Name an item by its id when it has a usable one, else by its position."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
        return entry["id"]
    return fallback
