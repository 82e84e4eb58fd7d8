"""Create and change a college, its venues and its staff roles.

Creating a college and granting its first manager is for the network team (coordinators of one of
its networks) and administrators; after that the college's manager runs its own staff list."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction

from recoverynet.accounts.actors import Actor
from recoverynet.accounts.models import User
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text
from recoverynet.network import access as network_access
from recoverynet.network.models import Network, Organisation

from .. import access
from ..models import College, CollegeStaff, CollegeStage, StaffRole, Venue

PUBLIC_FIELDS = (
    "name",
    "summary",
    "who_for",
    "how_to_enrol",
    "contact_email",
    "contact_phone",
    "website",
    "certificate_signatory",
)


def _can_create_in(actor: Actor, networks: Sequence[Network]) -> bool:
    if network_access.is_admin(actor):
        return True
    return bool(networks) and all(network_access.can_manage_network(actor, n.pk) for n in networks)


def _require_manager(actor: Actor, college: College) -> None:
    if not access.can_manage_college(actor, college):
        raise PermissionDenied("Only the college's manager or its network's coordinators can.")


@transaction.atomic
def college_create(
    *,
    actor: Actor,
    organisation: Organisation,
    networks: Sequence[Network],
    name: str,
    slug: str,
    stage: str = CollegeStage.ESTABLISHED,
    summary: str = "",
    who_for: str = "",
    how_to_enrol: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    website: str = "",
    time_zone: str = "Europe/London",
    certificate_signatory: str = "",
) -> College:
    if not _can_create_in(actor, networks):
        raise PermissionDenied("Only the coordinators of the college's networks can add it.")
    if stage not in CollegeStage.values:
        raise ApplicationError("invalid", "Choose a stage.", field="stage", status=422)
    college = College(
        organisation=organisation,
        name=clean_text(name, field="name", max_length=200, required=True, single_line=True),
        slug=clean_text(slug, field="slug", max_length=80, required=True, single_line=True),
        stage=stage,
        summary=clean_text(summary, field="summary", max_length=300, single_line=True),
        who_for=clean_text(who_for, field="who_for", max_length=4000),
        how_to_enrol=clean_text(how_to_enrol, field="how_to_enrol", max_length=4000),
        contact_email=contact_email.strip(),
        contact_phone=clean_text(contact_phone, field="contact_phone", max_length=40),
        website=website.strip(),
        time_zone=time_zone,
        certificate_signatory=clean_text(
            certificate_signatory, field="certificate_signatory", max_length=150
        ),
    )
    if College.objects.filter(slug=college.slug).exists():
        raise ApplicationError(
            "duplicate", "A college already uses that web address.", field="slug", status=409
        )
    college.save()
    college.networks.set(networks)
    audit.record(
        actor=actor,
        action="colleges.college.created",
        obj=college,
        changes={"organisation": organisation.pk, "networks": [n.slug for n in networks]},
    )
    return college


@transaction.atomic
def college_update(*, actor: Actor, college: College, **changes: str) -> College:
    """Change the college's public page (the fields in PUBLIC_FIELDS)."""
    _require_manager(actor, college)
    before = audit.snapshot(college, PUBLIC_FIELDS)
    limits = {"name": 200, "summary": 300, "contact_phone": 40, "certificate_signatory": 150}
    for field, value in changes.items():
        if field not in PUBLIC_FIELDS:
            raise ApplicationError("invalid", f"{field} cannot be changed here.", status=422)
        if field in ("contact_email", "website"):
            setattr(college, field, value.strip())
            continue
        setattr(
            college,
            field,
            clean_text(
                value,
                field=field,
                max_length=limits.get(field, 4000),
                required=field == "name",
                single_line=field in limits,
            ),
        )
    college.save()
    audit.record(
        actor=actor,
        action="colleges.college.updated",
        obj=college,
        changes=audit.diff(college, before, PUBLIC_FIELDS),
    )
    return college


@transaction.atomic
def venue_create(
    *, actor: Actor, college: College, name: str, address: str = "", access_information: str = ""
) -> Venue:
    if not access.can_run_college(actor, college):
        raise PermissionDenied("Only the people who run the college can add venues.")
    clean_name = clean_text(name, field="name", max_length=150, required=True, single_line=True)
    if Venue.objects.filter(college=college, name=clean_name).exists():
        raise ApplicationError(
            "duplicate", "The college already has a venue with that name.", field="name", status=409
        )
    venue = Venue.objects.create(
        college=college,
        name=clean_name,
        address=clean_text(address, field="address", max_length=500),
        access_information=clean_text(
            access_information, field="access_information", max_length=2000
        ),
    )
    audit.record(actor=actor, action="colleges.venue.created", obj=venue)
    return venue


@transaction.atomic
def venue_update(
    *, actor: Actor, venue: Venue, name: str, address: str = "", access_information: str = ""
) -> Venue:
    """Change a venue's name, address and access information (shown on the public page)."""
    if not access.can_run_college(actor, venue.college):
        raise PermissionDenied("Only the people who run the college can change venues.")
    fields = ("name", "address", "access_information")
    before = audit.snapshot(venue, fields)
    clean_name = clean_text(name, field="name", max_length=150, required=True, single_line=True)
    if (
        Venue.objects.filter(college_id=venue.college_id, name=clean_name)
        .exclude(pk=venue.pk)
        .exists()
    ):
        raise ApplicationError(
            "duplicate", "The college already has a venue with that name.", field="name", status=409
        )
    venue.name = clean_name
    venue.address = clean_text(address, field="address", max_length=500)
    venue.access_information = clean_text(
        access_information, field="access_information", max_length=2000
    )
    venue.save()
    audit.record(
        actor=actor,
        action="colleges.venue.updated",
        obj=venue,
        changes=audit.diff(venue, before, fields),
    )
    return venue


@transaction.atomic
def staff_role_grant(*, actor: Actor, college: College, user: User, role: str) -> CollegeStaff:
    """Give a person a role at the college (a trainer may hold roles at several colleges)."""
    _require_manager(actor, college)
    if role not in StaffRole.values:
        raise ApplicationError("invalid", "Choose a role.", field="role", status=422)
    try:
        with transaction.atomic():
            row = CollegeStaff.objects.create(college=college, user=user, role=role)
    except IntegrityError:
        raise ApplicationError(
            "duplicate", "They already have that role at this college.", field="role", status=409
        ) from None
    access.forget_college_roles(user)
    audit.record(
        actor=actor,
        action="colleges.staff.granted",
        obj=row,
        changes={"user": user.pk, "role": role},
    )
    return row


@transaction.atomic
def staff_role_revoke(*, actor: Actor, row: CollegeStaff) -> None:
    _require_manager(actor, row.college)
    audit.record(
        actor=actor,
        action="colleges.staff.revoked",
        obj=row,
        changes={"user": row.user_id, "role": row.role},
    )
    row.delete()
    access.forget_college_roles(row.user)
