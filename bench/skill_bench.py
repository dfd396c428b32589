"""Cold start, warm request time and content loading, against the baseline skill."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from pathlib import Path

from bench.stats import alternate, per_call_seconds, report

HERE = Path(__file__).parent
ROOT = HERE.parent
EVENT = json.loads((HERE / "idea_request.json").read_text())


def cold_once(which: str) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(HERE / "cold_start.py"), which], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - start, int(done.stdout.strip())


def compile_project() -> None:
    """Byte-compile our modules, as pip does for installed packages and the Lambda zip does.

    Without this a machine with PYTHONDONTWRITEBYTECODE set would recompile our
    source on every cold start while the SDK's installed bytecode loads ready.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", "skill", "intents", "content", "bench"],
                   cwd=ROOT, check=True)


def run(rounds: int = 15) -> None:
    compile_project()
    print("-- skill: cold start (fresh process: import + one idea request)")
    rss = {"closer": [], "baseline": []}

    def timed(which: str):
        def measure() -> float:
            seconds, kib = cold_once(which)
            rss[which].append(kib)
            return seconds * 1000
        return measure

    ours, base = alternate(timed("closer"), timed("baseline"), rounds)
    report("cold start", ours, base, "ms", 1.15)
    report("cold start peak memory", max(rss["closer"]) / 1024, max(rss["baseline"]) / 1024, "MiB", None)

    print("-- skill: warm request (same process, idea request)")
    sys.path.insert(0, str(HERE))
    from baseline_skill import lambda_handler as baseline_handler

    from skill.lambda_function import lambda_handler

    def warm(handler):
        return lambda: per_call_seconds(lambda: handler(copy.deepcopy(EVENT), None), 200) * 1e6

    for _ in range(50):  # warm both up before measuring
        lambda_handler(copy.deepcopy(EVENT), None)
        baseline_handler(copy.deepcopy(EVENT), None)
    ours, base = alternate(warm(lambda_handler), warm(baseline_handler), rounds)
    report("warm request", ours, base, "us", 1.2)

    print("-- skill: content loading")
    from content import load_content
    from content.loader import DATA_DIR, _parse, _read_sources
    sources = _read_sources(DATA_DIR)
    parse_ms = per_call_seconds(lambda: _parse(sources), 20) * 1000
    load_ms = per_call_seconds(load_content, 20) * 1000
    print(f"{'load_content(), cache fresh':<34} {load_ms:>10.3f} ms   (what a cold start pays)")
    print(f"{'parse + validate all YAML':<34} {parse_ms:>10.3f} ms   (paid once after an edit)")
