"""`closer-local eval`: the NLU report on labelled utterances, as a CI step would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
SAFETY_SET = FIXTURES / "safety_utterances.yaml"
# Intents whose every utterance must be heard: a missed disclosure gets tips instead of help.
MUST_NOT_MISS = ("SafetyIntent", "CrisisIntent")


def evaluate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "local_runner", "eval", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_held_out_set_report_on_the_terminal_and_in_files(tmp_path):
    result = evaluate(str(FIXTURES / "heldout_utterances.yaml"), "--report", str(tmp_path), "--min", "95")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    held_out = yaml.safe_load((FIXTURES / "heldout_utterances.yaml").read_text(encoding="utf-8"))
    assert report["utterances"] == sum(len(items) for items in held_out.values())
    assert report["intent_accuracy"] >= 0.95
    out = result.stdout
    assert f"intent accuracy  {report['intent_accuracy'] * 100:.1f}%" in out
    assert f"slot accuracy    {report['slot_accuracy'] * 100:.1f}%" in out
    assert "precision  recall     f1  support" in out and "SignsIntent" in out
    assert f"misclassified ({len(report['misclassified'])}):" in out
    for wrong in report["misclassified"]:  # every one shown, with what it got
        assert f"{wrong['utterance']!r}: expected {wrong['expected']}, got {wrong['got']}" in out
    assert len(report["confusions"]) == min(10, len(report["confusions"]))
    assert sum(report["per_intent"][i]["support"] for i in report["per_intent"]) == report["utterances"]
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| SignsIntent |" in markdown and "![confusion matrix](confusion_matrix.png)" in markdown
    width, height = png_size(tmp_path / "confusion_matrix.png")
    assert width >= 600 and height >= 600  # one readable cell per intent pair
    assert png_size(tmp_path / "f1_per_intent.png")[1] >= 300


def test_tsv_with_slots_and_the_min_gate(tmp_path):
    labelled = tmp_path / "labelled.tsv"
    labelled.write_text(
        "utterance\tintent\tslots\n"
        "we keep fighting what can we do\tReconnectionIdeaIntent\tcause=conflict\n"
        "what are the signs\tSignsIntent\t\n"
        "give me an idea\tSignsIntent\n",  # deliberately mislabelled
        encoding="utf-8")
    result = evaluate(str(labelled), "--min", "90")
    assert result.returncode == 1
    assert "intent accuracy  66.7% (2 of 3)" in result.stdout
    assert "slot accuracy    100.0% of 2 labelled utterances" in result.stdout
    assert "'give me an idea': expected SignsIntent, got ReconnectionIdeaIntent" in result.stdout
    assert "below --min 90%" in result.stderr
    assert evaluate(str(labelled), "--min", "60").returncode == 0


def test_a_wrong_slot_is_counted_and_shown(tmp_path):
    labelled = tmp_path / "slots.yaml"
    labelled.write_text(yaml.safe_dump([
        {"utterance": "we keep fighting what can we do", "intent": "ReconnectionIdeaIntent",
         "slots": {"cause": "stress"}},
    ]), encoding="utf-8")
    result = evaluate(str(labelled))
    assert result.returncode == 0
    assert "slot accuracy    0.0% of 1 labelled utterances" in result.stdout
    assert "expected {'cause': 'stress'}, got {'cause': 'conflict'}" in result.stdout


@pytest.mark.parametrize("content,problem", [
    ("utterance\tintent\nonly one column\n", "line 2: expected utterance<TAB>intent"),
    ("give me an idea\tReconnectionIdeaIntent\tcause\n", "line 1: slot 'cause' is not name=value"),
])
def test_a_broken_tsv_line_is_named_not_skipped(tmp_path, content, problem):
    labelled = tmp_path / "bad.tsv"
    labelled.write_text(content, encoding="utf-8")
    result = evaluate(str(labelled))
    assert result.returncode == 2 and problem in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("content,problem", [
    ("- {utterance: give me an idea, intent: ReconnectionIdeaIntent}\n"
     "- {utterance: what are the signs, intnet: SignsIntent}\n", "entry 2: unknown key 'intnet'"),
    # An intent listed twice: named, not half the file silently lost.
    ("SignsIntent:\n- what are the signs\nCausesIntent:\n- why\nSignsIntent:\n- any signs\n",
     "duplicate key 'SignsIntent'"),
])
def test_a_broken_yaml_entry_is_named_not_skipped(tmp_path, content, problem):
    labelled = tmp_path / "bad.yaml"
    labelled.write_text(content, encoding="utf-8")
    result = evaluate(str(labelled))
    assert result.returncode == 2
    assert problem in result.stderr and "Traceback" not in result.stderr


def test_cross_validation_over_the_models_own_samples(tmp_path):
    result = evaluate("--cross-validate", "3", "--report", str(tmp_path))
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["source"] == "3-fold cross-validation of the interaction model"
    model = json.loads((ROOT / "skill-package/interactionModels/custom/en-US.json").read_text())
    samples = sum(len(i["samples"]) for i in model["interactionModel"]["languageModel"]["intents"])
    assert report["utterances"] >= samples  # every sample tested once, plus the local phrasings
    assert 0.7 <= report["intent_accuracy"] <= 1.0
    assert "3-fold cross-validation" in result.stdout


def test_eval_needs_a_file_or_cross_validation():
    result = evaluate()
    assert result.returncode == 2 and "--cross-validate" in result.stderr


@pytest.mark.skipif(not SAFETY_SET.exists(), reason="the safety set (tests/fixtures/safety_utterances.yaml) "
                    "is not in this branch yet")
def test_safety_set_every_disclosure_reaches_safety(tmp_path):
    result = evaluate(str(SAFETY_SET), "--report", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    missed = [m for m in report["misclassified"] if m["expected"] in MUST_NOT_MISS]
    assert not missed, "\n".join(f"{m['utterance']!r} -> {m['got']}" for m in missed)

