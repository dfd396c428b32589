"""Local runner: match latency, and the time from Enter to the first audio sample."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.stats import alternate, per_call_seconds, report

ROOT = Path(__file__).resolve().parent.parent


def _process_ms(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True, env=env)
    return (time.perf_counter() - start) * 1000


def ask_start(rounds: int = 21) -> None:
    """`closer-local ask` with a cached model against the one-handler skill's cold start,
    each a fresh process, alternated. Speech is off: this measures starting and answering."""
    from bench.skill_bench import compile_project

    compile_project()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "local_runner"], cwd=ROOT, check=True)
    cache = tempfile.mkdtemp(prefix="closer-bench-cache-")
    env = {**os.environ, "XDG_CACHE_HOME": cache, "CLOSER_PERSISTENCE": "none"}
    ask = [sys.executable, "-m", "local_runner", "ask", "give me an idea", "--no-audio"]
    print("-- local runner: ask, one utterance in a fresh process (target at most 3x the baseline)")
    first = _process_ms(ask, env)
    print(f"{'ask, first run (trains, caches)':<34} {first:>10.1f} ms")
    baseline = [sys.executable, str(ROOT / "bench" / "cold_start.py"), "baseline"]
    try:
        report("ask, model cached", alternate(lambda: _process_ms(ask, env),
                                              lambda: _process_ms(baseline, env), rounds), "ms", 3.0)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def run(rounds: int = 7) -> None:
    ask_start()
    from local_runner.classifier import CompactClassifier
    from local_runner.matcher import MODEL_PATH, Matcher, normalise, train
    from local_runner.model_cache import model_file
    from local_runner.runner import Runner
    from local_runner.speech import SpeechUnavailable, Voice

    print("-- local runner: matching (target at most 5 ms per utterance)")
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    scratch_model = Path(tempfile.mkdtemp(prefix="closer-bench-model-")) / "model.bin"
    started = time.perf_counter()
    train(model, scratch_model)
    print(f"{'matcher training (once per change)':<34} {(time.perf_counter() - started) * 1000:>10.1f} ms")
    started = time.perf_counter()
    CompactClassifier(scratch_model)
    print(f"{'matcher load from the cache':<34} {(time.perf_counter() - started) * 1000:>10.1f} ms")
    shutil.rmtree(scratch_model.parent, ignore_errors=True)
    matcher = Matcher()
    assert model_file(MODEL_PATH).exists()
    from local_runner.labelled import load_examples

    utterances = [e.utterance for e in load_examples(ROOT / "tests/fixtures/heldout_utterances.yaml")]
    known = {normalise(u): u for u in utterances}

    def per_utterance_ms(match_all) -> float:
        return per_call_seconds(match_all, 3) / len(utterances) * 1000

    def ours() -> float:
        return per_utterance_ms(lambda: [matcher.match(u) for u in utterances])

    def lookup() -> float:  # the floor: normalise and look the sentence up
        return per_utterance_ms(lambda: [known.get(normalise(u)) for u in utterances])

    result = alternate(ours, lookup, rounds)
    report("match, per utterance", result, "ms", None)
    print(f"{'':<34} {'ok' if result.ours <= 5 else 'OVER'}: {result.ours:.2f} ms against the 5 ms target")

    print("-- local runner: Enter to first audio sample (answer rendered to WAV, ready to play)")
    voice = Voice()
    runner = Runner(matcher)
    runner.launch()
    scratch = Path(tempfile.mkdtemp())
    try:
        voice.render("<speak>warm up</speak>", scratch / "warm.wav")
    except SpeechUnavailable as error:
        print(f"skipped: {error}")
        return
    texts: list[str] = []

    def enter() -> float:
        start = time.perf_counter()
        turn = runner.say("give me another idea")[-1]
        voice.render(turn.speech, scratch / "answer.wav")
        texts.append(turn.speech)
        return (time.perf_counter() - start) * 1000

    def speech_only() -> float:  # the floor: the same speech, rendered with nothing before it
        start = time.perf_counter()
        voice.render(texts[-1], scratch / "same.wav")
        return (time.perf_counter() - start) * 1000

    report("Enter to first audio sample", alternate(enter, speech_only, rounds), "ms", None)
    print(f"{'':<34} (median of {rounds}; playback then starts with aplay)")
