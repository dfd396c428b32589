"""Parses the content a couple does together: questions for two and the check-in."""

from typing import Any

from content.items import DEPTHS, CheckIn, CheckInQuestion, Question, QuestionSet
from content.validator import MIN_PHRASINGS, FileChecker

MIN_QUESTIONS_PER_DEPTH = 30
# A question turn is a lead-in (intro, or a reshuffle or depth line), the
# question, who goes first and "say next": these limits keep it near 20 seconds.
QUESTION_WORDS = 20
FIRST_WORDS = 12
INTRO_WORDS = 7
QUESTION_LINE_WORDS = 14

CHECKIN_PHRASES = {  # phrasing list -> most words in each entry
    "intro": 30, "thanks": 4, "restart": 10, "unclear": 15, "unclear_choice": 15, "help": 28, "waiting": 12,
    "disagree": 20, "also": 14,
}
CHECKIN_PLACEHOLDERS = {"disagree": frozenset({"about"}), "also": frozenset({"what"})}
CHECKIN_ASK_WORDS = 22
ABOUT_WORDS = 4
FINDING_WORDS = 16
MIN_CHECKIN_QUESTIONS = 15  # a pool, so a weekly check-in is not the same five every time
MIN_DRAWN, MAX_DRAWN = 3, 5
MAX_CHOICES = 3  # a menu heard in the dark names three things at most
# Words that offer a way to pass; an intimate question says one before the question itself.
PASS_WORDS = ("pass", "skip", "only if", "if you'd like", "if you like", "if you want", "no need to answer",
              "as much or as little", "fine to say", "leave this one", "keep it to yourself")


def phrasings(check: FileChecker, raw: Any, item: str, max_words: int,
              placeholders: frozenset[str] = frozenset()) -> tuple[str, ...]:
    entries = check.sequence(raw, item, MIN_PHRASINGS)
    texts = tuple(check.text(text, f"{item}[{index}]", max_words, placeholders)
                  for index, text in enumerate(entries))
    if len(set(texts)) != len(texts):
        check.fail(item, "the same phrasing is listed twice")
    return texts


def load_questions(check: FileChecker, raw: Any) -> QuestionSet:
    check.mapping(raw, "-", {"intro", "first", "reshuffled", "deepest", "lightest", "questions"})
    check.mapping(raw["questions"], "questions", set(DEPTHS))
    by_depth = {}
    seen: set[str] = set()
    for depth in DEPTHS:
        entries = raw["questions"][depth]
        if not isinstance(entries, dict):
            check.fail(f"questions.{depth}", "expected a mapping of question ids to questions")
        if len(entries) < MIN_QUESTIONS_PER_DEPTH:
            check.fail(f"questions.{depth}",
                       f"needs at least {MIN_QUESTIONS_PER_DEPTH} questions, has {len(entries)}")
        questions = []
        for question_id, text in entries.items():
            item = f"questions.{depth}.{question_id}"
            check.identifier(question_id, item)
            if question_id in seen:  # ids are remembered across sessions, so one id means one question
                check.fail(item, f"id {question_id!r} is used at another depth too")
            seen.add(question_id)
            question = Question(question_id, depth, check.text(text, item, QUESTION_WORDS))
            if depth == "intimate":
                _offers_a_pass(check, question.ask, item)
            questions.append(question)
        by_depth[depth] = tuple(questions)
    return QuestionSet(
        intro=phrasings(check, raw["intro"], "intro", INTRO_WORDS),
        first=phrasings(check, raw["first"], "first", FIRST_WORDS),
        reshuffled=phrasings(check, raw["reshuffled"], "reshuffled", QUESTION_LINE_WORDS),
        deepest=phrasings(check, raw["deepest"], "deepest", QUESTION_LINE_WORDS),
        lightest=phrasings(check, raw["lightest"], "lightest", QUESTION_LINE_WORDS),
        by_depth=by_depth,
    )


def _offers_a_pass(check: FileChecker, text: str, item: str) -> None:
    """An intimate question offers a pass first, so the question is the last thing heard."""
    if not text.endswith("?"):
        check.fail(item, "an intimate question ends with its question, so it is the last thing heard")
    before = text[:text.rstrip("?").rfind(".") + 1].lower() if "." in text else ""
    before = before or text[:text.rfind(":") + 1].lower()
    if not any(words in before for words in PASS_WORDS):
        check.fail(item, "an intimate question first offers a way to pass, in its own words, such as "
                         "'Only if you'd like to:' or 'You can pass on this one.', then asks")


def load_checkin(check: FileChecker, raw: Any, cause_ids: set[str], situation_ids: set[str]) -> CheckIn:
    check.mapping(raw, "-", set(CHECKIN_PHRASES) | {"questions", "findings", "draw"})
    phrases = {name: phrasings(check, raw[name], name, words, CHECKIN_PLACEHOLDERS.get(name, frozenset()))
               for name, words in CHECKIN_PHRASES.items()}
    draw = check.number(raw["draw"], "draw", MIN_DRAWN, MAX_DRAWN)
    entries = check.sequence(raw["questions"], "questions", MIN_CHECKIN_QUESTIONS)
    questions = [_checkin_question(check, entry, index, cause_ids, situation_ids)
                 for index, entry in enumerate(entries)]
    check.unique_ids([q.id for q in questions], "questions")
    check.mapping(raw["findings"], "findings", cause_ids | {"none"})
    findings = {key: phrasings(check, raw["findings"][key], f"findings.{key}", FINDING_WORDS)
                for key in sorted(cause_ids | {"none"})}
    return CheckIn(phrases=phrases, questions=tuple(questions), findings=findings, asked=draw)


def _checkin_question(check: FileChecker, entry: Any, index: int, cause_ids: set[str],
                      situation_ids: set[str]) -> CheckInQuestion:
    named = isinstance(entry, dict) and isinstance(entry.get("id"), str)
    item = entry["id"] if named else f"questions[{index}]"
    check.mapping(entry, item, {"id", "ask", "about"}, frozenset({"cause", "choices", "situation"}))
    if ("cause" in entry) == ("choices" in entry):
        check.fail(item, "needs either cause (what a yes points to) or choices (answer ids to causes)")
    ask = check.text(entry["ask"], f"{item}.ask", CHECKIN_ASK_WORDS)
    about = check.text(entry["about"], f"{item}.about", ABOUT_WORDS)
    situation = entry.get("situation", "")
    if situation and situation not in situation_ids:
        check.fail(f"{item}.situation", f"{situation!r} is not an id in ideas.yaml situations")
    if "cause" in entry:
        if entry["cause"] not in cause_ids:
            check.fail(f"{item}.cause", f"{entry['cause']!r} is not an id in causes.yaml")
        return CheckInQuestion(check.identifier(entry["id"], item), ask, entry["cause"], {}, about, situation)
    choices = entry["choices"]
    if not isinstance(choices, dict) or not 2 <= len(choices) <= MAX_CHOICES:
        check.fail(f"{item}.choices", f"expected a mapping of two to {MAX_CHOICES} answer ids to causes")
    for answer, cause in choices.items():
        check.identifier(answer, f"{item}.choices")
        if cause not in cause_ids:
            check.fail(f"{item}.choices.{answer}", f"{cause!r} is not an id in causes.yaml")
    return CheckInQuestion(check.identifier(entry["id"], item), ask, "", dict(choices), about, situation)
