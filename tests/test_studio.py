"""`closer-local studio`, driven in a real headless Chromium the way a content editor uses it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import CONTENT
from local_runner.studio.lines import content_lines, over_limit

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "build"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    port = free_port()
    scratch = tmp_path_factory.mktemp("studio-tmp")
    log = (scratch / "studio.log").open("w")  # a file, not a pipe nobody reads that could fill up
    process = subprocess.Popen([sys.executable, "-m", "local_runner", "studio", "--port", str(port)],
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

    shown = wait_for(lambda: rows_shown() if len(rows_shown()) < len(rows) else None, what="the search")
    assert [r.get_attribute("data-name") for r in shown] == ["ideas.gentle_opener.say",
                                                            "ideas.gentle_opener.more"]
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
