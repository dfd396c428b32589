"""Echo Show screens: the APL documents, what fills them, and touches, through lambda_handler."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from conftest import ALEXA_REQUESTS, CONTENT, Reply, slot_value
from intents.handlers.turn import seed
from local_runner.envelopes import Session
from skill.lambda_function import lambda_handler
from skill.screens import views

# A new listener's first reflection, when none is named: the first in the file.
FIRST_REFLECTION = next(iter(CONTENT.reflections.values()))

RENDER = "Alexa.Presentation.APL.RenderDocument"
# Amazon's response reference gives 24 kilobytes as the most a whole response may be.
MAX_RESPONSE_BYTES = 24 * 1024
_PAYLOAD_PATH = re.compile(r"payload((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")
_DATA_PATH = re.compile(r"\bdata((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")


def screen_of(reply: Reply) -> dict[str, Any] | None:
    return next((d for d in reply.response.get("directives") or [] if d["type"] == RENDER), None)


def send(session: Session, event: dict) -> Reply:
    envelope = lambda_handler(event, None)
    session.absorb(envelope)
    return Reply(envelope)


def walk(node: Any, trail: tuple = ()):
    """Every string in a document, with the `data` array bound around it (if any)."""
    if isinstance(node, dict):
        for key, value in node.items():
            bound = trail + (node["data"],) if key in ("item", "items") and "data" in node else trail
            yield from walk(value, bound)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value, trail)
    elif isinstance(node, str):
        yield node, trail


def lookup(data: Any, path: str) -> bool:
    for part in path.strip(".").split("."):
        if part == "length" and isinstance(data, list | str):  # APL's length of a list or text
            return True
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def every_view_the_skill_sends() -> dict[str, list[dict]]:
    """Real responses from a session on a screen device, grouped by view."""
    seed(7)
    session = Session("en-US", screen=True)
    replies = [send(session, session.launch())]
    for name in ("ReconnectionIdeaIntent", "AMAZON.NextIntent", "AMAZON.MoreIntent", "SignsIntent",
                 "CausesIntent", "ConversationStarterIntent", "SeekHelpIntent", "AMAZON.HelpIntent",
                 "QuestionForUsIntent", "CheckInIntent", "AMAZON.StopIntent", "GuidedReflectionIntent"):
        replies.append(send(session, session.intent(name)))  # the reflection: hands-free, a calm view
    # Step by step, as asked for: the first reflection again, a view per step.
    pace = {"pace": slot_value("step by step", "ReflectionPaceType"),
            "reflection": slot_value("reconnect", "ReflectionType")}
    replies.append(send(session, session.intent("GuidedReflectionIntent", pace, ("reflection", "pace"))))
    for _ in FIRST_REFLECTION.steps[1:]:
        replies.append(send(session, session.intent("AMAZON.NextIntent")))
    replies.append(send(session, session.intent("AMAZON.StopIntent")))
    shown: dict[str, list[dict]] = {}
    for reply in replies:
        directive = screen_of(reply)
        assert directive is not None, f"no screen for {reply.speech[:60]}"
        (key, _), = directive["datasources"].items()
        shown.setdefault(key, []).append(directive)
    return shown


SHOWN = every_view_the_skill_sends()


@pytest.mark.parametrize("view", sorted(views.DOCUMENT_FILES))
def test_every_document_is_apl_with_a_version_and_main_template(view):
    text = (views.DOCUMENTS_DIR / views.DOCUMENT_FILES[view]).read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["type"] == "APL" and document["version"] == "2024.1"
    assert document["mainTemplate"]["parameters"] == ["payload"]
    assert {"name": "alexa-layouts", "version": "1.7.0"} in document["import"]
    assert document["theme"] == "dark"


def test_the_skill_sends_every_view():
    assert set(SHOWN) == set(views.DATASOURCE_KEYS.values())


@pytest.mark.parametrize("view", sorted(views.DOCUMENT_FILES))
def test_every_payload_and_data_path_exists_in_what_the_skill_sends(view):
    key = views.DATASOURCE_KEYS[view]
    for directive in SHOWN[key]:
        # The same document; a hands-free reflection only adds how long it stays up (settings).
        assert {k: v for k, v in directive["document"].items() if k != "settings"} == views.document(view)
        datasources = directive["datasources"]
        for text, bound in walk(directive["document"]):
            for path in _PAYLOAD_PATH.findall(text):
                assert lookup(datasources, path), f"{view}: ${{payload{path}}} is not in {datasources}"
            for path in _DATA_PATH.findall(text):
                assert bound, f"{view}: ${{data{path}}} outside a data-bound list"
                array_path = _PAYLOAD_PATH.search(bound[-1]).group(1)
                items = datasources
                for part in array_path.strip(".").split("."):
                    items = items[part]
                assert isinstance(items, list)
                for item in items:
                    assert lookup(item, path), f"{view}: ${{data{path}}} missing from {item}"


def test_touchable_buttons_send_intents_the_skill_knows():
    from intents.catalog import load_catalog

    known = {intent.name for intent in load_catalog().intents}
    for directives in SHOWN.values():
        for directive in directives:
            (data,) = directive["datasources"].values()
            for button in [*data.get("actions", []), *data.get("choices", [])]:
                assert button["intent"] in known and button["label"]


def test_a_hands_free_reflection_shows_a_calm_view_with_nothing_to_touch():
    (calm,) = [s for s in SHOWN["step"] if not s["datasources"]["step"]["progress"].startswith("Step")]
    data = calm["datasources"]["step"]
    assert data["actions"] == [] and data["progress"].startswith("about ") and data["title"]
    assert calm["document"]["settings"]["idleTimeout"] >= 150_000  # up for the whole reflection


def test_a_reflection_step_counts_the_steps_and_breathes():
    steps = [s for s in SHOWN["step"] if s["datasources"]["step"]["progress"].startswith("Step")]
    count = len(FIRST_REFLECTION.steps)
    assert [s["datasources"]["step"]["progress"] for s in steps] == \
        [f"Step {n} of {count}" for n in range(1, count + 1)]
    assert steps[0]["datasources"]["step"]["text"] == FIRST_REFLECTION.steps[0].prompt
    assert steps[-1]["datasources"]["step"]["actions"] == steps[0]["datasources"]["step"]["actions"] != []
    animation = json.dumps(steps[0]["document"])
    assert '"repeatCount": -1' in animation and '"AnimateItem"' in animation


def test_every_response_stays_under_the_size_limit():
    for directives in SHOWN.values():
        for directive in directives:
            # A response: the directive, plus the longest speech, card and attributes Alexa allows us.
            size = len(json.dumps({"response": {"directives": [directive]}}).encode())
            assert size < MAX_RESPONSE_BYTES - 8000 - 8000 - 2000


def test_whole_screen_responses_stay_under_the_limit():
    seed(3)
    session = Session("en-US", screen=True)
    biggest = len(json.dumps(send(session, session.launch()).envelope).encode())
    for name in ("ReconnectionIdeaIntent", "AMAZON.MoreIntent", "GuidedReflectionIntent", "CausesIntent"):
        envelope = lambda_handler(session.intent(name), None)
        session.absorb(envelope)
        biggest = max(biggest, len(json.dumps(envelope).encode()))
    assert biggest < MAX_RESPONSE_BYTES


@pytest.mark.parametrize("name", ["ReconnectionIdeaIntent", "GuidedReflectionIntent", "SignsIntent"])
def test_no_screen_means_no_directive_and_the_same_speech(name):
    answers = []
    for screen in (False, True):
        seed(11)
        session = Session("en-US", screen=screen)  # a new listener each time
        send(session, session.launch())
        answers.append(send(session, session.intent(name)))
    plain, shown = answers
    assert screen_of(plain) is None and screen_of(shown) is not None
    assert plain.speech == shown.speech and plain.card == shown.card


def fixture(name: str) -> dict:
    path = next(p for p in ALEXA_REQUESTS if p.name.startswith(name))
    return json.loads(path.read_text(encoding="utf-8"))


def test_real_requests_with_the_apl_interface_get_a_screen_and_others_do_not():
    with_apl = Reply(lambda_handler(fixture("05-"), None))
    assert screen_of(with_apl)["datasources"]["checkIn"]["choices"]
    # A viewport alone (no APL in supportedInterfaces) and the old Display interface get no APL.
    for name in ("04-", "02-", "06-"):
        reply = Reply(lambda_handler(fixture(name), None))
        assert reply.speech and screen_of(reply) is None, name


def test_a_touch_is_answered_like_the_voice_request_it_stands_for():
    answers = []
    for touched in (False, True):
        seed(5)
        session = Session("en-US", screen=True)
        send(session, session.launch())
        send(session, session.intent("ReconnectionIdeaIntent"))
        event = session.touch(["intent", "AMAZON.NextIntent", "", ""]) if touched \
            else session.intent("AMAZON.NextIntent")
        answers.append(send(session, event))
    assert answers[0].speech == answers[1].speech
    assert answers[0].attributes["heard"] == answers[1].attributes["heard"]


def test_a_touched_choice_carries_its_slot_like_a_spoken_one():
    seed(2)
    session = Session("en-US", screen=True)
    send(session, session.launch())
    reply = send(session, session.touch(["intent", "ReconnectionIdeaIntent", "cause", "conflict"]))
    idea = next(i for i in CONTENT.ideas if " ".join(i.say.split()) in reply.card)
    assert "conflict" in idea.causes


def test_a_touch_in_the_real_fixture_shape_from_another_skill_stays_silent():
    reply = Reply(lambda_handler(fixture("32-"), None))
    assert "outputSpeech" not in reply.response


def test_no_screen_in_a_safety_session():
    session = Session("en-US", screen=True)
    send(session, session.launch())
    session.attributes["safety"] = "crisis"
    reply = send(session, session.intent("ReconnectionIdeaIntent"))
    assert screen_of(reply) is None


def test_a_goodbye_screen_has_nothing_left_to_touch():
    (goodbye,) = [d for d in SHOWN["answer"] if not d["datasources"]["answer"]["actions"]][-1:]
    assert goodbye["datasources"]["answer"]["text"]


def test_the_manifest_asks_for_reminders_and_declares_apl():
    package = views.DOCUMENTS_DIR.parents[2] / "skill-package"
    manifest = json.loads((package / "skill.json").read_text())["manifest"]
    assert manifest["permissions"] == [{"name": "alexa::alerts:reminders:skill:readwrite"}]
    (interface,) = manifest["apis"]["custom"]["interfaces"]
    assert interface["type"] == "ALEXA_PRESENTATION_APL"
    shapes = {(v["shape"], v["mode"]) for v in interface["supportedViewports"]}
    assert {("ROUND", "HUB"), ("RECTANGLE", "HUB"), ("RECTANGLE", "TV")} <= shapes


@pytest.mark.parametrize(("change", "problem"), [
    ({"permissions": ["alexa::profile:email:read"]}, "unknown permission"),
    ({"interfaces": [{"type": "ALEXA_PRESENTATION_HTML"}]}, "unknown interface"),
    ({"interfaces": [{"type": "ALEXA_PRESENTATION_APL"}]}, "needs a list of supportedViewports"),
    ({"interfaces": [{"type": "ALEXA_PRESENTATION_APL", "supportedViewports": [
        {"mode": "HUB", "shape": "OVAL", "minWidth": 1, "maxWidth": 2, "minHeight": 1, "maxHeight": 2}]}]},
     "shape must be"),
    ({"interfaces": [{"type": "ALEXA_PRESENTATION_APL", "supportedViewports": [
        {"mode": "HUB", "shape": "ROUND", "minWidth": 600, "maxWidth": 480, "minHeight": 1,
         "maxHeight": 2}]}]},
     "minimum is larger"),
])
def test_validate_knows_the_permission_and_the_interfaces(change, problem):
    from dataclasses import replace

    from intents import rules
    from intents.catalog import load_catalog

    catalog = load_catalog()
    assert rules.check(catalog) == []
    broken = replace(catalog, skill={**catalog.skill, **change})
    assert any(problem in line for line in rules.check(broken))


def test_a_question_for_two_shows_in_large_type_and_a_check_in_question_has_touchable_answers():
    session = Session("en-US", screen=True)
    question = screen_of(send(session, session.intent("QuestionForUsIntent")))
    assert question["datasources"]["question"]["text"] in {
        q.ask for qs in CONTENT.questions.by_depth.values() for q in qs}
    asked = {q.id: q for q in CONTENT.checkin.questions}
    started = send(session, session.intent("CheckInIntent"))
    order = session.attributes["checkin"]["order"]  # each check-in draws its own five
    check_in = screen_of(started)["datasources"]["checkIn"]
    assert check_in["question"] == asked[order[0]].ask
    if not asked[order[0]].choices:
        assert [c["value"] for c in check_in["choices"]] == ["yes", "no", "split"]  # answers from two people
    touched = send(session, session.touch(["intent", "CheckInAnswerIntent", "answer", "split"]))
    assert asked[order[1]].ask in touched.speech


def test_every_document_passes_amazons_apl_linter_without_a_warning():
    """apl-suggester's StaticAplTemplateValidator (npm, pinned in package-lock.json) on every document."""
    import shutil
    import subprocess

    node = shutil.which("node") or shutil.which("nodejs")
    root = views.DOCUMENTS_DIR.parents[2]
    assert node and (root / "node_modules" / "apl-suggester").is_dir(), "run make setup (Node, apl-suggester)"
    documents = sorted(views.DOCUMENTS_DIR.glob("*.json"))
    assert {path.name for path in documents} >= set(views.DOCUMENT_FILES.values())
    linted = subprocess.run([node, "tests/tools/apl_lint.js", *map(str, documents)], cwd=root,
                            capture_output=True, text=True, timeout=300, check=True)
    results = json.loads(linted.stdout)
    assert len(results) == len(documents)
    assert {name: found for name, found in results.items() if found} == {}


def test_a_button_row_is_left_out_when_there_is_nothing_to_touch():
    """APL inflates a data-bound item once for an empty `data` list: each row and item carries a `when`."""
    for path in sorted(views.DOCUMENTS_DIR.glob("*.json")):
        for node, _trail in walk_nodes(json.loads(path.read_text(encoding="utf-8"))):
            if isinstance(node.get("data"), str):
                item = node.get("item") or {}
                assert "when" in node or "when" in item, f"{path.name}: a data-bound list without a when"


def walk_nodes(node: Any, trail: tuple = ()):
    if isinstance(node, dict):
        yield node, trail
        for value in node.values():
            yield from walk_nodes(value, trail)
    elif isinstance(node, list):
        for value in node:
            yield from walk_nodes(value, trail)
