"""The Lambda package's cold start on the target runtime's Python, against the minimal skill packaged alike.

Both packages hold the same dependencies, byte-compiled by the target
interpreter as `make lambda-zip` does; each cold start is a fresh process
with only the package and the standard library on its path, and
PYTHONDONTWRITEBYTECODE=1, since Lambda's code folder is read-only.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.stats import alternate, compare, report
from deploy.lambda_package import compile_for, find_interpreter

HERE = Path(__file__).parent
ROOT = HERE.parent
TARGET = "3.12"
OURS = ("skill", "intents", "content")

# Prints the moment the answer is ready on the system-wide monotonic clock, as bench/cold_start.py does.
ONE_REQUEST = """
import json, sys, time
sys.path[:0] = [sys.argv[1]]
if sys.argv[2] == "closer":
    from skill.lambda_function import lambda_handler
else:
    from baseline_skill import lambda_handler
event = json.loads(open(sys.argv[3]).read())
answer = lambda_handler(event, None)
print(time.monotonic())
assert answer["response"]["outputSpeech"]["ssml"]
"""


def run(rounds: int = 21) -> None:
    print(f"-- Lambda package: cold start on Python {TARGET}, unpacked, vs the minimal skill packaged alike")
    interpreter = find_interpreter(TARGET)
    if interpreter is None:
        print(f"cannot measure: no python{TARGET} here (install it, e.g. with pyenv)")
        return
    subprocess.run(["make", "--no-print-directory", "lambda-zip", f"LAMBDA_PYTHON={TARGET}"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    package = ROOT / "dist" / "lambda"
    baseline = Path(tempfile.mkdtemp()) / "baseline"
    shutil.copytree(package, baseline, ignore=lambda folder, names: [
        n for n in names if Path(folder) == package and n in OURS])
    shutil.copy(HERE / "baseline_skill.py", baseline)
    compile_for(baseline, TARGET)

    whole: dict[str, list[float]] = {"closer": [], "baseline": []}

    def cold(folder: Path, which: str):
        def measure() -> float:
            """Until the answer is ready; the exit after it is kept apart (Lambda keeps the process)."""
            start = time.monotonic()
            done = subprocess.run([interpreter, "-S", "-c", ONE_REQUEST, str(folder), which,
                                   str(HERE / "idea_request.json")], check=True, cwd=folder,
                                  capture_output=True, text=True,
                                  env={"PYTHONDONTWRITEBYTECODE": "1", "CLOSER_PERSISTENCE": "none",
                                       "PATH": "/usr/bin:/bin"})
            whole[which].append((time.monotonic() - start) * 1000)
            return (float(done.stdout.split()[-1]) - start) * 1000
        return measure

    report("Lambda cold start", alternate(cold(package, "closer"), cold(baseline, "baseline"), rounds),
           "ms", 1.2)
    report("  Lambda cold start, whole process", compare(whole["closer"], whole["baseline"]), "ms", None)
