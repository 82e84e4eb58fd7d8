"""What personal data challenges holds, why, and for how long (docs/personal-data-format.md).

Self-assessments belong to organisations. Raters' names and e-mail addresses go two years after
the round closes; their perspective is then kept only for anonymous co-production totals."""

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

RATERS = Retention(
    key="challenges.raters",
    describe="Two years after the self-assessment closes",
    anchor="round__closed_at",
    years=2,
)
EVIDENCE = Retention(
    key="challenges.evidence",
    describe="Six years after the self-assessment closes",
    anchor="rater__round__closed_at",
    years=6,
)
ROUND_TEAM = (Audience.SELF, Audience.ORGANISATION, Audience.NETWORK_TEAM)


def _rater(category: Category, purpose: str, action: Action, **extra: object) -> Field:
    return Field(
        category,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=ROUND_TEAM,
        retention=RATERS,
        action=action,
        **extra,  # type: ignore[arg-type]
    )


PERSONAL_DATA = [
    NotPersonal("challenges.Framework", reason="The Ten Organisational Challenges and versions."),
    NotPersonal("challenges.Level", reason="Levels of a framework."),
    NotPersonal("challenges.Challenge", reason="The challenges of a framework."),
    NotPersonal("challenges.ScalePoint", reason="The rating scale of a framework."),
    NotPersonal("challenges.Consensus", reason="An organisation's agreed rating for a challenge."),
    NotPersonal("challenges.Priority", reason="An organisation's top-three priorities."),
    NotPersonal(
        "challenges.RaterReminder",
        reason="The days a rater was reminded (no name, address or answer); the rater row holds "
        "who they are and is anonymised as the map says.",
    ),
    Model(
        model="challenges.AssessmentRound",
        describe="Organisations' self-assessments",
        subject=("facilitator",),
        fields={
            "facilitator": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who runs the self-assessment.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=ROUND_TEAM,
                retention=until_erasure("challenges.facilitator"),
                action=Action.KEEP,
                keep_reason="Points to the account, which is itself anonymised.",
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "organisation",
            "framework",
            "title",
            "team_name",
            "team_resources",
            "status",
            "closed_at",
            "rate_by",
            "reminder_days",
        ),
    ),
    Model(
        model="challenges.Rater",
        describe="People invited to rate their organisation",
        subject=("user", "email"),
        fields={
            "user": _rater(Category.ACCOUNT_LINK, "To let you rate when signed in.", Action.CLEAR),
            "name": _rater(
                Category.IDENTITY,
                "To show the facilitator who has rated.",
                Action.ANONYMISE,
                anonymised="Former rater",
            ),
            "email": _rater(Category.CONTACT, "To send you the rating link.", Action.CLEAR),
            "token_hash": _rater(
                Category.TECHNICAL,
                "To check the rating link (only a scrambled form is stored).",
                Action.CLEAR,
                export=False,
            ),
            "perspective": Field(
                Category.PERSPECTIVE,
                purpose="To show where ratings from different perspectives differ (never by name).",
                basis=Basis.CONSENT,
                condition=Condition.EXPLICIT_CONSENT,
                seen_by=(Audience.SELF,),
                retention=RATERS,
                action=Action.AGGREGATE,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "round",
            "link_claimed_at",
            "submitted_at",
            "reminded_at",
        ),
    ),
    Model(
        model="challenges.Rating",
        describe="Your ratings and the evidence you gave",
        subject=("rater__user", "rater__email"),
        fields={
            "evidence": Field(
                Category.FREE_TEXT,
                purpose="To explain your rating to the rest of the team.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=ROUND_TEAM,
                retention=EVIDENCE,
                action=Action.CLEAR,
            ),
        },
        not_personal=("created_at", "updated_at", "rater", "challenge", "level", "value"),
    ),
]
