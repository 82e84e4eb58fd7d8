"""What personal data feedback holds, and for how long (docs/personal-data-format.md).

Responses and votes are stored without the person (decision 0025): `Respondent` records only that
someone answered; answers and votes carry no person and cannot be linked to one once the form or
the debate is closed."""

from recoverynet.core.personal_data import (
    Action,
    Audience,
    Basis,
    Category,
    Field,
    Model,
    NotPersonal,
    Retention,
    until_erasure,
)

ANSWERS = Retention(
    key="feedback.answers",
    describe="Six years after the feedback form closes (stored without your name)",
    anchor="response__form__closes_at",
    years=6,
)
CONTACT = Retention(
    key="feedback.contact_details",
    describe="The days the organisers set for the form (90 unless they chose otherwise) after it "
    "closes",
    anchor="response__form__closes_at",
    days_from="response__form__contact_retention_days",
    only_if={"question__purpose": "contact", "response__form__status": "closed"},
    hook="recoverynet.feedback.services.retention.contact_details_purged",
)
ANSWERED = Retention(
    key="feedback.respondents",
    describe="Six years after the feedback form closes",
    anchor="form__closes_at",
    years=6,
)
FORM_AUTHOR = until_erasure("feedback.form_author")
DEBATE_AUTHOR = until_erasure("feedback.debate_author")
SPEAKERS = until_erasure("feedback.speakers", describe="As long as the debate's report is kept")
SECRETS = until_erasure("feedback.secrets", describe="Wiped when the form or the vote closes")
ORGANISERS = (Audience.NETWORK_TEAM, Audience.EVENT_HOSTS)

PERSONAL_DATA = [
    Model(
        model="feedback.FeedbackForm",
        describe="Feedback forms attached to events",
        subject=("created_by",),
        fields={
            "created_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To know which organiser made the form.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.NETWORK_TEAM,),
                retention=FORM_AUTHOR,
                action=Action.CLEAR,
            ),
            "salt": Field(
                Category.TECHNICAL,
                purpose="Lets you find your own answers while the form is open; wiped when it "
                "closes.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=("nobody: it is never shown",),
                retention=SECRETS,
                action=Action.CLEAR,
                export=False,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "target_kind",
            "target_id",
            "target_label",
            "network",
            "host",
            "title",
            "intro",
            "status",
            "target_ends_at",
            "closes_at",
            "invite_delay_hours",
            "invitations_sent_at",
            "contact_retention_days",
            "contact_purged_at",
            "short_code",
        ),
    ),
    NotPersonal("feedback.Question", reason="The questions a feedback form asks."),
    Model(
        model="feedback.Response",
        describe="One person's feedback, stored without their name",
        subject=(),
        fields={
            "edit_tag": Field(
                Category.TECHNICAL,
                purpose="Lets you change your own answers while the form is open; wiped when it "
                "closes.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=("nobody: it is never shown",),
                retention=SECRETS,
                action=Action.CLEAR,
                export=False,
            ),
        },
        not_personal=("form",),
    ),
    Model(
        model="feedback.Answer",
        describe="Answers to feedback questions, stored without the person's name",
        subject=(),
        fields={
            "text": Field(
                Category.FREE_TEXT,
                purpose="To learn what helped and what could be better, from everyone together.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=ORGANISERS,
                retention=ANSWERS,
                action=Action.CLEAR,
                also=((CONTACT, Action.CLEAR),),
            ),
        },
        not_personal=("response", "question", "rating", "hidden_reason", "hidden_at"),
    ),
    Model(
        model="feedback.Respondent",
        describe="That a person has answered a feedback form (not what they answered)",
        subject=("person",),
        fields={
            "person": Field(
                Category.ACCOUNT_LINK,
                purpose="So that each person answers once.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF,),
                retention=ANSWERED,
                action=Action.DELETE,
            ),
        },
        not_personal=("form",),
    ),
    Model(
        model="feedback.Debate",
        describe="Critical debates at events",
        subject=("created_by",),
        fields={
            "created_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To know which organiser set up the debate.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.NETWORK_TEAM,),
                retention=DEBATE_AUTHOR,
                action=Action.CLEAR,
            ),
            "salt": Field(
                Category.TECHNICAL,
                purpose="Lets you vote as the same voter in both rounds; wiped when voting ends.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=("nobody: it is never shown",),
                retention=SECRETS,
                action=Action.CLEAR,
                export=False,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "target_kind",
            "target_id",
            "target_label",
            "network",
            "host",
            "motion",
            "description",
            "label_for",
            "label_against",
            "label_undecided",
            "walk_ins",
            "min_votes",
            "poll_seconds",
            "short_code",
        ),
    ),
    Model(
        model="feedback.Speaker",
        describe="The speakers at a critical debate",
        subject=("person",),
        fields={
            "name": Field(
                Category.IDENTITY,
                purpose="To say who argued each side, on the day and in the debate's report.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.PUBLIC,),
                retention=SPEAKERS,
                action=Action.ANONYMISE,
                anonymised="A speaker",
            ),
            "role": Field(
                Category.IDENTITY,
                purpose="To say what each speaker does.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.PUBLIC,),
                retention=SPEAKERS,
                action=Action.CLEAR,
            ),
            "person": Field(
                Category.ACCOUNT_LINK,
                purpose="To link a speaker to their account.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.NETWORK_TEAM,),
                retention=SPEAKERS,
                action=Action.CLEAR,
            ),
        },
        not_personal=("created_at", "updated_at", "debate", "side", "order"),
    ),
    NotPersonal("feedback.Round", reason="When each voting round opened and closed."),
    Model(
        model="feedback.Voter",
        describe="Pseudonymous voters in a debate (a token's digest, never a person)",
        subject=(),
        fields={
            "token_hash": Field(
                Category.TECHNICAL,
                purpose="So each phone or person has one vote per round.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=("nobody: it is never shown",),
                retention=SECRETS,
                action=Action.KEEP,
                keep_reason="It cannot be linked to anyone once voting ends.",
                export=False,
            ),
        },
        not_personal=("debate", "walk_in"),
    ),
    Model(
        model="feedback.RoomCard",
        describe="One-time room cards for people without a sign-in (a code's digest, never a "
        "person)",
        subject=(),
        fields={
            "token_hash": Field(
                Category.TECHNICAL,
                purpose="So the phone that used a card can answer the form once and change its "
                "answers until the form closes.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=("nobody: it is never shown",),
                retention=SECRETS,
                action=Action.KEEP,
                keep_reason="It cannot be linked to anyone: the card was handed out without a "
                "name, and the answers are found only with the phone's own token.",
                export=False,
            ),
            "code_hash": Field(
                Category.TECHNICAL,
                purpose="So each card works once, on one phone.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=("nobody: it is never shown",),
                retention=SECRETS,
                action=Action.KEEP,
                keep_reason="A card is handed out without a name.",
                export=False,
            ),
        },
        not_personal=("debate", "form", "used"),
    ),
    NotPersonal(
        "feedback.Vote",
        reason="Votes are stored under a pseudonymous token that cannot be linked to anyone "
        "once voting ends; only totals are shown.",
    ),
]
