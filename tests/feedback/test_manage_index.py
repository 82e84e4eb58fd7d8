"""The organisers' feedback page (`feedback:manage`): forms not open yet lead to their event's page,
forms with results to their results, debates to their reports; the report and the results lead
organisers on to running the debate or changing the form, and nobody else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recoverynet.feedback import services
from tests.conftest import page_queries

from .conftest import make_room

pytestmark = pytest.mark.django_db


def _debate(coordinator, room, motion: str = "Peer workers should be distinct roles"):
    return services.debate_create(actor=coordinator, **room.target, motion=motion)


def test_drafts_forms_and_debates_each_lead_somewhere_useful(world, room):
    coordinator = world.coordinator_uk
    draft = services.form_create(actor=coordinator, **room.target)
    later = make_room(world, people=1, prefix="l-", title="Workshop")
    opened = services.form_open(
        actor=coordinator, form=services.form_create(actor=coordinator, **later.target)
    )
    debate = _debate(coordinator, room)
    page = world.client_for("coordinator_uk").get(reverse("feedback:manage"))
    html = page.content.decode()
    assert page.status_code == 200
    target_page = reverse("feedback:for-target", args=["event", room.event.public_id])
    assert "Forms not open yet" in html and target_page in html
    assert reverse("feedback:results", args=[draft.public_id]) not in html  # no results yet
    assert reverse("feedback:results", args=[opened.public_id]) in html
    report = reverse("feedback:debate-report", args=[debate.public_id])
    assert report in html and debate.motion in html
    # The page the draft leads to lets the organisers finish it.
    form_page = reverse("feedback:form-manage", args=[draft.public_id])
    assert form_page in world.client_for("coordinator_uk").get(target_page).content.decode()


def test_another_networks_team_does_not_see_the_debate(world, room):
    debate = _debate(world.coordinator_uk, room)
    page = world.client_for("coordinator_ie").get(reverse("feedback:manage"))
    assert page.status_code == 200
    assert debate.motion not in page.content.decode()
    assert "There are no critical debates yet." in page.content.decode()
    report = reverse("feedback:debate-report", args=[debate.public_id])
    assert world.client_for("coordinator_ie").get(report).status_code == 404
    assert world.client_for("outsider").get(reverse("feedback:manage")).status_code == 403


def test_the_report_leads_only_organisers_on_to_running_the_debate(world, room):
    debate = _debate(world.coordinator_uk, room)
    report = reverse("feedback:debate-report", args=[debate.public_id])
    manage = reverse("feedback:debate-manage", args=[debate.public_id])
    assert manage in world.client_for("coordinator_uk").get(report).content.decode()
    as_host = world.client_for("lead_a").get(report)  # the hosting organisation's lead
    assert as_host.status_code == 200 and manage not in as_host.content.decode()
    as_editor = world.client_for("editor_uk").get(report)  # the network team, not an organiser
    assert as_editor.status_code == 200 and manage not in as_editor.content.decode()


def test_the_results_lead_only_organisers_on_to_the_form(world, room, open_form):
    results = reverse("feedback:results", args=[open_form.public_id])
    form_page = reverse("feedback:form-manage", args=[open_form.public_id])
    organiser = world.client_for("coordinator_uk").get(results).content.decode()
    assert form_page in organiser and "or close it" in organiser
    as_host = world.client_for("lead_a").get(results)
    assert as_host.status_code == 200 and form_page not in as_host.content.decode()


def test_the_feedback_page_does_not_grow_in_queries_with_debates_and_drafts(world, room):
    client = world.client_for("coordinator_uk")
    url = reverse("feedback:manage")
    _debate(world.coordinator_uk, room)
    services.form_create(actor=world.coordinator_uk, **room.target)
    few = page_queries(client, url)
    for i in range(3):
        extra = make_room(world, people=1, prefix=f"x{i}-", title=f"Day {i}")
        _debate(world.coordinator_uk, extra, motion=f"Motion {i}")
        services.form_create(actor=world.coordinator_uk, **extra.target)
    assert page_queries(client, url) == few
