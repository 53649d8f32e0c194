"""Lessons that teach: a test-wise learner who picks the longest (or shortest) answer, or the longer reply, does not
pass without learning; the loader refuses a catalogue that gives answers away by length."""

import collections
import re
import shutil

import pytest
import yaml

from services.learning.lessons import catalogue, fairness
from services.learning.lessons.content_model import LOCALES
from services.learning.progress.levels import PASS_RATIO

# Words a test-wise learner uses to rule options out; they must not mark the wrong options.
ABSOLUTE_WORDS = {
    "en": r"\b(always|never|only|all|every|everything|everyone|nothing|nobody|none|completely)\b",
    "et": r"\b(alati|kunagi|ainult|kõik\w*|iga|igal|igale|mitte midagi|keegi|ükski|täiesti)\b",
}
CATCH_ALL_OPTIONS = r"all of the above|none of the above|both of the above|kõik eelnevad|kõik ülaltoodud|mitte ükski eelnevatest"


def figures_report(lessons) -> str:
    return "\n".join(str(fairness.figures(lessons, locale)) for locale in LOCALES)


def text(value: str) -> dict:
    return {"et": f"{value} (et)", "en": value}


def lesson_file(lesson_id: str, *, items: list[tuple[list[str], int]], worse: str, better: str) -> dict:
    """A small valid lesson whose quiz options and replies have the given texts."""
    words = " ".join(["word"] * 70)
    return {
        "id": lesson_id,
        "topic": "situations",
        "order": 10,
        "role_families": ["all"],
        "title": text(f"Lesson {lesson_id}"),
        "summary": text("A lesson built for a fairness test."),
        "cards": [{"title": text("Card"), "body": text(words)}],
        "scenario": {
            "situation": text("A customer asks for help with a problem."),
            "worse": text(worse),
            "better": text(better),
            "why": text("Because the better reply helps the customer."),
        },
        "quiz": [
            {
                "id": f"q{n}",
                "question": text(f"Question number {n} about the lesson?"),
                "options": [text(option) for option in options],
                "correct": correct,
                "explanation": text("The right option is right because it helps."),
            }
            for n, (options, correct) in enumerate(items, start=1)
        ],
    }


def write_catalogue(folder, lessons: list[dict]):
    (folder / "situations").mkdir(parents=True)
    for lesson in lessons:
        (folder / "situations" / f"{lesson['id']}.yaml").write_text(yaml.safe_dump(lesson, allow_unicode=True))
    return folder


def test_the_real_catalogue_gives_nothing_away_by_length():
    lessons = catalogue.read_content()  # raises with the problems when the catalogue is unfair
    report = figures_report(lessons)
    for locale in LOCALES:
        numbers = fairness.figures(lessons, locale)
        assert numbers.longest_share <= numbers.limit, report
        assert numbers.shortest_share <= numbers.limit, report
        assert numbers.better_longer_share <= fairness.MAX_BETTER_LONGER_SHARE, report
    assert fairness.problems(lessons) == [], report


@pytest.mark.parametrize("pick", [max, min], ids=["longest", "shortest"])
def test_picking_by_length_passes_few_lessons(pick):
    """The attack from the finding: always choose the longest (or shortest) option, the first one on a tie.
    Before the rewrite, picking the longest passed 21 of 30 lessons in Estonian and 19 in English."""
    lessons = catalogue.read_content()
    for locale in LOCALES:
        passed = 0
        for lesson in lessons:
            right = 0
            for item in lesson.quiz:
                lengths = [len(o.get(locale)) for o in item.options]
                right += lengths.index(pick(lengths)) == item.correct
            passed += right / len(lesson.quiz) >= PASS_RATIO
        # Blind guessing passes about 10-20 % of 4- and 5-item lessons with 3-4 options.
        assert passed / len(lessons) <= 0.2, (locale, passed, figures_report(lessons))


def test_a_catalogue_whose_longest_option_is_usually_right_is_refused_with_its_numbers(tmp_path):
    biased = [(["Ask again later", "Say it is not possible", "Offer them a next step now"], 2)] * 3
    fair = [(["Say it politely", "Say when you will call", "Say nothing at all"], 0)] * 3
    lessons = [
        lesson_file("sit-biased-a", items=biased, worse="Sorry, nothing I can do.", better="Sorry, here is what I do."),
        lesson_file("sit-biased-b", items=biased, worse="Sorry, nothing I can do.", better="Sorry, here is what I do."),
        lesson_file("sit-biased-c", items=fair, worse="Sorry, nothing I can do.", better="Sorry, here is what I do."),
    ]
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.read_content(write_catalogue(tmp_path / "content", lessons))
    message = str(refused.value)
    assert "fairness (en): the right option is the longest in 6 of 9 items (67%); chance is 33%, so at most 43%" in message
    assert "fairness (en): the better reply is the longer one in 3 of 3 scenarios (100%); at most 60%" in message
    assert "fairness (et): the right option is the longest in 6 of 9 items" in message


def test_a_catalogue_whose_shortest_option_is_usually_right_is_refused(tmp_path):
    """Overcorrecting (making every right answer terse) is the same tell the other way round."""
    items = [(["Explain the whole rule to them", "Go and find the manager first", "Help now"], 2)] * 3
    lessons = [
        lesson_file(f"sit-terse-{n}", items=items, worse="Sorry, here is what I do.", better="Sorry, nothing I can do.")
        for n in "abc"
    ]
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.read_content(write_catalogue(tmp_path / "content", lessons))
    assert "the right option is the shortest in 9 of 9 items (100%)" in str(refused.value)
    assert "better reply is the longer one" not in str(refused.value)


def test_one_right_option_far_longer_than_the_others_is_refused(tmp_path):
    shutil.copytree(catalogue.CONTENT_DIR, tmp_path / "content")
    path = tmp_path / "content" / "situations" / "sit-defective-product.yaml"
    lesson = yaml.safe_load(path.read_text())
    item = lesson["quiz"][0]
    others = [o["en"] for n, o in enumerate(item["options"]) if n != item["correct"]]
    mean = sum(map(len, others)) / len(others)
    long_right = ("Show you understand " * 10)[: int(mean * 2)].strip()
    item["options"][item["correct"]]["en"] = long_right
    path.write_text(yaml.safe_dump(lesson, allow_unicode=True))
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.read_content(tmp_path / "content")
    problems = refused.value.problems
    assert len(problems) == 1, problems
    assert problems == [
        f"lesson sit-defective-product, quiz item q1 (en): the right option is {len(long_right) / mean:.2f}x the mean "
        "length of the others; at most 1.5x"
    ]


def test_a_scenario_whose_better_reply_is_far_longer_is_refused(tmp_path):
    shutil.copytree(catalogue.CONTENT_DIR, tmp_path / "content")
    path = tmp_path / "content" / "situations" / "sit-defective-product.yaml"
    lesson = yaml.safe_load(path.read_text())
    lesson["scenario"]["better"]["et"] += " Kas saan veel millegagi aidata? Kirjutan teile homme ka e-kirja."
    path.write_text(yaml.safe_dump(lesson, allow_unicode=True))
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.read_content(tmp_path / "content")
    assert any(
        p.startswith("lesson sit-defective-product, scenario (et): the better reply is 1.") for p in refused.value.problems
    ), refused.value.problems


def test_the_right_option_sits_in_every_position_about_equally_often():
    lessons = catalogue.read_content()
    positions = collections.defaultdict(collections.Counter)
    for lesson in lessons:
        for item in lesson.quiz:
            positions[len(item.options)][item.correct] += 1
    for size, counts in positions.items():
        total = sum(counts.values())
        for position in range(size):
            share = counts[position] / total
            assert abs(share - 1 / size) <= 0.10, (size, dict(counts))


def test_absolute_words_do_not_mark_the_wrong_options():
    lessons = catalogue.read_content()
    for locale in LOCALES:
        right = wrong = right_count = wrong_count = 0
        for lesson in lessons:
            for item in lesson.quiz:
                for n, option in enumerate(item.options):
                    absolute = bool(re.search(ABSOLUTE_WORDS[locale], option.get(locale), re.IGNORECASE))
                    if n == item.correct:
                        right, right_count = right + absolute, right_count + 1
                    else:
                        wrong, wrong_count = wrong + absolute, wrong_count + 1
        # Ruling out options with "always"/"never" must not beat guessing by much.
        assert right / right_count >= wrong / wrong_count - 0.05, (locale, right / right_count, wrong / wrong_count)


def test_only_the_right_option_rarely_echoes_the_question():
    """Repeating the question's words in the right option alone is a tell; it must not happen more than chance."""

    def words(value: str) -> set[str]:
        return {w for w in re.findall(r"\w+", value.lower()) if len(w) > 3}

    lessons = catalogue.read_content()
    for locale in LOCALES:
        echoes = items = 0
        for lesson in lessons:
            for item in lesson.quiz:
                asked = words(item.question.get(locale))
                shared = [len(words(o.get(locale)) & asked) for o in item.options]
                right = shared.pop(item.correct)
                echoes += right > max(shared)
                items += 1
        chance = fairness.figures(lessons, locale).chance
        assert echoes / items <= chance + fairness.MARGIN_OVER_CHANCE, (locale, echoes, items)


def test_no_option_is_a_catch_all_and_no_worse_reply_narrates_its_outcome():
    for lesson in catalogue.read_content():
        for item in lesson.quiz:
            for option in item.options:
                for locale in LOCALES:
                    assert not re.search(CATCH_ALL_OPTIONS, option.get(locale), re.IGNORECASE), (lesson.id, item.id)
        for locale in LOCALES:
            worse = lesson.scenario.worse.get(locale)
            # The reply is what the employee does or says; what happens afterwards belongs in `why`.
            assert not re.search(r"\b(later|afterwards|by evening|next morning|days later|hiljem|õhtuks|järgmisel hommikul)\b",
                                 re.sub(r"[„“].*?[“”]", "", worse), re.IGNORECASE), (lesson.id, locale, worse)
