"""Reminders end to end: lambda_handler with real request JSON, against the simulated Alexa API.

Each test checks the exact JSON the skill sent to the Reminders API, or that
it sent nothing.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import CONTENT, Reply
from local_runner.alexa_api import SimulatedAlexaApi
from local_runner.envelopes import Session, SlotValue
from skill.lambda_function import lambda_handler
from skill.reminders.service import PERMISSION_SCOPE, REMINDER_TEXT
from skill.reminders.when import Wish, schedule, spoken

ZONE = "Europe/London"


@pytest.fixture(scope="module")
def api():
    with SimulatedAlexaApi(time_zone=ZONE) as running:
        yield running


@pytest.fixture
def couple(api):
    """A listener on a device the simulated API serves, with reminders allowed."""
    api.grant()
    api.reminders.clear()
    return Couple(api)


class Couple:
    def __init__(self, api: SimulatedAlexaApi, locale: str = "en-GB", screen: bool = False) -> None:
        self.api = api
        self.session = Session(locale, api=api, screen=screen)

    def send(self, event: dict) -> Reply:
        envelope = lambda_handler(event, None)
        self.session.absorb(envelope)
        return Reply(envelope)

    def remind(self, **slots: str) -> Reply:
        filled = {name: SlotValue(value, "AMAZON.X") for name, value in slots.items()}
        return self.send(self.session.intent("ReminderIntent", filled, ("date", "time", "weekday")))

    def intent(self, name: str) -> Reply:
        return self.send(self.session.intent(name))


def local_now() -> datetime:
    return datetime.now(ZoneInfo(ZONE)).replace(tzinfo=None)


def spoken_options(category: str) -> list[str]:
    return [text.split("{")[0] for text in CONTENT.phrases[category]]


def says_one_of(reply: Reply, category: str) -> bool:
    return any(option in reply.speech for option in spoken_options(category))


def test_a_day_and_time_become_one_discreet_reminder_in_the_device_time_zone(couple):
    reply = couple.remind(date="2030-06-07", time="20:00")
    assert couple.api.reminders == [{
        "requestTime": couple.api.reminders[0]["requestTime"],
        "trigger": {"type": "SCHEDULED_ABSOLUTE", "scheduledTime": "2030-06-07T20:00:00", "timeZoneId": ZONE},
        "alertInfo": {"spokenInfo": {"content": [{"locale": "en-GB", "text": REMINDER_TEXT}]}},
        "pushNotification": {"status": "ENABLED"},
        "alertToken": couple.api.reminders[0]["alertToken"],
    }]
    assert REMINDER_TEXT == "A moment for the two of you, from Closer Again"
    assert "8 PM" in reply.card and says_one_of(reply, "reminder_set")
    assert not reply.ended


def test_every_friday_becomes_a_weekly_recurrence_rule(couple):
    couple.remind(weekday="friday", time="20:30")
    trigger = couple.api.reminders[0]["trigger"]
    assert "scheduledTime" not in trigger
    assert trigger["recurrence"]["recurrenceRules"] == \
        ["FREQ=WEEKLY;BYDAY=FR;BYHOUR=20;BYMINUTE=30;BYSECOND=0;INTERVAL=1"]
    start = datetime.fromisoformat(trigger["recurrence"]["startDateTime"])
    assert start.weekday() == 4 and start.time() == time(20, 30)
    assert timedelta(0) < start - local_now() <= timedelta(days=7)


@pytest.mark.parametrize(("part", "hour"), [("EV", 19), ("NI", 21), ("MO", 9), ("AF", 14)])
def test_parts_of_the_day_become_clock_times(couple, part, hour):
    couple.remind(date="2030-06-07", time=part)
    assert couple.api.reminders[0]["trigger"]["scheduledTime"] == f"2030-06-07T{hour:02d}:00:00"


def test_a_weekend_means_its_saturday(couple):
    couple.remind(date="2030-W23-WE", time="19:00")
    assert couple.api.reminders[0]["trigger"]["scheduledTime"] == "2030-06-08T19:00:00"


def test_a_time_already_past_moves_to_the_next_day_and_says_so(couple):
    today = local_now().date()
    reply = couple.remind(date=today.isoformat(), time="00:00")
    tomorrow = today + timedelta(days=1)
    assert couple.api.reminders[0]["trigger"]["scheduledTime"] == f"{tomorrow.isoformat()}T00:00:00"
    assert says_one_of(reply, "reminder_moved")
    assert "tomorrow at 12 AM" in reply.card


def test_a_missing_time_is_asked_once_then_the_evening_is_used(couple):
    first = couple.remind(date="2030-06-07")
    assert any(q in first.card for q in CONTENT.followups["reminder_time"])
    assert couple.api.reminders == []
    couple.remind()  # answered without a time again
    assert couple.api.reminders[0]["trigger"]["scheduledTime"] == "2030-06-07T19:00:00"


def test_the_time_asked_for_completes_the_day_already_given(couple):
    couple.remind(weekday="sunday")
    couple.remind(time="21:15")
    assert couple.api.reminders[0]["trigger"]["recurrence"]["recurrenceRules"][0].startswith(
        "FREQ=WEEKLY;BYDAY=SU;BYHOUR=21;BYMINUTE=15")


def test_an_idea_offers_a_reminder_once_per_session_and_yes_sets_tomorrow_evening(couple):
    couple.send(couple.session.launch())
    first = couple.intent("ReconnectionIdeaIntent")
    assert first.attributes["pending"] == "reminder"
    assert any(q in first.card for q in CONTENT.followups["reminder"])
    yes = couple.intent("AMAZON.YesIntent")
    tomorrow = local_now().date() + timedelta(days=1)
    assert couple.api.reminders[0]["trigger"]["scheduledTime"] == f"{tomorrow.isoformat()}T19:00:00"
    assert "tomorrow at 7 PM" in yes.card
    second = couple.intent("ReconnectionIdeaIntent")  # offered once a session: now the way back
    assert second.ended and any(second.card.endswith(p) for p in CONTENT.phrases["way_back_idea"])


def test_no_offer_where_no_api_can_set_a_reminder():
    session = Session("en-US")
    lambda_handler(session.launch(), None)
    reply = Reply(lambda_handler(session.intent("ReconnectionIdeaIntent"), None))
    assert reply.ended and "pending" not in reply.attributes  # issue 16: left with the couple


def test_without_permission_alexa_asks_by_voice_and_accepting_sets_what_was_asked(couple):
    couple.api.deny()
    reply = couple.remind(date="2030-06-07", time="20:00")
    directives = reply.response["directives"]
    assert directives == [{
        "type": "Connections.SendRequest",
        "name": "AskFor",
        "payload": {"@type": "AskForPermissionsConsentRequest", "@version": "2",
                    "permissionScopes": [{"permissionScope": PERMISSION_SCOPE, "consentLevel": "ACCOUNT"}]},
        "token": '{"date":"2030-06-07","time":"20:00"}',
    }]
    assert "card" not in reply.response and "reprompt" not in reply.response
    assert couple.api.reminders == []
    couple.api.grant()
    accepted = couple.send(couple.session.permission_answer("ACCEPTED", directives[0]["token"]))
    assert couple.api.reminders[0]["trigger"]["scheduledTime"] == "2030-06-07T20:00:00"
    assert says_one_of(accepted, "reminder_set")


def test_a_denied_permission_is_met_kindly_and_sets_nothing(couple):
    couple.api.deny()
    asked = couple.remind(date="2030-06-07", time="20:00")
    token = asked.response["directives"][0]["token"]
    denied = couple.send(couple.session.permission_answer("DENIED", token))
    assert says_one_of(denied, "reminder_denied") and "Alexa app" in denied.card
    assert couple.api.reminders == [] and "reminder_wish" not in denied.attributes


def test_a_device_that_cannot_ask_by_voice_gets_a_consent_card(couple):
    couple.api.deny()
    asked = couple.remind(date="2030-06-07", time="20:00")
    token = asked.response["directives"][0]["token"]
    reply = couple.send(couple.session.permission_answer("NOT_ANSWERED", token, code="400"))
    assert reply.response["card"] == {"type": "AskForPermissionsConsent", "permissions": [PERMISSION_SCOPE]}
    assert says_one_of(reply, "reminder_card")


@pytest.mark.parametrize("failure", [401, 403, 429, 500, 503, "timeout"])
def test_service_failures_get_a_short_apology_and_a_status_only_log(couple, failure, caplog, monkeypatch):
    monkeypatch.setenv("CLOSER_ALEXA_API_TIMEOUT", "0.3")
    couple.api.fail_next(failure)
    with caplog.at_level(logging.INFO, logger="closer_again"):
        reply = couple.remind(date="2030-06-07", time="20:00")
    assert says_one_of(reply, "reminder_trouble")
    assert not says_one_of(reply, "error"), "a service failure is not the catch-all"
    assert couple.api.reminders == []
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "status" in logged and (str(failure) in logged if failure != "timeout" else "none" in logged)
    assert "2030" not in logged and "20:00" not in logged and REMINDER_TEXT not in logged


def test_a_failure_creating_the_reminder_itself_is_also_an_apology(couple, caplog):
    couple.api.fail_next(503, on="/v1/alerts/reminders")
    with caplog.at_level(logging.INFO, logger="closer_again"):
        reply = couple.remind(date="2030-06-07", time="20:00")
    assert says_one_of(reply, "reminder_trouble")
    assert couple.api.calls[-1] == ("POST", "/v1/alerts/reminders") and couple.api.reminders == []
    assert "reminder failed: status 503" in caplog.text


def test_nothing_is_offered_or_scheduled_in_a_safety_session(couple):
    couple.send(couple.session.launch())
    couple.session.attributes["safety"] = "abuse"
    idea = couple.intent("ReconnectionIdeaIntent")
    assert idea.attributes.get("pending") != "reminder"
    couple.session.attributes["safety"] = "abuse"
    asked = couple.remind(date="2030-06-07", time="20:00")
    couple.session.attributes["safety"] = "abuse"
    token = '{"date":"2030-06-07","time":"20:00"}'
    accepted = couple.send(couple.session.permission_answer("ACCEPTED", token))
    couple.session.attributes["safety"] = "abuse"
    no_voice = couple.send(couple.session.permission_answer("NOT_ANSWERED", "", code="400"))
    assert couple.api.reminders == []
    for reply in (asked, accepted, no_voice):
        assert "card" not in reply.response and "directives" not in reply.response
        assert reply.speech and not reply.ended


def test_a_tampered_token_or_wish_is_no_reminder_and_no_crash(couple):
    reply = couple.send(couple.session.permission_answer("ACCEPTED", "{not json"))
    assert says_one_of(reply, "reminder_denied")
    couple.session.attributes["reminder_wish"] = {"date": 7}
    couple.session.attributes["pending"] = "reminder_time"
    reply = couple.remind()
    assert reply.speech and not says_one_of(reply, "error")


@pytest.mark.parametrize(("wish", "now", "expected", "said"), [
    (Wish(date="2026-12-04", time="20:00"), datetime(2026, 11, 30, 10), datetime(2026, 12, 4, 20),
     "on Friday at 8 PM"),
    (Wish(time="EV"), datetime(2026, 11, 30, 10), datetime(2026, 11, 30, 19), "today at 7 PM"),
    (Wish(time="EV"), datetime(2026, 11, 30, 22), datetime(2026, 12, 1, 19), "tomorrow at 7 PM"),
    (Wish(date="2026-W50", time="21:00"), datetime(2026, 11, 30, 10), datetime(2026, 12, 7, 21),
     "on Monday, December 7, at 9 PM"),
    (Wish(date="2026-W49", time="21:00"), datetime(2026, 12, 2, 10), datetime(2026, 12, 2, 21),
     "today at 9 PM"),
    (Wish(weekday="Monday", time="08:05"), datetime(2026, 11, 30, 9), datetime(2026, 12, 7, 8, 5),
     "every Monday at 8:05 AM"),
    (Wish(date="2027-01-20", time="12:00"), datetime(2026, 11, 30, 9), datetime(2027, 1, 20, 12),
     "on Wednesday, January 20, at 12 PM"),
])
def test_schedules_and_how_they_are_said(wish, now, expected, said):
    from skill.reminders.when import parse_time

    plan = schedule(wish, parse_time(wish.time), now)
    assert plan.at == expected
    assert spoken(plan, now) == said


def test_unreadable_slot_values_ask_again_rather_than_fail(couple):
    reply = couple.remind(date="201X", time="20:00")
    assert says_one_of(reply, "reminder_unclear")
    assert couple.api.reminders == []
    assert date.today()  # the skill kept going
