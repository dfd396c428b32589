"""The local runner as an Echo Show and with Alexa's APIs: its commands, end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from skill.reminders.service import REMINDER_TEXT
from skill.screens import views

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "local_runner", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=180)


def test_apl_out_writes_each_screen_ready_for_the_authoring_tool(tmp_path):
    result = cli("--screen", "--apl-out", str(tmp_path), "ask", "ask closer again for an idea", "--no-audio")
    assert result.returncode == 0, result.stderr
    assert "[screen: answer 'Something to try'" in result.stdout
    document = json.loads((tmp_path / "001-answer-document.json").read_text())
    datasources = json.loads((tmp_path / "001-answer-datasources.json").read_text())
    assert document == views.document("answer")
    assert datasources["answer"]["title"] == "Something to try" and datasources["answer"]["text"]


def test_without_screen_nothing_is_written(tmp_path):
    result = cli("--apl-out", str(tmp_path), "ask", "ask closer again for an idea", "--no-audio")
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_chat_sets_lists_and_asks_permission_for_reminders():
    lines = ["open closer again", "remind us on friday at eight", "/reminders",
             "/permission reminders deny", "remind us every sunday at nine", "no", "/reminders",
             "/permission reminders maybe", "/quit"]
    result = cli("--time-zone", "Europe/Berlin", "chat", "--no-audio", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count(f"Europe/Berlin: {REMINDER_TEXT}") == 2, out  # listed twice, one reminder
    assert "T20:00:00 Europe/Berlin" in out
    assert "reminders permission denied" in out
    assert "Do you give Closer Again permission to update your reminders?" in out
    assert "BYDAY=SU" not in out  # denied: the weekly one was never set
    assert "usage: /permission reminders grant|deny" in out


def test_chat_touches_a_button_on_the_screen():
    lines = ["open closer again", "/touch a quiet reflection", "/touch Next step",
             "a reflection step by step", "/touch Next step", "/touch nothing here", "/quit"]
    result = cli("--screen", "chat", "--no-audio", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    assert "[screen: checkIn 'Closer Again'" in result.stdout
    # The menu's reflection plays hands-free (issue 16): a calm view with nothing to touch.
    assert result.stdout.count("[screen: step 'A quiet reflection']") == 1
    assert result.stdout.count("[screen: step 'A quiet reflection'; touch: Next step, Pause]") == 2
    assert "nothing on the screen has that label" in result.stdout
