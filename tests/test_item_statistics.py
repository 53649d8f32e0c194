"""Item analysis: difficulty, discrimination, distractor shares, mean confidence and flags per item, from first
attempts, for HR and admin; pinned against figures worked out by hand."""

from . import learning_steps as steps
from .support import STANDARD_ORG, given_org, new_id, token_for

STATISTICS = """query($l: ID!) { itemStatistics(lessonId: $l) { item { id } correctOption answers difficulty
  discrimination meanConfidence distractors { option share } flags } }"""
ANSWER = "mutation($i: AnswerItemInput!) { answerItem(input: $i) { correct } }"

# Six answer patterns over a lesson's five items (I1 the scenario choice, I2-I5 its quiz): R is right, A and B the
# item's first and second wrong option; a confidence where one is said.
#
#        I1  I2        I3  I4  I5     total
#   L1   R   R sure    A   A   R      3
#   L2   R   R fairly  A   R   R      4
#   L3   R   R unsure  A   R   B      3
#   L4   R   A sure    A   R   A      2
#   L5   R   B         A   R   A      2
#   L6   R   A fairly  R   B   A      2
PATTERNS = [
    [("R", None), ("R", "SURE"), ("A", None), ("A", None), ("R", None)],
    [("R", None), ("R", "FAIRLY_SURE"), ("A", None), ("R", None), ("R", None)],
    [("R", None), ("R", "UNSURE"), ("A", None), ("R", None), ("B", None)],
    [("R", None), ("A", "SURE"), ("A", None), ("R", None), ("A", None)],
    [("R", None), ("B", None), ("A", None), ("R", None), ("A", None)],
    [("R", None), ("A", "FAIRLY_SURE"), ("R", None), ("B", None), ("A", None)],
]
# Each pattern is answered by 4 learners (24 answers per item, over the 20 needed): repeating every (x, rest)
# pair the same number of times changes neither a share nor a correlation, so the six rows above decide.
#
# Point-biserial r = (M1 - M0) / s * sqrt(p * q): M1 / M0 the mean rest score (total minus the item) of those
# right / wrong, s the population standard deviation of the rest score, p the share right, q = 1 - p.
#
# I2: right L1-L3. rest = 2, 3, 2 | 2, 2, 2. M1 = 7/3, M0 = 2, difference 1/3. Mean 13/6, mean of squares 29/6,
#     variance 29/6 - 169/36 = 5/36, s = sqrt(5)/6. p = q = 1/2, sqrt(pq) = 1/2.
#     r = (1/3)(1/2) / (sqrt(5)/6) = 1/sqrt(5) = 0.4472
# I3: right L6 only. rest = 3, 4, 3, 2, 2 | 1. M1 = 1, M0 = 14/5, difference -9/5. Mean 5/2, mean of squares 43/6,
#     variance 43/6 - 25/4 = 11/12. p = 1/6, sqrt(pq) = sqrt(5)/6.
#     r = -(9/5)(sqrt(5)/6) / sqrt(11/12) = -0.3 sqrt(60/11) = -0.7006
# I4: right L2-L5. rest = 3, 2, 1, 1 | 3, 2 (L1, L6). M1 = 7/4, M0 = 5/2, difference -3/4. Mean 2, mean of
#     squares 28/6, variance 2/3. p = 2/3, sqrt(pq) = sqrt(2)/3.
#     r = -(3/4)(sqrt(2)/3) / sqrt(2/3) = -sqrt(3)/4 = -0.4330
# I5: right L1, L2. rest = 2, 3 | 3, 2, 2, 2. M1 = 5/2, M0 = 9/4, difference 1/4. Mean 7/3, mean of squares 34/6,
#     variance 34/6 - 49/9 = 2/9, s = sqrt(2)/3. p = 1/3, sqrt(pq) = sqrt(2)/3.
#     r = (1/4)(sqrt(2)/3) / (sqrt(2)/3) = 0.2500
# I1: everyone right: the correctness does not vary, r is undefined (null).
DISCRIMINATION = [None, 0.447, -0.701, -0.433, 0.250]
DIFFICULTY = [1.0, 0.5, 0.167, 0.667, 0.333]  # 6/6, 3/6, 1/6, 4/6, 2/6
# Shares of wrong options A and B (C, where an item has four options, is never chosen).
SHARES = [
    {"A": 0.0},  # the scenario has one wrong option
    {"A": 0.333, "B": 0.167},  # 2/6, 1/6
    {"A": 0.833, "B": 0.0},  # 5/6
    {"A": 0.167, "B": 0.167},
    {"A": 0.5, "B": 0.167},  # 3/6: more than the 2/6 right, so misleading
]
# Confidence only on I2: sure 1, fairly 0.5, unsure 0, sure 1, fairly 0.5 -> 3/5.
MEAN_CONFIDENCE = [None, 0.6, None, None, None]
LEARNERS_PER_PATTERN = 4


def flags_expected(options: list[int]) -> list[set[str]]:
    """Flags per item; UNUSED_DISTRACTOR also for a quiz item with a third wrong option nobody chose."""
    four = [n > 3 for n in options]
    return [
        {"TOO_EASY", "UNUSED_DISTRACTOR"},  # 100 % right; its wrong option never chosen; r undefined: no flag
        {"UNUSED_DISTRACTOR"} if four[1] else set(),
        {"TOO_HARD", "LOW_DISCRIMINATION", "UNUSED_DISTRACTOR", "MISLEADING"},  # 17 %, r < 0, B unused, A 5 > 1
        {"LOW_DISCRIMINATION"} | ({"UNUSED_DISTRACTOR"} if four[3] else set()),
        {"MISLEADING"} | ({"UNUSED_DISTRACTOR"} if four[4] else set()),
    ]


def staff(n: int) -> list[tuple]:
    return [(f"L{i:02}", f"Learner {i:02}", f"l{i}@test.ee", "Cashier", "cashier", "LA", "et", "Europe/Tallinn",
             "employee") for i in range(n)]


async def analysed_lesson() -> str:
    """A lesson of the catalogue shaped like the table: a scenario and four quiz items of three or more options."""
    catalogue = await steps.catalogue()
    return next(
        l.id for l in catalogue.lessons
        if l.topic != "values" and len(catalogue.items_of[l.id]) == 5
        and all(len(i.options) >= 3 for i in catalogue.items_of[l.id][1:])
    )


async def take(api, employee: dict, lesson_id: str, pattern, *, complete: bool = True) -> None:
    """One attempt at the lesson through GraphQL, answering as the pattern says."""
    token = token_for(employee)
    session = await steps.start(api, token, lesson_id)
    items = (await steps.catalogue()).items
    for item, (answer, said) in zip(session["items"], pattern):
        right = items[item["id"]].correct
        wrong = [o for o in range(len(item["options"])) if o != right]
        data = {"itemId": item["id"], "sessionId": session["id"], "clientMutationId": new_id(),
                "choice": right if answer == "R" else wrong["AB".index(answer)]}
        if said:
            data["confidence"] = said
        await api.ok(ANSWER, {"i": data}, token=token)
    if complete:
        await steps.complete(api, token, session["id"])


async def statistics(api, token, lesson_id: str) -> list[dict]:
    return (await api.ok(STATISTICS, {"l": lesson_id}, token=token))["itemStatistics"]


def rounded(value):
    return None if value is None else round(value, 3)


async def test_item_statistics_match_the_hand_computed_example(api, clock):
    # given 24 learners, four per pattern, and the lesson
    people = await given_org(list(STANDARD_ORG) + staff(26))
    hr = token_for(people["HR1"])
    lesson_id = await analysed_lesson()
    learners = [people[f"L{i:02}"] for i in range(24)]
    for n, learner in enumerate(learners[:18]):
        await take(api, learner, lesson_id, PATTERNS[n % 6])
    # (with 18 answers per item, under the 20 needed, only the count is given)
    early = await statistics(api, hr, lesson_id)
    assert [s["answers"] for s in early] == [18] * 5
    assert all(s[f] is None for s in early for f in ("difficulty", "discrimination", "meanConfidence",
                                                     "distractors", "flags"))
    for n, learner in enumerate(learners[18:], start=18):
        await take(api, learner, lesson_id, PATTERNS[n % 6])
    # and what must not count: a retake (all wrong), a first attempt left unfinished and the retake after it,
    # and a review answer
    clock.advance(minutes=30)
    await take(api, learners[0], lesson_id, [("A", "SURE")] * 5)
    await take(api, people["L24"], lesson_id, [("A", None)] * 2, complete=False)
    clock.advance(minutes=30)
    await take(api, people["L24"], lesson_id, [("R", None)] * 5)
    clock.advance(days=3)
    first_item = (await steps.catalogue()).items_of[lesson_id][0]
    await api.ok(ANSWER, {"i": {"itemId": first_item.id, "choice": (first_item.correct + 1) % 2,
                                "clientMutationId": new_id()}}, token=token_for(learners[1]))

    # when HR asks for the lesson's item statistics
    found = await statistics(api, hr, lesson_id)

    # then every figure is the hand-computed one
    items = (await steps.catalogue()).items_of[lesson_id]
    assert [s["item"]["id"] for s in found] == [i.id for i in items]
    assert [s["answers"] for s in found] == [24] * 5
    assert [rounded(s["difficulty"]) for s in found] == DIFFICULTY
    assert [rounded(s["discrimination"]) for s in found] == DISCRIMINATION
    assert [rounded(s["meanConfidence"]) for s in found] == MEAN_CONFIDENCE
    for stats, item, shares in zip(found, items, SHARES):
        wrong = [o for o in range(len(item.options)) if o != item.correct]
        expected = {wrong[0]: shares["A"]}
        if len(wrong) > 1:
            expected[wrong[1]] = shares["B"]
        expected.update({o: 0.0 for o in wrong[2:]})
        assert {d["option"]: rounded(d["share"]) for d in stats["distractors"]} == expected
    assert [set(s["flags"]) for s in found] == flags_expected([len(i.options) for i in items])


async def test_a_lesson_nobody_took_has_counts_of_zero(api, clock):
    people = await given_org()
    lesson_id = await analysed_lesson()
    found = await statistics(api, token_for(people["CEO"]), lesson_id)
    assert [(s["answers"], s["difficulty"], s["flags"]) for s in found] == [(0, None, None)] * 5
    missing = await api.code(STATISTICS, {"l": "no-such-lesson"}, token=token_for(people["HR1"]))
    assert missing == "LESSON_NOT_FOUND"



FLAG_DOCS = """{ __type(name: "ItemFlag") { enumValues { name description } }
  stats: __type(name: "ItemStatistics") { fields { name description } } }"""


async def test_the_schema_states_the_flag_thresholds_kept_in_item_analysis(api, monkeypatch):
    from services.learning.progress import item_analysis

    # given the thresholds as named in item_analysis.py
    wanted = {"TOO_EASY": "95 %", "TOO_HARD": "25 %", "LOW_DISCRIMINATION": "0.1"}
    assert (item_analysis.TOO_EASY_ABOVE, item_analysis.TOO_HARD_BELOW,
            item_analysis.LOW_DISCRIMINATION_BELOW) == (0.95, 0.25, 0.1)
    # when a client reads the schema
    found = await api.ok(FLAG_DOCS)
    values = {v["name"]: v["description"] for v in found["__type"]["enumValues"]}
    [flags] = [f["description"] for f in found["stats"]["fields"] if f["name"] == "flags"]
    # then each flag's description gives its threshold, worded from the constant
    for flag, figure in wanted.items():
        assert figure in values[flag] and f"{flag}: {values[flag]}" in flags
    assert "nobody chose" in values["UNUSED_DISTRACTOR"]
    # and a rule reads the constant, not a copy of it: a stricter threshold flags an item the default does not
    row = {"answers": 20, "choices": {"0": 18, "1": 1, "2": 1}, "discrimination": 0.3, "mean_confidence": None}
    assert item_analysis.TOO_EASY not in item_analysis.figures(options=3, correct=0, row=row).flags
    monkeypatch.setattr(item_analysis, "TOO_EASY_ABOVE", 0.85)
    assert item_analysis.TOO_EASY in item_analysis.figures(options=3, correct=0, row=row).flags
