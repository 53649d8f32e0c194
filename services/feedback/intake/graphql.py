"""GraphQL for feedback: recording (staff and the public form), replies, reading, public codes."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from services.platform.errors import Forbidden, NotFound, ValidationFailed
from services.platform.graphql.context import context, request_address
from services.platform.graphql.ids import parse_id
from services.platform.graphql.pagination import (
    INSTANT_AND_ID,
    OFFSET,
    Page,
    PageInfo,
    decode_cursor,
    make_page,
    page_size,
)

from ..directory.graphql import current_staff
from ..employee import EmployeeEntity, reference, references
from ..privacy.graphql import CustomerContactType
from ..team.graphql import TeamDepth, TeamEntity
from . import branding, categories, policies, qr, rate_limit, service
from . import references as feedback_references

if TYPE_CHECKING:
    from ..complaints.graphql import ComplaintAction, ComplaintStatus
    from ..loyalty.graphql import SurveyStatus

# The complaint lifecycle's enums live with the lifecycle (complaints/), which builds on intake's types; the
# survey's with loyalty.
ComplaintStatusRef = Annotated["ComplaintStatus", strawberry.lazy("services.feedback.complaints.graphql")]
ComplaintActionRef = Annotated["ComplaintAction", strawberry.lazy("services.feedback.complaints.graphql")]
SurveyStatusRef = Annotated["SurveyStatus", strawberry.lazy("services.feedback.loyalty.graphql")]


@strawberry.enum(description="Where the feedback came in. PUBLIC_FORM is set by the customer form only.")
class Channel(enum.Enum):
    PHONE = "phone"
    EMAIL = "email"
    FACEBOOK = "facebook"
    SOCIAL_MEDIA = "social_media"
    CHAT = "chat"
    WEB_REVIEW = "web_review"
    IN_PERSON = "in_person"
    SURVEY = "survey"
    PUBLIC_FORM = "public_form"


@strawberry.enum
class FeedbackKind(enum.Enum):
    PRAISE = "praise"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"


@strawberry.enum(description="What a complaint is about; each category assigns a matching lesson.")
class ComplaintCategory(enum.Enum):
    RUDE_TONE = "rude_tone"
    SLOW_RESPONSE = "slow_response"
    DIDNT_KNOW_ANSWER = "didnt_know_answer"
    PRODUCT_UNAVAILABLE = "product_unavailable"
    PASSED_AROUND = "passed_around"
    REQUEST_REFUSED = "request_refused"
    DEFECTIVE_PRODUCT = "defective_product"
    LATE_DELIVERY = "late_delivery"
    WRONG_INFORMATION = "wrong_information"
    PRICE_OR_DISCOUNT = "price_or_discount"
    OTHER = "other"


@strawberry.enum
class Locale(enum.Enum):
    ET = "et"
    EN = "en"


@strawberry.type(description="The organisation as its customers see it on the customer pages (from settings).")
class OrganisationBrand:
    name: str
    logo_url: str | None = strawberry.field(
        description="An https address or a path on the customer-facing site; null: show the name only."
    )
    colour: str = strawberry.field(description="The brand colour, #rrggbb.")

    @classmethod
    def from_settings(cls, info: Info) -> "OrganisationBrand":
        brand = branding.organisation_brand(context(info).runtime.settings)
        return cls(name=brand.name, logo_url=brand.logo_url, colour=brand.colour)


@strawberry.type(description="A category the customer form offers under \"what went wrong\", worded for customers.")
class PublicComplaintCategory:
    category: ComplaintCategory
    label: str


@strawberry.type(name="FeedbackReply")
class FeedbackReplyType:
    id: strawberry.ID
    body: str
    sent_at: dt.datetime
    row: strawberry.Private[dict]

    @classmethod
    def from_row(cls, row: dict) -> "FeedbackReplyType":
        return cls(id=strawberry.ID(str(row["id"])), body=row["body"], sent_at=row["sent_at"], row=row)

    @strawberry.field
    async def author(self, info: Info) -> EmployeeEntity | None:
        return await reference(info, self.row["author"])

    @strawberry.field(description="The feedback item answered.")
    async def feedback(self, info: Info) -> "FeedbackType":
        return FeedbackType.from_row(await context(info).loaders.feedback.load(self.row["feedback"]))


@strawberry.type(name="Feedback")
class FeedbackType:
    id: strawberry.ID
    reference: str = strawberry.field(
        description="The reference the customer was shown (e.g. K7QM-4XPD): feedback(filter: {reference}) finds it."
    )
    kind: FeedbackKind
    channel: Channel
    rating: int | None
    category: ComplaintCategory | None
    body: str
    source: str = strawberry.field(description="staff (recorded by an employee) or public (the customer form).")
    company_value: str | None = strawberry.field(description="The company value a praise names.")
    received_at: dt.datetime
    first_reply_at: dt.datetime | None
    response_seconds: int | None = strawberry.field(description="Seconds from receipt to the first reply.")
    acknowledge_due_at: dt.datetime | None
    resolve_due_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    transfer_count: int
    reopen_count: int
    row: strawberry.Private[dict]

    @classmethod
    def from_row(cls, row: dict) -> "FeedbackType":
        first = row["first_reply_at"]
        return cls(
            id=strawberry.ID(str(row["id"])),
            reference=row["reference"],
            kind=FeedbackKind(row["kind"]),
            channel=Channel(row["channel"]),
            rating=row["rating"],
            category=ComplaintCategory(row["category"]) if row["category"] else None,
            body=row["body"],
            source=row["source"],
            company_value=row["company_value"],
            received_at=row["received_at"],
            first_reply_at=first,
            response_seconds=int((first - row["received_at"]).total_seconds()) if first else None,
            acknowledge_due_at=row["acknowledge_due_at"],
            resolve_due_at=row["resolve_due_at"],
            acknowledged_at=row["acknowledged_at"],
            resolved_at=row["resolved_at"],
            closed_at=row["closed_at"],
            transfer_count=row["transfer_count"],
            reopen_count=row["reopen_count"],
            row=row,
        )

    @strawberry.field(description="Complaints only: where it stands in its lifecycle.")
    def status(self) -> ComplaintStatusRef | None:
        from ..complaints.graphql import ComplaintStatus

        return ComplaintStatus(self.row["status"]) if self.row["status"] else None

    @strawberry.field(description="The employees it is about.")
    async def subjects(self, info: Info) -> list[EmployeeEntity]:
        return await references(info, list(self.row["subject_ids"]))

    @strawberry.field(description="Complaints: who is handling it.")
    async def owner(self, info: Info) -> EmployeeEntity | None:
        return await reference(info, self.row["owner"])

    @strawberry.field(description="The employee who recorded it (none for the public form).")
    async def recorded_by(self, info: Info) -> EmployeeEntity | None:
        return await reference(info, self.row["recorded_by"])

    @strawberry.field(
        description=(
            "The customer's contact: shown to HR, admin and the complaint's owner only (to an owner the complaint "
            "is about only when a manager assigned it to them)."
        )
    )
    async def customer(self, info: Info) -> CustomerContactType | None:
        if self.row["customer"] is None:
            return None
        if not policies.can_see_contact(
            context(info).principal,
            owner_id=self.row["owner"],
            subject_ids=self.row["subject_ids"],
            assigned_by=self.row.get("owner_assigned_by"),
        ):
            return None
        row = await context(info).loaders.customer.load(self.row["customer"])
        return CustomerContactType.from_row(row) if row else None

    @strawberry.field(
        description=(
            "Complaints: the steps you may take now (the status allows them and you stand to it so), for the "
            "inbox's buttons; empty for other feedback. The mutations still check."
        )
    )
    async def allowed_actions(self, info: Info) -> list[ComplaintActionRef]:
        from ..complaints import policies as complaint_policies
        from ..complaints.graphql import ComplaintAction

        if self.row["kind"] != service.COMPLAINT or not self.row["status"] or self.row.get("as_recorded"):
            return []
        subject_ids = list(self.row["subject_ids"])
        owner_id = self.row["owner"]
        people = await context(info).loaders.staff.load_many(subject_ids + ([owner_id] if owner_id else []))
        steps = complaint_policies.allowed_actions(
            context(info).principal,
            status=self.row["status"],
            owner=people[len(subject_ids)] if owner_id else None,
            subjects=[p for p in people[: len(subject_ids)] if p],
        )
        return [ComplaintAction(step) for step in steps]

    @strawberry.field(
        description=(
            "Complaints: the follow-up survey of the latest resolution (as surveyStatus), null before the first."
        )
    )
    async def survey(self, info: Info) -> SurveyStatusRef | None:
        from ..loyalty.graphql import SurveyStatus

        if self.row["kind"] != service.COMPLAINT or self.row.get("as_recorded"):
            return None
        row = await context(info).loaders.latest_survey.load(self.row["id"])
        return SurveyStatus.from_row(row, now=context(info).runtime.clock.now()) if row else None

    @strawberry.field(description="Answers, oldest first.")
    async def replies(self, info: Info) -> list[FeedbackReplyType]:
        if self.row.get("as_recorded"):
            return []
        rows = await context(info).loaders.feedback_replies.load(self.row["id"])
        return [FeedbackReplyType.from_row(r) for r in rows]


@strawberry.type(name="PublicFeedbackCode", description="A code to print (as a QR code) for the customer form.")
class PublicCodeType:
    code: str
    path: str = strawberry.field(description="The form's path on the customer-facing site.")
    location: str | None
    active: bool
    created_at: dt.datetime
    row: strawberry.Private[dict]

    @classmethod
    def from_row(cls, row: dict) -> "PublicCodeType":
        return cls(
            code=row["code"],
            path=service.public_form_path(row["code"]),
            location=row["location"],
            active=row["active"],
            created_at=row["created_at"],
            row=row,
        )

    @strawberry.field
    async def employee(self, info: Info) -> EmployeeEntity | None:
        return await reference(info, self.row["employee"])

    @strawberry.field(description="The form's full address as an SVG QR code, for the site at baseUrl.")
    def qr_svg(self, base_url: str) -> str:
        return qr.svg(qr.form_url(base_url, self.path))


@strawberry.type(description="One line of a team's printable QR sheet: a member, their code, its address and QR code.")
class TeamFeedbackCode:
    employee_id: strawberry.Private[uuid.UUID]
    code: PublicCodeType | None = strawberry.field(
        description="Null while the member has no code yet (createTeamFeedbackCodes makes the missing ones)."
    )
    form_url: str | None = strawberry.field(description="The form's full address on the customer-facing site.")

    @strawberry.field
    async def employee(self, info: Info) -> EmployeeEntity:
        return await reference(info, self.employee_id)

    @strawberry.field(description="The form's address as an SVG QR code, to print.")
    def qr_svg(self) -> str | None:
        return qr.svg(self.form_url) if self.form_url else None


@strawberry.type(description="A page of a team's QR sheet, members by name.")
class TeamFeedbackCodePage:
    items: list[TeamFeedbackCode]
    page_info: PageInfo


async def team_feedback_codes(info: Info, *, root: dict, subtree: bool, first: int | None, after: str | None):
    """The sheet's lines for a team the caller was allowed to see (Team's reference resolution checked it)."""
    size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
    offset = decode_cursor(after, OFFSET) or 0
    rows = await service.team_codes_page(root=root, subtree=subtree, offset=offset, limit=size + 1)
    page = make_page(list(enumerate(rows, start=offset + 1)), size, key_of=lambda p: p[0])
    settings = context(info).runtime.settings
    items = [
        TeamFeedbackCode(
            employee_id=row["employee_id"],
            code=PublicCodeType.from_row(row["code"]) if row["code"] else None,
            form_url=service.public_form_url(settings, row["code"]["code"]) if row["code"] else None,
        )
        for _, row in page.items
    ]
    return TeamFeedbackCodePage(items=items, page_info=page.page_info)


@strawberry.input
class CreateTeamFeedbackCodesInput:
    manager_id: strawberry.ID = strawberry.field(description="The team's manager.")
    depth: TeamDepth = strawberry.field(default=TeamDepth.DIRECT)


@strawberry.type
class CreateTeamFeedbackCodesPayload:
    manager_id: strawberry.ID = strawberry.field(description="The team's manager: read team.feedbackCodes again.")
    created: int = strawberry.field(description="Codes made now (0 when every member had one: a retry is safe).")


@strawberry.type(name="PublicFeedbackForm", description="What the customer form shows: no more than it needs.")
class PublicFormType:
    code: str
    first_name: str | None
    job_title: str | None
    location: str | None
    organisation: OrganisationBrand = strawberry.field(description="Whose form it is: name, logo and colour.")


@strawberry.type
class PublicFeedbackReceipt:
    received: bool
    message: str
    reference: str = strawberry.field(
        description="Show it on the thank-you page (e.g. K7QM-4XPD): staff find the feedback by it."
    )


RECEIVED_MESSAGE = "Thank you! Your feedback was received."


@strawberry.input
class CustomerContactInput:
    name: str | None = None
    email: str | None = None
    phone: str | None = None


@strawberry.input
class SubmitFeedbackInput:
    kind: FeedbackKind
    channel: Channel
    subject_ids: list[strawberry.ID] = strawberry.field(description="1-10 employees the feedback is about.")
    rating: int | None = strawberry.field(default=None, description="1-5.")
    category: ComplaintCategory | None = strawberry.field(default=None, description="Complaints only.")
    body: str | None = strawberry.field(default=None, description="Up to 4,000 characters.")
    received_at: dt.datetime | None = strawberry.field(default=None, description="Default now; not in the future.")
    company_value: str | None = strawberry.field(default=None, description="Praise: the company value it names.")
    contact: CustomerContactInput | None = strawberry.field(default=None, description="The customer, if they left it.")
    consent: bool = strawberry.field(default=False, description="The customer agreed to be contacted.")
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.input
class SubmitPublicFeedbackInput:
    code: str
    kind: FeedbackKind
    rating: int | None = None
    category: ComplaintCategory | None = strawberry.field(
        default=None,
        description=(
            "Complaints: what went wrong, as the customer picked it (the form words each in their terms); assigns "
            "the matching lesson. The form offers every category but REQUEST_REFUSED (INVALID_CATEGORY)."
        ),
    )
    body: str | None = strawberry.field(default=None, description="Up to 2,000 characters.")
    contact: CustomerContactInput | None = None
    consent: bool = False
    website: str | None = strawberry.field(default=None, description="Leave empty.")
    client_mutation_id: str | None = strawberry.field(
        default=None, description="A UUID made by the form; a retry sends the same one and gets the same reference."
    )


@strawberry.input
class ReplyToFeedbackInput:
    feedback_id: strawberry.ID
    body: str
    client_mutation_id: str = strawberry.field(description="A UUID made by the client; a retry sends the same one.")


@strawberry.input
class CreatePublicCodeInput:
    employee_id: strawberry.ID | None = strawberry.field(default=None, description="The employee the code names.")
    location: str | None = strawberry.field(default=None, description="Or the place it hangs (a shop, a desk).")


@strawberry.input
class FeedbackFilter:
    kind: FeedbackKind | None = None
    status: ComplaintStatusRef | None = None
    employee_id: strawberry.ID | None = None
    channel: Channel | None = None
    from_: dt.datetime | None = strawberry.field(default=None, name="from", description="Received at or after.")
    to: dt.datetime | None = strawberry.field(default=None, description="Received before.")
    reference: str | None = strawberry.field(
        default=None, description="The customer's reference, any case, with or without the dash (INVALID_REFERENCE)."
    )
    owner_id: strawberry.ID | None = strawberry.field(default=None, description="Complaints this person owns.")
    open: bool = strawberry.field(default=False, description="Only complaints still RECEIVED or ACKNOWLEDGED.")


def _contact(value: CustomerContactInput | None) -> dict | None:
    return None if value is None else {"name": value.name, "email": value.email, "phone": value.phone}


def _reference(text: str | None) -> str | None:
    if text is None:
        return None
    reference = feedback_references.normalise(text)
    if reference is None:
        raise ValidationFailed("That is not a feedback reference (like K7QM-4XPD).", code="INVALID_REFERENCE")
    return reference


def _cursor(after: str | None) -> tuple[dt.datetime, uuid.UUID] | None:
    key = decode_cursor(after, INSTANT_AND_ID)
    if key is None:
        return None
    try:
        return dt.datetime.fromisoformat(key[0]), uuid.UUID(key[1])
    except (TypeError, ValueError, IndexError, KeyError) as exc:
        raise ValidationFailed("The cursor is not valid.", code="INVALID_CURSOR") from exc


async def load_visible(info: Info, feedback_id: uuid.UUID) -> dict:
    """The feedback row if the caller may see it: FEEDBACK_NOT_FOUND or FORBIDDEN otherwise."""
    row = await context(info).loaders.feedback.load(feedback_id)
    if row is None:
        raise NotFound("No such feedback.", code="FEEDBACK_NOT_FOUND")
    subject_ids = list(row["subject_ids"])
    people = await context(info).loaders.staff.load_many(subject_ids + ([row["owner"]] if row["owner"] else []))
    subjects = [p for p in people[: len(subject_ids)] if p]
    owner = people[len(subject_ids)] if row["owner"] else None
    policies.see_feedback(context(info).principal, subjects=subjects, owner=owner)
    return row


@strawberry.type
class IntakeQuery:
    @strawberry.field(description="One feedback item: about you, your subtree, a complaint you own; HR and admin any.")
    async def feedback_item(self, info: Info, id: strawberry.ID) -> FeedbackType:
        await current_staff(info)
        return FeedbackType.from_row(await load_visible(info, parse_id(id)))

    @strawberry.field(
        description=(
            "Feedback newest first: employees see feedback about themselves, managers their subtree, "
            "HR and admin everything; a complaint's owner (and the managers above them) see it too."
        )
    )
    async def feedback(
        self, info: Info, filter: FeedbackFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Page[FeedbackType]:
        viewer = await current_staff(info)
        scope = policies.list_scope(context(info).principal, viewer=viewer)
        size = page_size(first, context(info).runtime.settings.graphql_max_page_size)
        f = filter or FeedbackFilter()
        rows = await service.get_page(
            scope=scope,
            filter=service.Filter(
                kind=f.kind.value if f.kind else None,
                status=f.status.value if f.status else None,
                employee_id=parse_id(f.employee_id) if f.employee_id else None,
                channel=f.channel.value if f.channel else None,
                received_from=f.from_,
                received_to=f.to,
                reference=_reference(f.reference),
                owner_id=parse_id(f.owner_id) if f.owner_id else None,
                open_only=f.open,
            ),
            after=_cursor(after),
            limit=size + 1,
        )
        loader = context(info).loaders.feedback
        for row in rows:
            loader.prime(row["id"], row)
        page = make_page(rows, size, key_of=lambda r: [r["received_at"].isoformat(), str(r["id"])])
        return Page(items=[FeedbackType.from_row(r) for r in page.items], page_info=page.page_info)

    @strawberry.field(description="Public, no sign-in: what the customer form shows for a printed code.")
    async def public_code(self, info: Info, code: str) -> PublicFormType | None:
        target = await service.get_public_code(code=code)
        if target is None:
            return None
        return PublicFormType(**service.public_form_view(target), organisation=OrganisationBrand.from_settings(info))

    @strawberry.field(description="Public, no sign-in: the organisation's name, logo and colour for the customer pages.")
    def organisation_brand(self, info: Info) -> OrganisationBrand:
        return OrganisationBrand.from_settings(info)

    @strawberry.field(
        description=(
            "Public, no sign-in: what the customer form offers under \"what went wrong\" (submitPublicFeedback's "
            "category), in the form's order, worded for customers in the language asked (default ET)."
        )
    )
    def public_complaint_categories(self, locale: Locale = Locale.ET) -> list[PublicComplaintCategory]:
        labels = categories.public_category_labels()
        return [
            PublicComplaintCategory(category=ComplaintCategory(c), label=labels[c][locale.value])
            for c in categories.PUBLIC_CATEGORIES
        ]


@strawberry.type
class IntakeMutation:
    @strawberry.mutation(
        description=(
            "Record feedback received on the phone, by e-mail, on social media, in chat, in a review, in person or "
            "through a survey. Any active employee may record it about anyone, except praise about themselves."
        )
    )
    async def submit_feedback(self, info: Info, input: SubmitFeedbackInput) -> FeedbackType:
        recorder = await current_staff(info)
        runtime = context(info).runtime
        feedback_id = await service.record_staff_feedback(
            recorder=recorder,
            kind=input.kind.value,
            channel=input.channel.value,
            rating=input.rating,
            category=input.category.value if input.category else None,
            body=input.body,
            subject_ids=[parse_id(i) for i in input.subject_ids],
            contact=_contact(input.contact),
            consent=input.consent,
            received_at=input.received_at,
            company_value=input.company_value,
            client_id=input.client_mutation_id,
            now=runtime.clock.now(),
        )
        await runtime.enqueue_soon("relay_outbox")
        try:
            row = await load_visible(info, feedback_id)
        except Forbidden:
            # A retry by someone who may not follow the item (about people outside their scope) shows it as
            # they recorded it, not what happened to it since.
            row = service.as_recorded(await context(info).loaders.feedback.load(feedback_id))
        return FeedbackType.from_row(row)

    @strawberry.mutation(description="Answer a feedback item you can see; the first answer sets firstReplyAt.")
    async def reply_to_feedback(self, info: Info, input: ReplyToFeedbackInput) -> FeedbackReplyType:
        author = await current_staff(info)
        row = await load_visible(info, parse_id(input.feedback_id))
        runtime = context(info).runtime
        reply_id = await service.reply(
            feedback_id=row["id"],
            author_id=author["id"],
            body=input.body,
            client_id=input.client_mutation_id,
            now=runtime.clock.now(),
        )
        await runtime.enqueue_soon("relay_outbox")
        context(info).loaders.feedback.clear(row["id"])  # first_reply_at may have just been set
        return FeedbackReplyType.from_row(await context(info).loaders.reply.load(reply_id))

    @strawberry.mutation(
        description=(
            "Managers (their subtree), HR and admin: the printable code of an employee or a location for the "
            "customer form. Asking again returns the same code."
        )
    )
    async def create_public_code(self, info: Info, input: CreatePublicCodeInput) -> PublicCodeType:
        await current_staff(info)
        employee = None
        if input.employee_id is not None:
            employee = await context(info).loaders.staff.load(parse_id(input.employee_id))
            if employee is None:
                raise NotFound(f"No employee {input.employee_id}.", code="EMPLOYEE_NOT_FOUND")
        policies.make_code_for(context(info).principal, employee=employee)
        row = await service.create_public_code(
            employee=employee, location=input.location, now=context(info).runtime.clock.now()
        )
        return PublicCodeType.from_row(row)

    @strawberry.mutation(
        description=(
            "Managers (their own team or one under them), HR and admin: a printable code for every active member of "
            "a team who has none yet (DIRECT reports or the whole SUBTREE); members keep codes they have. Safe to "
            "repeat. Read the sheet with Team.feedbackCodes."
        )
    )
    async def create_team_feedback_codes(
        self, info: Info, input: CreateTeamFeedbackCodesInput
    ) -> CreateTeamFeedbackCodesPayload:
        team = await TeamEntity.resolve_reference(info, managerId=input.manager_id)
        created = await service.create_missing_team_codes(
            root=team.root, subtree=input.depth == TeamDepth.SUBTREE, now=context(info).runtime.clock.now()
        )
        return CreateTeamFeedbackCodesPayload(manager_id=team.manager_id, created=created)

    @strawberry.mutation(
        description=(
            "Public, no sign-in: a customer's feedback through a printed code. Limited per client address "
            "(RATE_LIMITED), every field size-limited (FIELD_TOO_LONG names the field)."
        )
    )
    async def submit_public_feedback(self, info: Info, input: SubmitPublicFeedbackInput) -> PublicFeedbackReceipt:
        runtime = context(info).runtime
        await rate_limit.check_public_submission(runtime, address=request_address(info))
        receipt = await service.record_public_feedback(
            code=input.code,
            kind=input.kind.value,
            rating=input.rating,
            body=input.body,
            contact=_contact(input.contact),
            consent=input.consent,
            honeypot=input.website,
            category=input.category.value if input.category else None,
            client_id=input.client_mutation_id,
            now=runtime.clock.now(),
        )
        if receipt.feedback_id is not None:
            await runtime.enqueue_soon("relay_outbox")
        return PublicFeedbackReceipt(received=True, message=RECEIVED_MESSAGE, reference=receipt.reference)


Query = IntakeQuery
Mutation = IntakeMutation


def dataloaders() -> dict:
    """Makers of the DataLoaders this domain adds to each request (each made on first use)."""
    return {
        "feedback": lambda: DataLoader(lambda ids: service.get_many(ids=ids)),
        "feedback_replies": lambda: DataLoader(lambda ids: service.replies_for_many(feedback_ids=ids)),
        "reply": lambda: DataLoader(lambda ids: service.replies_many(ids=ids)),
    }
