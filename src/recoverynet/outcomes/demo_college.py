"""Demo outcome questionnaires on Recovery College courses (idempotent; after the colleges demo):

- Nottingham Recovery College: SWEMWBS with "baseline at enrolment" on each of its spring courses
  (planned by lead.nottingham through the course cohort source), most students have answered the
  baseline, and the college's pool — the courses together — is published: each course alone is
  too small to show, the college's figures are not.
- Oxford Recovery College: the same on the spring course Jo Bennett (student.oxford) is enrolled
  on, her baseline still to answer (so "Answer your questionnaires" has something to open), and
  Jo shares her own scores with the college's learning advisor, on Oxford's staff.

Courses are found through the registered cohort source (`sources.get("colleges.course")`), never
by importing colleges: without the colleges app this part loads nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from recoverynet.core.errors import ApplicationError
from recoverynet.network import services as network_services
from recoverynet.network.models import Affiliation, AffiliationRole, Organisation

from . import services, sources
from .models import Collection, InstrumentVersion, Invitation, ResultShare

User = get_user_model()
DEMO_DOMAIN = "demo.recoverynet.example"
KIND = "colleges.course"
JO = f"student.oxford@{DEMO_DOMAIN}"


def _plan(
    actor: object, organisation: Organisation, ref: str, label: str, swemwbs: InstrumentVersion
) -> Collection:
    today = timezone.localdate()
    return services.collection_create(
        actor=actor,  # type: ignore[arg-type]
        organisation=organisation,
        title=label.removeprefix("Students of ").split(" (")[0] + ": wellbeing",
        instruments=[swemwbs],
        source_kind=KIND,
        source_ref=ref,
        timepoints=[
            services.TimepointPlan("baseline", today, 60),
            services.TimepointPlan("end", None, 28),  # the course's last session
        ],
        retain_until=today.replace(year=today.year + 2),
        send_automatically=False,  # the demo sends no e-mail
        add_joiners=True,
    )


def _course_collections(
    actor: object, slug: str, swemwbs: InstrumentVersion, *, only_with: str = ""
) -> list[Collection]:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return []
    source = sources.get(KIND)
    made = []
    for ref, label in source.choices(actor, organisation):  # type: ignore[arg-type]
        if "Spring" not in label:
            continue
        emails = {m.email for m in source.members(actor, organisation, ref)}  # type: ignore[arg-type]
        if only_with and only_with not in emails:
            continue
        made.append(_plan(actor, organisation, ref, label, swemwbs))
        if only_with:
            break
    return made


def load_college_demo(lead: object, coordinator: object, answer: object) -> int:
    """`answer(invitation, instruments, level)` is the demo's answer generator."""
    try:
        sources.get(KIND)
    except ApplicationError:
        return 0  # no colleges app
    if Collection.objects.filter(source_kind=KIND).exists():
        return 0
    swemwbs = InstrumentVersion.objects.get(code="swemwbs", version=1)
    nottingham = _course_collections(lead, "nottinghamshire-healthcare", swemwbs)
    oxford = _course_collections(coordinator, "oxford-recovery-college", swemwbs, only_with=JO)
    for n, invitation in enumerate(
        Invitation.objects.filter(
            timepoint__collection__in=nottingham + oxford, timepoint__kind="baseline"
        )
        .exclude(participant__user=None)
        .exclude(participant__email=JO)
        .select_related("participant__user", "timepoint")
        .order_by("participant__email", "pk")
    ):
        if n % 5 != 4:  # one in five has not answered yet
            answer(invitation, [swemwbs], 1 + n % 3)  # type: ignore[operator]
    _share(coordinator)
    return len(nottingham) + len(oxford)


def _share(coordinator: object) -> None:
    """Jo shares her own scores with Oxford's learning advisor (on Oxford's staff)."""
    oxford = Organisation.objects.filter(slug="oxford-recovery-college").first()
    jo = User.objects.filter(email=JO).first()
    advisor = f"advisor.oxford-recovery-college@{DEMO_DOMAIN}"
    if oxford is None or jo is None or not User.objects.filter(email=advisor).exists():
        return
    if not Affiliation.objects.filter(user__email=advisor, organisation=oxford).exists():
        network_services.affiliation_add(
            actor=coordinator,  # type: ignore[arg-type]
            organisation=oxford,
            email=advisor,
            role=AffiliationRole.STAFF,
        )
    if not ResultShare.objects.filter(owner=jo, organisation=oxford).exists():
        services.share_start(actor=jo, organisation=oxford, email=advisor)
