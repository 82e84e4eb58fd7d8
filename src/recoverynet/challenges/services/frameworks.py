"""Frameworks: install a shipped framework, edit one (a new version once rounds use it)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.network import access as network_access
from recoverynet.network.models import Network

from ..models import (
    Challenge,
    Framework,
    Level,
    ScalePoint,
)


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
    actor: Actor,
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
