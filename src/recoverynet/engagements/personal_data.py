"""What personal data engagements holds, and for how long (/work/personal-data-format.md, #16).

Engagement records are kept six years after the engagement ends (with their invoices); who did
what is kept as a link to the account, which is itself anonymised on erasure. Attendance is
numbers by perspective only, never names, so it is not personal."""

from recoverynet.core.personal_data import (
    Action,
    Audience,
    Basis,
    Category,
    Field,
    Model,
    NotPersonal,
    Retention,
)

RECORD = Retention(
    key="engagements.records",
    describe="Six years after the engagement ends (with its invoices)",
    anchor="ends_on",
    years=6,
)
RELATED = Retention(
    key="engagements.related_records",
    describe="Six years after the engagement ends (with its invoices)",
    anchor="engagement__ends_on",
    years=6,
)
TOP_UPS = Retention(
    key="engagements.top_ups",
    describe="Six years after the engagement ends (with its invoices)",
    anchor="allocation__engagement__ends_on",
    years=6,
)
FEEDS = Retention(
    key="engagements.calendar_feeds",
    describe="Until the consultant turns the feed off or their account is closed",
    anchor=None,
)
CAPACITY = Retention(
    key="engagements.capacity",
    describe="Two years after the month",
    anchor="month",
    years=2,
)
TEAM = (Audience.NETWORK_TEAM,)
TEAM_AND_CLIENT = (Audience.NETWORK_TEAM, Audience.ORGANISATION)
KEEP_LINK = "Points to the account, which is itself anonymised."


def _link(
    purpose: str, retention: Retention, *, required: bool, seen_by: tuple[Audience, ...] = TEAM
) -> Field:
    if required:
        return Field(
            Category.ACCOUNT_LINK,
            purpose=purpose,
            basis=Basis.LEGITIMATE_INTERESTS,
            seen_by=seen_by,
            retention=retention,
            action=Action.KEEP,
            keep_reason=KEEP_LINK,
        )
    return Field(
        Category.ACCOUNT_LINK,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=seen_by,
        retention=retention,
        action=Action.CLEAR,
    )


def _text(
    purpose: str,
    retention: Retention,
    seen_by: tuple[Audience, ...] = TEAM,
    *,
    required: bool = False,
) -> Field:
    """Free text; a required one is replaced rather than emptied."""
    return Field(
        Category.FREE_TEXT,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=seen_by,
        retention=retention,
        action=Action.ANONYMISE if required else Action.CLEAR,
        anonymised="Removed" if required else None,
    )


PERSONAL_DATA = [
    Model(
        model="engagements.Engagement",
        describe="Consultancy engagements the network agrees with member organisations",
        subject=("lead_consultant", "created_by", "client_contact_email"),
        fields={
            "client_contact_name": Field(
                Category.IDENTITY,
                purpose="To know who leads the engagement at the client.",
                basis=Basis.CONTRACT,
                seen_by=TEAM_AND_CLIENT,
                retention=RECORD,
                action=Action.ANONYMISE,
                anonymised="Former contact",
            ),
            "client_contact_email": Field(
                Category.CONTACT,
                purpose="To reach the client's lead contact about the engagement.",
                basis=Basis.CONTRACT,
                seen_by=TEAM_AND_CLIENT,
                retention=RECORD,
                action=Action.CLEAR,
            ),
            "lead_consultant": _link(
                "To know which consultant leads the engagement.",
                RECORD,
                required=True,
                seen_by=TEAM_AND_CLIENT,
            ),
            "created_by": _link("To know who recorded the engagement.", RECORD, required=False),
            "summary": _text("The agreed scope, which may name people.", RECORD, TEAM_AND_CLIENT),
            "client_quote": Field(
                Category.FREE_TEXT,
                purpose="The client's own words, kept for use only with their consent.",
                basis=Basis.CONSENT,
                seen_by=TEAM,
                retention=RECORD,
                action=Action.CLEAR,
            ),
            "purchase_order": Field(
                Category.FINANCIAL,
                purpose="To put the client's purchase order number on its invoices.",
                basis=Basis.CONTRACT,
                seen_by=TEAM_AND_CLIENT,
                retention=RECORD,
                action=Action.KEEP,
                keep_reason="Invoices must be kept for six years by law; the number is the organisation's.",
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "network",
            "kind",
            "title",
            "status",
            "starts_on",
            "ends_on",
            "challenges",
            "invoicing",
            "fee_net",
            "day_rate_net",
            "agreement_invoiced_at",
            "quote_consent",
            "round_before",
            "round_after",
        ),
    ),
    NotPersonal(
        "engagements.EngagementClient", reason="Which organisations an engagement is with."
    ),
    Model(
        model="engagements.TeamMember",
        describe="The consultants on an engagement and the expertise they bring",
        subject=("consultant",),
        fields={
            "consultant": _link(
                "To know who works on the engagement.",
                RELATED,
                required=True,
                seen_by=TEAM_AND_CLIENT,
            ),
            "expertise": Field(
                Category.IDENTITY,
                purpose="To show what each consultant brings to the engagement.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=TEAM_AND_CLIENT,
                retention=RELATED,
                action=Action.CLEAR,
            ),
        },
        not_personal=("created_at", "updated_at", "engagement"),
    ),
    Model(
        model="engagements.Allocation",
        describe="The days agreed for an engagement",
        subject=("agreed_by",),
        fields={"agreed_by": _link("To know who agreed the days.", RELATED, required=False)},
        not_personal=("created_at", "updated_at", "engagement", "days"),
    ),
    Model(
        model="engagements.TopUp",
        describe="Extra days asked for and approved",
        subject=("requested_by", "approved_by", "rejected_by"),
        fields={
            "reason": _text("Why more days were needed.", TOP_UPS, TEAM_AND_CLIENT, required=True),
            "rejected_by": _link(
                "To know who turned the extra days down.", TOP_UPS, required=False
            ),
            "rejection_reason": _text(
                "Why the extra days were turned down (told to whoever asked).", TOP_UPS
            ),
            "requested_by": _link("To know who asked for the extra days.", TOP_UPS, required=False),
            "approved_by": _link("To know who approved the extra days.", TOP_UPS, required=False),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "allocation",
            "days",
            "approved_at",
            "rejected_at",
        ),
    ),
    NotPersonal("engagements.Phase", reason="The phases of a programme: titles and dates."),
    NotPersonal(
        "engagements.Milestone", reason="A programme's milestones: titles, dates and fees."
    ),
    Model(
        model="engagements.Session",
        describe="Sessions and days delivered (attendance as numbers only)",
        subject=("consultant", "logged_by"),
        fields={
            "consultant": _link(
                "To know who delivered the session.",
                RELATED,
                required=True,
                seen_by=TEAM_AND_CLIENT,
            ),
            "logged_by": _link("To know who logged the session.", RELATED, required=False),
            "notes": _text(
                "The consultant's notes on the session, which may mention people.", RELATED
            ),
            "over_run_reason": _text(
                "Why the days ran over the allocation.", RELATED, TEAM_AND_CLIENT
            ),
            "cancel_reason": _text("Why the session was cancelled.", RELATED, TEAM_AND_CLIENT),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "engagement",
            "state",
            "on",
            "days",
            "place",
            "attended_staff",
            "attended_lived_experience",
            "attended_family_carers",
            "attended_other",
            "invoiced_at",
            "public_id",
        ),
    ),
    Model(
        model="engagements.Output",
        describe="What came out of an engagement",
        subject=("created_by",),
        fields={
            "text": _text(
                "Ground rules, strategies and other outputs as written.", RELATED, TEAM_AND_CLIENT
            ),
            "created_by": _link("To know who recorded the output.", RELATED, required=False),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "engagement",
            "kind",
            "title",
            "reference",
            "url",
        ),
    ),
    NotPersonal(
        "engagements.SharedGoal", reason="A buddying pair's shared goals for the organisations."
    ),
    Model(
        model="engagements.LogEntry",
        describe="A buddying pair's meeting log",
        subject=("author",),
        fields={
            "text": _text(
                "What was discussed and agreed at a buddying meeting.",
                RELATED,
                TEAM_AND_CLIENT,
                required=True,
            ),
            "author": _link("To know who wrote the entry.", RELATED, required=False),
        },
        not_personal=("created_at", "updated_at", "engagement", "on"),
    ),
    Model(
        model="engagements.ConsultantMonth",
        describe="Consultants' working days and leave per month, for the capacity calendar",
        subject=("consultant",),
        fields={
            "consultant": Field(
                Category.ACCOUNT_LINK,
                purpose="To plan which consultant is free when.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=TEAM,
                retention=CAPACITY,
                action=Action.DELETE,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "network",
            "month",
            "available_days",
            "leave_days",
        ),
    ),
    Model(
        model="engagements.CalendarFeed",
        describe="A consultant's secret calendar-feed address (only a scrambled form is stored)",
        subject=("consultant",),
        fields={
            "consultant": Field(
                Category.ACCOUNT_LINK,
                purpose="To know whose sessions the calendar feed lists.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF,),
                retention=FEEDS,
                action=Action.DELETE,
            ),
            "token_hash": Field(
                Category.TECHNICAL,
                purpose="To check the feed address (only a scrambled form is stored).",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF,),
                retention=FEEDS,
                action=Action.DELETE,
                export=False,
            ),
        },
        not_personal=("created_at", "updated_at"),
    ),
]
