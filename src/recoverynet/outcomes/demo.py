"""Demo outcome questionnaires (idempotent):

- Oxford Recovery College: placeholder wording for QPR-15 and SWEMWBS (clearly marked: demo text,
  not the licensed items), a course cohort of 23 students asked at the start and at the end, with
  generated answers (most improve a little; a few have not answered the follow-up yet, so the
  follow-up list shows them), and Jo Bennett's own results page (student.oxford).
- Northumberland, Tyne and Wear: a small staff group whose results are suppressed.
- Recovery College courses (`demo_college.py`): Nottingham's spring courses pooled and published,
  and Jo's baseline still to answer on her Oxford course, with her scores shared.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from recoverynet.network import services as network_services
from recoverynet.network.models import Affiliation, AffiliationRole, Organisation

from . import services
from .demo_college import load_college_demo
from .models import Collection, InstrumentVersion, Invitation, Wording

User = get_user_model()
DEMO_DOMAIN = "demo.recoverynet.example"
COURSE_TITLE = "Understanding recovery: autumn course"
SMALL_TITLE = "Carers' lead group: wellbeing check"
FIRST_NAMES = [
    "Amira", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hassan", "Isla", "Jack", "Kiran",
    "Leah", "Marcus", "Nadia", "Owen", "Priya", "Rhys", "Sian", "Tom", "Uma", "Wes", "Yasmin",
]  # fmt: skip
SURNAMES = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Hughes", "Khan", "Patel", "Wright"]


def _placeholder(instrument: InstrumentVersion, organisation: Organisation, actor: object) -> None:
    if Wording.objects.filter(instrument=instrument, organisation=organisation).exists():
        return
    definition = instrument.definition
    count = len(definition["items"])
    points = definition["scale"]["max"] - definition["scale"]["min"] + 1
    services.wording_load(
        actor=actor,  # type: ignore[arg-type]
        instrument=instrument,
        organisation=organisation,
        licence_type="other",
        licence_reference="DEMO ONLY: placeholder text, no licence",
        licence_expires=None,
        licence_confirmed=True,
        items="\n".join(
            f"[Placeholder question {n}: not the licensed wording]" for n in range(1, count + 1)
        ),
        labels="\n".join(f"[Placeholder answer {n}]" for n in range(1, points + 1)),
        introduction="Demo text: the real questionnaire's introduction would be here.",
        placeholder=True,
    )


def _students(organisation: Organisation, coordinator: object) -> None:
    for n, first in enumerate(FIRST_NAMES):
        email = f"student{n + 1:02d}.oxford@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=None, full_name=f"{first} {SURNAMES[n % len(SURNAMES)]}"
            )
        if not Affiliation.objects.filter(user=user, organisation=organisation).exists():
            network_services.affiliation_add(
                actor=coordinator,  # type: ignore[arg-type]
                organisation=organisation,
                email=email,
                role=AffiliationRole.STUDENT,
            )


def _answer(
    invitation: Invitation, instruments: list[InstrumentVersion], level: int, uplift: float = 0
) -> None:
    """Answers around `level` (0 to 4 above the scale's lowest value), each item one higher with
    probability `uplift`."""
    rng = random.Random(invitation.pk)
    answers: dict[tuple[int, int], int | None] = {}
    for instrument in instruments:
        low, high = instrument.definition["scale"]["min"], instrument.definition["scale"]["max"]
        for item in instrument.definition["items"]:
            bump = 1 if rng.random() < uplift else 0
            value = low + level + bump + rng.choice((-1, 0, 0, 1))
            answers[(instrument.pk, item["number"])] = max(low, min(high, value))
    user = invitation.participant.user
    services.answers_save(actor=user, invitation=invitation, answers=answers, finish=True)  # type: ignore[arg-type]


def _course(coordinator: object) -> int:
    oxford = Organisation.objects.get(slug="oxford-recovery-college")
    if Collection.objects.filter(organisation=oxford, title=COURSE_TITLE).exists():
        return 0
    instruments = list(InstrumentVersion.objects.filter(code__in=["qpr-15", "swemwbs"], version=1))
    for instrument in instruments:
        _placeholder(instrument, oxford, coordinator)
    _students(oxford, coordinator)
    today = timezone.localdate()
    collection = services.collection_create(
        actor=coordinator,  # type: ignore[arg-type]
        organisation=oxford,
        title=COURSE_TITLE,
        instruments=instruments,
        source_kind="team",
        source_ref="team",
        timepoints=[
            services.TimepointPlan("baseline", today - datetime.timedelta(days=90), 21),
            services.TimepointPlan("end", today - datetime.timedelta(days=7), 28),
            services.TimepointPlan("later", today + datetime.timedelta(days=90), 28),
        ],
        retain_until=today + datetime.timedelta(days=730),
    )
    baseline, end, _ = list(collection.timepoints.all())
    invitations = list(
        Invitation.objects.filter(timepoint__in=[baseline, end])
        .exclude(participant__user=None)
        .select_related("participant__user", "timepoint")
        .order_by("participant__email", "timepoint__position")
    )
    for invitation in invitations:
        email = invitation.participant.email
        rng = random.Random(email)
        start = rng.choice((1, 1, 2))
        if invitation.timepoint == baseline:
            _answer(invitation, instruments, start)
        elif not email.startswith(("student2", "student19")):  # these still have it due
            _answer(invitation, instruments, start, uplift=rng.choice((0.0, 0.3, 0.6, 0.8, 1.0)))
    return 1


def _small_group(lead: object) -> int:
    ntw = Organisation.objects.get(slug="ntw")
    if Collection.objects.filter(organisation=ntw, title=SMALL_TITLE).exists():
        return 0
    swemwbs = InstrumentVersion.objects.get(code="swemwbs", version=1)
    _placeholder(swemwbs, ntw, lead)
    today = timezone.localdate()
    collection = services.collection_create(
        actor=lead,  # type: ignore[arg-type]
        organisation=ntw,
        title=SMALL_TITLE,
        instruments=[swemwbs],
        source_kind="team",
        source_ref="team",
        timepoints=[
            services.TimepointPlan("baseline", today - datetime.timedelta(days=60), 14),
            services.TimepointPlan("end", today - datetime.timedelta(days=5), 14),
        ],
        retain_until=today + datetime.timedelta(days=365),
    )
    for invitation in Invitation.objects.filter(timepoint__collection=collection).select_related(
        "participant__user"
    ):
        if invitation.participant.user is not None:
            _answer(invitation, [swemwbs], 2)
    return 1


def load_demo() -> dict[str, int]:
    services.instruments_install_builtin()
    coordinator = User.objects.get(email=f"coordinator.uk@{DEMO_DOMAIN}")
    lead = User.objects.get(email=f"lead.ntw@{DEMO_DOMAIN}")
    made = _course(coordinator) + _small_group(lead)
    nottingham_lead = User.objects.filter(email=f"lead.nottingham@{DEMO_DOMAIN}").first()
    nottingham = Organisation.objects.filter(slug="nottinghamshire-healthcare").first()
    if nottingham_lead is not None and nottingham is not None:
        swemwbs = InstrumentVersion.objects.get(code="swemwbs", version=1)
        _placeholder(swemwbs, nottingham, nottingham_lead)
        made += load_college_demo(nottingham_lead, coordinator, _answer)
    # Results are only ever shown as published snapshots (decision 0033): publish the first ones.
    return {"collections": made, "snapshots": services.snapshots_publish()}
