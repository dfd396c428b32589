"""How well the matcher understands people, as a CI gate: the held-out sets and
cross-validation each have a floor, and the kinds of miss issue 19 names stay fixed.

The floors sit a little under the figures measured in docs/understanding.md, so a
change that makes the skill understand less fails the build.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
# (file, intent accuracy floor, slot accuracy floor), in percent.
HELD_OUT = [
    (FIXTURES / "heldout_utterances.yaml", 99.0, 98.0),
    (FIXTURES / "heldout_classes.yaml", 99.0, 99.0),
]
CROSS_VALIDATION_FLOOR = 72.0


def local_runner(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "local_runner", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("path,intents,slots", HELD_OUT, ids=lambda v: getattr(v, "stem", v))
def test_held_out_set_stays_above_its_floors(path, intents, slots):
    result = local_runner("eval", str(path), "--min", str(intents), "--min-slots", str(slots))
    assert result.returncode == 0, result.stdout + result.stderr


def test_cross_validation_on_the_models_own_samples_stays_above_its_floor():
    result = local_runner("eval", "--cross-validate", "5", "--min", str(CROSS_VALIDATION_FLOOR))
    assert result.returncode == 0, result.stdout[:3000] + result.stderr
    assert "5-fold cross-validation of the interaction model" in result.stdout


def test_the_slot_floor_fails_the_build_when_slots_are_missed(tmp_path):
    labelled = tmp_path / "slots.yaml"
    labelled.write_text(
        "- {utterance: we keep fighting what can we do, intent: ReconnectionIdeaIntent, "
        "slots: {cause: stress}}\n", encoding="utf-8")
    result = local_runner("eval", str(labelled), "--min", "90", "--min-slots", "50")
    assert result.returncode == 1
    assert "slot accuracy 0.0% is below --min-slots 50%" in result.stderr


# The kinds of miss named in issue 19, each through `closer-local match` as the runner hears it.
CLASSES = [
    # A slot value that is also an intent's word does not win.
    ("what's a way we could reconnect", "ReconnectionIdeaIntent", {}),
    ("what was on the news last night", "AMAZON.FallbackIntent", {}),
    ("go deeper on that", "AMAZON.MoreIntent", {}),
    # Openers after a fight.
    ("how do we get talking again after a fight", "ConversationStarterIntent", {"topic": "after_a_fight"}),
    ("what do i say after the row", "ConversationStarterIntent", {"topic": "after_a_fight"}),
    # Slots filled when the intent is right, and not a wrong one.
    ("how do i bring it up when we're both wiped out", "ConversationStarterIntent", {"topic": "stress"}),
    ("she wants sex way more often than i do", "ReconnectionIdeaIntent", {"situation": "desire_mismatch"}),
    ("it hurts when we have sex now", "ReconnectionIdeaIntent", {"situation": "pain_or_health"}),
    ("nothing we try works we still feel far apart", "SeekHelpIntent", {}),
    # Causes are not signs; a situation and a sign is an idea for that situation.
    ("where does the distance between us come from", "CausesIntent", {}),
    ("the baby came and now we never touch", "ReconnectionIdeaIntent", {"situation": "new_parents"}),
]


def test_the_kinds_of_miss_issue_19_names_are_heard_right():
    result = local_runner("match", stdin="".join(f"{u}\n" for u, _, _ in CLASSES))
    assert result.returncode == 0, result.stderr
    heard = [json.loads(line) for line in result.stdout.splitlines()]
    wrong = [(u, h["intent"], {n: s["id"] for n, s in h["slots"].items()})
             for (u, intent, slots), h in zip(CLASSES, heard, strict=True)
             if (h["intent"], {n: s["id"] for n, s in h["slots"].items()}) != (intent, slots)]
    assert not wrong, "\n".join(f"{u!r} -> {i} {s}" for u, i, s in wrong)
