"""The built-in course "From fix-it to growth": its shape, its care and its words.

These tests read the course the way the app does (through ``load_course``) and
check what a learner would meet: six weekly modules of 3 to 5 lessons, real
lesson text, an exercise after every lesson, the weekly check-ins that draw the
progress trend, the support contacts, plain language, and no text copied from
the article the course's ideas come from.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from growthcourse.course.loader import load_course
from growthcourse.course.model import (
    EXERCISE_KINDS,
    Choice,
    Course,
    Lesson,
    Scale,
)
from growthcourse.resources import builtin_course_dir

MODULE_IDS = [
    "when-your-partner-pulls-away",
    "where-the-panic-comes-from",
    "the-fix-it-reflex",
    "why-fixing-backfires",
    "space-and-patience",
    "growing-for-yourself",
]
CHECK_INS = {
    "urge-to-fix": ("How strong is the urge to fix things today?", "no pull at all", "overwhelming"),
    "settled": ("How settled do you feel today?", "very unsettled", "calm and steady"),
}
MIN_LESSON_WORDS = 350
MIN_COURSE_WORDS = 9_000
MIN_READING_EASE = 60.0
COPY_RUN = 8  # words in a row that may not be shared with the source article


# --- text measures ------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"'\u201d\u2019)*_]|$)")
_LINE_END = re.compile(r"[.!?][\"'\u201d\u2019)*_]*$")


def words(text: str) -> list[str]:
    """Words as a reader counts them; Markdown marks (``###``, ``**``, ``-``) are not words."""
    return _WORD.findall(text)


def sentence_count(text: str) -> int:
    """Sentences end at . ! or ?; a heading or list item without one is a sentence too."""
    count = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        count += len(_SENTENCE_END.findall(line))
        if not _LINE_END.search(line):
            count += 1
    return max(count, 1)


def syllables(word: str) -> int:
    """Groups of vowels (a e i o u y), at least one per word."""
    return max(1, len(re.findall(r"[aeiouy]+", word.lower())))


def reading_ease(text: str) -> float:
    """Flesch reading ease: 206.835 - 1.015 x words/sentences - 84.6 x syllables/words."""
    found = words(text)
    if not found:
        return 0.0
    return (
        206.835
        - 1.015 * len(found) / sentence_count(text)
        - 84.6 * sum(syllables(word) for word in found) / len(found)
    )


def normalised_words(text: str) -> list[str]:
    """Lower case, curly quotes made straight, punctuation dropped."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text)


def runs(text: str, length: int = COPY_RUN) -> set[tuple[str, ...]]:
    found = normalised_words(text)
    return {tuple(found[i : i + length]) for i in range(len(found) - length + 1)}


def course_strings(value: object) -> list[str]:
    """Every piece of text in the loaded course: titles, bodies, prompts, options, feedback, contacts."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Path):
        return []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in course_strings(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for item in value.items() for s in course_strings(item)]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in course_strings(item)]
    return []


def seed_dir() -> Path | None:
    """The folder of source texts: $GROWTHCOURSE_SEED_DIR, else ``shared/seed`` beside the repository."""
    configured = os.environ.get("GROWTHCOURSE_SEED_DIR")
    if configured:
        path = Path(configured)
        if not path.is_dir():
            pytest.fail(f"GROWTHCOURSE_SEED_DIR={configured} is not a folder")
        return path
    here = Path(__file__).resolve().parent
    repo = next((p for p in (here, *here.parents) if (p / "pyproject.toml").is_file()), None)
    if repo is not None:
        candidate = repo.parent / "shared" / "seed"
        if candidate.is_dir():
            return candidate
    return None


# --- fixtures -------------------------------------------------------------------


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(builtin_course_dir())


@pytest.fixture(scope="module")
def lessons(course: Course) -> list[Lesson]:
    return list(course.lessons())


def where(lesson: Lesson) -> str:
    return f"{lesson.module_id}/{lesson.id}"


# --- shape ----------------------------------------------------------------------


def test_the_course_is_six_weekly_modules_in_order(course: Course) -> None:
    assert course.id == "fix-it-to-growth"
    assert [module.id for module in course.modules] == MODULE_IDS


def test_each_module_has_three_to_five_lessons(course: Course) -> None:
    counts = {module.id: len(module.lessons) for module in course.modules}
    assert all(3 <= n <= 5 for n in counts.values()), counts


def test_each_module_opens_a_week_after_the_one_before(course: Course) -> None:
    assert course.min_days_between_modules == 7
    first, *rest = course.modules
    assert first.after == ()
    for previous, module in zip(course.modules, rest):
        assert module.after == (previous.id,), module.id
        assert module.min_days == 7, module.id


def test_every_lesson_has_real_text_a_reading_time_and_an_exercise(lessons: list[Lesson]) -> None:
    short = {where(l): len(words(l.body)) for l in lessons if len(words(l.body)) < MIN_LESSON_WORDS}
    assert not short, f"lessons under {MIN_LESSON_WORDS} words: {short}"
    assert [where(l) for l in lessons if not l.exercises] == []
    assert [where(l) for l in lessons if not l.minutes] == []
    assert [where(l) for l in lessons if "### " not in l.body] == [], "every lesson has headings"


def test_the_course_has_enough_lesson_text(lessons: list[Lesson]) -> None:
    total = sum(len(words(lesson.body)) for lesson in lessons)
    assert total >= MIN_COURSE_WORDS


def test_all_five_exercise_kinds_are_used(course: Course) -> None:
    assert {exercise.kind for exercise in course.exercises()} == set(EXERCISE_KINDS)


@pytest.mark.parametrize("series", sorted(CHECK_INS))
def test_every_module_asks_the_same_weekly_check_in(course: Course, series: str) -> None:
    prompt, low, high = CHECK_INS[series]
    titles: set[str | None] = set()
    for module in course.modules:
        scales = [e for e in module.exercises() if isinstance(e, Scale) and e.series == series]
        assert len(scales) == 1, f"{module.id}: expected one {series!r} check-in, found {len(scales)}"
        scale = scales[0]
        assert (scale.prompt, scale.min, scale.max) == (prompt, 0, 10), module.id
        assert scale.labels == {0: low, 10: high}, module.id
        titles.add(scale.title)
    assert len(titles) == 1, f"the {series!r} check-in has a different title in some weeks: {titles}"


def test_choice_questions_teach_on_every_option(course: Course) -> None:
    choices = [e for e in course.exercises() if isinstance(e, Choice)]
    assert choices
    for choice in choices:
        assert sum(option.correct for option in choice.options) == 1, choice.id
        assert all(option.feedback and option.feedback.strip() for option in choice.options), choice.id


def test_practice_tasks_are_for_real_life(course: Course) -> None:
    practices = [e for e in course.exercises() if e.kind == "practice"]
    assert len(practices) >= len(course.modules) // 2
    assert all(len(words(p.prompt)) >= 12 for p in practices)


# --- care -----------------------------------------------------------------------


def test_support_lists_crisis_anger_and_counselling_contacts(course: Course) -> None:
    assert course.support is not None
    phones = {contact.name: contact.phone for contact in course.support.contacts}
    assert phones.get("Samaritans") == "116 123"
    assert phones.get("Respect Phone Line") == "0808 802 4040"
    emergency = next(c for c in course.support.contacts if "emergency" in c.name.lower())
    assert "999" in (emergency.phone or "") and "112" in (emergency.phone or "")
    urls = " ".join(contact.url or "" for contact in course.support.contacts)
    assert "bacp.co.uk" in urls
    text = " ".join(course_strings(course.support)).lower()
    assert "local equivalent" in text


def test_the_description_credits_the_source_of_the_ideas(course: Course) -> None:
    assert course.description is not None
    assert "Adam Day" in course.description
    assert "Counselling Directory" in course.description


def test_lessons_are_plain_reading(lessons: list[Lesson]) -> None:
    scores = {where(lesson): reading_ease(lesson.body) for lesson in lessons}
    average = sum(scores.values()) / len(scores)
    assert average >= MIN_READING_EASE, f"average reading ease {average:.1f}: {scores}"


def test_reading_ease_measure_tells_plain_from_dense_text() -> None:
    plain = "You are not alone. Take a slow breath. Then choose what to do."
    dense = (
        "Interpersonal disengagement frequently precipitates considerable psychological "
        "destabilisation, necessitating deliberate emotional regulation strategies."
    )
    assert reading_ease(plain) > 80 > MIN_READING_EASE > reading_ease(dense)
    assert sentence_count("### A heading\n\nOne. Two!\n\n- an item\n") == 4


def test_no_run_of_eight_words_is_copied_from_the_source(course: Course) -> None:
    folder = seed_dir()
    if folder is None:
        pytest.skip("no seed folder: set GROWTHCOURSE_SEED_DIR or put shared/seed beside the repository")
    sources = [p for p in sorted(folder.rglob("*")) if p.is_file()]
    if not sources:
        pytest.skip(f"the seed folder {folder} holds no files")
    source_runs: dict[tuple[str, ...], str] = {}
    for path in sources:
        for run in runs(path.read_text(encoding="utf-8", errors="replace")):
            source_runs.setdefault(run, path.name)
    copied = sorted(
        f"{' '.join(run)!r} (from {source_runs[run]})"
        for text in course_strings(course)
        for run in runs(text)
        if run in source_runs
    )
    assert not copied, "text copied from the source:\n" + "\n".join(copied)


def test_copy_check_catches_a_copied_run() -> None:
    source = "One day the quick brown fox jumped over the lazy sleeping dog again."
    assert runs("Look: THE quick brown fox jumped over the lazy sleeping dog!") & runs(source)
    assert not runs("The quick brown fox jumped over a lazy sleeping dog.") & runs(source)
