"""Outputs (action plans through `plans`, library documents, written outputs, self-assessment
rounds before and after) and fees invoiced through billing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from recoverynet.billing.models import Invoice
from recoverynet.challenges import frameworks
from recoverynet.challenges import services as challenge_services
from recoverynet.core.errors import ApplicationError
from recoverynet.engagements import services
from recoverynet.engagements.models import Engagement, InvoicingMode, Output
from recoverynet.library import services as library_services
from recoverynet.plans import selectors as plan_selectors
from tests.conftest import World, sign_in
from tests.engagements.conftest import END, TODAY, log, package


def test_fee_invoiced_on_agreement_once(world: World) -> None:
    engagement = package(world, invoicing=InvoicingMode.ON_AGREEMENT, fee_net=Decimal("4000.00"))
    invoice = Invoice.objects.get()
    assert invoice.net_total == Decimal("4000.00")
    assert invoice.gross_total == Decimal("4800.00")
    assert invoice.billed_label == engagement.title
    assert invoice.organisation == world.org_a
    body = (
        sign_in(Client(), world.lead_a)
        .get(f"/engagements/{engagement.public_id}/")
        .content.decode()
    )
    assert invoice.number in body


def test_per_milestone(world: World) -> None:
    engagement = package(world, invoicing=InvoicingMode.PER_MILESTONE, kind="programme")
    milestone = services.milestone_add(
        actor=world.consultant_uk,
        engagement=engagement,
        title="Phase one report",
        due_on=END,
        fee_net=Decimal("1500"),
    )
    assert not Invoice.objects.exists()
    services.milestone_reach(
        actor=world.consultant_uk,
        engagement=engagement,
        milestone_id=milestone.pk,
        reached_on=TODAY,
    )
    assert Invoice.objects.get().net_total == Decimal("1500.00")
    with pytest.raises(ApplicationError):
        services.milestone_reach(
            actor=world.consultant_uk,
            engagement=engagement,
            milestone_id=milestone.pk,
            reached_on=TODAY,
        )
    assert Invoice.objects.count() == 1


def test_per_day_used(world: World) -> None:
    engagement = package(world, invoicing=InvoicingMode.PER_DAY, day_rate_net=Decimal("800"))
    log(world, engagement, "1")
    log(world, engagement, "0.5")
    invoice = services.days_invoice(actor=world.consultant_uk, engagement=engagement)
    assert invoice.net_total == Decimal("1200.00")
    assert invoice.lines.count() == 2
    with pytest.raises(ApplicationError) as exc:
        services.days_invoice(actor=world.consultant_uk, engagement=engagement)
    assert exc.value.code == "nothing_to_invoice"
    log(world, engagement, "1")
    assert services.days_invoice(
        actor=world.consultant_uk, engagement=engagement
    ).net_total == Decimal("800.00")


def test_action_plan_output_made_by_plans(world: World, engagement: Engagement) -> None:
    output = services.output_plan_start(
        actor=world.consultant_uk,
        engagement=engagement,
        organisation_id=world.org_a.pk,
        title="Next steps",
    )
    plans = plan_selectors.plans_from_source(
        actor=world.lead_a, kind="engagement", source_id=str(engagement.public_id)
    )
    assert [str(p.public_id) for p in plans] == [output.reference]
    assert plans[0].source_label == engagement.title
    with pytest.raises(ApplicationError) as exc:
        services.output_plan_start(
            actor=world.consultant_uk,
            engagement=engagement,
            organisation_id=world.org_b.pk,
            title="No",
        )
    assert exc.value.field == "organisation"


def test_document_output_keeps_library_visibility(world: World, engagement: Engagement) -> None:
    resource = library_services.resource_submit(
        actor=world.lead_a,
        network=world.uk,
        data=library_services.ResourceInput(
            title="Quality assurance plan", summary="How we check.", kind="briefing_paper"
        ),
        content=library_services.Content(link="https://example.org/qa"),
    )
    # Not approved yet: the consultant can still see it as the network team.
    output = services.output_document_link(
        actor=world.consultant_uk, engagement=engagement, resource_id=resource.public_id
    )
    assert output.title == "Quality assurance plan"
    with pytest.raises(ApplicationError) as exc:
        services.output_document_link(
            actor=world.consultant_uk, engagement=engagement, resource_id=resource.public_id
        )
    assert exc.value.code == "duplicate"


def test_written_outputs(world: World, engagement: Engagement) -> None:
    services.output_add(
        actor=world.consultant_uk,
        engagement=engagement,
        kind="ground_rules",
        title="Ground rules",
        text="Listen.",
    )
    with pytest.raises(ApplicationError) as exc:
        services.output_add(
            actor=world.consultant_uk, engagement=engagement, kind="action_plan", title="x", text=""
        )
    assert exc.value.field == "kind"
    assert Output.objects.count() == 1


def test_rounds_before_and_after(world: World, engagement: Engagement) -> None:
    framework = challenge_services.framework_install(data=frameworks.TEN_CHALLENGES)
    before = challenge_services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Before"
    )
    after = challenge_services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="After"
    )
    services.rounds_link(
        actor=world.consultant_uk,
        engagement=engagement,
        before=before.public_id,
        after=after.public_id,
    )
    body = (
        sign_in(Client(), world.lead_a)
        .get(f"/engagements/{engagement.public_id}/")
        .content.decode()
    )
    assert "Self-assessment before and after" in body
    assert body.index(">Before<") < body.index(">After<")
    other = challenge_services.round_start(
        actor=world.lead_b, organisation=world.org_b, framework=framework, title="Beta"
    )
    with pytest.raises(ApplicationError) as exc:
        services.rounds_link(
            actor=world.consultant_uk, engagement=engagement, before=other.public_id, after=None
        )
    assert exc.value.field == "round_before"
    with pytest.raises(ApplicationError) as exc:
        services.rounds_link(
            actor=world.consultant_uk,
            engagement=engagement,
            before=after.public_id,
            after=before.public_id,
        )
    assert exc.value.field == "round_after"
    _ = datetime


def test_a_plan_links_to_its_engagement_only_for_those_who_may_open_it(
    world: World, engagement: Engagement
) -> None:
    # Alpha's staff read its plans; the engagement is its recovery lead's and the team's. They see
    # what the plan came from, without a link that would end in "not found".
    output = services.output_plan_start(
        actor=world.consultant_uk,
        engagement=engagement,
        organisation_id=world.org_a.pk,
        title="Next steps",
    )
    for actor in (world.lead_a, world.consultant_uk):
        plan = plan_selectors.plan_get(actor=actor, public_id=output.reference)
        assert plan.source_url.endswith(f"/engagements/{engagement.public_id}/")
    plan = plan_selectors.plan_get(actor=world.staff_a, public_id=output.reference)
    assert plan.source_url == "" and plan.source_label == engagement.title
