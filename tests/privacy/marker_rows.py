"""Rows of credit notes and of the four newer apps (feedback, engagements, outcomes, colleges) for
the marker test: the person in every table of theirs that can be about them, plus the rows that
hold text about people without naming anyone (anonymous answers, invoice lines, review notes).

Built with the ORM (not services) so that every declared field is set, however the apps' own
screens fill it; the marker test then overwrites each declared text field with a marker."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from recoverynet.billing import services as billing_services
from recoverynet.billing.models import Invoice
from recoverynet.colleges import models as col
from recoverynet.colleges.models import network as net
from recoverynet.engagements import models as eng
from recoverynet.feedback import models as fb
from recoverynet.outcomes import models as out
from recoverynet.outcomes import services as outcome_services


def credit_note(person: Any) -> list[models.Model]:
    invoice = Invoice.objects.filter(person=person).order_by("pk").first()
    assert invoice is not None, "the person's booking made an invoice"
    note = billing_services.credit_note_issue(actor=None, invoice=invoice, reason="Cancelled")
    assert note is not None
    return [*invoice.lines.all(), *note.lines.all()]


def feedback(world: Any, person: Any, name: str, past: datetime.datetime) -> list[models.Model]:
    common = {"network": world.uk, "target_kind": "event", "target_id": "1", "target_label": "E"}
    form = fb.FeedbackForm.objects.create(
        **common,
        title="Form",
        intro="",
        target_ends_at=past,
        closes_at=past,
        status="closed",
        salt="salt",
        short_code="MKFORM",
        created_by=person,
    )
    contact = fb.Question.objects.create(
        form=form, kind="short_text", text="E-mail", hint="", purpose="contact"
    )
    general = fb.Question.objects.create(form=form, kind="long_text", text="What helped?", hint="")
    response = fb.Response.objects.create(form=form, edit_tag="tag")
    answers = [
        fb.Answer.objects.create(response=response, question=q, text="t", hidden_reason="")
        for q in (contact, general)
    ]
    fb.Respondent.objects.create(form=form, person=person)
    debate = fb.Debate.objects.create(
        **common,
        motion="Motion",
        description="",
        salt="salt",
        short_code="MKDEBATE",
        created_by=person,
    )
    fb.Speaker.objects.create(debate=debate, side="for", name=name, role="Chair", person=person)
    voter = fb.Voter.objects.create(debate=debate, token_hash="v" * 64)
    return [response, *answers, voter]


def engagements(world: Any, person: Any, name: str, email: str, day: Any) -> list[models.Model]:
    engagement = eng.Engagement.objects.create(
        network=world.uk,
        kind="programme",
        title="Programme",
        summary="s",
        starts_on=day,
        ends_on=day,
        client_contact_name=name,
        client_contact_email=email,
        lead_consultant=person,
        purchase_order="PO",
        client_quote="q",
        created_by=person,
    )
    eng.TeamMember.objects.create(engagement=engagement, consultant=person, expertise="x")
    allocation = eng.Allocation.objects.create(
        engagement=engagement, days=Decimal(2), agreed_by=person
    )
    eng.TopUp.objects.create(
        allocation=allocation,
        days=Decimal(1),
        reason="r",
        requested_by=person,
        approved_by=person,
    )
    eng.Session.objects.create(
        engagement=engagement,
        state="delivered",
        on=day,
        consultant=person,
        days=Decimal(1),
        place="",
        notes="n",
        over_run_reason="o",
        logged_by=person,
    )
    eng.Output.objects.create(
        engagement=engagement,
        kind="document",
        title="Doc",
        text="t",
        reference="",
        url="",
        created_by=person,
    )
    eng.LogEntry.objects.create(engagement=engagement, on=day, text="t", author=person)
    eng.ConsultantMonth.objects.create(
        network=world.uk, consultant=person, month=day.replace(day=1), available_days=Decimal(5)
    )
    return []


def outcomes(world: Any, person: Any, name: str, email: str, day: Any) -> list[models.Model]:
    outcome_services.instruments_install_builtin()
    instrument = out.InstrumentVersion.objects.get(code="swemwbs")
    out.Wording.objects.create(
        instrument=instrument,
        organisation=world.org_a,
        licence_type="free",
        licence_reference="ref",
        confirmed_at=timezone.now(),
        confirmed_by=person,
        introduction="",
        items=[],
        labels=[],
    )
    collection = out.Collection.objects.create(
        organisation=world.org_a,
        title="Collection",
        source_kind="team",
        source_ref="team",
        source_label="Team",
        retain_until=day,
        created_by=person,
    )
    timepoint = out.Timepoint.objects.create(
        collection=collection, kind="baseline", position=1, due_from=day, within_days=14
    )
    participant = out.Participant.objects.create(
        collection=collection, name=name, email=email, user=person
    )
    out.Invitation.objects.create(participant=participant, timepoint=timepoint, token_hash="i" * 64)
    pseudonym = out.Pseudonym.objects.create(collection=collection)
    out.LinkageKey.objects.create(participant=participant, pseudonym=pseudonym)
    response = out.Response.objects.create(
        pseudonym=pseudonym, timepoint=timepoint, instrument=instrument
    )
    out.Answer.objects.create(response=response, item=1, value=3)
    out.ResultShare.objects.create(owner=person, viewer=world.lead_a, organisation=world.org_a)
    return [response]


def colleges(world: Any, person: Any, name: str, day: Any) -> list[models.Model]:
    at = timezone.now() - datetime.timedelta(days=3)
    college, other = (
        col.College.objects.create(
            organisation=org,
            name=f"College {slug}",
            slug=slug,
            summary="s",
            who_for="w",
            how_to_enrol="h",
            contact_phone="01234",
            website="",
            certificate_signatory="Signatory",
        )
        for org, slug in ((world.org_a, "mk-a"), (world.org_b, "mk-b"))
    )
    col.CollegeStaff.objects.create(college=college, user=person, role="manager")
    term = col.Term.objects.create(
        college=college,
        name="Term",
        slug="term",
        starts_on=day,
        ends_on=day,
        introduction="",
        published_by=person,
    )
    course = col.Course.objects.create(
        term=term,
        title="Course",
        topic="recovery",
        what_you_will_learn="w",
        who_for="w",
        accessibility="a",
        capacity=10,
        coproduction_notes="c",
        cofacilitation_reason="r",
        cofacilitation_reason_by=person,
    )
    session = col.CourseSession.objects.create(
        course=course,
        number=1,
        starts_at=at,
        ends_at=at + datetime.timedelta(hours=2),
        joining_information="",
        online=True,
    )
    col.Facilitator.objects.create(session=session, user=person, role="peer_trainer")
    student = col.Student.objects.create(
        college=college,
        user=person,
        preferred_name="Mk",
        phone="07000",
        answers={"q": "a"},
        registered_by=person,
    )
    enrolment = col.Enrolment.objects.create(
        course=course, student=student, status="enrolled", how="", enrolled_by=person
    )
    col.Attendance.objects.create(
        enrolment=enrolment, session=session, mark="present", recorded_by=person
    )
    col.Certificate.objects.create(enrolment=enrolment, name_on_certificate=name, issued_by=person)
    plan = col.LearningPlan.objects.create(student=student, goals="g")
    col.LearningPlanNote.objects.create(plan=plan, text="t", author=person)
    net.FidelityLicence.objects.create(
        network=world.uk, licence_holder="Holder", terms_confirmed_at=at, confirmed_by=person
    )
    fidelity = net.FidelityReview.objects.create(
        college=college, network=world.uk, title="Fidelity", started_by=person
    )
    rated = net.FidelityResponse.objects.create(review=fidelity, rater=person, version="student")
    net.FidelityRating.objects.create(response=rated, component="learning", evidence="e")
    net.FidelityAgreement.objects.create(
        review=fidelity, component="learning", rationale="r", agreed_by=person
    )
    review = net.PeerReview.objects.create(
        network=world.uk, college=college, created_by=person, report_summary="s", response="r"
    )
    entry = net.SelfReviewEntry.objects.create(
        review=review, area="learning", rating="met", commentary="c", evidence="e"
    )
    net.PeerReviewer.objects.create(review=review, user=person, home_college=other, role="peer")
    slot = net.VisitSlot.objects.create(
        review=review,
        starts_at=datetime.time(10),
        ends_at=datetime.time(11),
        activity="Visit",
        with_whom=name,
    )
    net.PeerFinding.objects.create(review=review, kind="strength", text="t", written_by=person)
    pair = net.MentoringPair.objects.create(
        network=world.uk,
        mentor=college,
        mentee=other,
        started_on=day,
        ended_on=day,
        end_state="goals_met",
        end_note="n",
    )
    goal = net.MentoringGoal.objects.create(pair=pair, text="t")
    net.MentoringCheckIn.objects.create(pair=pair, held_on=day, notes="n", recorded_by=person)
    return [college, entry, slot, pair, goal]


def newer_apps(world: Any, person: Any, name: str, email: str) -> list[models.Model]:
    """Every row above; returns the rows about nobody in particular (subject=()) to fill too."""
    past = timezone.now() - datetime.timedelta(days=3)
    day = timezone.localdate() - datetime.timedelta(days=3)
    return [
        *credit_note(person),
        *feedback(world, person, name, past),
        *engagements(world, person, name, email, day),
        *outcomes(world, person, name, email, day),
        *colleges(world, person, name, day),
    ]
