"""The pages of the apps beyond the foundation and events that bench/pages.py measures, each app's
picked from a `generate_scale` installation by one function: (pages, {who: person}). A page's `who`
names the person it is asked for by; each is signed in (and given an API token) by page_subjects."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from page_subjects import Page

    from recoverynet.accounts.models import User

Picked = tuple[list["Page"], dict[str, "User"]]


def colleges() -> Picked:
    """The busy college (colleges/scale.py: the first, ~2,000 students): its current term's largest
    course (30 students, 5 waiting, a register for each past session), its manager, and its first
    student (many enrolments, a shared learning plan)."""
    from page_subjects import Page

    from recoverynet.colleges.models import College, CollegeStaff, Student, Term

    college = College.objects.order_by("pk").first()
    if college is None:
        return [], {}
    term = Term.objects.filter(college=college).order_by("-starts_on")[0]
    course = term.courses.order_by("-capacity", "pk")[0]
    register = course.sessions.filter(attendance__isnull=False).order_by("-number")[0]
    manager = CollegeStaff.objects.filter(college=college, role="manager").order_by("pk")[0].user
    student = Student.objects.filter(college=college).order_by("pk").select_related("user")[0]
    plan = student.learning_plan
    slug, ts, cp = college.slug, term.slug, course.public_id
    manage = f"/manage/colleges/{slug}"
    return [
        Page("colleges", "/colleges/", "anyone"),
        Page("college page", f"/colleges/{slug}/", "anyone"),
        Page("prospectus", f"/colleges/{slug}/terms/{ts}/", "anyone"),
        Page("course page", f"/courses/{cp}/", "anyone"),
        Page("my learning", "/my-learning/", "student"),
        Page("learning plan", f"/learning-plans/{plan.public_id}/", "student"),
        Page("course students", f"{manage}/courses/{cp}/", "college"),
        Page("register", f"{manage}/sessions/{register.pk}/register/", "college"),
        Page("term report", f"{manage}/terms/{ts}/report/", "college"),
        Page("API colleges", "/api/v1/colleges", "anyone", api=True),
        Page("API prospectus", f"/api/v1/colleges/{slug}/terms/{ts}/courses", "anyone", api=True),
        Page("API course", f"/api/v1/courses/{cp}", "anyone", api=True),
        Page("API my enrolments", "/api/v1/me/enrolments", "student", api=True),
        Page("API register", f"/api/v1/sessions/{register.pk}/attendance", "college", api=True),
    ], {"college": manager, "student": student.user}


def feedback_and_outcomes() -> Picked:
    """The busy feedback form (feedback/scale.py: 500 responses; the one its known room card is
    for) and the busiest debate on the same event, seen by a coordinator of the form's network;
    the busiest outcome collection (outcomes/scale.py: 1,000 people, on the busy booker's
    organisation), seen by the lead."""
    from django.db.models import Count
    from page_subjects import Page

    from recoverynet.core.tokens import digest
    from recoverynet.feedback.models import Debate, RoomCard
    from recoverynet.feedback.scale import SCALE_CARD_TOKEN
    from recoverynet.network.models import NetworkRole
    from recoverynet.outcomes.models import Collection

    card = RoomCard.objects.select_related("form__network").filter(
        token_hash=digest(SCALE_CARD_TOKEN)
    )
    busy = Collection.objects.annotate(n=Count("participants")).order_by("-n", "pk")
    if not card.exists() or not busy.exists():
        return [], {}
    form = card[0].form
    debate = (
        Debate.objects.filter(target_kind=form.target_kind, target_id=form.target_id)
        .annotate(n=Count("voters"))
        .order_by("-n", "pk")[0]
    )
    organiser = NetworkRole.objects.filter(network=form.network).order_by("pk")[0].user
    collection = busy.select_related("organisation")[0]
    org, net = collection.organisation.slug, form.network.slug
    f, d, c = form.public_id, debate.public_id, collection.public_id
    return [
        Page("feedback short link", f"/f/{form.short_code}/", "anyone"),
        Page("my feedback", "/me/feedback/", "lead"),
        Page("feedback results", f"/feedback/{f}/results/", "feedback"),
        Page("debate report", f"/debates/{d}/report/", "feedback"),
        Page("feedback index", "/manage/feedback/", "feedback"),
        Page("feedback summary", f"/manage/feedback/summary/{net}/", "feedback"),
        Page("network outcomes", f"/networks/{net}/outcomes/results/", "feedback"),
        Page("outcomes list", f"/organisations/{org}/outcomes/", "lead"),
        Page("outcome collection", f"/outcomes/{c}/", "lead"),
        Page("outcome results", f"/outcomes/{c}/results/", "lead"),
        Page("my questionnaires", "/me/questionnaires/", "lead"),
        Page("API form results", f"/api/v1/feedback/forms/{f}/results", "feedback", api=True),
        Page("API debate results", f"/api/v1/debates/{d}/results", "feedback", api=True),
        Page(
            "API collections", f"/api/v1/organisations/{org}/outcomes/collections", "lead", api=True
        ),
        Page("API collection", f"/api/v1/outcomes/collections/{c}", "lead", api=True),
        Page("API outcome results", f"/api/v1/outcomes/collections/{c}/results", "lead", api=True),
        Page("API my questionnaires", "/api/v1/me/outcomes/questionnaires", "lead", api=True),
    ], {"feedback": organiser}


def plans() -> Picked:
    """The busy action plan (challenges/scale_plans.py: the first plan from a round, 60 actions with their
    notes) and its organisation's plans, for the organisation's recovery lead."""
    from page_subjects import Page

    from recoverynet.network.models import Affiliation
    from recoverynet.plans.models import ActionPlan

    plan = (
        ActionPlan.objects.filter(source_kind="assessment_round")
        .order_by("pk")
        .select_related("organisation")
        .first()
    )
    if plan is None:
        return [], {}
    lead = (
        Affiliation.objects.filter(organisation=plan.organisation, role="recovery_lead")
        .order_by("pk")
        .select_related("user")[0]
        .user
    )
    slug, pid = plan.organisation.slug, plan.public_id
    return [
        Page("action plans", f"/organisations/{slug}/action-plans/", "plan lead"),
        Page("action plan", f"/action-plans/{pid}/", "plan lead"),
        Page(
            "API action plans", f"/api/v1/organisations/{slug}/action-plans", "plan lead", api=True
        ),
        Page("API action plan", f"/api/v1/action-plans/{pid}", "plan lead", api=True),
    ], {"plan lead": lead}


def engagements() -> Picked:
    """The busy programme (engagements/scale.py: the first engagement, ~100 sessions, four clients):
    its lead consultant (the network's second coordinator, so its network lead: the list holds all
    the network's engagements) and the recovery lead of its first client (the client's view)."""
    from page_subjects import Page

    from recoverynet.engagements.models import Engagement
    from recoverynet.network.models import Affiliation

    busy = Engagement.objects.order_by("pk").select_related("lead_consultant", "network").first()
    if busy is None:
        return [], {}
    client = (
        Affiliation.objects.filter(organisation__engagements__engagement=busy, role="recovery_lead")
        .order_by("organisation_id", "pk")
        .select_related("user")[0]
        .user
    )
    detail, slug = f"/engagements/{busy.public_id}/", busy.network.slug
    return [
        Page("engagements", "/engagements/", "consultant"),
        Page("engagement (team)", detail, "consultant"),
        Page("capacity", f"/engagements/capacity/{slug}/", "consultant"),
        Page("engagement (client)", detail, "client lead"),
        Page("our engagements", "/engagements/ours/", "client lead"),
        Page("API engagements", "/api/v1/engagements", "consultant", api=True),
        Page("API engagement", f"/api/v1/engagements/{busy.public_id}", "consultant", api=True),
        Page("API our engagements", "/api/v1/engagements/ours", "client lead", api=True),
    ], {"consultant": busy.lead_consultant, "client lead": client}


def webhooks() -> Picked:
    """The busy endpoint (webhooks/scale.py: the first network's first, 20,000 deliveries): its
    delivery log, for one of the network's coordinators."""
    from page_subjects import Page

    from recoverynet.network.models import NetworkRole
    from recoverynet.webhooks.models import Endpoint

    endpoint = Endpoint.objects.order_by("pk").select_related("network").first()
    if endpoint is None:
        return [], {}
    # The network's last coordinator: the first is the events "organiser" and the second leads the
    # busy engagement ("consultant"); each role needs its own person (a new bench API token
    # revokes the person's earlier one).
    admin = (
        NetworkRole.objects.filter(network=endpoint.network, role="coordinator")
        .order_by("-pk")
        .select_related("user")[0]
        .user
    )
    net, eid = endpoint.network.slug, endpoint.public_id
    return [
        Page("webhook delivery log", f"/manage/{net}/webhooks/{eid}/", "webhooks"),
        Page("API webhook deliveries", f"/api/v1/webhooks/{eid}/deliveries", "webhooks", api=True),
        # Left out until the endpoint list's failure counts are fixed (16 s at factor 0.05, a
        # statement timeout at 0.2: see the report):
        # Page("webhooks", f"/manage/{net}/webhooks/", "webhooks"),
        # Page("API webhooks", f"/api/v1/networks/{net}/webhooks", "webhooks", api=True),
    ], {"webhooks": admin}


APP_PAGES: list[Callable[[], Picked]] = [
    colleges,
    feedback_and_outcomes,
    plans,
    engagements,
    webhooks,
]
