"""The rough edges a new user of the local runner met, each smoothed and kept so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("skill", "intents", "content", "local_runner", "skill-package")


def cli(*args: str, stdin: str = "", env: dict | None = None,
        cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "local_runner", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=180)


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as reader:
        return reader.getnframes() / reader.getframerate()


def test_options_work_after_the_command(tmp_path):
    assert cli("chat", "--rate", "150", "--no-audio", stdin="/quit\n").returncode == 0
    normal, slow = tmp_path / "normal.wav", tmp_path / "slow.wav"
    assert cli("ask", "what are the signs", "--no-audio", "--save", str(normal)).returncode == 0
    result = cli("ask", "what are the signs", "--no-audio", "--save", str(slow), "--rate", "90",
                 "--voice", "en-gb")
    assert result.returncode == 0, result.stderr
    assert wav_seconds(slow) > 1.4 * wav_seconds(normal)
    # An option before the command still counts when the command does not repeat it.
    assert cli("--locale", "en-GB", "ask", "help", "--json", "--no-audio").stdout.count('"en-GB"') >= 1


def test_chat_transcript_commands_and_warnings():
    script = ["open closer again", "/foo", "/intent CausesIntent cause=banana", "/end", "/end", "/quit"]
    result = cli("chat", "--no-audio", stdin="\n".join(script) + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "you> open closer again\n" in out  # piped input is echoed into the transcript
    assert "unknown command /foo; /help lists the commands" in out
    assert "AMAZON.FallbackIntent" not in out  # the unknown command never reached the matcher
    assert "warning: 'banana' is not a value or synonym of CauseType" in out
    assert "(skill log) session ended: USER_INITIATED" in out
    assert "no session is open; nothing to end" in out
    assert "Traceback" not in result.stderr


def test_voice_does_not_claim_to_be_on_without_an_audio_device(tmp_path):
    fake = tmp_path / "aplay"
    fake.write_text("#!/bin/sh\necho 'aplay: main: no soundcards found' >&2\nexit 1\n")
    fake.chmod(0o755)
    env = {"PATH": f"{tmp_path}:{Path(sys.executable).parent}:/usr/bin:/bin"}
    result = cli("chat", "--no-audio", stdin="/voice\n/quit\n", env=env)
    assert "voice unavailable: no audio device works here" in result.stdout
    assert "voice on" not in result.stdout


def test_render_draws_its_progress_bar_only_on_a_terminal(tmp_path):
    result = cli("render", "--out", str(tmp_path), "--only", "phrases.goodbye.")
    assert result.returncode == 0, result.stderr
    assert "[#" not in result.stderr and "\r" not in result.stderr
    assert "phrases.goodbye.0" in result.stdout


def test_saving_into_a_missing_folder_is_one_clear_line(tmp_path):
    target = tmp_path / "no-such-folder" / "answer.wav"
    result = cli("ask", "give me an idea", "--no-audio", "--save", str(target))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"closer-local: cannot save to {target}: the folder {target.parent} does not exist"]


def test_a_misspelt_dialog_key_fails_naming_it(tmp_path):
    dialog = tmp_path / "typo.yaml"
    dialog.write_text("steps:\n  - say: open closer again\n    exepct:\n      speech: Goodbye forever\n")
    result = cli("dialog", str(dialog))
    assert result.returncode == 1
    assert "step 1: unknown key 'exepct' (did you mean 'expect'?)" in result.stdout


@pytest.fixture
def broken_project(tmp_path: Path) -> Path:
    """A copy of the project whose ideas.yaml has `more:` misspelt as `mroe:`."""
    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")  # Amazon's APL tools, installed by setup
    ideas = tmp_path / "content" / "data" / "ideas.yaml"
    text = ideas.read_text(encoding="utf-8")
    ideas.write_text(text.replace("    more:", "    mroe:", 1), encoding="utf-8")
    return tmp_path


MISTAKE = "ideas.yaml: gentle_opener: unknown key 'mroe' (did you mean 'more'?)"


def test_a_content_mistake_stops_the_runner_with_one_line(broken_project):
    for args in (("ask", "give me an idea", "--no-audio"), ("chat", "--no-audio")):
        result = cli(*args, stdin="/quit\n", cwd=broken_project)
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [f"closer-local: content error: {MISTAKE}"]
    check = subprocess.run([sys.executable, "-m", "content"], cwd=broken_project, capture_output=True,
                           text=True, timeout=60)
    assert check.returncode == 2 and check.stderr.strip() == f"content error: {MISTAKE}"


@pytest.mark.parametrize("target", ["run", "serve"])
def test_a_content_mistake_stops_make_run_and_make_serve(broken_project, target):
    result = subprocess.run(["make", "--no-print-directory", target], cwd=broken_project, input="/quit\n",
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert MISTAKE in result.stderr and "Traceback" not in result.stderr


def test_the_test_runs_scratch_folder_is_removed(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("CLOSER_DB", "XDG_CACHE_HOME", "CLOSER_TESTS_SCRATCH")}
    env.update(TMPDIR=str(tmp_path), PYTHONPATH=str(ROOT / "tests"))
    code = "import conftest, os; print(os.path.isdir(os.environ['CLOSER_TESTS_SCRATCH']))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"  # it existed while the run lasted
    assert not list(tmp_path.glob("closer-tests-*"))
