"""The local runner as a couple would live it (issue 16): when the microphone is open,
what eight silent seconds bring, a hands-free reflection shown and rendered, and
`closer-local render` listing each whole reflection's length."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import CONTENT

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "local_runner", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=600)


def test_chat_marks_the_open_microphone_and_what_silence_brings():
    lines = ["open closer again", "ask us a question", "open closer again", "start a wind down reflection",
             "/quit"]
    result = cli("chat", "--no-audio", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    turns = result.stdout.split("you> ")
    launch, question, _, reflection = turns[1], turns[2], turns[3], turns[4]
    assert re.search(r"\[mic open\] about 8 s .* the reprompt \".+\" \[mic open\] 8 s more, then the session "
                     r"ends", launch)
    assert "(session ended) the microphone stays closed" in question and "[mic open]" not in question
    assert any(p in question for p in CONTENT.phrases["way_back_question"])
    assert "Alexa (one APLA response" in reflection and "no answer needed" in reflection
    wind_down = CONTENT.reflections["wind_down"]
    assert wind_down.intro in reflection and wind_down.closing in reflection
    assert reflection.rstrip().splitlines()[-1].startswith("  (session ended)")


def test_render_lists_a_whole_reflections_length(tmp_path):
    """One reflection here (tests/test_apla.py renders and measures all five)."""
    result = cli("render", "--out", str(tmp_path), "--only", "reflection.repair")
    assert result.returncode == 0, result.stderr
    for reflection in ["repair"]:
        line = next(x for x in result.stdout.splitlines() if x.strip().startswith(reflection + " "))
        planned, rendered = (float(n) for n in re.findall(r"(\d+(?:\.\d+)?) s", line))
        assert 150 <= planned <= 240 and 150 <= rendered <= 240, line
        assert (tmp_path / f"reflection.{reflection}.whole.wav").exists()
