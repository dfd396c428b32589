"""The content's immutable types: what the loader returns and the handlers read.

Behaviour that depends on an item is carried by its tags, never read from its
prose: `causes` and `situations` steer which idea is chosen, `refers` says who
an item sends the couple to (an item referring to a couples therapist carries
the safety caution), and an idea's kind is the id of its `ways` group.
"""

# No `from __future__ import annotations` here: NamedTuple would turn every
# string annotation into a compiled ForwardRef, which slows cold starts.

import re
from typing import Any, NamedTuple

_GROUP = re.compile(r"\{(\w+)\}")
DEPTHS = ("light", "deeper", "intimate")  # the DepthType ids of questions for two, lightest first
# Who an item may send the couple to: the ids a `refers` tag may hold.
REFERRALS = ("couples_therapist", "sex_therapist", "doctor", "pelvic_health_physio", "counsellor",
             "support_line")
COUPLES_THERAPIST = "couples_therapist"  # the referral that carries the safety caution


class Passage(NamedTuple):
    say: str
    more: str
    refers: tuple[str, ...] = ()


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
    refers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # where any number or service it names was checked


class Opener(NamedTuple):
    id: str
    topic: str
    say: str
    more: str
    refers: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()  # offered only when asked for by topic or its situation is known


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
    about: str = ""  # a few words naming what it asks about, for "you see this differently"
    situation: str = ""  # a SituationType id a yes from both makes known for the couple


class CheckIn(NamedTuple):
    phrases: dict[str, tuple[str, ...]]  # intro, thanks, restart, unclear, unclear_choice, help, waiting, ...
    questions: tuple[CheckInQuestion, ...]  # the pool each check-in draws from
    findings: dict[str, tuple[str, ...]]  # cause id or "none" -> phrasings
    asked: int = 5  # how many questions one check-in draws


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
    # Abuse lived through in the past (as a child, by a former partner): a gentler answer.
    survivor: tuple[str, ...] = ()
    # Suicide threats used to control a partner: abuse, set aside before crisis is tried.
    threats: tuple[str, ...] = ()

    def expand(self, pattern: str) -> str:
        """The pattern with each {group} replaced; KeyError names an unknown group."""
        return _GROUP.sub(lambda found: self.groups[found.group(1)], " ".join(pattern.split()))


def allowed(item_situations: tuple[str, ...], known: set[str] | frozenset[str]) -> bool:
    """An item for no situation suits everyone; one for a situation only a couple it is known for."""
    return not item_situations or bool(known.intersection(item_situations))


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
        lead_with: dict[str, str] | None = None,
        variants: dict[str, dict[str, str]] | None = None,
        variant_fields: dict[str, list[str]] | None = None,
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
        self.lead_with = lead_with or {}  # situation id -> the idea always said first for it
        # locale -> {default text: that locale's text}, for the few lines worded per locale
        self.variants = variants or {}
        self.variant_fields = variant_fields or {}  # locale -> the attributes holding its variants
        self._localized: dict[str, Content] = {}
        self._base = self  # the default wording, which every locale's wording starts from
        self._ideas_by_id = {idea.id: idea for idea in ideas}
        self._openers_by_id = {opener.id: opener for opener in openers}
        # Worked out once: every idea request starts from these (tagged ones need their situation).
        self._ideas_for_everyone = tuple(idea for idea in ideas if not idea.situations)
        self._ideas_for_situations = tuple(idea for idea in ideas if idea.situations)

    def idea(self, idea_id: str) -> Idea | None:
        return self._ideas_by_id.get(idea_id)

    def opener(self, opener_id: str) -> Opener | None:
        return self._openers_by_id.get(opener_id)

    def ideas_allowed(self, situations: set[str] | frozenset[str]) -> list[Idea]:
        """The ideas for everyone, and those tagged with one of `situations`, in content order."""
        if not situations:
            return list(self._ideas_for_everyone)
        return [idea for idea in self.ideas if allowed(idea.situations, situations)]

    def safety_for(self, locale: str | None) -> SafetyInfo:
        return self.safety.get(locale or "", self.safety["default"])

    def localized(self, locale: str | None) -> "Content":
        """This content as heard in `locale`: lines with a variant for it swapped in."""
        base = self._base
        swaps = base.variants.get(locale or "")
        if not swaps:
            return base
        found = base._localized.get(locale or "")
        if found is None:
            fields = set(base.variant_fields.get(locale or "", ()))
            # Only the parts holding a variant are rebuilt: a first request in that locale stays quick.
            plain = {key: _swap(value, swaps) if key in fields else value
                     for key, value in vars(base).items() if not key.startswith("_")}
            found = Content(**plain)
            found._base = base
            base._localized[locale or ""] = found
        return found


def _swap(value: Any, swaps: dict[str, str]) -> Any:
    """`value` with every text that has a variant replaced by it."""
    if isinstance(value, str):
        return swaps.get(value, value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(_swap(item, swaps) for item in value))
    if isinstance(value, (tuple, list)):
        return type(value)(_swap(item, swaps) for item in value)
    if isinstance(value, dict):
        return {key: _swap(item, swaps) for key, item in value.items()}
    return value
