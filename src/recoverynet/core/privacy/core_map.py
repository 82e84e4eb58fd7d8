"""The personal data of core's own models (audit log, outbox, snapshots, the privacy records) and of
the third-party tables we hold (Django's auth, admin and sessions, allauth's e-mail addresses and
MFA authenticators, django-tasks' results). docs/personal-data-format.md."""

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

from .core_map_uploads import KEPT_UPLOADS

TEAM = (Audience.NETWORK_TEAM,)
ME_AND_TEAM = (Audience.SELF, Audience.NETWORK_TEAM)
LINKED = "Points to the account, which is itself anonymised."

AUDIT = Retention(
    key="core.audit", describe="Six years after the change was made", anchor="at", years=6
)
AUDIT_DETAILS = Retention(
    key="core.audit_details",
    describe="Two years after the change (then only who did what, and when, is kept)",
    anchor="at",
    years=2,
)
OUTBOX = Retention(
    key="core.outbox",
    describe="90 days after the e-mail was sent (or given up)",
    anchor=("sent_at", "created_at"),
    days=90,
    only_if={"status__in": ["sent", "failed", "cancelled"]},
)
TASKS = Retention(
    key="core.task_results",
    describe="30 days after the background task finished",
    anchor="finished_at",
    days=30,
)
SESSIONS = Retention(key="core.sessions", describe="When the session expires", anchor="expire_date")
ADMIN_LOG = Retention(
    key="core.admin_log", describe="Two years after the change", anchor="action_time", years=2
)
CONFIRMATIONS = Retention(
    key="core.email_confirmations",
    describe="Seven days after the confirmation e-mail",
    anchor="created",
    days=7,
)
ACCOUNT = until_erasure("core.account")
EXPORTS = Retention(
    key="core.data_exports",
    describe="Seven days after your data was prepared for download",
    anchor=("created_at", "finished_at"),
    days=7,
)


def _copy(purpose: str, retention: Retention, action: Action = Action.DELETE) -> Field:
    return Field(
        Category.COPY,
        purpose=purpose,
        basis=Basis.LEGITIMATE_INTERESTS,
        seen_by=TEAM,
        retention=retention,
        action=action,
    )


PERSONAL_DATA = [
    *KEPT_UPLOADS,  # in core_map_uploads.py (core_map.py is near the size limit)
    NotPersonal("auth.Permission", reason="What each role may do."),
    NotPersonal("auth.Group", reason="Named sets of permissions."),
    NotPersonal("contenttypes.ContentType", reason="The list of kinds of record."),
    Model(
        model="core.AuditEntry",
        describe="A log of changes made in the service: who changed what, and when",
        subject=("actor",),
        fields={
            "actor": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who made each change, so mistakes and misuse can be traced.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=ME_AND_TEAM,
                retention=AUDIT,
                action=Action.DELETE,
                on_erasure=Action.KEEP,
                keep_reason=LINKED,
            ),
            "actor_label": Field(
                Category.IDENTITY,
                purpose="To show who made a change.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=ME_AND_TEAM,
                retention=AUDIT,
                action=Action.DELETE,
                on_erasure=Action.ANONYMISE,
                anonymised="erased person",
            ),
            "object_label": _copy("To show what was changed.", AUDIT_DETAILS, Action.CLEAR),
            "changes": Field(
                Category.COPY,
                purpose="To show what was changed (never secrets or health details).",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=TEAM,
                retention=AUDIT_DETAILS,
                action=Action.CLEAR,
                on_erasure=Action.KEEP,
                keep_reason="The record of changes stays; your name and e-mail are taken out.",
            ),
            "ip": Field(
                Category.TECHNICAL,
                purpose="To trace misuse of an account.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=TEAM,
                retention=AUDIT_DETAILS,
                action=Action.CLEAR,
            ),
        },
        not_personal=("at", "action", "object_type", "object_id"),
    ),
    Model(
        model="core.OutboxMessage",
        describe="E-mails we send you, kept for a short time so a failed send can be retried",
        subject=(),
        fields={
            "to": _copy("To send the e-mail.", OUTBOX),
            "subject": _copy("To send the e-mail.", OUTBOX),
            "body_text": _copy("To send the e-mail.", OUTBOX),
            "body_html": _copy("To send the e-mail.", OUTBOX),
            "attachments": _copy("To send documents such as invoices and certificates.", OUTBOX),
            "headers": _copy("To send the e-mail.", OUTBOX),
            "payload": _copy("To build bulk e-mail at send time.", OUTBOX),
            "last_error": _copy("To see why a send failed.", OUTBOX),
        },
        not_personal=(
            "created_at",
            "message_id",
            "renderer",
            "status",
            "attempts",
            "next_attempt_at",
            "sent_at",
        ),
    ),
    Model(
        model="core.AggregateSnapshot",
        describe="Published anonymous totals such as network benchmarks",
        subject=("published_by",),
        fields={
            "published_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who published the totals.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=TEAM,
                retention=until_erasure("core.snapshot_publisher"),
                action=Action.CLEAR,
            ),
        },
        not_personal=("created_at", "kind", "scope", "contributors", "data"),
    ),
    Model(
        model="sessions.Session",
        describe="Signed-in sessions (a cookie in your browser)",
        subject=(),
        fields={
            "session_data": Field(
                Category.TECHNICAL,
                purpose="To keep you signed in.",
                basis=Basis.CONTRACT,
                seen_by=(Audience.SERVICE_PROVIDERS,),
                retention=SESSIONS,
                action=Action.DELETE,
                export=False,
            ),
        },
        not_personal=("expire_date",),
    ),
    Model(
        model="admin.LogEntry",
        describe="Changes made by administrators in the admin site",
        subject=("user",),
        fields={
            "user": Field(
                Category.ACCOUNT_LINK,
                purpose="To know which administrator made a change.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=TEAM,
                retention=ADMIN_LOG,
                action=Action.DELETE,
                on_erasure=Action.KEEP,
                keep_reason=LINKED,
            ),
            "object_repr": _copy("To show what was changed.", ADMIN_LOG),
            "change_message": _copy("To show what was changed.", ADMIN_LOG),
        },
        not_personal=("action_time", "content_type", "object_id", "action_flag"),
    ),
    Model(
        model="account.EmailAddress",
        describe="The e-mail addresses of your account",
        subject=("user",),
        fields={
            "user": Field(
                Category.ACCOUNT_LINK,
                purpose="To sign you in.",
                basis=Basis.CONTRACT,
                seen_by=ME_AND_TEAM,
                retention=ACCOUNT,
                action=Action.DELETE,
            ),
            "email": Field(
                Category.CONTACT,
                purpose="To sign you in and contact you.",
                basis=Basis.CONTRACT,
                seen_by=ME_AND_TEAM,
                retention=ACCOUNT,
                action=Action.DELETE,
            ),
        },
        not_personal=("verified", "primary"),
    ),
    Model(
        model="account.EmailConfirmation",
        describe="Links we send to confirm an e-mail address",
        subject=("email_address__user",),
        fields={
            "email_address": Field(
                Category.ACCOUNT_LINK,
                purpose="To confirm your e-mail address.",
                basis=Basis.CONTRACT,
                seen_by=(Audience.SELF,),
                retention=CONFIRMATIONS,
                action=Action.DELETE,
            ),
            "key": Field(
                Category.TECHNICAL,
                purpose="To confirm your e-mail address.",
                basis=Basis.CONTRACT,
                seen_by=(Audience.SELF,),
                retention=CONFIRMATIONS,
                action=Action.DELETE,
                export=False,
            ),
        },
        not_personal=("created", "sent"),
    ),
    Model(
        model="mfa.Authenticator",
        describe="Your two-step sign-in (authenticator app and recovery codes)",
        subject=("user",),
        fields={
            "user": Field(
                Category.ACCOUNT_LINK,
                purpose="To protect your account with a second step.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF,),
                retention=ACCOUNT,
                action=Action.DELETE,
            ),
            "data": Field(
                Category.TECHNICAL,
                purpose="The secret your authenticator app shares with us.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.SELF,),
                retention=ACCOUNT,
                action=Action.DELETE,
                export=False,
            ),
        },
        not_personal=("type", "created_at", "last_used_at"),
    ),
    Model(
        model="django_tasks_database.DBTaskResult",
        describe="Background work (sending e-mail, building documents), kept briefly",
        subject=(),
        fields={
            "args_kwargs": _copy("To run the background work.", TASKS),
            "return_value": _copy("To see what the background work did.", TASKS),
            "traceback": _copy("To see why background work failed.", TASKS),
        },
        not_personal=(
            "status",
            "enqueued_at",
            "started_at",
            "finished_at",
            "priority",
            "task_path",
            "worker_ids",
            "queue_name",
            "backend_name",
            "run_after",
            "exception_class_path",
        ),
    ),
    NotPersonal("core.PurgeRun", reason="How many records each retention rule removed."),
    NotPersonal(
        "core.ErasureRecord",
        reason="That an account was erased: its number and scrambled e-mail addresses only.",
    ),
    Model(
        model="core.RuleApproval",
        describe="Approvals of retention rules by the network team",
        subject=("proposed_by", "approved_by"),
        fields={
            "proposed_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To show who proposed a retention rule.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=TEAM,
                retention=until_erasure("core.rule_approvers"),
                action=Action.CLEAR,
            ),
            "approved_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To show who approved a retention rule.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=TEAM,
                retention=until_erasure("core.rule_approvers"),
                action=Action.KEEP,
                keep_reason="Who approved a rule stays on record; it points to the anonymised "
                "account.",
            ),
        },
        not_personal=("rule_key", "fingerprint", "proposed_at", "approved_at", "note"),
    ),
    Model(
        model="core.DataExport",
        describe="Copies of your data prepared for you to download",
        subject=("person",),
        fields={
            "person": Field(
                Category.ACCOUNT_LINK,
                purpose="To know whose data it is.",
                basis=Basis.LEGAL_OBLIGATION,
                seen_by=ME_AND_TEAM,
                retention=EXPORTS,
                action=Action.DELETE,
            ),
            "requested_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To record who asked for it (you, or the team for a request by post).",
                basis=Basis.LEGAL_OBLIGATION,
                seen_by=ME_AND_TEAM,
                retention=EXPORTS,
                action=Action.DELETE,
                on_erasure=Action.CLEAR,
            ),
            "json_name": Field(
                Category.COPY,
                purpose="The file with a copy of your data.",
                basis=Basis.LEGAL_OBLIGATION,
                seen_by=ME_AND_TEAM,
                retention=EXPORTS,
                action=Action.DELETE,
                file_folder="data-exports",
            ),
            "pdf_name": Field(
                Category.COPY,
                purpose="The readable copy of your data.",
                basis=Basis.LEGAL_OBLIGATION,
                seen_by=ME_AND_TEAM,
                retention=EXPORTS,
                action=Action.DELETE,
                file_folder="data-exports",
            ),
        },
        not_personal=(
            "public_id",
            "by_post",
            "status",
            "progress",
            "step",
            "created_at",
            "finished_at",
        ),
    ),
]
