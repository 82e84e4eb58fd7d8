"""Reads for feedback forms: finding a form, one's own answers, what is left to answer, and the
lists for organisers. Every read checks access."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet
from django.utils import timezone

from recoverynet.accounts.actors import Actor, is_person, person
from recoverynet.core.errors import NotFound
from recoverynet.core.tokens import digest
from recoverynet.network import access as network_access

from .. import access, targets
from ..models import FeedbackForm, FormStatus, Question, Respondent, Response, RoomCard
from ..services.common import keyed_tag


def _uuid(value: Any) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError as exc:
        raise NotFound("We could not find that feedback form.") from exc


def _form(public_id: Any) -> FeedbackForm:
    form = (
        FeedbackForm.objects.select_related("network", "host")
        .filter(public_id=_uuid(public_id))
        .first()
    )
    if form is None:
        raise NotFound("We could not find that feedback form.")
    return form


def form_for_organiser(*, actor: Actor, public_id: Any) -> FeedbackForm:
    form = _form(public_id)
    if not access.is_organiser(actor, form):
        raise NotFound("We could not find that feedback form.")
    return form


def form_for_results(*, actor: Actor, public_id: Any) -> FeedbackForm:
    form = _form(public_id)
    if not access.can_view_results(actor, form):
        raise NotFound("We could not find that feedback form.")
    return form


def form_for_answering(*, actor: Actor, public_id: Any) -> FeedbackForm:
    """Any signed-in person may load the form; the service refuses those who did not attend."""
    person(actor)
    return _form(public_id)


def form_by_code(code: str) -> FeedbackForm:
    form = FeedbackForm.objects.filter(short_code=code.strip().upper()[:12]).first()
    if form is None:
        raise NotFound("We could not find a feedback form with that code.")
    return form


def questions(form: FeedbackForm) -> list[Question]:
    return list(form.questions.all())


def has_answered(*, actor: Actor, form: FeedbackForm) -> bool:
    return is_person(actor) and Respondent.objects.filter(form=form, person=actor).exists()


def own_answers(*, actor: Actor, form: FeedbackForm) -> dict[str, str] | None:
    """The person's own answers by question id, while the form is open; None if they have none
    (or the form has closed, after which nobody can find them again)."""
    if not is_person(actor) or not form.salt:
        return None
    response = (
        Response.objects.filter(form=form, edit_tag=keyed_tag("response", form.salt, actor.pk))
        .prefetch_related("answers")
        .first()
    )
    if response is None:
        return None
    return {
        str(a.question_id): str(a.rating) if a.rating is not None else a.text
        for a in response.answers.all()
    }


def own_answers_with_card(*, form: FeedbackForm, token: str) -> dict[str, str] | None:
    """A card-holding device's own answers (decision 0036), found only with its raw token."""
    if not token or not form.salt:
        return None
    response = (
        Response.objects.filter(
            form=form, edit_tag=keyed_tag("response", form.salt, f"card:{token}")
        )
        .prefetch_related("answers")
        .first()
    )
    if response is None:
        return None
    return {
        str(a.question_id): str(a.rating) if a.rating is not None else a.text
        for a in response.answers.all()
    }


def form_for_card_holder(*, public_id: Any, token: str) -> FeedbackForm | None:
    """The form, for a device without a sign-in holding a card token for it; None otherwise."""
    form = _form(public_id)
    if not token or not RoomCard.objects.filter(form=form, token_hash=digest(token)).exists():
        return None
    return form


def form_for_target(*, actor: Actor, kind: str, target_id: str) -> FeedbackForm | None:
    form = (
        FeedbackForm.objects.select_related("network")
        .filter(target_kind=kind, target_id=target_id)
        .first()
    )
    if form is None or not access.can_view_results(actor, form):
        return None
    return form


def forms_for_targets(*, actor: Actor, kind: str, target_ids: list[str]) -> list[FeedbackForm]:
    """The forms on several targets of one kind that the actor may see the results of (for a page
    of the owning app that lists its sessions), in one query."""
    forms = FeedbackForm.objects.select_related("network", "host").filter(
        target_kind=kind, target_id__in=target_ids
    )
    return [f for f in forms if access.can_view_results(actor, f)]


def forms_on_targets(*, kind: str, target_ids: list[str]) -> list[FeedbackForm]:
    """Every form on these targets of one kind, each with `answered` (how many responses), in one
    query. No access check: for the owning app's services and jobs (publishing pooled figures,
    checking what a change to the target would touch), which check their own access."""
    return list(
        FeedbackForm.objects.filter(target_kind=kind, target_id__in=target_ids)
        .annotate(answered=Count("responses", distinct=True))
        .order_by("pk")
    )


def target_ids_with_closed_forms(*, kind: str) -> list[str]:
    """The targets of one kind that have a closed form (for the owning app's catch-up jobs)."""
    return list(
        FeedbackForm.objects.filter(target_kind=kind, status=FormStatus.CLOSED).values_list(
            "target_id", flat=True
        )
    )


def forms_to_answer(*, actor: Actor, days: int = 90) -> list[dict[str, Any]]:
    """Open forms on things this person attended recently, and whether they have answered."""
    if not is_person(actor):
        return []
    since = timezone.now() - datetime.timedelta(days=days)
    ids: list[tuple[str, str]] = []
    for kind in targets.kinds():
        ids += [(kind.kind, target_id) for target_id in kind.attended_by(actor, since)]
    if not ids:
        return []
    by_kind: dict[str, list[str]] = {}
    for kind_name, target_id in ids:
        by_kind.setdefault(kind_name, []).append(target_id)
    found: list[FeedbackForm] = []
    for kind_name, target_ids in by_kind.items():
        found += list(
            FeedbackForm.objects.filter(
                target_kind=kind_name, target_id__in=target_ids, status=FormStatus.OPEN
            )
        )
    answered = set(
        Respondent.objects.filter(person=actor, form__in=found).values_list("form_id", flat=True)
    )
    return [{"form": f, "answered": f.pk in answered} for f in found]


def forms_for_manager(*, actor: Actor) -> QuerySet[FeedbackForm]:
    """Forms whose results this person may see: the network team's networks, hosts' own, and
    everything for administrators."""
    qs = (
        FeedbackForm.objects.select_related("network", "host")
        .annotate(answered=Count("respondents", distinct=True))
        .order_by("-target_ends_at", "id")
    )
    if network_access.is_admin(actor):
        return qs
    roles = network_access.roles(actor)
    hosts = [org for org, role in roles.orgs.items() if role in access.HOST_ROLES]
    return qs.filter(network_id__in=roles.team_network_ids) | qs.filter(host_id__in=hosts)


def attended(*, actor: Actor, form: FeedbackForm) -> bool:
    """Whether this person attended what the form is about (only they may answer)."""
    if not is_person(actor):
        return False
    try:
        target = targets.resolve(form.target_kind, form.target_id)
    except NotFound:
        return False
    return bool(targets.kind_of(form.target_kind).attended(target, actor))
