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
}
CHECKIN_ASK_WORDS = 22
FINDING_WORDS = 18
MIN_CHECKIN_QUESTIONS = 3
MAX_CHECKIN_QUESTIONS = 5


def phrasings(check: FileChecker, raw: Any, item: str, max_words: int) -> tuple[str, ...]:
    entries = check.sequence(raw, item, MIN_PHRASINGS)
    texts = tuple(check.text(text, f"{item}[{index}]", max_words) for index, text in enumerate(entries))
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
            questions.append(Question(question_id, depth, check.text(text, item, QUESTION_WORDS)))
        by_depth[depth] = tuple(questions)
    return QuestionSet(
        intro=phrasings(check, raw["intro"], "intro", INTRO_WORDS),
        first=phrasings(check, raw["first"], "first", FIRST_WORDS),
        reshuffled=phrasings(check, raw["reshuffled"], "reshuffled", QUESTION_LINE_WORDS),
        deepest=phrasings(check, raw["deepest"], "deepest", QUESTION_LINE_WORDS),
        lightest=phrasings(check, raw["lightest"], "lightest", QUESTION_LINE_WORDS),
        by_depth=by_depth,
    )


def load_checkin(check: FileChecker, raw: Any, cause_ids: set[str]) -> CheckIn:
    check.mapping(raw, "-", set(CHECKIN_PHRASES) | {"questions", "findings"})
    phrases = {name: phrasings(check, raw[name], name, words) for name, words in CHECKIN_PHRASES.items()}
    entries = check.sequence(raw["questions"], "questions", MIN_CHECKIN_QUESTIONS)
    if len(entries) > MAX_CHECKIN_QUESTIONS:
        check.fail("questions", f"has {len(entries)} questions; a check-in asks three to five")
    questions = [_checkin_question(check, entry, index, cause_ids) for index, entry in enumerate(entries)]
    check.unique_ids([q.id for q in questions], "questions")
    check.mapping(raw["findings"], "findings", cause_ids | {"none"})
    findings = {key: phrasings(check, raw["findings"][key], f"findings.{key}", FINDING_WORDS)
                for key in sorted(cause_ids | {"none"})}
    return CheckIn(phrases=phrases, questions=tuple(questions), findings=findings)


def _checkin_question(check: FileChecker, entry: Any, index: int, cause_ids: set[str]) -> CheckInQuestion:
    named = isinstance(entry, dict) and isinstance(entry.get("id"), str)
    item = entry["id"] if named else f"questions[{index}]"
    check.mapping(entry, item, {"id", "ask"}, frozenset({"cause", "choices"}))
    if ("cause" in entry) == ("choices" in entry):
        check.fail(item, "needs either cause (what a yes points to) or choices (answer ids to causes)")
    ask = check.text(entry["ask"], f"{item}.ask", CHECKIN_ASK_WORDS)
    if "cause" in entry:
        if entry["cause"] not in cause_ids:
            check.fail(f"{item}.cause", f"{entry['cause']!r} is not an id in causes.yaml")
        return CheckInQuestion(check.identifier(entry["id"], item), ask, entry["cause"], {})
    choices = entry["choices"]
    if not isinstance(choices, dict) or len(choices) < 2:
        check.fail(f"{item}.choices", "expected a mapping of at least two answer ids to causes")
    for answer, cause in choices.items():
        check.identifier(answer, f"{item}.choices")
        if cause not in cause_ids:
            check.fail(f"{item}.choices.{answer}", f"{cause!r} is not an id in causes.yaml")
    return CheckInQuestion(check.identifier(entry["id"], item), ask, "", dict(choices))
