"""The personal-data map is complete: every field of every installed model is declared or marked
not personal, and every declaration is well-formed (issue #16, docs/personal-data-format.md)."""

from __future__ import annotations

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
from recoverynet.core.privacy import check, registry


def test_every_field_of_every_installed_model_is_in_the_map():
    assert check.problems() == []


def test_every_installed_app_with_models_is_covered():
    declared = {d.model.split(".")[0].lower() for d in registry.declarations()}
    for app in ("accounts", "network", "billing", "events", "challenges", "plans", "library"):
        assert app in declared
    # third-party tables we hold are declared explicitly, in core's map
    for label in ("account", "mfa", "sessions", "admin", "auth", "django_tasks_database"):
        assert label in declared


def _drop(label):
    return tuple(d for d in registry.declarations() if d.model != label)


def test_an_undeclared_field_fails_the_check(monkeypatch):
    decls = list(registry.declarations())
    i = next(i for i, d in enumerate(decls) if d.model == "events.InterestRegistration")
    d = decls[i]
    assert isinstance(d, Model)
    decls[i] = Model(
        d.model, d.describe, d.subject, d.fields, tuple(n for n in d.not_personal if n != "event")
    )
    monkeypatch.setattr(check, "declarations", lambda: tuple(decls))
    assert check.problems() == [
        "events.InterestRegistration.event: neither declared nor marked not personal"
    ]


def test_an_undeclared_model_fails_the_check(monkeypatch):
    monkeypatch.setattr(check, "declarations", lambda: _drop("events.Rate"))
    assert [p for p in check.problems() if "events.Rate" in p] == [
        "events.Rate: not in the personal-data map (add it to recoverynet.events.personal_data, "
        "see docs/personal-data-format.md)"
    ]


def test_a_third_party_table_is_declared_in_cores_map(monkeypatch):
    monkeypatch.setattr(check, "declarations", lambda: _drop("mfa.Authenticator"))
    (problem,) = [p for p in check.problems() if "mfa.Authenticator" in p]
    assert "recoverynet.core.privacy.core_map" in problem


BAD = Retention(key="test.bad", describe="", anchor="name", days_from="event__title")


def test_malformed_declarations_are_named(monkeypatch):
    decls = [d for d in registry.declarations() if d.model != "events.InterestRegistration"]
    decls.append(
        Model(
            "events.InterestRegistration",
            "x",
            subject=("organisation_name",),
            fields={
                "name": Field(
                    Category.HEALTH,
                    purpose="p",
                    basis=Basis.CONSENT,
                    seen_by=(Audience.SELF,),
                    retention=BAD,
                    action=Action.KEEP,
                ),
                "nope": Field(
                    Category.IDENTITY,
                    purpose="p",
                    basis=Basis.CONSENT,
                    seen_by=(Audience.SELF,),
                    retention=BAD,
                    action=Action.CLEAR,
                ),
            },
            not_personal=(
                "created_at",
                "updated_at",
                "event",
                "user",
                "email",
                "organisation_name",
                "places_wanted",
                "invited_at",
                "name",
            ),
        )
    )
    decls.append(NotPersonal("events.Nothing", reason="x"))
    monkeypatch.setattr(check, "declarations", lambda: tuple(decls))
    found = "\n".join(check.problems())
    for expected in (
        "events.nothing: declared but not an installed model",
        "InterestRegistration.name: both declared and marked not personal",
        "InterestRegistration.nope: no such field",
        "subject 'organisation_name': must end at a user link or an e-mail field",
        "InterestRegistration.name: special category data needs condition=",
        "InterestRegistration.name: KEEP needs keep_reason=",
        "anchor 'name': must end at a date or date-time",
        "days_from 'event__title': must end at a whole number",
        "retention 'test.bad' needs describe=",
    ):
        assert expected in found


def test_a_secret_cannot_be_marked_not_personal(monkeypatch):
    decls = [d for d in registry.declarations() if d.model != "network.Invitation"]
    decls.append(
        Model(
            "network.Invitation",
            "Invitations",
            subject=(),
            fields={},
            not_personal=(
                "created_at",
                "updated_at",
                "network",
                "email",
                "token_hash",
                "organisation",
                "affiliation_role",
                "network_role",
                "invited_by",
                "expires_at",
                "accepted_at",
                "accepted_by",
                "revoked_at",
            ),
        )
    )
    monkeypatch.setattr(check, "declarations", lambda: tuple(decls))
    assert check.problems() == [
        "network.Invitation.token_hash: a secret is declared with export=False, not as not personal"
    ]


def test_rules_have_stable_fingerprints_that_change_with_the_rule():
    rule = registry.rule("events.Delegate:events.delegate_needs")
    assert rule is not None
    assert rule.fingerprint() == registry.rule(rule.key).fingerprint()
    changed = registry.Rule(
        rule.model, Retention(**{**rule.retention.__dict__, "days": 5}), rule.actions
    )
    assert changed.fingerprint() != rule.fingerprint()
    acting = registry.Rule(rule.model, rule.retention, {**rule.actions, "name": Action.CLEAR})
    assert acting.fingerprint() != rule.fingerprint()


def test_rule_keys_are_unique():
    keys = [r.key for r in registry.rules()]
    assert len(keys) == len(set(keys))


def test_the_events_needs_rule_is_approved_as_it_was_before_the_map():
    """The migration approves the rule that replaced events' own purge, so the purge does not stop
    on deploy. Changing the rule on purpose needs a new approval: then change this test."""
    import importlib

    migration = importlib.import_module(
        "recoverynet.core.migrations.0006_grandfather_events_needs_rule"
    )
    rule = registry.rule(migration.RULE_KEY)
    assert rule is not None and rule.fingerprint() == migration.FINGERPRINT
