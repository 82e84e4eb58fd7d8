"""Plain-English wording of the map's terms, for the privacy page, the record of processing and the
readable copy of a person's data."""

from __future__ import annotations

from recoverynet.core.personal_data import Action, Audience, Basis, Category, Condition

CATEGORY = {
    Category.IDENTITY: "Who you are (name, job title)",
    Category.CONTACT: "How to contact you",
    Category.ACCOUNT_LINK: "Links to your account",
    Category.HEALTH: "Health-related information",
    Category.PERSPECTIVE: "How you describe your perspective",
    Category.FINANCIAL: "Payments and invoices",
    Category.FREE_TEXT: "Things you wrote",
    Category.TECHNICAL: "Technical records",
    Category.COPY: "Copies kept for a short time (e-mails, logs)",
}
BASIS = {
    Basis.CONSENT: "You agreed to it (consent)",
    Basis.CONTRACT: "We need it to provide what you asked for (contract)",
    Basis.LEGAL_OBLIGATION: "The law requires it (legal obligation)",
    Basis.VITAL_INTERESTS: "To protect someone's life (vital interests)",
    Basis.PUBLIC_TASK: "To carry out a task in the public interest",
    Basis.LEGITIMATE_INTERESTS: "To run the network well (legitimate interests)",
}
CONDITION = {
    Condition.EXPLICIT_CONSENT: "you gave explicit consent",
    Condition.HEALTH_OR_SOCIAL_CARE: "health or social care",
    Condition.SUBSTANTIAL_PUBLIC_INTEREST: "substantial public interest (equal opportunities)",
    Condition.ARCHIVING_RESEARCH_STATISTICS: "research and statistics",
}
AUDIENCE = {
    Audience.SELF: "you",
    Audience.ORGANISATION: "people with the right role in your organisation",
    Audience.EVENT_HOSTS: "the organisation hosting the event",
    Audience.NETWORK_TEAM: "the network team",
    Audience.MEMBERS: "signed-in members of the network",
    Audience.PUBLIC: "anyone",
    Audience.SERVICE_PROVIDERS: "our service providers (e-mail delivery, hosting)",
}
ACTION = {
    Action.DELETE: "deleted",
    Action.CLEAR: "deleted",
    Action.ANONYMISE: "anonymised",
    Action.AGGREGATE: "kept only in anonymous totals",
    Action.KEEP: "kept",
}


def audience(value: Audience | str) -> str:
    return AUDIENCE[value] if isinstance(value, Audience) else str(value)


def seen_by(values: object) -> str:
    names = [audience(v) for v in values]  # type: ignore[attr-defined]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
