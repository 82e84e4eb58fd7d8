"""Every write for frameworks and self-assessment rounds."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.models import Perspective
from recoverynet.core import audit, outbox
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.text import clean_text
from recoverynet.network import access as network_access
from recoverynet.network.models import Network, Organisation

from . import access
from .frameworks import TEAM_RESOURCE_FIELDS
from .models import (
    AssessmentRound,
    Challenge,
    Consensus,
    Framework,
    Level,
    Priority,
    Rater,
    Rating,
    RoundStatus,
    ScalePoint,
)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# --- Frameworks ---------------------------------------------------------------------------------------


@transaction.atomic
def framework_install(*, data: dict[str, Any], network: Network | None = None) -> Framework:
    """Install a shipped framework (idempotent: returns the current version if it exists)."""
    existing = Framework.objects.filter(family=data["family"], is_current=True).first()
    if existing is not None:
        return existing
    framework = Framework.objects.create(
        network=network,
        family=data["family"],
        name=data["name"],
        description=data["description"],
        source=data.get("source", ""),
    )
    Level.objects.bulk_create(
        Level(framework=framework, key=key, label=label, description=description, order=i)
        for i, (key, label, description) in enumerate(data["levels"])
    )
    Challenge.objects.bulk_create(
        Challenge(framework=framework, number=i, title=title)
        for i, title in enumerate(data["challenges"], start=1)
    )
    ScalePoint.objects.bulk_create(
        ScalePoint(framework=framework, value=value, label=label, descriptor=descriptor)
        for value, label, descriptor in data["scale"]
    )
    audit.record(
        actor=None,
        action="challenges.framework.installed",
        obj=framework,
        changes={"name": framework.name},
    )
    return framework


def _copy(framework: Framework) -> Framework:
    new = Framework.objects.create(
        network=framework.network,
        family=framework.family,
        version=framework.version + 1,
        name=framework.name,
        description=framework.description,
        source=framework.source,
        is_current=False,
    )
    Level.objects.bulk_create(
        Level(framework=new, key=lv.key, label=lv.label, description=lv.description, order=lv.order)
        for lv in framework.levels.all()
    )
    Challenge.objects.bulk_create(
        Challenge(
            framework=new,
            number=c.number,
            title=c.title,
            description=c.description,
            indicators=c.indicators,
        )
        for c in framework.challenges.all()
    )
    ScalePoint.objects.bulk_create(
        ScalePoint(framework=new, value=p.value, label=p.label, descriptor=p.descriptor)
        for p in framework.scale.all()
    )
    return new


@transaction.atomic
def framework_edit(
    *,
    actor: Any,
    framework: Framework,
    scale: dict[int, tuple[str, str]] | None = None,
    challenges: dict[int, str] | None = None,
) -> Framework:
    """Change scale labels/descriptors or challenge descriptions. If any round used this version, a
    new version is made and becomes current, so rounds keep the wording they were rated with."""
    if not (
        network_access.is_admin(actor)
        or (framework.network_id and network_access.can_manage_network(actor, framework.network_id))
    ):
        raise PermissionDenied(
            "Only a coordinator of the framework's network (or an administrator) can change it."
        )
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if not framework.is_current:
        raise ApplicationError(
            "not_current", "Only the current version of a framework can be changed.", status=409
        )
    target = framework
    if framework.rounds.exists():
        target = _copy(framework)
        Framework.objects.filter(pk=framework.pk).update(is_current=False)
        Framework.objects.filter(pk=target.pk).update(is_current=True)
        target.refresh_from_db()
    values = {p.value: p for p in target.scale.all()}
    for value, (label, descriptor) in (scale or {}).items():
        point = values.get(value)
        if point is None:
            raise ApplicationError(
                "invalid", f"The scale has no point {value}.", field="scale", status=422
            )
        point.label, point.descriptor = label.strip(), descriptor.strip()
        point.save()
    numbers = {c.number: c for c in target.challenges.all()}
    for number, description in (challenges or {}).items():
        challenge = numbers.get(number)
        if challenge is None:
            raise ApplicationError(
                "invalid", f"There is no challenge {number}.", field="challenges", status=422
            )
        challenge.description = description.strip()
        challenge.save()
    audit.record(
        actor=actor,
        action="challenges.framework.edited",
        obj=target,
        changes={"version": target.version, "new_version": target.pk != framework.pk},
    )
    return target


# --- Rounds -----------------------------------------------------------------------------------------


@transaction.atomic
def round_start(
    *,
    actor: Any,
    organisation: Organisation,
    framework: Framework,
    title: str,
    team_name: str = "",
    team_resources: dict[str, int] | None = None,
) -> AssessmentRound:
    if not access.can_start_round(actor, organisation):
        raise PermissionDenied(
            "Only the organisation's recovery lead or the network team can start a self-assessment."
        )
    if not framework.is_current:
        raise ApplicationError(
            "not_current",
            "Choose the current version of the framework.",
            field="framework",
            status=422,
        )
    title = clean_text(title, field="title", max_length=200, single_line=True)
    team_name = clean_text(team_name, field="team_name", max_length=150, single_line=True)
    if not title:
        raise ApplicationError(
            "invalid",
            'Give the round a title, for example "Spring 2027".',
            field="title",
            status=422,
        )
    resources = {}
    allowed = {key for key, _ in TEAM_RESOURCE_FIELDS}
    for key, value in (team_resources or {}).items():
        if key not in allowed:
            raise ApplicationError(
                "invalid", f"Unknown team resource {key!r}.", field="team_resources", status=422
            )
        if not isinstance(value, int) or value < 0 or value > 100000:
            raise ApplicationError(
                "invalid",
                "Enter a whole number of 0 or more.",
                field=f"team_resources.{key}",
                status=422,
            )
        resources[key] = value
    round_ = AssessmentRound.objects.create(
        organisation=organisation,
        framework=framework,
        title=title,
        team_name=team_name,
        team_resources=resources,
        facilitator=actor,
    )
    # The facilitator rates too. A perspective is never copied from a profile: each rater states
    # it for the round themselves, on the rating page (decision 0009).
    Rater.objects.create(round=round_, user=actor, name=actor.display_name, email=actor.email)
    audit.record(
        actor=actor,
        action="challenges.round.started",
        obj=round_,
        changes={"title": title, "team": team_name},
    )
    return round_


def _require_open(round_: AssessmentRound) -> None:
    if round_.status != RoundStatus.OPEN:
        raise ApplicationError(
            "closed", "This round is closed; its ratings can no longer change.", status=409
        )


def _not_one_of_its_people(email: str, round_: AssessmentRound) -> ApplicationError:
    """The one answer for an address that is not one of the organisation's people, whether or not
    it has an account here: the facilitator must not learn who has one (issue #9)."""
    return ApplicationError(
        "not_affiliated",
        f"{email} is not the address of anyone at {round_.organisation.name}. Check the address, "
        "or invite them with a link instead.",
        field="email",
        status=422,
    )


def rater_invite_by_email(*, actor: Any, round_: AssessmentRound, email: str) -> Rater:
    """Invite one of the organisation's people by their e-mail address. An address that has no
    account and one whose account is not at the organisation get the same answer, with nothing
    written or sent for either."""
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied()
    email = email.strip().lower()
    user = (
        get_user_model()
        .objects.filter(
            email__iexact=email, is_active=True, affiliations__organisation=round_.organisation
        )
        .first()
    )
    if user is None:
        raise _not_one_of_its_people(email, round_)
    return rater_invite_member(actor=actor, round_=round_, user=user)


@transaction.atomic
def rater_invite_member(*, actor: Any, round_: AssessmentRound, user: Any) -> Rater:
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied()
    _require_open(round_)
    if not network_access.roles(user).orgs.get(round_.organisation_id):
        raise _not_one_of_its_people(user.email, round_)
    rater, created = Rater.objects.get_or_create(
        round=round_,
        user=user,
        # No perspective: the rater states it for the round themselves (never from their profile).
        defaults={"name": user.display_name, "email": user.email},
    )
    if not created:
        raise ApplicationError(
            "duplicate", f"{user.email} is already a rater.", field="email", status=409
        )
    link = settings.SITE_URL + reverse("challenges:rate", args=[round_.public_id])
    outbox.enqueue(
        to=[user.email],
        subject=f"Please rate: {round_.title}",
        body_text=render_to_string(
            "challenges/email/invited.txt",
            {"round": round_, "rater": rater, "link": link, "inviter": actor},
        ),
    )
    audit.record(
        actor=actor, action="challenges.rater.invited", obj=round_, changes={"rater": user.email}
    )
    return rater


@dataclass(frozen=True)
class LinkInvitation:
    rater: Rater
    raw_token: str  # goes into the link; only its hash is stored


@transaction.atomic
def rater_invite_by_link(
    *, actor: Any, round_: AssessmentRound, name: str, email: str = ""
) -> LinkInvitation:
    """Invite someone without an account (e.g. a person who uses services, or a carer) with a
    single-use link. If an address is given we e-mail the link; otherwise the facilitator passes it on.
    The facilitator does not record the rater's perspective: the rater says it, if they wish."""
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied()
    _require_open(round_)
    name = clean_text(name, field="name", max_length=150, single_line=True)
    if not name:
        raise ApplicationError(
            "invalid", "Enter the rater's name (a first name is enough).", field="name", status=422
        )
    raw = secrets.token_urlsafe(24)
    rater = Rater.objects.create(
        round=round_, name=name, email=email.strip().lower(), token_hash=_hash(raw)
    )
    if rater.email:
        link = settings.SITE_URL + reverse("challenges:rate-by-link", args=[raw])
        outbox.enqueue(
            to=[rater.email],
            subject=f"Please rate: {round_.title}",
            body_text=render_to_string(
                "challenges/email/invited.txt",
                {"round": round_, "rater": rater, "link": link, "inviter": actor},
            ),
        )
    audit.record(
        actor=actor, action="challenges.rater.invited_by_link", obj=round_, changes={"rater": name}
    )
    return LinkInvitation(rater=rater, raw_token=raw)


def rater_by_link(raw_token: str) -> Rater:
    """The rater a link belongs to, while it still works (until that rater submits)."""
    rater = (
        Rater.objects.select_related("round__framework", "round__organisation")
        .filter(token_hash=_hash(raw_token))
        .first()
        if raw_token
        else None
    )
    if rater is None:
        raise NotFound("This link is not valid. Ask the person who invited you for a new one.")
    if rater.submitted_at is not None:
        raise ApplicationError(
            "used", "These ratings have been sent, so this link has been used.", status=410
        )
    if rater.link_claimed_at is None:
        Rater.objects.filter(pk=rater.pk, link_claimed_at__isnull=True).update(
            link_claimed_at=timezone.now()
        )
    return rater


def rater_for_user(*, actor: Any, round_: AssessmentRound) -> Rater:
    rater = (
        Rater.objects.filter(round=round_, user=actor).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if rater is None:
        raise NotFound("You have not been invited to rate in this round.")
    return rater


@transaction.atomic
def rating_save(
    *, rater: Rater, challenge_id: int, level_key: str, value: int | None, evidence: str = ""
) -> Rating:
    """Save one cell as the rater goes (drafts are never lost). `value` None means "don't know"."""
    round_ = AssessmentRound.objects.select_for_update().get(pk=rater.round_id)
    _require_open(round_)
    rater = Rater.objects.select_for_update().get(pk=rater.pk)
    if rater.submitted_at is not None:
        raise ApplicationError("submitted", "You have already sent your ratings.", status=409)
    challenge = Challenge.objects.filter(pk=challenge_id, framework_id=round_.framework_id).first()
    if challenge is None:
        raise ApplicationError(
            "invalid",
            "That challenge is not part of this round's framework.",
            field="challenge",
            status=422,
        )
    level = Level.objects.filter(framework_id=round_.framework_id, key=level_key).first()
    if level is None:
        raise ApplicationError(
            "invalid",
            "That level is not part of this round's framework.",
            field="level",
            status=422,
        )
    if (
        value is not None
        and not ScalePoint.objects.filter(framework_id=round_.framework_id, value=value).exists()
    ):
        raise ApplicationError(
            "invalid", 'Choose a point on the scale, or "don\'t know".', field="value", status=422
        )
    rating, _ = Rating.objects.update_or_create(
        rater=rater,
        challenge=challenge,
        level=level,
        defaults={
            "value": value,
            "evidence": clean_text(evidence, field="evidence", max_length=2000),
        },
    )
    return rating


@transaction.atomic
def rater_submit(*, rater: Rater) -> Rater:
    rater = Rater.objects.select_for_update().select_related("round").get(pk=rater.pk)
    _require_open(rater.round)
    if rater.submitted_at is not None:
        raise ApplicationError("submitted", "You have already sent your ratings.", status=409)
    if not rater.ratings.exists():
        raise ApplicationError("empty", "Rate at least one challenge before sending.", status=422)
    rater.submitted_at = timezone.now()
    rater.save(update_fields=["submitted_at", "updated_at"])
    audit.record(
        actor=rater.user,
        action="challenges.rater.submitted",
        obj=rater.round,
        changes={"rater": rater.name},
    )
    return rater


@transaction.atomic
def consensus_set(
    *,
    actor: Any,
    round_: AssessmentRound,
    challenge_id: int,
    level_key: str,
    value: int,
    rationale: str = "",
) -> Consensus:
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied("Only the round's facilitator can record the agreed rating.")
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    _require_open(round_)
    challenge = Challenge.objects.filter(pk=challenge_id, framework_id=round_.framework_id).first()
    level = Level.objects.filter(framework_id=round_.framework_id, key=level_key).first()
    if challenge is None or level is None:
        raise ApplicationError(
            "invalid",
            "That challenge or level is not part of this round's framework.",
            field="challenge",
            status=422,
        )
    if not ScalePoint.objects.filter(framework_id=round_.framework_id, value=value).exists():
        raise ApplicationError("invalid", "Choose a point on the scale.", field="value", status=422)
    consensus, _ = Consensus.objects.update_or_create(
        round=round_,
        challenge=challenge,
        level=level,
        defaults={
            "value": value,
            "rationale": clean_text(rationale, field="rationale", max_length=2000),
        },
    )
    audit.record(
        actor=actor,
        action="challenges.consensus.set",
        obj=round_,
        changes={"challenge": challenge.number, "level": level.key, "value": value},
    )
    return consensus


@transaction.atomic
def round_close(*, actor: Any, round_: AssessmentRound) -> AssessmentRound:
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied("Only the round's facilitator can close it.")
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    _require_open(round_)
    cells = round_.framework.challenges.count() * round_.framework.levels.count()
    agreed = round_.consensus.count()
    if agreed < cells:
        raise ApplicationError(
            "incomplete",
            f"Agree a rating for every challenge at every level first ({agreed} of {cells} done).",
            status=409,
        )
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(actor=actor, action="challenges.round.closed", obj=round_)
    return round_


@dataclass(frozen=True)
class PriorityInput:
    challenge_id: int
    level_key: str
    reason: str = ""


@transaction.atomic
def priorities_set(
    *, actor: Any, round_: AssessmentRound, priorities: list[PriorityInput]
) -> list[Priority]:
    """The group's top three priorities (challenge and level), in order, from a closed round."""
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied("Only the round's facilitator can record the priorities.")
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.CLOSED:
        raise ApplicationError(
            "not_closed", "Close the round before choosing priorities.", status=409
        )
    if not 1 <= len(priorities) <= 3:
        raise ApplicationError(
            "invalid", "Choose one, two or three priorities.", field="priorities", status=422
        )
    challenges = {c.pk: c for c in round_.framework.challenges.all()}
    levels = {lv.key: lv for lv in round_.framework.levels.all()}
    seen: set[tuple[int, str]] = set()
    rows = []
    for rank, p in enumerate(priorities, start=1):
        if p.challenge_id not in challenges or p.level_key not in levels:
            raise ApplicationError(
                "invalid",
                "Choose a challenge and level from this round.",
                field=f"priorities.{rank - 1}",
                status=422,
            )
        if (p.challenge_id, p.level_key) in seen:
            raise ApplicationError(
                "duplicate",
                "Each priority must be a different challenge or level.",
                field=f"priorities.{rank - 1}",
                status=422,
            )
        seen.add((p.challenge_id, p.level_key))
        reason = clean_text(p.reason, field=f"priorities.{rank - 1}.reason", max_length=1000)
        rows.append(
            Priority(
                round=round_,
                rank=rank,
                challenge=challenges[p.challenge_id],
                level=levels[p.level_key],
                reason=reason,
            )
        )
    Priority.objects.filter(round=round_).delete()
    Priority.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action="challenges.priorities.set",
        obj=round_,
        changes={"priorities": [f"{r.challenge.number}/{r.level.key}" for r in rows]},
    )
    return rows


@transaction.atomic
def rater_perspective_set(*, rater: Rater, perspective: str) -> Rater:
    """A rater says (or stops saying) which perspective they bring. Optional, and only used to show
    where perspectives differ."""
    if perspective and perspective not in Perspective.values:
        raise ApplicationError(
            "invalid", "Choose a perspective from the list.", field="perspective", status=422
        )
    rater = Rater.objects.select_for_update().select_related("round").get(pk=rater.pk)
    _require_open(rater.round)
    rater.perspective = "" if perspective == Perspective.PREFER_NOT else perspective
    rater.save(update_fields=["perspective", "updated_at"])
    return rater


@dataclass(frozen=True)
class CellInput:
    challenge_id: int
    level_key: str
    value: int | None
    evidence: str = ""


@transaction.atomic
def ratings_save(*, rater: Rater, cells: list[CellInput], perspective: str | None = None) -> Rater:
    """Save a page of ratings (and, if given, the rater's perspective) in one transaction: either
    everything on the page is saved or nothing is."""
    for c in cells:
        rating_save(
            rater=rater,
            challenge_id=c.challenge_id,
            level_key=c.level_key,
            value=c.value,
            evidence=c.evidence,
        )
    if perspective is not None and perspective != rater.perspective:
        rater = rater_perspective_set(rater=rater, perspective=perspective)
    return rater
