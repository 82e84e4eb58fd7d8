"""What personal data outcomes holds, and for how long (docs/personal-data-format.md).

People (who is asked, their links, the linkage key) are deleted at the collection's "forget who
answered" date; answers and scores stay after it for anonymous totals only, paired under a
pseudonym that nobody can join to a person any more (decision 0027)."""

from recoverynet.core.personal_data import (
    Action,
    Audience,
    Basis,
    Category,
    Condition,
    Field,
    Model,
    NotPersonal,
    Retention,
    until_erasure,
)

FORGET = "Until the collection's date for forgetting who answered (set when it is planned)"
# Deleted on the first purge after that date (days=1: the date itself is still kept), as the
# app's own purge did before the map (decision 0039). The linkage rule's hook marks the collection.
PARTICIPANTS = Retention(
    key="outcomes.participants", describe=FORGET, anchor="collection__retain_until", days=1
)
INVITATIONS = Retention(
    key="outcomes.invitations",
    describe=FORGET,
    anchor="participant__collection__retain_until",
    days=1,
)
LINKAGE = Retention(
    key="outcomes.linkage",
    describe=FORGET,
    anchor="participant__collection__retain_until",
    days=1,
    hook="recoverynet.outcomes.services.retention.forget_collections",
)
SCORES = Retention(
    key="outcomes.scores",
    describe="Linked to you until the collection's date for forgetting who answered; after it, "
    "kept without anyone knowing whose, for anonymous totals",
    anchor="timepoint__collection__retain_until",
)
ANSWERS = Retention(
    key="outcomes.answers",
    describe="Linked to you until the collection's date for forgetting who answered; after it, "
    "kept without anyone knowing whose, for anonymous totals",
    anchor="response__timepoint__collection__retain_until",
)
ORGANISERS = (Audience.ORGANISATION, Audience.NETWORK_TEAM)

PERSONAL_DATA = [
    NotPersonal("outcomes.InstrumentVersion", reason="How a questionnaire is built and scored."),
    NotPersonal("outcomes.Timepoint", reason="When a collection asks its questions."),
    NotPersonal(
        "outcomes.Signpost", reason="An organisation's own support message for its questionnaires."
    ),
    NotPersonal(
        "outcomes.Pseudonym",
        reason="A random code per person and collection; only the linkage key (declared below, "
        "deleted at the end of retention) joins it to anyone.",
    ),
    Model(
        model="outcomes.Wording",
        describe="The licensed wording of a questionnaire an organisation loaded",
        subject=("confirmed_by",),
        fields={
            "confirmed_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who confirmed the organisation's licence.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=ORGANISERS,
                retention=until_erasure("outcomes.wording_confirmed_by"),
                action=Action.CLEAR,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "instrument",
            "organisation",
            "network",
            "licence_type",
            "licence_reference",
            "licence_expires",
            "confirmed_at",
            "introduction",
            "items",
            "labels",
            "placeholder",
        ),
    ),
    Model(
        model="outcomes.Collection",
        describe="A plan for asking a group the same questions at the start and later",
        subject=("created_by",),
        fields={
            "created_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who planned the collection.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=ORGANISERS,
                retention=until_erasure("outcomes.collection_created_by"),
                action=Action.CLEAR,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "organisation",
            "title",
            "source_kind",
            "source_ref",
            "source_label",
            "instruments",
            "reminder_days",
            "max_reminders",
            "retain_until",
            "send_automatically",
            "add_joiners",
            "pool_key",
            "pool_label",
            "key_destroyed_at",
        ),
    ),
    Model(
        model="outcomes.Participant",
        describe="The people a collection asks to answer",
        subject=("user", "email"),
        fields={
            "name": Field(
                Category.IDENTITY,
                purpose="To greet you in the invitation and show who still has a questionnaire due.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF, *ORGANISERS),
                retention=PARTICIPANTS,
                action=Action.DELETE,
            ),
            "email": Field(
                Category.CONTACT,
                purpose="To send you your link and reminders.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF, *ORGANISERS),
                retention=PARTICIPANTS,
                action=Action.DELETE,
            ),
            "user": Field(
                Category.ACCOUNT_LINK,
                purpose="So you can answer while signed in and see your own scores.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF,),
                retention=PARTICIPANTS,
                action=Action.DELETE,
            ),
        },
        not_personal=("collection",),
    ),
    Model(
        model="outcomes.Invitation",
        describe="Your questionnaire at each point: its link and whether it is done",
        subject=("participant__user", "participant__email"),
        fields={
            "token_hash": Field(
                Category.TECHNICAL,
                purpose="To recognise your single-use link.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=("nobody: only the system uses it",),
                retention=INVITATIONS,
                action=Action.DELETE,
                export=False,
            ),
        },
        not_personal=(
            "participant",
            "timepoint",
            "expires_at",
            "sent_on",
            "reminders_sent",
            "last_reminded_on",
            "done",
        ),
    ),
    Model(
        model="outcomes.LinkageKey",
        describe="The one link between you and your answers' pseudonym",
        subject=("participant__user", "participant__email"),
        fields={
            "participant": Field(
                Category.TECHNICAL,
                purpose="To pair your answers at the start and later, without your name on them.",
                basis=Basis.CONSENT,
                seen_by=("nobody: only the system uses it",),
                retention=LINKAGE,
                action=Action.DELETE,
                export=False,
            ),
            "pseudonym": Field(
                Category.TECHNICAL,
                purpose="To pair your answers at the start and later, without your name on them.",
                basis=Basis.CONSENT,
                seen_by=("nobody: only the system uses it",),
                retention=LINKAGE,
                action=Action.DELETE,
                export=False,
            ),
        },
    ),
    Model(
        model="outcomes.Response",
        describe="Your finished questionnaires and their scores, kept under a pseudonym",
        subject=(),
        fields={
            name: Field(
                Category.HEALTH,
                purpose="To show you your scores over time and the group its change, anonymously.",
                basis=Basis.CONSENT,
                condition=Condition.EXPLICIT_CONSENT,
                seen_by=(Audience.SELF, "others only as anonymous, suppressed totals"),
                retention=SCORES,
                action=Action.AGGREGATE,
            )
            for name in ("raw_score", "score", "missing")
        },
        not_personal=(
            "created_at",
            "updated_at",
            "pseudonym",
            "timepoint",
            "instrument",
            "status",
            "completed_on",
        ),
    ),
    Model(
        model="outcomes.Answer",
        describe="Your answer to each question, kept under a pseudonym",
        subject=(),
        fields={
            "value": Field(
                Category.HEALTH,
                purpose="To work out your scores and the group's anonymous totals.",
                basis=Basis.CONSENT,
                condition=Condition.EXPLICIT_CONSENT,
                seen_by=(Audience.SELF, "others only as anonymous, suppressed totals"),
                retention=ANSWERS,
                action=Action.AGGREGATE,
            ),
        },
        not_personal=("response", "item"),
    ),
    Model(
        model="outcomes.ResultShare",
        describe="Who you let see your own scores",
        subject=("owner", "viewer"),
        fields={
            "owner": Field(
                Category.ACCOUNT_LINK,
                purpose="To know whose scores are shared.",
                basis=Basis.CONSENT,
                seen_by=(Audience.SELF, "the person you share with"),
                retention=until_erasure("outcomes.share_owner"),
                action=Action.DELETE,
            ),
            "viewer": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who you let see your scores.",
                basis=Basis.CONSENT,
                seen_by=(Audience.SELF, "the person you share with"),
                retention=until_erasure("outcomes.share_viewer"),
                action=Action.DELETE,
            ),
        },
        not_personal=("created_at", "updated_at", "organisation"),
    ),
]
