"""Cold start, warm request time and content loading, against the baseline skill."""

from __future__ import annotations

import copy
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from bench.returning import Listeners, seed
from bench.stats import alternate, compare, per_call_seconds, report

HERE = Path(__file__).parent
ROOT = HERE.parent
EVENT = json.loads((HERE / "idea_request.json").read_text())


# The baseline remembers nothing, so the skill is compared without memory; what
# SQLite memory adds is reported beside it (and per request in web_bench).
WITHOUT_MEMORY = {"CLOSER_PERSISTENCE": "none"}
CALLS = 200  # requests per warm measurement


def new_listener() -> dict:
    """The idea request in a new session from a listener never heard before."""
    event = copy.deepcopy(EVENT)
    user = f"amzn1.ask.account.BENCH{next(_listeners)}"
    event["session"]["user"]["userId"] = event["context"]["System"]["user"]["userId"] = user
    return event


_listeners = itertools.count()


class ColdStart(NamedTuple):
    to_response: float  # seconds from starting the process to the answer being ready
    whole: float  # seconds until the process has exited
    peak_kib: int


def cold_once(which: str, env: dict[str, str]) -> ColdStart:
    """One fresh process answering one idea request.

    The time a listener waits ends when the answer is ready; what the process
    does after (the interpreter's teardown, SQLite's checkpoint on close) is
    reported too but is not in the way of any answer: Lambda and the web
    service's workers keep their process for the next request.
    """
    start = time.monotonic()  # the same clock the child reads (CLOCK_MONOTONIC on Linux)
    done = subprocess.run([sys.executable, str(HERE / "cold_start.py"), which], cwd=ROOT,
                          capture_output=True, text=True, check=True, env={**os.environ, **env})
    ended = time.monotonic()
    kib, ready = done.stdout.split()
    return ColdStart(float(ready) - start, ended - start, int(kib))


def compile_project() -> None:
    """Byte-compile our modules, as pip does for installed packages and the Lambda zip does.

    Without this a machine with PYTHONDONTWRITEBYTECODE set would recompile our
    source on every cold start while the SDK's installed bytecode loads ready.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", "skill", "intents", "content", "bench"],
                   cwd=ROOT, check=True)


def run(rounds: int = 21) -> None:
    compile_project()
    print("-- skill: cold start (fresh process: import + one idea request, until the answer is ready;")
    print("   'whole process' adds the exit, which no listener waits for)")
    rss: dict[str, list[int]] = {"closer": [], "baseline": []}
    whole: dict[str, list[float]] = {}

    def timed(which: str, env: dict[str, str]):
        def measure() -> float:
            cold = cold_once(which, env)
            rss[which].append(cold.peak_kib)
            whole.setdefault(which, []).append(cold.whole * 1000)
            return cold.to_response * 1000
        return measure

    def cold_start(name: str, closer: Callable[[], float], target: float) -> None:
        whole.clear()
        report(name, alternate(closer, timed("baseline", {}), rounds), "ms", target)
        report(f"  {name}, whole process", compare(whole["closer"], whole["baseline"]), "ms", None)

    cold_start("cold start", timed("closer", WITHOUT_MEMORY), 1.10)
    report("cold start peak memory", compare([max(rss["closer"]) / 1024], [max(rss["baseline"]) / 1024]),
           "MiB", None)
    database = {"CLOSER_PERSISTENCE": "sqlite", "CLOSER_DB": str(Path(tempfile.mkdtemp()) / "m.db")}
    cold_start("cold start with SQLite memory", timed("closer", database), 1.15)
    # A returning listener: the record (50 ideas heard, a check-in focus) is stored
    # again before each start, outside the time measured.
    returning_db = Path(tempfile.mkdtemp()) / "returning.db"
    closer_returning = timed("closer", {"CLOSER_PERSISTENCE": "sqlite", "CLOSER_DB": str(returning_db)})

    def returning_cold() -> float:
        seed(returning_db, [EVENT["session"]["user"]["userId"]])
        return closer_returning()

    cold_start("cold start, returning listener", returning_cold, 1.15)

    print("-- skill: warm request (same process, idea request, no memory)")
    sys.path.insert(0, str(HERE))
    from baseline_skill import lambda_handler as baseline_handler

    from skill.builder import build_skill
    from skill.invoke import answer
    from skill.persistence import SqliteAdapter

    skill = build_skill()  # what lambda_handler runs, without a persistence adapter
    remembering = build_skill(persistence_adapter=SqliteAdapter(Path(tempfile.mkdtemp()) / "warm.db"))

    def lambda_handler(event, context):
        return answer(skill, event, context)

    def with_memory(event, context):
        return answer(remembering, event, context)

    def warm(handler):
        return lambda: per_call_seconds(lambda: handler(new_listener(), None), CALLS) * 1e6

    for _ in range(50):  # warm all three up before measuring
        lambda_handler(new_listener(), None)
        with_memory(new_listener(), None)
        baseline_handler(new_listener(), None)
    report("warm request", alternate(warm(lambda_handler), warm(baseline_handler), rounds), "us", 1.15)
    # A one-shot idea in a new session: one read (nothing stored yet) and one write.
    report("warm request, SQLite memory", alternate(warm(with_memory), warm(baseline_handler), rounds),
           "us", 1.35)
    # A one-shot idea for a returning listener: their record read, the idea chosen away
    # from the 50 heard and towards the check-in's focus, the record written back.
    returning_warm_db = Path(tempfile.mkdtemp()) / "returning-warm.db"
    returning = Listeners(returning_warm_db, CALLS * (rounds + 1))
    recalling = build_skill(persistence_adapter=SqliteAdapter(returning_warm_db))

    def returning_listener(event, context):
        return answer(recalling, returning.take(event), context)

    for _ in range(CALLS):
        returning_listener(new_listener(), None)
    report("warm request, returning listener", alternate(warm(returning_listener), warm(baseline_handler),
                                                         rounds), "us", 1.35)

    print("-- skill: content loading")
    from content import load_content
    from content.loader import DATA_DIR, read_sources
    from content.parser import parse
    sources = read_sources(DATA_DIR)
    parse_ms = per_call_seconds(lambda: parse(sources), 20) * 1000
    load_ms = per_call_seconds(load_content, 20) * 1000
    print(f"{'load_content(), cache fresh':<34} {load_ms:>10.3f} ms   (what a cold start pays)")
    print(f"{'parse + validate all YAML':<34} {parse_ms:>10.3f} ms   (paid once after an edit)")
