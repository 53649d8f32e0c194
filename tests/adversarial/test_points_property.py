"""Property: whatever an employee does with her own token, her confirmed points never exceed what real
customers' own actions granted her, and her NPS holds no answer a customer did not give.

Hypothesis draws sequences of what the cleaner A2 can do alone (record complaints about herself, with her own
address as the customer's; acknowledge, resolve, reopen; report outcomes; show surveys "in person" and answer
them; answer the surveys that reach her own mailbox; let months pass) mixed with what real customers do (complain
through her printed code, answer the survey they were e-mailed). Every step goes through GraphQL, the outbox and
the real worker. The most a customer's promoter answer can grant is resolved + without transfer + loyalty.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.feedback.directory import service as directory
from services.feedback.intake import service as intake
from services.feedback.recognition import rules
from services.feedback.recognition import service as recognition

from ..complaint_steps import ACKNOWLEDGE, REOPEN, RESOLVE
from ..conftest import START, reset_storage
from ..recognition_steps import ANSWER_SURVEY, MY_RECOGNITION, NPS, PRESENT_IN_PERSON, RECORD_OUTCOME, deliver
from ..recognition_steps import answer_input, given_people, outcome_input, token_in
from ..support import new_id, token_for

SUBMIT = "mutation($i: SubmitFeedbackInput!) { submitFeedback(input: $i) { id } }"
SUBMIT_PUBLIC = "mutation($i: SubmitPublicFeedbackInput!) { submitPublicFeedback(input: $i) { received } }"
LATEST = "query { feedback(first: 50, filter: {kind: COMPLAINT}) { items { id } } }"
MOST_PER_PROMOTER = sum(rules.DEFAULTS[k].points for k in (rules.RESOLVED, rules.RESOLVED_WITHOUT_TRANSFER,
                                                           rules.LOYALTY_CONFIRMED))
OWN_ADDRESS = "andres.private@example.ee"

score = st.integers(min_value=0, max_value=10)
# Each complaint: how it came to exist, then what happens to it once she has taken and resolved it.
ORIGINS = st.sampled_from(["self_phone", "self_in_person", "self_own_address", "customer_form"])
FOLLOW_UPS = st.one_of(
    st.tuples(st.just("take_and_resolve")),
    st.tuples(st.just("reopen")),
    st.tuples(st.just("report_outcome"), st.sampled_from(["RETURNED", "BOUGHT_AGAIN", "PROMOTER", "CHURNED"])),
    st.tuples(st.just("show_in_person_and_answer"), score),
    st.tuples(st.just("answer_own_mail"), score),
    st.tuples(st.just("customer_answers"), score),
    st.tuples(st.just("months_pass"), st.sampled_from([1, 30, 91])),
)
PLANS = st.lists(st.tuples(ORIGINS, st.lists(FOLLOW_UPS, min_size=1, max_size=4)), min_size=1, max_size=3)


class Scenario:
    """One drawn sequence played against the real services."""

    def __init__(self, feedback_api, feedback_app, storage, clock, mailbox) -> None:
        self.api, self.app, self.storage, self.clock, self.mailbox = feedback_api, feedback_app, storage, clock, mailbox
        self.customers = 0
        self.answered_mail: set[int] = set()
        self.promoters_by_customers = 0
        self.answers_by_customers = 0

    async def setup(self) -> None:
        await reset_storage()
        self.clock.set(START)
        self.mailbox.clear()
        self.people = await given_people()
        self.me = self.people["A2"]
        self.token = token_for(self.me)
        staff = await directory.get(employee_id=self.me["id"])
        self.code = (await intake.create_public_code(employee=staff, location=None, now=self.clock.now()))["code"]
        await self.deliver()

    async def deliver(self) -> None:
        await deliver(self.app, self.storage, self.clock)

    async def play(self, origin: str, follow_ups: list[tuple]) -> None:
        """One complaint: made, taken and resolved by her, then the follow-ups, checking after every step."""
        if origin == "customer_form":
            feedback_id = await self.customer_complains()
        else:
            feedback_id = await self.record_about_self(
                "IN_PERSON" if origin == "self_in_person" else "PHONE", own_address=origin == "self_own_address"
            )
        for name, *args in [("take_and_resolve",), *follow_ups]:
            await getattr(self, name)(feedback_id, *args)
            await self.deliver()
            await self.check()

    # ---- what she does with her own token (errors are answers too: invalid steps change nothing)

    async def record_about_self(self, channel: str, *, own_address: bool) -> str:
        contact = {"email": OWN_ADDRESS} if own_address else None
        data = await self.api.ok(SUBMIT, {"i": {
            "kind": "COMPLAINT", "channel": channel, "subjectIds": [str(self.me["id"])], "rating": 1, "body": "Slow.",
            "contact": contact, "consent": own_address, "clientMutationId": new_id()}}, token=self.token)
        await self.deliver()
        return data["submitFeedback"]["id"]

    async def take_and_resolve(self, feedback_id: str) -> None:
        await self.api.call(ACKNOWLEDGE, {"id": feedback_id, "c": new_id()}, token=self.token)
        await self.api.call(RESOLVE, {"id": feedback_id, "c": new_id()}, token=self.token)

    async def reopen(self, feedback_id: str) -> None:
        await self.api.call(REOPEN, {"id": feedback_id, "c": new_id(), "reason": "Again."}, token=self.token)

    async def report_outcome(self, feedback_id: str, kind: str) -> None:
        await self.api.call(RECORD_OUTCOME, outcome_input(feedback_id, kind), token=self.token)

    async def show_in_person_and_answer(self, feedback_id: str, nps: int) -> None:
        body = await self.api.call(PRESENT_IN_PERSON, {"i": {"feedbackId": feedback_id, "clientMutationId": new_id()}},
                                   token=self.token)
        if not body.get("errors"):
            token = body["data"]["presentSurveyInPerson"]["url"].split("token=", 1)[1]
            await self.api.call(ANSWER_SURVEY, answer_input(token, nps=nps))

    async def answer_own_mail(self, feedback_id: str, nps: int) -> None:
        for mail in self.mailbox.to(OWN_ADDRESS):
            await self.api.call(ANSWER_SURVEY, answer_input(token_in(mail), nps=nps))

    async def months_pass(self, feedback_id: str, days: int) -> None:
        self.clock.set(self.clock.now() + dt.timedelta(days=days))
        await recognition.close_loyalty_windows(now=self.clock.now())

    # ---- what real customers do

    async def customer_complains(self) -> str:
        self.customers += 1
        await self.api.ok(SUBMIT_PUBLIC, {"i": {
            "code": self.code, "kind": "COMPLAINT", "rating": 1, "body": "It broke.",
            "contact": {"email": f"customer-{self.customers}@example.ee"}, "consent": True}})
        await self.deliver()
        return (await self.api.ok(LATEST, token=token_for(self.people["HR1"])))["feedback"]["items"][0]["id"]

    async def customer_answers(self, feedback_id: str, nps: int) -> None:
        for mail in self.mailbox.messages:
            if mail.number in self.answered_mail or OWN_ADDRESS in mail.to:
                continue
            self.answered_mail.add(mail.number)
            body = await self.api.call(ANSWER_SURVEY, answer_input(token_in(mail), nps=nps))
            if not body.get("errors"):
                self.answers_by_customers += 1
                self.promoters_by_customers += nps >= 9
            return

    # ---- the property

    async def check(self) -> None:
        mine = (await self.api.ok(MY_RECOGNITION, token=self.token))["myRecognition"]
        assert mine["points"] <= MOST_PER_PROMOTER * self.promoters_by_customers, mine
        nps = (await self.api.ok(NPS, {"e": str(self.me["id"])}, token=token_for(self.people["HR1"])))["nps"]
        assert nps["responses"] <= self.answers_by_customers, nps


async def test_staff_side_actions_never_confirm_more_than_customers_granted(
    feedback_api, feedback_app, storage, clock, mailbox
):
    loop = asyncio.get_running_loop()

    @settings(max_examples=15, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(PLANS)
    def staff_cannot_farm(plans):
        async def run() -> None:
            scenario = Scenario(feedback_api, feedback_app, storage, clock, mailbox)
            await scenario.setup()
            for origin, follow_ups in plans:
                await scenario.play(origin, follow_ups)

        asyncio.run_coroutine_threadsafe(run(), loop).result(timeout=300)

    # hypothesis runs (and shrinks) in a thread; each example plays on this test's event loop
    await asyncio.to_thread(staff_cannot_farm)
