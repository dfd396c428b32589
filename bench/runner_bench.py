"""Local runner: match latency, and the time from Enter to the first audio sample."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import yaml

from bench.stats import alternate, per_call_seconds, report

ROOT = Path(__file__).resolve().parent.parent


def run(rounds: int = 7) -> None:
    from local_runner.matcher import Matcher, normalise
    from local_runner.runner import Runner
    from local_runner.speech import SpeechUnavailable, Voice

    print("-- local runner: matching (target at most 5 ms per utterance)")
    started = time.perf_counter()
    matcher = Matcher()
    print(f"{'matcher start-up (train)':<34} {(time.perf_counter() - started) * 1000:>10.1f} ms")
    held_out = yaml.safe_load((ROOT / "tests/fixtures/heldout_utterances.yaml").read_text())
    # An entry is the utterance, or {say, slots} when its slots are checked too.
    utterances = [u if isinstance(u, str) else u["say"] for items in held_out.values() for u in items]
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
