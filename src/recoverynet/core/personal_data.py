"""The personal-data map: how each app declares the personal data its models hold (issue #16).

Every app with models has a `personal_data.py` next to its models with one module-level list::

    PERSONAL_DATA = [Model(...), NotPersonal(...), ...]

Each concrete model of the app appears exactly once: as `Model` (its personal fields declared with
`Field`, every other field listed in `not_personal`) or as `NotPersonal` (no field can hold personal
data, with the reason). The primary key is never listed. Retention, purge, "download my data",
erasure, the record of processing and the privacy page are all driven by these declarations, and a
test fails when a field of an installed model is in neither place. The guide with a full example is
`docs/personal-data-format.md`.

This module only holds the declaration types (it is frozen: later changes are additive only);
`recoverynet.privacy` reads the declarations and applies them. It imports no app. Paths (`subject`,
`Retention.anchor`, ...) are Django lookups from the declared model, e.g.
`"booking__event__ends_at"`, so declarations never import another app's models.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    """What kind of personal data a field holds. HEALTH and PERSPECTIVE are special category."""

    IDENTITY = "identity"  # names, job titles, photos
    CONTACT = "contact"  # e-mail addresses, phone numbers, postal addresses
    ACCOUNT_LINK = "account_link"  # a foreign key to the person's account (accounts.User)
    HEALTH = "health"  # access needs, questionnaire answers, learning plans, dietary needs
    PERSPECTIVE = "perspective"  # lived experience / family or carer / staff self-description
    FINANCIAL = "financial"  # amounts a person paid, invoice addressees, purchase orders
    FREE_TEXT = "free_text"  # anything a person typed that may mention people (comments, notes)
    TECHNICAL = "technical"  # IP addresses, user agents, token hashes, sign-in times
    COPY = "copy"  # a copy of other personal data: mail bodies, logs, task arguments, audit details

    @property
    def special(self) -> bool:
        return self in (Category.HEALTH, Category.PERSPECTIVE)


class Basis(StrEnum):
    """Lawful basis (UK GDPR article 6)."""

    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"


class Condition(StrEnum):
    """Condition for special-category data (UK GDPR article 9); required for HEALTH/PERSPECTIVE."""

    EXPLICIT_CONSENT = "explicit_consent"
    HEALTH_OR_SOCIAL_CARE = "health_or_social_care"
    SUBSTANTIAL_PUBLIC_INTEREST = "substantial_public_interest"
    ARCHIVING_RESEARCH_STATISTICS = "archiving_research_statistics"


class Audience(StrEnum):
    """Who can see a field. `Field.seen_by` may also hold plain-English strings for anyone else."""

    SELF = "self"
    ORGANISATION = "organisation"
    EVENT_HOSTS = "event_hosts"
    NETWORK_TEAM = "network_team"
    MEMBERS = "members"
    PUBLIC = "public"
    SERVICE_PROVIDERS = "service_providers"


class Action(StrEnum):
    """What happens to a field when its retention ends (and, unless `on_erasure` says otherwise,
    when the person's data is erased; with `until_erasure` retention, only then)."""

    DELETE = "delete"  # the whole row is deleted (with its files)
    CLEAR = "clear"  # the field is emptied: "", None, {} / [] for JSON; files are removed
    ANONYMISE = "anonymise"  # replaced by `Field.anonymised` (or a neutral default)
    AGGREGATE = "aggregate"  # value kept only for counts; the row's identifying fields go
    KEEP = "keep"  # kept (erasure only: the law requires it, or it links to an anonymised account)


@dataclass(frozen=True)
class Retention:
    """How long a field is kept: until `anchor` + `days` (+ `years`), then its `Field.action`.

    `anchor` is a lookup path from the declared model to a date or datetime (the event's end, the
    last activity, the end of a membership, a withdrawal of consent, the date an invoice was
    issued). Several paths: the latest non-empty one counts. Rows whose anchor is empty are never
    due. `days_from` names an integer field giving the days per row instead of `days` (e.g. an
    event's own retention setting). `only_if` narrows the rule to rows matching these lookups.
    `anchor=None` means "kept until the person's data is erased (account closed)": no scheduled purge.
    An anchor that is a date (not a date-time) counts in calendar days of the site's time zone.

    `hook` names a function (a dotted path into the app that declares the rule) that the purge
    calls with a `core.privacy.purge.Due` (the due rows, `now`, and the parent rows whose retention
    has ended) in the rule's transaction, just before the rule's actions: for what belongs to the
    purge but is not a field's action, such as marking the parent row and auditing per parent. It
    must not change the rule's own rows (the rule's counts are what the rule did).

    `key` is stable and unique across the map ("<app>.<what>"): approvals refer to it. Changing
    anything that `fingerprint()` covers makes the rule wait for a second team member's approval.
    """

    key: str
    describe: str  # plain English, for the privacy page: "30 days after the event ends"
    anchor: str | tuple[str, ...] | None
    days: int = 0
    years: int = 0
    days_from: str | None = None
    only_if: Mapping[str, Any] | None = None
    hook: str | None = None

    @property
    def anchors(self) -> tuple[str, ...]:
        if self.anchor is None:
            return ()
        return (self.anchor,) if isinstance(self.anchor, str) else tuple(self.anchor)

    @property
    def scheduled(self) -> bool:
        return self.anchor is not None

    @property
    def total_days(self) -> int:
        """Fixed period in days (a year counts 366 days, so a period never ends early)."""
        return self.days + 366 * self.years


def until_erasure(key: str, describe: str = "Until you close your account") -> Retention:
    """Kept while the account is open; removed by erasure only (no scheduled purge)."""
    return Retention(key=key, describe=describe, anchor=None)


@dataclass(frozen=True)
class Field:
    """One model field that can hold personal data."""

    category: Category
    purpose: str  # plain English: why we hold it
    basis: Basis
    seen_by: Sequence[Audience | str]
    retention: Retention
    action: Action
    on_erasure: Action | None = None  # default: same as `action`
    condition: Condition | None = None  # required for HEALTH / PERSPECTIVE
    anonymised: Any = None  # ANONYMISE value: str (may contain "{pk}"), f(row, *, erasure), None
    keep_reason: str = ""  # required when `on_erasure` is KEEP: why (law, or links to anon account)
    export: bool = True  # False only for secrets (password / token hashes): never exported
    file_folder: str = ""  # the value names a stored file in MEDIA_ROOT/<file_folder>/: it goes too
    also: Sequence[tuple[Retention, Action]] = ()  # further rules, e.g. narrowed with only_if

    @property
    def erasure_action(self) -> Action:
        return self.on_erasure or self.action


@dataclass(frozen=True)
class Model:
    """A model that holds personal data.

    `model` is "app_label.ModelName". `subject` lists lookup paths from the model to whoever the
    row is about: a path ending at a foreign key to the user model ("booker", "booking__booker")
    or at an e-mail field matched case-insensitively to the person's address ("email"). Export and
    erasure take every row matching any of them; `subject=()` when rows are about nobody in
    particular (then only retention applies). `describe` is plain English for the privacy page.
    """

    model: str
    describe: str
    subject: Sequence[str]
    fields: Mapping[str, Field]
    not_personal: Sequence[str] = ()


@dataclass(frozen=True)
class NotPersonal:
    """A model with no field that can hold personal data (reason in plain English)."""

    model: str
    reason: str


Declaration = Model | NotPersonal
