"""The matcher's cached model: same answers as scikit-learn, trained once, answered without it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES
from local_runner.classifier import CompactClassifier, export, fit
from local_runner.labelled import load_examples
from local_runner.matcher import MODEL_PATH, REGULARISATION, Matcher, normalise, training_set
from local_runner.model_cache import model_file, model_key

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict | None = None, code: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "local_runner", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180,
                          env={**os.environ, **(env or {})})


def test_compact_model_gives_scikit_learns_answers_on_the_held_out_set(tmp_path):
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    pipeline = fit(*training_set(model), REGULARISATION)
    export(pipeline, tmp_path / "model.bin")
    compact = CompactClassifier(tmp_path / "model.bin")
    texts = [normalise(e.utterance) for e in load_examples(FIXTURES / "heldout_utterances.yaml")]
    expected = pipeline.predict_proba(texts)
    got = compact.predict_proba(texts)
    assert compact.classes == list(pipeline.classes_)
    for text, want, have in zip(texts, expected, got, strict=True):
        assert max(range(len(have)), key=have.__getitem__) == int(want.argmax()), text
        assert max(abs(a - b) for a, b in zip(want, have, strict=True)) < 1e-9, text


def test_first_ask_trains_and_says_so_then_later_asks_load_the_cache(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    first = run("ask", "give me an idea", "--no-audio", env=env)
    assert first.returncode == 0, first.stderr
    assert "(matcher) training on en-US.json" in first.stderr
    cached = list((tmp_path / "closer-again").glob("matcher-*.bin"))
    assert [p.name for p in cached] == [f"matcher-{model_key(MODEL_PATH)}.bin"]
    second = run("ask", "give me an idea", "--no-audio", env=env)
    assert second.returncode == 0 and "training" not in second.stderr
    assert "[ReconnectionIdeaIntent" in second.stdout


def test_answering_from_the_cache_imports_neither_scikit_learn_nor_numpy(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    assert run("train", env=env).returncode == 0
    code = ("import sys, io, contextlib\n"
            "from local_runner.__main__ import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['ask', 'we keep fighting what can we do', '--no-audio'])\n"
            "print(sorted(m for m in ('sklearn', 'numpy', 'scipy') if m in sys.modules))")
    result = run(code=code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_cache_key_follows_the_interaction_model(tmp_path):
    copy = tmp_path / "en-US.json"
    shutil.copy(MODEL_PATH, copy)
    assert model_key(copy) == model_key(MODEL_PATH)
    model = json.loads(copy.read_text(encoding="utf-8"))
    model["interactionModel"]["languageModel"]["intents"][0]["samples"].append("one more way to say it")
    copy.write_text(json.dumps(model), encoding="utf-8")
    assert model_key(copy) != model_key(MODEL_PATH)


@pytest.mark.parametrize("damage", [b"CLOSERM1", b"CLOSERM1 not a model", b"PK\x03\x04 a zip file"])
def test_a_damaged_cache_file_is_trained_again_not_trusted(tmp_path, monkeypatch, capsys, damage):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    target = model_file(MODEL_PATH)
    target.parent.mkdir(parents=True)
    target.write_bytes(damage)
    matcher = Matcher()
    assert "training" in capsys.readouterr().err
    assert matcher.match("what are the signs").intent == "SignsIntent"
    CompactClassifier(target)  # rewritten whole


def test_an_unwritable_cache_still_answers(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    result = run("ask", "what are the signs", "--no-audio", env={"XDG_CACHE_HOME": str(blocked)})
    assert result.returncode == 0, result.stderr
    assert "cannot save the trained model" in result.stderr and "[SignsIntent" in result.stdout


@pytest.mark.parametrize("utterance,request_type,intent", [
    ("give me an idea", "IntentRequest", "ReconnectionIdeaIntent"),
    ("ask closer again what are the signs", "IntentRequest", "SignsIntent"),
    ("open closer again", "LaunchRequest", None),
])
def test_ask_is_one_request_in_a_new_session(utterance, request_type, intent):
    result = run("ask", utterance, "--json", "--no-audio")
    assert result.returncode == 0, result.stderr
    turns = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(turns) == 1  # no welcome turn first
    request = turns[0]["request"]
    assert request["request"]["type"] == request_type and request["session"]["new"] is True
    if intent:
        assert request["request"]["intent"]["name"] == intent
