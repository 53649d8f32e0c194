"""The lesson catalogue: enough lessons per topic and per role family, bilingual, 15 minutes each, loaded idempotently,
our own words."""

import pathlib
import re
import shutil

import pytest

from services.learning.lessons import catalogue
from services.learning.lessons.content_model import MAX_LESSON_MINUTES, QUIZ_ITEM_MINUTES, ROLE_FAMILIES
from services.learning.lessons.tables import Lesson

from .support import given_org, token_for

SEEDS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "seeds"
MINIMUM_PER_TOPIC = {"time_management": 5, "communication": 5, "situations": 8, "values": 1}
# People who meet customers face to face or on the phone every day: each needs lessons written for their job.
FRONTLINE_FAMILIES = ("cleaner", "cashier", "sales", "customer_service", "mechanic", "logistics", "window_cleaner",
                      "accountant")
VALUE_ITEMS_PER_LESSON = 2  # services/learning/progress adds up to two company-value items to a values lesson


def test_the_catalogue_has_at_least_40_lessons_spread_over_the_topics():
    lessons = catalogue.read_content()
    assert len(lessons) >= 40
    for topic, minimum in MINIMUM_PER_TOPIC.items():
        assert sum(l.topic == topic for l in lessons) >= minimum, topic


def test_every_lesson_fits_15_minutes_with_cards_a_scenario_and_3_to_5_quiz_items():
    for lesson in catalogue.read_content():
        assert lesson.minutes <= MAX_LESSON_MINUTES, lesson.id
        assert 3 <= len(lesson.quiz) <= 5, lesson.id
        assert lesson.cards and lesson.scenario.better.en and lesson.scenario.worse.et


def test_every_role_family_gets_at_least_three_lessons_and_frontline_ones_two_of_their_own():
    lessons = catalogue.read_content()
    for family in ROLE_FAMILIES:
        assert sum(l.suits(family) for l in lessons) >= 3, family
    for family in FRONTLINE_FAMILIES:
        own = [l.id for l in lessons if family in l.role_families]
        assert len(own) >= 2, (family, own)


def test_values_lessons_leave_room_for_two_company_value_items():
    for lesson in catalogue.read_content():
        if lesson.topic == "values":
            assert lesson.minutes + VALUE_ITEMS_PER_LESSON * QUIZ_ITEM_MINUTES <= MAX_LESSON_MINUTES, lesson.id


def test_values_lessons_carry_at_least_six_fixed_items():
    values = [l for l in catalogue.read_content() if l.topic == "values"]
    assert sum(len(l.quiz) for l in values) >= 6


def test_every_text_is_written_in_estonian_and_english():
    for lesson in catalogue.read_content():
        texts = [lesson.title, lesson.summary, *(c.body for c in lesson.cards), lesson.scenario.why]
        texts += [q.question for q in lesson.quiz] + [o for q in lesson.quiz for o in q.options]
        for text in texts:
            assert text.et.strip() and text.en.strip(), (lesson.id, text.en)
            if len(text.en.split()) > 3:  # figures like "86%" read the same in both languages
                assert text.et != text.en, (lesson.id, text.en)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside this checkout")
def test_no_sentence_is_copied_from_the_seed_articles():
    def words(text: str) -> list[str]:
        return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).split()

    grams = set()
    for seed in SEEDS.glob("*.txt"):
        w = words(seed.read_text(errors="ignore"))
        grams.update(" ".join(w[i : i + 9]) for i in range(len(w) - 8))
    for path in catalogue.CONTENT_DIR.glob("*/*.yaml"):
        w = words(path.read_text())
        copied = [" ".join(w[i : i + 9]) for i in range(len(w) - 8) if " ".join(w[i : i + 9]) in grams]
        assert not copied, f"{path.name} copies: {copied[0]}"


async def test_loading_again_changes_nothing(storage):
    report = await catalogue.load()
    assert report.created == report.updated == report.retired == []
    assert len(report.unchanged) == len(catalogue.read_content())


async def test_one_broken_file_refuses_the_whole_catalogue(storage, tmp_path):
    shutil.copytree(catalogue.CONTENT_DIR, tmp_path / "content")
    broken = next((tmp_path / "content" / "situations").glob("*.yaml"))
    broken.write_text(broken.read_text().replace("correct: ", "correct: 9", 1))
    before = await Lesson.select(Lesson.id, Lesson.content_hash).order_by(Lesson.id)
    with pytest.raises(catalogue.CatalogueError) as error:
        await catalogue.load(tmp_path / "content")
    assert broken.name in str(error.value)
    assert await Lesson.select(Lesson.id, Lesson.content_hash).order_by(Lesson.id) == before


async def test_a_lesson_shows_minutes_per_card_in_the_callers_language(api):
    people = await given_org()
    lesson = catalogue.read_content()[0]
    query = "query($id: ID!, $l: Locale) { lesson(id: $id, locale: $l) { title minutes cards { title minutes } } }"
    et = (await api.ok(query, {"id": lesson.id}, token=token_for(people["A1"])))["lesson"]
    en = (await api.ok(query, {"id": lesson.id, "l": "EN"}, token=token_for(people["A1"])))["lesson"]
    assert et["title"] == lesson.title.et and en["title"] == lesson.title.en
    assert [c["minutes"] for c in et["cards"]] == [c.minutes for c in lesson.cards]
    assert et["minutes"] == lesson.minutes == sum(c.minutes for c in lesson.cards) + 2 + len(lesson.quiz)
