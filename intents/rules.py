"""The developer console's build rules, checked before anything is generated.

Catching these locally saves a failed `ask deploy` round trip. Each problem is
one readable line naming the intent or field at fault.
"""

from __future__ import annotations

import re

from intents.catalog import Catalog

REQUIRED_BUILTINS = (
    "AMAZON.CancelIntent",
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.FallbackIntent",
)
WAKE_WORDS = {"alexa", "amazon", "echo", "computer"}
LAUNCH_PHRASES = {"launch", "ask", "tell", "load", "begin", "enable", "open", "start", "play", "run"}
FORBIDDEN_INVOCATION_WORDS = WAKE_WORDS | LAUNCH_PHRASES | {"skill", "app"}
MIN_SAMPLES = 30
MAX_SAMPLE_CHARS = 200
DISCLAIMER = "not a substitute for professional advice"

# Permissions and interfaces this skill may declare, as the developer console names them.
KNOWN_PERMISSIONS = frozenset({"alexa::alerts:reminders:skill:readwrite"})
KNOWN_INTERFACES = frozenset({"ALEXA_PRESENTATION_APL"})
# Skill events a custom skill can subscribe to (the manifest's events.subscriptions).
KNOWN_EVENTS = frozenset({"SKILL_ENABLED", "SKILL_DISABLED", "SKILL_PERMISSION_ACCEPTED",
                          "SKILL_PERMISSION_CHANGED", "SKILL_ACCOUNT_LINKED"})
VIEWPORT_MODES = frozenset({"HUB", "TV", "MOBILE", "PC", "AUTO"})
VIEWPORT_SHAPES = frozenset({"ROUND", "RECTANGLE"})
VIEWPORT_SIZES = ("minWidth", "maxWidth", "minHeight", "maxHeight")

_INVOCATION = re.compile(r"^[a-z][a-z' .]*[a-z.]$")
_SAMPLE = re.compile(r"^(?:[A-Za-z'.\- ]|\{[A-Za-z_]+\})+$")
_SLOT_REF = re.compile(r"\{([^}]*)\}")


def normalise(sample: str) -> str:
    return " ".join(sample.lower().split())


def check(catalog: Catalog) -> list[str]:
    """Every build-rule problem in the catalog; empty when it would build."""
    return (
        _invocation_problems(catalog.skill.get("invocation_name", ""))
        + _intent_problems(catalog)
        + _slot_type_problems(catalog)
        + _manifest_problems(catalog)
        + _capability_problems(catalog.skill)
    )


def _invocation_problems(name: str) -> list[str]:
    problems = []
    if not isinstance(name, str) or not _INVOCATION.match(name):
        return [f"invocation name {name!r}: use lowercase letters, spaces, apostrophes and periods"]
    words = name.replace(".", " ").split()
    if len(words) < 2:
        problems.append(f"invocation name {name!r}: needs two or more words")
    for word in words:
        if word in FORBIDDEN_INVOCATION_WORDS:
            problems.append(f"invocation name {name!r}: may not contain {word!r}")
    if len(name) > 50:
        problems.append(f"invocation name {name!r}: longer than 50 characters")
    return problems


def _intent_problems(catalog: Catalog) -> list[str]:
    problems = []
    names = [intent.name for intent in catalog.intents]
    for required in REQUIRED_BUILTINS:
        if required not in names:
            problems.append(f"{required}: required built-in intent is missing")
    for name in {n for n in names if names.count(n) > 1}:
        problems.append(f"{name}: defined more than once")
    seen: dict[str, str] = {}
    for intent in catalog.intents:
        declared = {slot.name for slot in intent.slots}
        used: set[str] = set()
        if not intent.is_builtin and len(intent.samples) < MIN_SAMPLES:
            problems.append(f"{intent.name}: has {len(intent.samples)} samples, needs {MIN_SAMPLES}")
        if intent.name == "AMAZON.FallbackIntent" and intent.samples:
            problems.append(f"{intent.name}: may not have samples")
        for sample in intent.samples + intent.near_misses:
            where = f"{intent.name}: sample {sample!r}"
            if not _SAMPLE.match(sample):
                problems.append(f"{where}: only letters, spaces, apostrophes, periods, hyphens "
                                "and {slots} are allowed (spell numbers out)")
            if len(sample) > MAX_SAMPLE_CHARS:
                problems.append(f"{where}: longer than {MAX_SAMPLE_CHARS} characters")
            for ref in _SLOT_REF.findall(sample):
                used.add(ref)
                if ref not in declared:
                    problems.append(f"{where}: slot {{{ref}}} is not declared")
            key = normalise(sample)
            if key in seen:
                other = seen[key]
                problems.append(f"{where}: duplicate of a sample in {other}"
                                if other != intent.name else f"{where}: listed twice")
            seen[key] = intent.name
        for slot in intent.slots:
            if not slot.type.startswith("AMAZON.") and slot.type not in catalog.slot_types:
                problems.append(f"{intent.name}: slot {slot.name} uses undefined type {slot.type}")
            if slot.name not in used:
                problems.append(f"{intent.name}: slot {slot.name} is declared but no sample uses it")
    return problems


def _slot_type_problems(catalog: Catalog) -> list[str]:
    problems = []
    for type_name, values in catalog.slot_types.items():
        if not values:
            problems.append(f"slot type {type_name}: has no values")
        ids: set[str] = set()
        spoken: dict[str, str] = {}
        for value in values:
            if value.id in ids:
                problems.append(f"slot type {type_name}: duplicate id {value.id!r}")
            ids.add(value.id)
            for phrase in (value.name, *value.synonyms):
                key = normalise(phrase)
                if not _SAMPLE.match(phrase) or "{" in phrase:
                    problems.append(f"slot type {type_name}: {phrase!r} has characters Alexa rejects")
                if key in spoken and spoken[key] != value.id:
                    problems.append(f"slot type {type_name}: {phrase!r} belongs to two values")
                spoken[key] = value.id
    return problems


def _manifest_problems(catalog: Catalog) -> list[str]:
    skill = catalog.skill
    publishing = skill.get("publishing", {})
    invocation = skill.get("invocation_name", "")
    problems = []
    phrases = publishing.get("example_phrases", [])
    if not 1 <= len(phrases) <= 3:
        problems.append("manifest: give one to three example phrases")
    if phrases and phrases[0] != f"Alexa, open {invocation}":
        problems.append(f"manifest: the first example phrase must be 'Alexa, open {invocation}'")
    samples = {normalise(s) for intent in catalog.intents if not intent.is_builtin for s in intent.samples}
    example = re.compile(
        rf"^Alexa, (?:ask|open|tell|launch) {re.escape(invocation)}(?: (?:to|for|about|and))?(?P<rest> .*)?$"
    )
    for phrase in phrases[1:]:
        match = example.match(phrase)
        if not match:
            problems.append(f"manifest: example phrase {phrase!r} must start 'Alexa, ask {invocation}'")
            continue
        rest = normalise(match.group("rest") or "")
        if rest and rest not in samples:
            problems.append(f"manifest: example phrase {phrase!r} does not match any sample")
    if DISCLAIMER not in " ".join(publishing.get("description", "").split()).lower():
        problems.append(f"manifest: the description must say the skill is '{DISCLAIMER}'")
    for field in ("name", "summary", "description", "testing_instructions"):
        if not publishing.get(field):
            problems.append(f"manifest: publishing {field} is missing")
    if len(publishing.get("summary", "")) > 160:
        problems.append("manifest: the summary is longer than 160 characters")
    if not skill.get("locales"):
        problems.append("manifest: no locales")
    return problems


def _capability_problems(skill: dict) -> list[str]:
    """Permissions and interfaces: only names the console knows, and viewports it would accept."""
    problems = []
    permissions = skill.get("permissions") or []
    if not isinstance(permissions, list):
        return ["manifest: permissions must be a list of permission names"]
    for name in permissions:
        if name not in KNOWN_PERMISSIONS:
            problems.append(f"manifest: unknown permission {name!r}")
    events = skill.get("events") or []
    if not isinstance(events, list):
        return problems + ["manifest: events must be a list of event names"]
    for name in events:
        if name not in KNOWN_EVENTS:
            problems.append(f"manifest: unknown skill event {name!r}")
    interfaces = skill.get("interfaces") or []
    if not isinstance(interfaces, list):
        return problems + ["manifest: interfaces must be a list"]
    for interface in interfaces:
        kind = interface.get("type") if isinstance(interface, dict) else None
        if kind not in KNOWN_INTERFACES:
            problems.append(f"manifest: unknown interface {kind!r}")
            continue
        viewports = interface.get("supportedViewports")
        if not isinstance(viewports, list) or not viewports:
            problems.append(f"manifest: {kind} needs a list of supportedViewports")
            continue
        for number, viewport in enumerate(viewports, start=1):
            problems += _viewport_problems(f"manifest: {kind} viewport {number}", viewport)
    return problems


def _viewport_problems(where: str, viewport: object) -> list[str]:
    if not isinstance(viewport, dict):
        return [f"{where}: must be a mapping"]
    problems = []
    if viewport.get("mode") not in VIEWPORT_MODES:
        problems.append(f"{where}: mode must be one of {', '.join(sorted(VIEWPORT_MODES))}")
    if viewport.get("shape") not in VIEWPORT_SHAPES:
        problems.append(f"{where}: shape must be ROUND or RECTANGLE")
    sizes = [viewport.get(key) for key in VIEWPORT_SIZES]
    if not all(isinstance(size, int) and not isinstance(size, bool) and size > 0 for size in sizes):
        problems.append(f"{where}: needs positive whole-pixel {', '.join(VIEWPORT_SIZES)}")
    elif sizes[0] > sizes[1] or sizes[2] > sizes[3]:
        problems.append(f"{where}: a minimum is larger than its maximum")
    return problems
