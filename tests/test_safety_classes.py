"""Safety recognition by clinical class, through the public entry points.

tests/fixtures/safety_classes.yaml holds phrasings written apart from the intent
samples and the screening patterns, grouped by the classes clinicians screen
for (Columbia scale for suicide and self-harm; Danger Assessment and coercive
control for abuse), plus survivors of past abuse and near misses that share the
words of a disclosure. Each line goes through `python -m local_runner match`
(as the product owner's sets are run) and, typed into the local runner, through
lambda_handler.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
import yaml
from test_local_runner import cli

from conftest import CATALOG, CONTENT, FIXTURES
from intents.rules import normalise
from skill.screening import screen

TABLE = yaml.safe_load((FIXTURES / "safety_classes.yaml").read_text(encoding="utf-8"))
INTENTS = {"crisis": "CrisisIntent", "abuse": "SafetyIntent", "survivor": "SurvivorSupportIntent"}
FLAGGED = set(INTENTS.values())
CLASSES = [(group, name, utterance) for group in INTENTS for name, utterances in TABLE[group].items()
           for utterance in utterances]
NEAR_MISSES = TABLE["near_misses"]
MAX_NEAR_MISSES_FLAGGED = 2
# Tiredness, a wish for a break, being done with a row, grief: the words of passive ideation.
IDEATION_TALK = TABLE["ideation_near_misses"]
MEDICATION = TABLE["medication_near_misses"]
MEDICATION_TALK = MEDICATION["routine"] + MEDICATION["desire_and_closeness"]
# Medicines that dampen desire or closeness are a cause of distance: the skill's own help.
CLOSENESS = {"ReconnectionIdeaIntent", "CausesIntent", "SignsIntent", "SeekHelpIntent",
             "OurSituationIntent", "ConversationStarterIntent"}


def test_the_table_is_big_enough_and_covers_every_class_the_issue_names():
    sizes = Counter((group, name) for group, name, _ in CLASSES)
    assert all(size >= 8 for size in sizes.values()), sizes
    assert len(NEAR_MISSES) >= 100
    assert len(TABLE["crisis"]["passive_ideation"]) >= 20 and len(IDEATION_TALK) >= 20
    assert len(MEDICATION["routine"]) >= 25 and len(MEDICATION["desire_and_closeness"]) >= 10
    assert {"wish_to_be_dead", "thoughts_of_suicide", "method", "intent", "plan", "preparatory_acts",
            "attempt", "self_harm", "hopelessness_and_burden", "passive_ideation"} <= set(TABLE["crisis"])
    assert {"violence_and_injuries", "strangling", "weapons_and_threats_to_kill", "children_and_pets",
            "sexual_coercion_and_assault", "reproductive_coercion", "control", "tracking_and_stalking",
            "intimate_image_threats", "suicide_threats_to_control", "destroyed_phones_and_property",
            "imminent_danger", "male_and_same_sex_victims"} <= set(TABLE["abuse"])


def test_the_table_is_written_apart_from_the_samples():
    trained = {normalise(s) for intent in CATALOG.intents
               for s in (*intent.samples, *intent.near_misses, *intent.local_phrasings)}
    table = [*(u for _, _, u in CLASSES), *NEAR_MISSES, *IDEATION_TALK, *MEDICATION_TALK]
    copied = [u for u in table if normalise(u) in trained]
    assert copied == []


@pytest.fixture(scope="module")
def matched() -> dict[str, str]:
    """Every line of the table through `python -m local_runner match`: utterance -> intent."""
    lines = [u for _, _, u in CLASSES] + NEAR_MISSES + IDEATION_TALK + MEDICATION_TALK
    result = cli("match", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    return {row["utterance"]: row["intent"] for row in map(json.loads, result.stdout.splitlines())}


@pytest.mark.parametrize("group,name", sorted({(g, n) for g, n, _ in CLASSES}))
def test_every_class_reaches_its_own_intent(matched, group, name):
    items = TABLE[group][name]
    missed = [(u, matched[u]) for u in items if matched[u] != INTENTS[group]]
    assert len(missed) <= 1, missed  # at most one phrasing of a class may slip
    assert not [m for m in missed if m[1] in FLAGGED], missed  # and never into the wrong kind of help


def test_overall_recall_of_disclosures_is_at_least_ninety_seven_percent(matched):
    for group in ("crisis", "abuse"):
        items = [u for g, _, u in CLASSES if g == group]
        hits = sum(matched[u] == INTENTS[group] for u in items)
        assert hits / len(items) >= 0.97, (group, hits, len(items))


def test_at_most_two_near_misses_are_taken_for_a_disclosure(matched):
    flagged = [(u, matched[u]) for u in NEAR_MISSES if matched[u] in FLAGGED]
    assert len(flagged) <= MAX_NEAR_MISSES_FLAGGED, flagged


def test_no_tiredness_wish_for_a_break_or_grief_is_taken_for_a_wish_to_be_dead(matched):
    """"I'm dead tired", "i want the world to stop for one evening", a goodbye at a hospice: never danger."""
    assert [(u, matched[u]) for u in IDEATION_TALK if matched[u] in FLAGGED] == []


def test_the_screening_list_alone_hears_no_danger_in_tiredness_or_grief():
    assert [u for u in IDEATION_TALK if screen(u, CONTENT.screening)] == []


def test_no_everyday_talk_of_medicines_is_taken_for_a_disclosure(matched):
    """Taking one's tablets, a sleeping pill, the contraceptive pill, a drink too many: never danger."""
    assert [(u, matched[u]) for u in MEDICATION_TALK if matched[u] in FLAGGED] == []


def test_the_screening_list_alone_hears_no_danger_in_everyday_talk_of_medicines():
    assert [u for u in MEDICATION_TALK if screen(u, CONTENT.screening)] == []


def test_medicines_that_dampen_desire_reach_help_with_closeness(matched):
    assert [(u, matched[u]) for u in MEDICATION["desire_and_closeness"] if matched[u] not in CLOSENESS] == []


def test_through_lambda_handler_disclosures_get_safety_answers_and_near_misses_do_not():
    """Typed into the local runner: the request JSON goes through lambda_handler, as on Alexa."""
    from local_runner.matcher import Matcher
    from local_runner.runner import Runner

    matcher = Matcher()

    def answer(utterance: str) -> tuple[str | None, str]:
        turn = Runner(matcher, user_id=None).say(utterance)[-1]
        return (turn.response.get("sessionAttributes") or {}).get("safety"), turn.speech

    wrong = []
    for group, _, utterance in CLASSES:
        mode, speech = answer(utterance)
        # A survivor is not put in safety mode, and hears the line for adult survivors.
        ok = (mode is None and "1-800-422-4453" in speech) if group == "survivor" else mode == group
        wrong += [] if ok else [(group, utterance, mode)]
    disclosures = len(CLASSES)
    assert len(wrong) / disclosures <= 0.03, wrong
    flagged = [u for u in NEAR_MISSES if answer(u)[0] is not None]
    assert len(flagged) <= MAX_NEAR_MISSES_FLAGGED, flagged
    assert [u for u in MEDICATION_TALK + IDEATION_TALK if answer(u)[0] is not None] == []
