"""The marker test (issue #16): every declared field about a person is filled with a unique
marker; "Download my data" contains every marker; after erasure and a purge seven years on, no
marker is left in a database dump or the media folder except where the map says it is kept.

Rows that hold text about people without naming anyone (anonymous feedback answers, invoice lines,
review notes; `subject=()`) are filled too: they are not the person's to download or erase, and
the purge alone must remove their markers."""

from __future__ import annotations

import datetime
import io
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailConfirmation
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recoverynet.accounts import services as account_services
from recoverynet.billing.models import Invoice
from recoverynet.challenges import frameworks
from recoverynet.challenges import services as challenge_services
from recoverynet.challenges.models import AssessmentRound, Rater, Rating
from recoverynet.core import files
from recoverynet.core.models import AggregateSnapshot, DataExport, RuleApproval
from recoverynet.core.personal_data import Action, Model
from recoverynet.core.privacy import export, purge, subjects
from recoverynet.core.privacy.registry import personal_models
from recoverynet.events import services as event_services
from recoverynet.events.models import InterestRegistration
from recoverynet.events.services import DelegateInput
from recoverynet.library.models import Resource, ResourceFile, ResourceVersion
from recoverynet.network.models import Affiliation, Invitation, NetworkRole, Participant
from recoverynet.newsletter import models as nl
from recoverynet.plans.models import Action as PlanAction
from recoverynet.plans.models import ActionNote, ActionPlan, PlanReview
from recoverynet.webhooks.models import Attempt, Endpoint
from recoverynet.webhooks.models import Delivery as WebhookDelivery
from tests.conftest import make_user
from tests.events.conftest import event  # noqa: F401  (fixture)

from . import marker_rows
from .helpers import approve_rules

pytestmark = pytest.mark.django_db

EMAIL = "mkemail0001@example.org"
NAME = "Mkname Mkperson"
TEXT = (models.CharField, models.TextField)


def _people_everywhere(world, event, tmp_path):  # noqa: F811
    """The person in (nearly) every table that can be about them."""
    person = make_user(EMAIL, mfa=True, full_name=NAME, preferred_name="Mk", job_title="Lead")
    past = timezone.now() - datetime.timedelta(days=3)
    event_services.booking_create(
        actor=person,
        event=event,
        delegates=[
            DelegateInput(
                name=NAME,
                email=EMAIL,
                rate_id=event.non_member_rate.pk,
                access_needs="needs",
                dietary_needs="food",
            )
        ],
    )
    InterestRegistration.objects.create(event=event, user=person, name=NAME, email=EMAIL)
    account_services.api_token_create(actor=person, name="script", scopes=["read"])
    Affiliation.objects.create(user=person, organisation=world.org_a, role="lead")
    NetworkRole.objects.create(user=person, network=world.uk, role="consultant")
    Participant.objects.create(user=person, network=world.uk, joined_via="invitation")
    Invitation.objects.create(
        network=world.uk, email=EMAIL, token_hash="h" * 64, expires_at=past, accepted_by=person
    )
    framework = challenge_services.framework_install(data=frameworks.TEN_CHALLENGES)
    round_ = AssessmentRound.objects.create(
        organisation=world.org_a,
        framework=framework,
        title="Round",
        facilitator=person,
        closed_at=past,
    )
    rater = Rater.objects.create(round=round_, user=person, name=NAME, email=EMAIL)
    challenge = framework.challenges.first()
    level = framework.levels.first()
    Rating.objects.create(rater=rater, challenge=challenge, level=level, value=1, evidence="e")
    plan = ActionPlan.objects.create(
        organisation=world.org_a, title="Plan", created_by=person, source_kind="manual"
    )
    action = PlanAction.objects.create(plan=plan, what="Do it", owner=person)
    ActionNote.objects.create(action=action, author=person, text="note")
    PlanReview.objects.create(plan=plan, reviewed_by=person, progress="ok")
    resource = Resource.objects.create(
        network=world.uk, title="R", summary="S", kind="guide", submitted_by=person, authors="A"
    )
    version = ResourceVersion.objects.create(resource=resource, number=1, uploaded_by=person)
    files.save("library", "mkfile.txt", b"file")
    ResourceFile.objects.create(
        version=version,
        position=1,
        file_name="f.txt",
        stored_name="mkfile.txt",
        content_type="text/plain",
        size=4,
    )
    publication = nl.Publication.objects.get(network=world.uk)
    sub = nl.Subscription.objects.create(
        publication=publication, email=EMAIL, user=person, status="active"
    )
    nl.ConsentRecord.objects.create(subscription=sub, event="subscribed", ip="10.0.0.1")
    nl.Suppression.objects.create(email=EMAIL, reason="bounced", note="n", created_by=person)
    issue = nl.Issue.objects.create(publication=publication, title="I", slug="i", created_by=person)
    send = nl.Send.objects.create(issue=issue, started_by=person)
    nl.Delivery.objects.create(send=send, subscription=sub, email=EMAIL)
    article = nl.Article.objects.create(
        publication=publication, title="A", slug="a", body="b", contributor=person
    )
    nl.ArticleAuthor.objects.create(article=article, person=person, display_name=NAME, role="r")
    nl.ArticleComment.objects.create(article=article, author=person, body="c")
    endpoint = Endpoint.objects.create(
        network=world.uk, url="https://example.org/h", secret="s", created_by=person
    )
    hook = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id="e1",
        event_type="t",
        body=json.dumps({"email": EMAIL}),
        status="succeeded",
    )
    Attempt.objects.create(delivery=hook, at=past, response_excerpt=f"hello {NAME}")
    AggregateSnapshot.objects.create(kind="k", scope="s", published_by=person)
    RuleApproval.objects.create(rule_key="x", fingerprint="y", proposed_by=person)
    confirmation_address = person.emailaddress_set.get()
    EmailConfirmation.objects.create(email_address=confirmation_address, key="k" * 20)
    LogEntry.objects.create(
        user=person,
        content_type=ContentType.objects.get_for_model(Invoice),
        object_id="1",
        object_repr=NAME,
        action_flag=1,
        change_message=f"changed {EMAIL}",
    )
    DBTaskResult.objects.create(
        task_path="x.y",
        args_kwargs={"args": [EMAIL], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        status="SUCCEEDED",
        finished_at=past,
        priority=0,
        worker_ids=[],
        return_value=None,
    )
    return person


def _fill_markers(
    person, unlinked: list[models.Model]
) -> tuple[dict[str, tuple[Model, str]], set[str]]:
    """Every declared text field of every row about the person gets its own marker (e-mail fields
    keep the person's address: that is how the rows are found), and so does every declared text
    field of the `unlinked` rows. Returns the markers and which of them are in unlinked rows."""
    counter = itertools.count(1)
    placed: dict[str, tuple[Model, str]] = {}
    in_unlinked: set[str] = set()
    about_nobody: dict[str, list[Any]] = {}
    for row in unlinked:
        about_nobody.setdefault(row._meta.label.lower(), []).append(row.pk)
    for decl in personal_models():
        model = apps.get_model(decl.model)
        rows = [r.pk for r in subjects.subject_rows(decl, model, person.pk, {EMAIL})]
        extra = about_nobody.pop(decl.model.lower(), [])
        for pk in [*rows, *extra]:
            for name in decl.fields:
                field = model._meta.get_field(name)
                if not isinstance(field, TEXT) or isinstance(field, models.EmailField):
                    continue
                marker = f"MK{next(counter):04d}Q"
                model._default_manager.filter(pk=pk).update(**{name: marker})
                placed[marker] = (decl, name)
                if pk in extra and pk not in rows:
                    in_unlinked.add(marker)
    assert not about_nobody, f"rows of undeclared models: {sorted(about_nobody)}"
    return placed, in_unlinked


def _kept(decl: Model, name: str, *, linked: bool = True) -> bool:
    f = decl.fields[name]
    erased_keeps = f.erasure_action in (Action.KEEP, Action.AGGREGATE) or not linked
    purged_keeps = not f.retention.scheduled or f.action in (Action.KEEP, Action.AGGREGATE)
    return erased_keeps and purged_keeps


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def _media_text(root: Path) -> str:
    return "\n".join(p.read_bytes().decode("latin-1") for p in root.rglob("*") if p.is_file())


def test_every_marker_is_exported_then_gone_after_erasure_and_purge(
    world,
    event,  # noqa: F811
    tmp_path,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        person = _people_everywhere(world, event, tmp_path)
        unlinked = marker_rows.newer_apps(world, person, NAME, EMAIL)
    placed, in_unlinked = _fill_markers(person, unlinked)
    covered = {decl.model for decl, _name in placed.values()}
    # Every model that holds text about a person is covered (the rest hold only links or dates).
    for label in (
        "accounts.User",
        "accounts.ApiToken",
        "events.Delegate",
        "events.InterestRegistration",
        "billing.Invoice",
        "challenges.Rater",
        "challenges.Rating",
        "plans.ActionNote",
        "library.Resource",
        "library.ResourceFile",
        "newsletter.ArticleAuthor",
        "newsletter.ArticleComment",
        "newsletter.Suppression",
        "newsletter.Subscription",
        "network.Invitation",
        "core.AuditEntry",
        "admin.LogEntry",
        "account.EmailConfirmation",
        "billing.CreditNote",
        "billing.DocumentLine",
        "feedback.FeedbackForm",
        "feedback.Response",
        "feedback.Answer",
        "feedback.Speaker",
        "feedback.Debate",
        "feedback.Voter",
        "engagements.Engagement",
        "engagements.TeamMember",
        "engagements.TopUp",
        "engagements.Session",
        "engagements.Output",
        "engagements.LogEntry",
        "outcomes.Participant",
        "outcomes.Invitation",
        "colleges.College",
        "colleges.Course",
        "colleges.Student",
        "colleges.Certificate",
        "colleges.LearningPlan",
        "colleges.LearningPlanNote",
        "colleges.FidelityRating",
        "colleges.FidelityAgreement",
        "colleges.PeerReview",
        "colleges.SelfReviewEntry",
        "colleges.PeerReviewer",
        "colleges.VisitSlot",
        "colleges.PeerFinding",
        "colleges.MentoringPair",
        "colleges.MentoringGoal",
        "colleges.MentoringCheckIn",
    ):
        assert label in covered, label

    # Download my data: every exportable marker is in it; secrets are not.
    with django_capture_on_commit_callbacks(execute=True):
        done = export.request(person, requested_by=person)
    assert done.status == DataExport.Status.READY and done.progress == 100
    exported = files.read(export.FOLDER, done.json_name).decode()
    for marker, (decl, name) in placed.items():
        if marker in in_unlinked:
            continue  # about nobody in particular: not the person's to download
        if decl.fields[name].export:
            assert marker in exported, (decl.model, name)
        else:
            assert marker not in exported, (decl.model, name)
    assert EMAIL in exported

    # Erasure, then a purge seven years on with every rule approved.
    with django_capture_on_commit_callbacks(execute=True):
        account_services.account_erase(actor=person, user=person)
    approve_rules(world.coordinator_uk, world.consultant_uk)
    with django_capture_on_commit_callbacks(execute=True):
        purge.run(timezone.now() + datetime.timedelta(days=7 * 366))

    dump = _dump()
    media = _media_text(tmp_path)
    allowed = {
        m for m, (decl, name) in placed.items() if _kept(decl, name, linked=m not in in_unlinked)
    }
    left = {m for m in placed if m in dump or m in media}
    assert len(placed) > 40 and 0 < len(allowed) < len(placed) / 2
    assert left == allowed, {m: (placed[m][0].model, placed[m][1]) for m in left ^ allowed}
    # The person's name and address are only where the map keeps them.
    assert NAME not in media and EMAIL not in media
    # The address itself is kept only on the suppression list (so we never e-mail it again).
    assert EMAIL in dump
    nl.Suppression.objects.filter(email=EMAIL).delete()
    assert EMAIL not in _dump()
    from recoverynet.core.models import ErasureRecord

    assert ErasureRecord.objects.get().person_id == person.pk
