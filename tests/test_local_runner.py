"""The local runner: matching, the command line, scripted dialogs and speech."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, held_out
from local_runner.dialog import DialogRunner
from local_runner.matcher import Matcher, normalise
from local_runner.speech import segments

ROOT = Path(__file__).resolve().parent.parent
DIALOGS = sorted((ROOT / "tests" / "dialogs").glob("*.yaml"))
HELD_OUT = held_out()


def cli(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "local_runner", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher()


def test_match_prints_one_json_object_per_line_in_order():
    lines = ["give me an idea", "we keep fighting what can we do", "play some jazz", ""]
    result = cli("match", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["utterance"] for row in rows] == lines
    assert all(set(row) == {"utterance", "intent", "slots", "confidence"} for row in rows)
    assert rows[0]["intent"] == "ReconnectionIdeaIntent" and rows[0]["slots"] == {}
    assert rows[1]["slots"] == {"cause": {"value": "we keep fighting", "id": "conflict"}}
    assert rows[2]["intent"] == "AMAZON.FallbackIntent"


def test_match_fills_every_slot_type_the_intent_declares_and_no_other():
    lines = ["we just had a baby and we keep fighting give me an idea", "a bedtime reflection please",
             "how do i bring up feeling taken for granted", "our toddler takes all our time any ideas",
             "how do i talk to him about the wheelchair"]
    rows = [json.loads(line) for line in cli("match", stdin="\n".join(lines) + "\n").stdout.splitlines()]
    assert rows[0]["intent"] == "ReconnectionIdeaIntent" and rows[0]["slots"] == {
        "cause": {"value": "we keep fighting", "id": "conflict"},
        "situation": {"value": "we just had a baby", "id": "new_parents"}}
    assert rows[1]["slots"] == {"reflection": {"value": "a bedtime reflection", "id": "wind_down"}}
    assert rows[2]["slots"] == {"topic": {"value": "feeling taken for granted", "id": "appreciation"}}
    # a word of a single value fills the slot when no listed phrase does
    assert rows[3]["slots"] == {"situation": {"value": "toddler", "id": "new_parents"}}
    # a wheelchair names a situation, which openers do not take
    assert rows[4]["intent"] == "ConversationStarterIntent" and rows[4]["slots"] == {}


def test_match_survives_bytes_that_are_not_utf8():
    result = subprocess.run([sys.executable, "-m", "local_runner", "match"], cwd=ROOT,
                            input=b"give me an idea\n\xff\xfe oops\n", capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["intent"] for line in result.stdout.splitlines()][0] == "ReconnectionIdeaIntent"
    assert len(result.stdout.splitlines()) == 2


def test_held_out_paraphrases_meet_the_accuracy_targets():
    result = cli("match", stdin="\n".join(u for _, u, _ in HELD_OUT) + "\n")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    correct = sum(row["intent"] == intent for (intent, _, _), row in zip(HELD_OUT, rows, strict=True))
    accuracy = correct / len(HELD_OUT)
    assert accuracy >= 0.95, f"held-out accuracy {accuracy:.1%}"
    checked = [(slots, row) for (_, _, slots), row in zip(HELD_OUT, rows, strict=True) if slots is not None]
    filled = sum({name: v["id"] for name, v in row["slots"].items()} == slots for slots, row in checked)
    assert len(checked) >= 40 and filled / len(checked) >= 0.9, f"held-out slots {filled / len(checked):.1%}"


def test_held_out_set_is_not_made_of_samples(matcher):
    from intents.catalog import load_catalog

    known = {normalise(s) for i in load_catalog().intents for s in (*i.samples, *i.local_phrasings)}
    assert not [u for _, u, _ in HELD_OUT if normalise(u) in known]


@pytest.mark.parametrize("utterance", ["what's the weather", "play some jazz", "set a timer"])
def test_out_of_scope_requests_fall_back(matcher, utterance):
    assert matcher.match(utterance).intent == "AMAZON.FallbackIntent"


@pytest.mark.parametrize("utterance,intent", [
    ("alexa ask closer again how do i start the conversation", "ConversationStarterIntent"),
    ("open closer again and give me an idea", "ReconnectionIdeaIntent"),
    ("Tell Closer Again to guide me through a reflection.", "GuidedReflectionIntent"),
    ("never mind", "AMAZON.CancelIntent"), ("that's enough", "AMAZON.StopIntent"),
    ("say that again", "AMAZON.RepeatIntent"), ("tell me more", "AMAZON.MoreIntent"),
    ("yeah", "AMAZON.YesIntent"), ("nope", "AMAZON.NoIntent"),
])
def test_launch_phrasing_is_stripped_and_built_in_phrasings_are_heard(matcher, utterance, intent):
    assert matcher.match(utterance).intent == intent


def test_opening_the_skill_is_a_launch_and_only_naming_it_makes_a_one_shot(matcher):
    from local_runner.matcher import is_one_shot

    assert matcher.match("Alexa, open Closer Again.").intent == "LaunchRequest"
    assert matcher.match("").intent == "AMAZON.FallbackIntent"
    assert is_one_shot("ask closer again for an idea") and is_one_shot("tell closer again i'm scared")
    assert not is_one_shot("alexa give me an idea") and not is_one_shot("give me an idea")


def test_launch_phrasing_is_stripped_only_at_the_start():
    assert normalise("ask closer again to give me an idea") == "give me an idea"
    assert normalise("give me an idea ask closer again") == "give me an idea ask closer again"


def test_disclosures_always_reach_safety(matcher):
    for utterance in ("he hits me when i say no give me an idea", "i'm afraid of my wife",
                      "my partner forced me"):
        assert matcher.match(utterance).intent == "SafetyIntent"
    assert matcher.match("give me an idea i want to die").intent == "CrisisIntent"


@pytest.mark.parametrize("path", DIALOGS, ids=lambda p: p.stem)
def test_dialog(path, matcher):
    results = DialogRunner(matcher).run_file(path)
    failures = [f"step {r.number} {r.label}: {f}" for r in results for f in r.failures]
    assert not failures, "\n".join(failures)


def test_dialogs_cover_every_intent():
    covered = set()
    for path in DIALOGS:
        for step in yaml.safe_load(path.read_text())["steps"]:
            covered.add(step.get("intent") or (step.get("expect") or {}).get("intent"))
    for name in ("ReconnectionIdeaIntent", "ConversationStarterIntent", "SignsIntent", "CausesIntent",
                 "SeekHelpIntent", "GuidedReflectionIntent", "SafetyIntent", "CrisisIntent",
                 "ForgetMeIntent"):
        assert name in covered
    for name in ("Help", "Stop", "Cancel", "Fallback", "NavigateHome", "Repeat", "Next", "More", "Yes",
                 "No", "StartOver", "Pause", "Resume"):
        assert f"AMAZON.{name}Intent" in covered


def test_dialog_command_exits_1_with_a_diff_on_failure(tmp_path):
    failing = tmp_path / "failing.yaml"
    failing.write_text("steps:\n  - say: open closer again\n    expect:\n      speech: Goodbye forever\n")
    result = cli("dialog", str(failing))
    assert result.returncode == 1
    assert "FAIL" in result.stdout and "-Goodbye forever" in result.stdout and "+" in result.stdout
    assert cli("dialog", *map(str, DIALOGS[:2])).returncode == 0


def test_chat_carries_the_session_and_obeys_commands():
    script = "\n".join(["/help", "open closer again", "yes", "tell me more", "/json",
                        "/intent CausesIntent cause=conflict", "/json", "stop", "another", "/quit"])
    result = cli("chat", "--no-audio", stdin=script + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "/intent NAME" in out and "[LaunchRequest]" in out
    assert "[AMAZON.MoreIntent" in out and '"type": "IntentRequest"' in out
    assert CONTENT.causes["conflict"].say in out
    assert "(session ended)" in out
    after_stop = out.split("(session ended)")[-1]
    assert "[LaunchRequest]" in after_stop and "[AMAZON.NextIntent" in after_stop
    assert "Traceback" not in result.stderr


def test_ask_json_is_a_real_request_and_response():
    result = cli("ask", "ask closer again what are the signs", "--json", "--no-audio")
    turn = json.loads(result.stdout.splitlines()[-1])
    assert turn["request"]["request"]["intent"]["name"] == "SignsIntent"
    assert turn["request"]["session"]["new"] is True
    assert any(say in turn["response"]["response"]["card"]["content"] for say in CONTENT.signs.first)


def test_ssml_becomes_text_and_real_pauses():
    ssml = ('<speak>Tom &amp; Ann<break time="2s"/><emphasis>slow</emphasis> down '
            '<say-as interpret-as="digits">911</say-as>.<break time="500ms"/>'
            '<prosody rate="slow">end</prosody></speak>')
    assert segments(ssml) == [("Tom & Ann", 2.0), ("slow down 911.", 0.5), ("end", 0.0)]


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as reader:
        return reader.getnframes() / reader.getframerate()


def test_ask_saves_a_wav_whose_length_fits_the_words(tmp_path):
    target = tmp_path / "answer.wav"
    result = cli("ask", "what are the signs", "--no-audio", "--save", str(target))
    assert result.returncode == 0, result.stderr
    words = len(result.stdout.split("Alexa:")[-1].splitlines()[0].split())  # the answer's own line
    seconds = wav_seconds(target)
    assert words / 4.5 <= seconds <= words / 1.5  # between 270 and 90 words a minute


def test_voice_and_rate_options_change_the_speech(tmp_path):
    normal, slow = tmp_path / "normal.wav", tmp_path / "slow.wav"
    assert cli("ask", "what are the signs", "--no-audio", "--save", str(normal)).returncode == 0
    result = cli("--voice", "en-gb", "--rate", "90", "ask", "what are the signs", "--no-audio",
                 "--save", str(slow))
    assert result.returncode == 0, result.stderr
    assert wav_seconds(slow) > 1.4 * wav_seconds(normal)


def test_rendered_reflection_step_includes_its_silence(tmp_path):
    result = cli("render", "--out", str(tmp_path), "--only", "reflection.wind_down.")
    assert result.returncode == 0, result.stderr
    for step in CONTENT.reflections["wind_down"].steps:
        seconds = wav_seconds(tmp_path / f"reflection.wind_down.{step.id}.wav")
        words = len(step.prompt.split())
        assert step.pause_seconds + words / 4.5 <= seconds <= step.pause_seconds + words / 1.5
    assert "reflection.wind_down.arrive" in result.stdout and "seconds" in result.stdout
    assert "reflection.wind_down.closing" in result.stdout


def test_render_lists_every_new_line_of_content():
    from local_runner.render import spoken_lines

    names = {name for name, _ in spoken_lines(CONTENT)}
    assert {f"openers.{o.id}.{part}" for o in CONTENT.openers for part in ("say", "more")} <= names
    assert {f"reflection.{r.id}.{s.id}" for r in CONTENT.reflections.values() for s in r.steps} <= names
    assert {"topics.signs.first.0", "topics.signs.rest.1", "causes.overview.say.1"} <= names
    assert {f"ideas.{i.id}.say" for i in CONTENT.ideas} <= names


def test_headless_machine_warns_once_and_carries_on_in_text(tmp_path):
    # An aplay that fails as it does with no sound card, beside the real espeak-ng.
    fake = tmp_path / "aplay"
    fake.write_text("#!/bin/sh\necho 'aplay: main: no soundcards found' >&2\nexit 1\n")
    fake.chmod(0o755)
    (tmp_path / "espeak-ng").symlink_to("/usr/bin/espeak-ng")
    env = {**os.environ, "PATH": f"{tmp_path}:{Path(sys.executable).parent}"}
    result = cli("chat", stdin="open closer again\nyes\n/quit\n", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("(speech) no audio device") == 1
    assert result.stdout.count("Alexa:") == 2


def test_missing_espeak_is_one_line_with_the_install_command(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}
    result = cli("ask", "give me an idea", "--save", str(tmp_path / "x.wav"), env=env)
    assert result.returncode == 0
    assert "apt-get install espeak-ng" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Alexa:" in result.stdout


def test_make_run_opens_the_chat_and_the_console_script_is_installed():
    result = subprocess.run(["make", "--no-print-directory", "run"], cwd=ROOT, input="/quit\n",
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Closer Again, local runner" in result.stdout
    script = Path(sys.executable).parent / "closer-local"
    help_text = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert help_text.returncode == 0 and "dialog" in help_text.stdout
