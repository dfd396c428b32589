"""`make lambda-zip` builds a package that answers with nothing else on the import path."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ANSWER_FROM_PACKAGE = """
import json, sys
folder = sys.argv[1]
# Only the unpacked package and the standard library: no site-packages, no project.
sys.path[:] = [folder] + [p for p in sys.path if p and "site-packages" not in p and p != sys.argv[2]]
import skill.lambda_function as entry
import ask_sdk_core, yaml
assert entry.__file__.startswith(folder), entry.__file__
assert ask_sdk_core.__file__.startswith(folder) and yaml.__file__.startswith(folder)
event = json.loads(sys.stdin.read())
print(json.dumps(entry.lambda_handler(event, None)))
"""


def test_lambda_zip_answers_a_launch_request_on_its_own(tmp_path):
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    built = subprocess.run(["make", "lambda-zip", f"LAMBDA_PYTHON={version}"], cwd=ROOT,
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    archive = ROOT / "dist" / "closer-again-lambda.zip"
    unpacked = tmp_path / "lambda"
    with zipfile.ZipFile(archive) as package:
        names = package.namelist()
        package.extractall(unpacked)
    assert "skill/lambda_function.py" in names and "content/data/ideas.yaml" in names
    assert "skill/screens/documents/answer.json" in names and "skill/screens/views.json" in names
    assert any(name.startswith("tzdata/") for name in names)
    assert not any(name.startswith(("tests/", "local_runner/", "bench/")) for name in names)
    launch = (ROOT / "tests/fixtures/alexa-requests"
              / "02-LaunchRequest-display-interface-en-GB.json").read_text()
    answered = subprocess.run(
        [sys.executable, "-S", "-c", ANSWER_FROM_PACKAGE, str(unpacked), str(ROOT)],
        input=launch, capture_output=True, text=True, cwd=tmp_path, timeout=60,
        env={"CLOSER_DB": str(tmp_path / "memory.db"), "PATH": "/usr/bin:/bin"},
    )
    assert answered.returncode == 0, answered.stderr
    response = json.loads(answered.stdout)
    assert "welcome to closer again" in response["response"]["outputSpeech"]["ssml"].lower()
    assert response["response"]["shouldEndSession"] is False
