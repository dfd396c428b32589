"""`make lambda-zip` builds a package that answers with nothing else on the import path,
holds bytecode for the target runtime only, and whose dependencies agree."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from deploy.lambda_package import find_interpreter, problems, runtime_requirements

ROOT = Path(__file__).resolve().parent.parent
TARGET = "3.12"  # the Makefile's LAMBDA_PYTHON, skill.yaml's lambda_runtime

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


@pytest.fixture(scope="module")
def built() -> subprocess.CompletedProcess:
    done = subprocess.run(["make", "lambda-zip", f"LAMBDA_PYTHON={TARGET}"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_lambda_zip_answers_a_launch_request_on_its_own(built, tmp_path):
    archive = ROOT / "dist" / "closer-again-lambda.zip"
    unpacked = tmp_path / "lambda"
    with zipfile.ZipFile(archive) as package:
        names = package.namelist()
        package.extractall(unpacked)
    assert "skill/lambda_function.py" in names and "content/data/ideas.yaml" in names
    assert "skill/screens/documents/answer.json" in names and "skill/screens/views.json" in names
    assert any(name.startswith("tzdata/") for name in names)
    assert not any(name.startswith(("tests/", "local_runner/", "bench/", "deploy/")) for name in names)
    assert not any(name.startswith(("boto3/", "botocore/")) for name in names)  # the runtime's own
    interpreter = find_interpreter(TARGET) or sys.executable
    launch = (ROOT / "tests/fixtures/alexa-requests"
              / "02-LaunchRequest-display-interface-en-GB.json").read_text()
    answered = subprocess.run(
        [interpreter, "-S", "-c", ANSWER_FROM_PACKAGE, str(unpacked), str(ROOT)],
        input=launch, capture_output=True, text=True, cwd=tmp_path, timeout=60,
        env={"CLOSER_DB": str(tmp_path / "memory.db"), "PATH": "/usr/bin:/bin",
             "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert answered.returncode == 0, answered.stderr
    response = json.loads(answered.stdout)
    assert "welcome to closer again" in response["response"]["outputSpeech"]["ssml"].lower()
    assert response["response"]["shouldEndSession"] is False


def test_the_package_holds_bytecode_for_the_target_runtime_only(built):
    folder = ROOT / "dist" / "lambda"
    tags = {pyc.name.split(".")[-2] for pyc in folder.rglob("*.pyc")}
    if find_interpreter(TARGET) is None:
        assert f"no python{TARGET} found" in built.stderr
        assert tags == set()
        return
    assert tags == {f"cpython-{TARGET.replace('.', '')}"}
    for package in ("skill", "intents", "content", "ask_sdk_core", "yaml"):
        for source in (folder / package).rglob("*.py"):
            compiled = source.parent / "__pycache__" / f"{source.stem}.cpython-{TARGET.replace('.', '')}.pyc"
            assert compiled.exists(), compiled
            flags = int.from_bytes(compiled.read_bytes()[4:8], "little")
            assert flags == 0b01, f"{compiled} is not unchecked-hash bytecode"  # zip times cannot stale it


def test_the_package_dependencies_agree_with_each_other_and_the_runtime(built):
    assert "dependency conflicts" not in built.stdout + built.stderr
    assert problems(ROOT / "dist" / "lambda", TARGET, runtime_requirements()) == []


def test_a_conflict_is_reported(tmp_path):
    for name, version, requires in (("needy", "1.0", "Requires-Dist: helper<2\n"), ("helper", "4.0", "")):
        info = tmp_path / f"{name}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{requires}")
    found = problems(tmp_path, TARGET, {"botocore": ["absent-thing>=1", "jmespath<2"]})
    assert found == ["needy requires helper<2, but the package has helper 4.0",
                     "botocore (Lambda runtime) requires absent-thing>=1, which the package does not have"]
