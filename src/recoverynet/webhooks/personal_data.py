"""What personal data webhooks holds, why, and for how long (docs/personal-data-format.md).

Payloads are thin (identifiers, not contents), but delivery bodies and the excerpts of responses
are copies we do not control, so they go after 30 days."""

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

TEAM = (Audience.NETWORK_TEAM,)
DELIVERIES = Retention(
    key="webhooks.deliveries",
    describe="30 days after the delivery",
    anchor="created_at",
    days=30,
    only_if={"status__in": ["succeeded", "failed"]},
)
ATTEMPTS = Retention(
    key="webhooks.attempts", describe="30 days after the attempt", anchor="at", days=30
)
ENDPOINT = until_erasure("webhooks.endpoint", "As long as the endpoint exists")


def _copy(purpose: str, retention: Retention, action: Action) -> Field:
    return Field(
        Category.COPY,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=TEAM,
        retention=retention,
        action=action,
        anonymised="{}" if action is Action.ANONYMISE else None,
    )


def _secret(purpose: str) -> Field:
    return Field(
        Category.TECHNICAL,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=TEAM,
        retention=ENDPOINT,
        action=Action.KEEP,
        keep_reason="The signing secret belongs to the network's endpoint, not to a person.",
        export=False,
    )


PERSONAL_DATA = [
    Model(
        model="webhooks.Endpoint",
        describe="Other systems the network sends events to",
        subject=("created_by",),
        fields={
            "created_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who set up the endpoint.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=TEAM,
                retention=until_erasure("webhooks.endpoint_creator"),
                action=Action.CLEAR,
            ),
            "secret": _secret("To sign what we send."),
            "previous_secret": _secret("To sign what we send while a new secret is rolled out."),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "network",
            "url",
            "description",
            "event_types",
            "previous_secret_expires_at",
            "is_active",
            "disabled_reason",
            "disabled_at",
            "failures_counted_from",
            "last_success_at",
        ),
    ),
    Model(
        model="webhooks.Delivery",
        describe="Events sent to other systems",
        subject=(),
        fields={"body": _copy("What was sent.", DELIVERIES, Action.ANONYMISE)},
        not_personal=(
            "created_at",
            "updated_at",
            "public_id",
            "endpoint",
            "event_id",
            "event_type",
            "message_id",
            "status",
            "attempts",
            "next_attempt_at",
            "last_status_code",
        ),
    ),
    Model(
        model="webhooks.Attempt",
        describe="The log of each attempt to send an event",
        subject=(),
        fields={
            "response_excerpt": _copy("What the other system answered.", ATTEMPTS, Action.CLEAR),
            "error": _copy("Why an attempt failed.", ATTEMPTS, Action.CLEAR),
        },
        not_personal=("delivery", "at", "status_code", "duration_ms", "manual"),
    ),
]
