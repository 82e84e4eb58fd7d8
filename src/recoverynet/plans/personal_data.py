"""What personal data plans holds, why, and for how long (docs/personal-data-format.md).

Action plans belong to organisations; what is personal is who owns, reviews or comments."""

from recoverynet.core.personal_data import (
    Action,
    Audience,
    Basis,
    Category,
    Field,
    Model,
    Retention,
    until_erasure,
)

PLAN_TEAM = (Audience.SELF, Audience.ORGANISATION, Audience.NETWORK_TEAM)
NOTES = Retention(
    key="plans.notes",
    describe="Six years after the note was written",
    anchor="created_at",
    years=6,
)


def _link(key: str, purpose: str, action: Action = Action.CLEAR) -> Field:
    return Field(
        Category.ACCOUNT_LINK,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=PLAN_TEAM,
        retention=until_erasure(key),
        action=action,
        keep_reason="Points to the account, which is itself anonymised."
        if action is Action.KEEP
        else "",
    )


PERSONAL_DATA = [
    Model(
        model="plans.ActionPlan",
        describe="Organisations' action plans",
        subject=("created_by",),
        fields={"created_by": _link("plans.plan_author", "To know who started it.", Action.KEEP)},
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "organisation",
            "title",
            "source_kind",
            "source_id",
            "source_label",
            "source_url",
            "occasion_kind",
            "occasion_id",
        ),
    ),
    Model(
        model="plans.Action",
        describe="Actions in a plan and who owns them",
        subject=("owner",),
        fields={"owner": _link("plans.action_owner", "To know who is doing the action.")},
        not_personal=(
            "created_at",
            "updated_at",
            "plan",
            "what",
            "topic",
            "topic_label",
            "owner_role",
            "due",
            "status",
            "dropped_reason",
            "reminded_at",
        ),
    ),
    Model(
        model="plans.ActionNote",
        describe="Notes you wrote on an action",
        subject=("author",),
        fields={
            "author": Field(
                Category.ACCOUNT_LINK,
                purpose="To show who wrote the note.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=PLAN_TEAM,
                retention=NOTES,
                action=Action.CLEAR,
            ),
            "text": Field(
                Category.FREE_TEXT,
                purpose="To record progress on the action.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=PLAN_TEAM,
                retention=NOTES,
                action=Action.ANONYMISE,
                anonymised="(note removed)",
            ),
        },
        not_personal=("created_at", "updated_at", "action", "status_change"),
    ),
    Model(
        model="plans.PlanReview",
        describe="Reviews of a plan at a learning day",
        subject=("reviewed_by",),
        fields={"reviewed_by": _link("plans.reviewer", "To know who reviewed the plan.")},
        not_personal=(
            "created_at",
            "updated_at",
            "plan",
            "occasion_kind",
            "occasion_id",
            "progress",
            "reset_goals",
        ),
    ),
]
