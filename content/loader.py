"""The content's immutable types, and loading it through a cache of validated content.

Parsing and validating the YAML (content/parser.py) happens only when a file
changed since the cache was written.
"""

# No `from __future__ import annotations` here: NamedTuple would turn every
# string annotation into a compiled ForwardRef, which slows cold starts.

import json
import os
import re
import zlib
from pathlib import Path
from typing import Any, NamedTuple

from content.errors import ContentError

DATA_DIR = Path(__file__).parent / "data"
_GROUP = re.compile(r"\{(\w+)\}")
DEPTHS = ("light", "deeper", "intimate")  # the DepthType ids of questions for two, lightest first


class Passage(NamedTuple):
    say: str
    more: str


class Varied(NamedTuple):
    """An answer with several spoken phrasings, so it is not heard word for word twice."""

    say: tuple[str, ...]
    more: str


class Signs(NamedTuple):
    """The signs of distance in two parts: a few at first, the rest when asked."""

    first: tuple[str, ...]
    rest: tuple[str, ...]
    more: str


class Idea(NamedTuple):
    id: str
    way: str
    causes: tuple[str, ...]
    say: str
    more: str
    situations: tuple[str, ...] = ()


class Opener(NamedTuple):
    id: str
    topic: str
    say: str
    more: str


class Way(NamedTuple):
    id: str
    name: str
    idea_ids: tuple[str, ...]


class Cause(NamedTuple):
    id: str
    name: str
    say: str
    more: str


class ReflectionStep(NamedTuple):
    """One step as heard: text to say and seconds of silence, in order (see content/timing.py)."""

    id: str
    script: tuple[str | float, ...]

    @property
    def prompt(self) -> str:
        """The step's words alone, for a screen or a card."""
        return " ".join(b for b in self.script if isinstance(b, str))

    @property
    def pause_seconds(self) -> float:
        """All the silence in the step, the counted breaths' short gaps included."""
        return sum(b for b in self.script if not isinstance(b, str))


class Reflection(NamedTuple):
    id: str
    name: str
    intro: str
    steps: tuple[ReflectionStep, ...]
    closing: str


class Question(NamedTuple):
    id: str
    depth: str
    ask: str


class QuestionSet(NamedTuple):
    """Questions for two, by depth, and the lines that frame them."""

    intro: tuple[str, ...]
    first: tuple[str, ...]
    reshuffled: tuple[str, ...]
    deepest: tuple[str, ...]
    lightest: tuple[str, ...]
    by_depth: dict[str, tuple[Question, ...]]


class CheckInQuestion(NamedTuple):
    id: str
    ask: str
    cause: str  # the cause a yes points to; "" for a choice question
    choices: dict[str, str]  # answer id -> cause id; empty for a yes/no question


class CheckIn(NamedTuple):
    phrases: dict[str, tuple[str, ...]]  # intro, thanks, restart, unclear, unclear_choice, help, waiting
    questions: tuple[CheckInQuestion, ...]
    findings: dict[str, tuple[str, ...]]  # cause id or "none" -> phrasings


class SafetyNumber(NamedTuple):
    service: str
    value: str
    read_as: str  # how Alexa reads `value`: digits or telephone
    spoken: str  # words said instead, where people say the number as words ("triple zero")
    sources: tuple[str, ...]


class SafetyInfo(NamedTuple):
    """One locale's numbers and the messages that speak them ({name} is a number)."""

    numbers: dict[str, SafetyNumber]
    messages: dict[str, str]


class Screening(NamedTuple):
    """Disclosure patterns as written in screening.yaml; skill/screening.py compiles them."""

    spellings: dict[str, str]
    groups: dict[str, str]
    crisis: tuple[str, ...]
    abuse: tuple[str, ...]

    def expand(self, pattern: str) -> str:
        """The pattern with each {group} replaced; KeyError names an unknown group."""
        return _GROUP.sub(lambda found: self.groups[found.group(1)], " ".join(pattern.split()))


class Content:
    """Everything the skill can say, validated."""

    def __init__(
        self,
        ways: tuple[Way, ...],
        ideas: tuple[Idea, ...],
        causes: dict[str, Cause],
        causes_overview: Varied,
        topics: dict[str, Passage],
        signs: Signs,
        phrases: dict[str, tuple[str, ...]],
        followups: dict[str, tuple[str, ...]],
        reflections: dict[str, Reflection],
        safety: dict[str, SafetyInfo],
        screening: Screening,
        questions: QuestionSet,
        checkin: CheckIn,
        situations: dict[str, str],
        opener_topics: dict[str, str],
        openers: tuple[Opener, ...],
    ) -> None:
        self.ways = ways
        self.ideas = ideas
        self.causes = causes
        self.causes_overview = causes_overview
        self.topics = topics
        self.signs = signs
        self.phrases = phrases
        self.followups = followups
        self.reflections = reflections  # in the order they rotate
        self.safety = safety
        self.screening = screening
        self.questions = questions
        self.checkin = checkin
        self.situations = situations  # SituationType id -> spoken name
        self.opener_topics = opener_topics  # TopicType id -> spoken name
        self.openers = openers
        self._ideas_by_id = {idea.id: idea for idea in ideas}
        self._openers_by_id = {opener.id: opener for opener in openers}

    def idea(self, idea_id: str) -> Idea | None:
        return self._ideas_by_id.get(idea_id)

    def opener(self, opener_id: str) -> Opener | None:
        return self._openers_by_id.get(opener_id)

    def safety_for(self, locale: str | None) -> SafetyInfo:
        return self.safety.get(locale or "", self.safety["default"])


FILES = ("causes.yaml", "checkin.yaml", "ideas.yaml", "openers.yaml", "phrases.yaml", "questions.yaml",
         "reflections.yaml", "safety.yaml", "screening.yaml", "topics.yaml")
# Bump when the cached shape changes, so old caches are ignored.
CACHE_FORMAT = 5
CACHE_FILE = Path("__pycache__") / "content.json"


def load_content(directory: Path | str = DATA_DIR) -> Content:
    """Load and validate every content file; raise ContentError on the first problem.

    Validated content is cached as JSON beside the data, keyed by a checksum of
    the YAML, so a cold start skips importing and running the YAML parser
    unless a file changed since it was last validated.
    """
    directory = Path(directory)
    sources = read_sources(directory)
    checksum = _checksum(sources)
    content = _read_cache(directory / CACHE_FILE, checksum)
    if content is None:
        from content.parser import parse  # only on a cache miss: it needs PyYAML

        content = parse(sources)
        _write_cache(directory / CACHE_FILE, checksum, content)
    return content


def read_sources(directory: Path) -> dict[str, str]:
    sources = {}
    for name in FILES:
        try:
            sources[name] = (directory / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ContentError(name, "-", f"file is missing from {directory}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ContentError(name, "-", f"cannot be read ({error})") from None
    return sources


def _checksum(sources: dict[str, str]) -> str:
    value = CACHE_FORMAT
    for name in FILES:
        value = zlib.crc32(f"{name}\0{len(sources[name])}\0{sources[name]}".encode(), value)
    return f"{CACHE_FORMAT}:{value:08x}"


def _read_cache(path: Path, checksum: str) -> Content | None:
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("checksum") != checksum:
            return None
        return _from_plain(cached["content"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no cache, or an unusable one: parse the YAML instead


def _write_cache(path: Path, checksum: str, content: Content) -> None:
    plain = {
        "ways": content.ways, "ideas": content.ideas, "causes": content.causes,
        "causes_overview": content.causes_overview, "topics": content.topics,
        "signs": content.signs, "phrases": content.phrases, "followups": content.followups,
        "reflections": content.reflections, "safety": content.safety, "screening": content.screening,
        "questions": content.questions, "checkin": content.checkin,
        "situations": content.situations, "opener_topics": content.opener_topics,
        "openers": content.openers,
    }
    try:
        path.parent.mkdir(exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps({"checksum": checksum, "content": plain}), encoding="utf-8")
        os.replace(partial, path)  # atomic: readers see the old cache or the new one
    except OSError:
        pass  # a read-only install simply parses the YAML on each start


def _from_plain(plain: dict[str, Any]) -> Content:
    overview_say, overview_more = plain["causes_overview"]
    first, rest, signs_more = plain["signs"]
    return Content(
        ways=tuple(Way(id_, name, tuple(ids)) for id_, name, ids in plain["ways"]),
        ideas=tuple(Idea(id_, way, tuple(causes), say, more, tuple(situations))
                    for id_, way, causes, say, more, situations in plain["ideas"]),
        causes={key: Cause(*value) for key, value in plain["causes"].items()},
        causes_overview=Varied(tuple(overview_say), overview_more),
        topics={key: Passage(*value) for key, value in plain["topics"].items()},
        signs=Signs(tuple(first), tuple(rest), signs_more),
        phrases={key: tuple(value) for key, value in plain["phrases"].items()},
        followups={key: tuple(value) for key, value in plain["followups"].items()},
        reflections={
            key: Reflection(id_, name, intro,
                            tuple(ReflectionStep(step, tuple(script)) for step, script in steps), closing)
            for key, (id_, name, intro, steps, closing) in plain["reflections"].items()
        },
        situations=dict(plain["situations"]),
        opener_topics=dict(plain["opener_topics"]),
        openers=tuple(Opener(*opener) for opener in plain["openers"]),
        safety={
            key: SafetyInfo(
                {name: SafetyNumber(*number[:4], tuple(number[4])) for name, number in numbers.items()},
                messages,
            )
            for key, (numbers, messages) in plain["safety"].items()
        },
        screening=_screening_from_plain(plain["screening"]),
        questions=_questions_from_plain(plain["questions"]),
        checkin=_checkin_from_plain(plain["checkin"]),
    )


def _questions_from_plain(plain: list[Any]) -> QuestionSet:
    *lines, by_depth = plain
    return QuestionSet(
        *(tuple(options) for options in lines),
        by_depth={depth: tuple(Question(*q) for q in qs) for depth, qs in by_depth.items()},
    )


def _checkin_from_plain(plain: list[Any]) -> CheckIn:
    phrases, questions, findings = plain
    return CheckIn(
        phrases={key: tuple(value) for key, value in phrases.items()},
        questions=tuple(CheckInQuestion(*q) for q in questions),
        findings={key: tuple(value) for key, value in findings.items()},
    )


def _screening_from_plain(plain: list[Any]) -> Screening:
    spellings, groups, crisis, abuse = plain
    return Screening(spellings, groups, tuple(crisis), tuple(abuse))
