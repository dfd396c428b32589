"""`closer-local studio`, driven in a real headless Chromium the way a content editor uses it."""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import CONTENT
from content.validator import IDEA_WORDS, MORE_WORDS
from local_runner.studio.lines import content_lines, over_limit

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "build"
CONTENT_DATA = ROOT / "content" / "data"
# The Echo Show sizes the studio draws (width, height, shape), the round Echo Spot last.
SCREEN_SIZES = [(1280, 800, "RECTANGLE"), (1024, 600, "RECTANGLE"), (960, 480, "RECTANGLE"),
                (480, 480, "ROUND")]
SCREEN_CHECK = (Path(__file__).parent / "tools" / "screen_check.js").read_text(encoding="utf-8")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def content_copy(tmp_path_factory) -> Path:
    """The content files the studio edits in these tests: a copy, so the repository's are never touched."""
    copy = tmp_path_factory.mktemp("content") / "data"
    shutil.copytree(CONTENT_DATA, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture(scope="module")
def studio(tmp_path_factory, content_copy):
    port = free_port()
    scratch = tmp_path_factory.mktemp("studio-tmp")
    log = (scratch / "studio.log").open("w")  # a file, not a pipe nobody reads that could fill up
    process = subprocess.Popen([sys.executable, "-m", "local_runner", "studio", "--port", str(port),
                                "--content", str(content_copy)],
                               cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "TMPDIR": str(scratch)})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as page:
                if page.status == 200:
                    break
        except OSError:
            if process.poll() is not None:
                log.close()
                pytest.fail(f"studio exited: {(scratch / 'studio.log').read_text()}")
            time.sleep(0.3)
    else:
        process.kill()
        log.close()
        pytest.fail("studio did not start within two minutes")
    assert len(list(scratch.glob("closer-studio-*"))) == 1  # its WAV folder
    yield url
    process.terminate()
    process.wait(timeout=60)
    log.close()
    assert process.returncode == 0, (scratch / "studio.log").read_text()
    assert not list(scratch.glob("closer-studio-*")), "the studio left its WAV folder behind"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("chromium and chromium-driver are missing: run make setup")
    os.environ["SE_OFFLINE"] = "true"  # never let Selenium fetch a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1200,1000", "--autoplay-policy=no-user-gesture-required",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def wait_for(condition, timeout: float = 60.0, what: str = "the page"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def test_chat_answers_with_playable_audio_and_the_raw_json(studio, browser):
    from selenium.webdriver.common.by import By

    browser.get(studio + "/")
    box = browser.find_element(By.ID, "utterance")
    box.send_keys("we keep fighting what can we do")
    browser.find_element(By.ID, "say-button").click()
    answers = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".alexa .speech")
                       if len(browser.find_elements(By.CSS_SELECTOR, ".alexa")) >= 2 else None,
                       what="the answer")
    last = browser.find_elements(By.CSS_SELECTOR, ".alexa")[-1]
    assert "ReconnectionIdeaIntent" in last.find_element(By.CSS_SELECTOR, ".meta").text
    assert 'cause="we keep fighting" → conflict' in last.find_element(By.CSS_SELECTOR, ".meta").text
    assert CONTENT.causes["conflict"].say.split(".")[0] not in answers[-1].text  # an idea, not the cause
    assert len(answers[-1].text.split()) > 10
    audio = last.find_element(By.TAG_NAME, "audio")
    source = audio.get_attribute("src")
    assert source.endswith(".wav")
    duration = browser.execute_async_script(
        "const [audio, done] = arguments;"
        "if (audio.readyState >= 1) return done(audio.duration);"
        "audio.addEventListener('loadedmetadata', () => done(audio.duration));"
        "audio.addEventListener('error', () => done(-1));", audio)
    assert duration > 2  # the browser decoded a real spoken answer
    with urllib.request.urlopen(source, timeout=10) as wav:
        head = wav.read(12)
    assert head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    raw = last.find_elements(By.CSS_SELECTOR, "details pre")
    request = json.loads(raw[0].get_attribute("textContent"))
    assert request["request"]["intent"]["name"] == "ReconnectionIdeaIntent"
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "studio-chat.png"))


def test_every_line_is_listed_searchable_and_playable(studio, browser):
    from selenium.webdriver.common.by import By

    browser.get(studio + "/")
    browser.find_element(By.ID, "tab-lines").click()
    rows = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#line-table tbody tr"), what="the lines")
    assert len(rows) == len(content_lines(CONTENT))
    search = browser.find_element(By.ID, "search")
    search.send_keys("gentle_opener")
    def rows_shown():
        return browser.find_elements(By.CSS_SELECTOR, "#line-table tbody tr")

    wait_for(lambda: len(rows_shown()) < len(rows), what="the search")
    shown = browser.execute_script(  # in one go: the table is redrawn as seconds come in
        "return [...document.querySelectorAll('#line-table tbody tr')].map((row) => row.dataset.name)")
    assert shown == ["ideas.gentle_opener.say", "ideas.gentle_opener.more"]
    first_seconds = "#line-table tbody tr td:nth-child(5)"
    seconds = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, first_seconds).text.replace("…", ""),
                       timeout=120, what="the line's seconds")
    assert 2 < float(seconds) < 20
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "studio-lines.png"))
    with urllib.request.urlopen(f"{studio}/api/lines/ideas.gentle_opener.say.wav", timeout=60) as wav:
        assert wav.read(4) == b"RIFF"


def test_a_dialog_file_runs_step_by_step(studio, browser):
    from selenium.webdriver.common.by import By

    browser.get(studio + "/")
    browser.find_element(By.ID, "tab-dialogs").click()
    buttons = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#dialog-list .run"), what="dialogs")
    buttons[0].click()
    verdict = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#dialog-result > p.pass, "
                                                                      "#dialog-result > p.fail"),
                       timeout=120, what="the dialog result")
    assert "steps passed" in verdict[0].text
    assert len(browser.find_elements(By.CSS_SELECTOR, "#dialog-result .step .pass")) >= 2


def test_lines_over_a_limit_say_why():
    row = {"words": 50, "word_limit": 45, "second_limit": 20.0}
    assert over_limit(row, 21.5) == ["50 words, more than 45", "21.5 s, longer than 20 s"]
    assert over_limit({**row, "words": 10}, 12.0) == []
    assert all(row["words"] <= row["word_limit"] for row in content_lines(CONTENT))  # validated content fits


def test_a_port_in_use_is_one_line_and_exit_2():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "local_runner", "studio", "--port", str(port)],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"closer-local studio: cannot listen on 127.0.0.1:{port} (Address already in use)"]


def test_screen_view_sends_apl_support_and_shows_apl_datasources(tmp_path):
    from local_runner.runner import Turn
    from local_runner.studio.app import Studio, create_studio

    studio = Studio(tmp_path)
    try:
        client = create_studio(studio).test_client()
        reply = client.post("/api/say", json={"utterance": "what are the signs", "screen": True}).get_json()
        interfaces = reply["turns"][-1]["request"]["context"]["System"]["device"]["supportedInterfaces"]
        assert "Alexa.Presentation.APL" in interfaces
        assert client.post("/api/say", json={"utterance": "  "}).status_code == 400
        datasources = {"closerAgain": {"title": "Signs of distance"}}
        response = {"response": {"directives": [
            {"type": "Alexa.Presentation.APL.RenderDocument", "token": "t", "datasources": datasources},
            {"type": "Dialog.Delegate"}]}}
        shown = studio._turn(Turn(None, {"request": {"type": "IntentRequest"}}, response))
        assert shown["apl"] == [datasources] and shown["audio"] is None
    finally:
        studio.audio.close()


def open_editor(browser, name: str):
    """The lines tab, searched down to `name`, with that line's editor open."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By

    browser.find_element(By.ID, "tab-lines").click()
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#line-table tbody tr"), what="the lines")
    search = browser.find_element(By.ID, "search")
    search.clear()
    search.send_keys(name)
    def opened():
        try:  # the table is redrawn as seconds come in: a row found may be gone a moment later
            editors = browser.find_elements(By.CSS_SELECTOR, f'tr[data-name="{name}"] .editor')
            if not editors:
                browser.find_element(By.CSS_SELECTOR, f'#line-table tr[data-name="{name}"] .edit').click()
            return editors[0] if editors else None
        except (StaleElementReferenceException, NoSuchElementException):
            return None

    return wait_for(opened, what=f"the editor of {name}")


def changed_lines(before: str, after: str) -> list[tuple[list[str], list[str]]]:
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    return [(before.splitlines()[i1:i2], after.splitlines()[j1:j2])
            for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def test_an_edited_line_is_counted_heard_saved_alone_and_still_there_after_a_reload(studio, browser,
                                                                                    content_copy):
    from selenium.webdriver.common.by import By

    from content import load_content

    name = "ideas.gentle_opener.say"
    before = (content_copy / "ideas.yaml").read_text(encoding="utf-8")
    browser.get(studio + "/")
    editor = open_editor(browser, name)
    area = editor.find_element(By.TAG_NAME, "textarea")
    assert area.get_attribute("value") == CONTENT.idea("gentle_opener").say
    new_text = ("This evening, try a gentle opener: I've missed us lately, how has it felt for you? "
                "Then only listen, without fixing or defending anything.")
    area.clear()
    area.send_keys(new_text)
    meter = editor.find_element(By.CSS_SELECTOR, ".meter").text
    assert re.fullmatch(rf"24 words of {IDEA_WORDS} · about \d+\.\d s of 20 s", meter), meter
    assert wait_for(lambda: editor.find_element(By.CSS_SELECTOR, ".verdict").text, timeout=120,
                    what="the check while typing") == "the content still checks out"
    editor.find_element(By.CSS_SELECTOR, ".listen").click()
    player = wait_for(lambda: editor.find_element(By.TAG_NAME, "audio").get_attribute("src"), timeout=120,
                      what="the edited line's audio")
    with urllib.request.urlopen(player, timeout=10) as wav:
        assert wav.read(4) == b"RIFF"
    assert re.match(r"\d+\.\d s$", editor.find_element(By.CSS_SELECTOR, ".message").text)
    editor.find_element(By.CSS_SELECTOR, ".save").click()
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, f'tr.saved[data-name="{name}"]'), timeout=120,
             what="the save")
    after = (content_copy / "ideas.yaml").read_text(encoding="utf-8")
    ((removed, added),) = changed_lines(before, after)  # one block of lines: that line's, nothing else
    assert " ".join(" ".join(removed).split()) == CONTENT.idea("gentle_opener").say
    assert " ".join(" ".join(added).split()) == new_text
    assert all(line.startswith("          ") for line in removed + added)  # the folded text's own lines
    assert load_content(content_copy).idea("gentle_opener").say == new_text

    browser.get(studio + "/")  # what the editor sees after a reload comes from the file
    browser.find_element(By.ID, "tab-lines").click()
    browser.find_element(By.ID, "search").send_keys("gentle_opener")
    shown = wait_for(lambda: browser.execute_script(  # in one go: the table is redrawn as seconds come in
        "const row = document.querySelector(`#line-table tr[data-name='${arguments[0]}']`);"
        "return row && row.textContent;", name), what="the saved line")
    assert new_text in shown
    browser.find_element(By.ID, "tab-changes").click()
    listed = wait_for(lambda: browser.find_element(By.ID, "change-list").text, what="the changes")
    assert "Nothing saved" in listed  # the page opened after the save


def test_the_changes_view_shows_what_was_saved_since_the_page_opened_as_a_diff(studio, browser, content_copy):
    from selenium.webdriver.common.by import By

    name = "phrases.welcome_back.1"
    browser.get(studio + "/")
    editor = open_editor(browser, name)
    area = editor.find_element(By.TAG_NAME, "textarea")
    old = area.get_attribute("value")
    area.clear()
    area.send_keys("Hello again, you two.")
    editor.find_element(By.CSS_SELECTOR, ".save").click()
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, f'tr.saved[data-name="{name}"]'), timeout=120,
             what="the save")
    browser.find_element(By.ID, "tab-changes").click()
    change = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, f'.change[data-name="{name}"]'),
                      what="the change")[0]
    assert [e.text for e in change.find_elements(By.CSS_SELECTOR, ".del")] == [f"-    {old}"]
    assert [e.text for e in change.find_elements(By.CSS_SELECTOR, ".add")] == ["+    Hello again, you two."]
    assert "phrases.yaml" in change.text


def test_an_edit_that_would_break_the_content_is_refused_with_the_validators_message(studio, browser,
                                                                                     content_copy):
    from selenium.webdriver.common.by import By

    before = {path.name: path.read_bytes() for path in content_copy.glob("*.yaml")}
    browser.get(studio + "/")
    editor = open_editor(browser, f"openers.{CONTENT.openers[0].id}.more")
    area = editor.find_element(By.TAG_NAME, "textarea")
    area.clear()
    area.send_keys("We could talk about it slowly and kindly. " * 14)
    assert "over" in editor.find_element(By.CSS_SELECTOR, ".meter").get_attribute("class")
    verdict = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".editor .verdict.error"),
                       timeout=120, what="the check while typing")[0].text
    editor.find_element(By.CSS_SELECTOR, ".save").click()
    message = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".editor .message.refused"),
                       timeout=120, what="the refusal")[0].text
    expected = rf"openers\.yaml: \w+\.more: 112 words, more than the {MORE_WORDS} allowed"
    assert re.fullmatch(expected, message), message
    assert verdict == f"would not save: {message}"
    ARTIFACTS.mkdir(exist_ok=True)
    browser.execute_script("arguments[0].scrollIntoView()", editor)
    assert browser.save_screenshot(str(ARTIFACTS / "studio-edit-refused.png"))
    assert {path.name: path.read_bytes() for path in content_copy.glob("*.yaml")} == before


def test_requests_for_another_host_or_from_another_origin_are_refused(studio, content_copy):
    port = studio.rsplit(":", 1)[1]
    before = (content_copy / "phrases.yaml").read_bytes()
    body = json.dumps({"text": "Written by another web page."}).encode()
    for headers in ({"Host": f"attacker.example:{port}"}, {"Origin": "http://attacker.example"},
                    {"Origin": f"http://127.0.0.1.attacker.example:{port}"}):
        request = urllib.request.Request(f"{studio}/api/lines/phrases.welcome_back.0", data=body,
                                         headers={"Content-Type": "application/json", **headers})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        refused.value.close()
        assert refused.value.code == 403, headers
    with pytest.raises(urllib.error.HTTPError) as refused:
        rebound = urllib.request.Request(studio + "/api/lines", headers={"Host": "rebound.example"})
        urllib.request.urlopen(rebound, timeout=10)
    refused.value.close()
    assert refused.value.code == 403
    assert (content_copy / "phrases.yaml").read_bytes() == before
    with urllib.request.urlopen(f"http://localhost:{port}/api/changes", timeout=10) as own:
        assert own.status == 200


def test_the_studio_listens_on_this_computer_only():
    result = subprocess.run([sys.executable, "-m", "local_runner", "studio", "--host", "0.0.0.0",
                             "--port", "1"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "listens on this computer only (127.0.0.1)" in result.stderr


def draw(browser, directive: dict, width: int, height: int, shape: str) -> dict:
    """Draws a directive on the /screen page with Amazon's viewhost; what tools/screen_check.js finds."""
    drawn = browser.execute_async_script(
        "const [directive, size, done] = arguments;"
        "drawScreen(document.getElementById('screen'), directive, size)"
        "  .then(() => requestAnimationFrame(() => done('drawn')), (error) => done(String(error)));",
        directive, {"width": width, "height": height, "shape": shape})
    assert drawn == "drawn"
    return browser.execute_script(SCREEN_CHECK, browser.find_element("id", "screen"))


def screens_to_draw() -> dict[str, list[dict]]:
    from test_screens import SHOWN  # real responses from a session on a screen device, every view

    return SHOWN


@pytest.mark.parametrize("view", sorted(screens_to_draw()))
def test_every_screen_is_drawn_by_amazons_viewhost_at_every_size_without_cut_text_or_empty_buttons(
        studio, browser, view):
    directives = screens_to_draw()[view]
    browser.get(studio + "/screen")
    folder = ARTIFACTS / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    longest = max(directives, key=lambda d: len(json.dumps(d["datasources"])))
    for width, height, shape in SCREEN_SIZES:
        for directive in directives:
            seen = draw(browser, directive, width, height, shape)
            (data,) = directive["datasources"].values()
            touchable = [b["label"] for b in data.get("actions", []) + data.get("choices", [])]
            where = f"{view} at {width}x{height}: {data.get('text') or data.get('question')}"
            if directive is longest or not touchable or seen["cut"] or seen["cramped"]:
                kind = "longest" if directive is longest else "nothing-to-touch"
                kind = "failed" if seen["cut"] or seen["cramped"] else kind  # kept to look at
                frame = browser.find_element("id", "screen")
                assert frame.screenshot(str(folder / f"{view}-{kind}-{width}x{height}.png"))
            assert seen["cut"] == [], where
            assert seen["cramped"] == [], where
            assert seen["emptyButtons"] == 0, where
            assert seen["buttons"] == touchable, where
            assert any(data.get("title", "") in text for text in seen["texts"]), where


def test_the_chat_on_a_screen_device_draws_each_answer_as_an_echo_show_would(studio, browser):
    from selenium.webdriver.common.by import By

    browser.get(studio + "/")
    browser.find_element(By.ID, "screen").click()
    browser.find_element(By.ID, "utterance").send_keys("ask us a question")
    browser.find_element(By.ID, "say-button").click()
    frame = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".alexa .screen-frame[data-drawn]"),
                     timeout=120, what="the screen drawn in the chat")[-1]
    assert frame.get_attribute("data-drawn") == "1280x800"
    speech = browser.find_elements(By.CSS_SELECTOR, ".alexa .speech")[-1].text
    seen = browser.execute_script(SCREEN_CHECK, frame)
    assert seen["cut"] == [] and seen["emptyButtons"] == 0 and seen["buttons"]
    assert any(text in speech for text in seen["texts"])  # the question shown is the one spoken
    browser.find_elements(By.CSS_SELECTOR, ".alexa .sizes button")[-1].click()  # the round Echo Spot
    wait_for(lambda: frame.get_attribute("data-drawn") == "480x480", what="the round screen")
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "studio-chat-screen.png"))


def without(node, key: str):
    """A copy of a document with every `key` taken out."""
    if isinstance(node, dict):
        return {k: without(v, key) for k, v in node.items() if k != key}
    if isinstance(node, list):
        return [without(v, key) for v in node]
    return node


def test_the_screen_checks_see_an_empty_button_and_a_squeezed_question(studio, browser):
    """The checks above can fail: the defects the documents were fixed for, put back, are caught."""
    shown = screens_to_draw()
    goodbye = next(d for d in shown["answer"] if not d["datasources"]["answer"]["actions"])
    longest = max(shown["question"], key=lambda d: len(d["datasources"]["question"]["text"]))
    squeezed = json.loads(json.dumps(longest["document"]).replace('"grow": 1', '"grow": 0'))
    browser.get(studio + "/screen")
    found = {}
    for name, directive in (("empty", {**goodbye, "document": without(goodbye["document"], "when")}),
                            ("squeezed", {**longest, "document": squeezed})):
        found[name] = draw(browser, directive, *SCREEN_SIZES[0])
    assert found["empty"]["emptyButtons"] == 1
    assert found["squeezed"]["cramped"] or found["squeezed"]["cut"]
