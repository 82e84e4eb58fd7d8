"""Outcomes pages and endpoints × every role (extends tests/permissions.py), and the proof that the
linkage key (person ↔ pseudonym) is reachable from no page and no endpoint."""

import pytest
from django.contrib import admin
from django.urls import URLPattern, get_resolver

from recoverynet.outcomes import services
from recoverynet.outcomes.models import Collection, LinkageKey, Participant, Pseudonym
from tests.permissions import EVERYONE, SIGNED_IN, UK_TEAM, Rule, assert_matrix

from .conftest import invitation_of, link_for, swemwbs_answers

pytestmark = pytest.mark.django_db

PLANNERS = frozenset({"lead_a", "coordinator_uk", "admin"})
FOLLOW_UP = PLANNERS | {"staff_a"}
RESULTS = FOLLOW_UP | UK_TEAM


def rules(ow, raw, own_invitation):
    c = ow.collection.public_id
    org = "/organisations/alpha-nhs-trust"
    return [
        Rule(f"{org}/outcomes/", RESULTS),
        Rule(f"{org}/outcomes/wording/", PLANNERS),
        Rule(f"{org}/outcomes/new/", PLANNERS),
        Rule(f"{org}/outcomes/signposts/", PLANNERS),
        Rule("/outcomes/instruments/", SIGNED_IN),
        Rule(f"/outcomes/{c}/", FOLLOW_UP),
        Rule(f"/outcomes/{c}/results/", RESULTS),
        Rule(f"{org}/outcomes/pools/college-alpha/", RESULTS),
        Rule("/networks/uk/outcomes/results/", UK_TEAM),
        Rule(f"/outcomes/{c}/export.csv", PLANNERS),
        Rule(f"/outcomes/{c}/export.xlsx", PLANNERS),
        Rule("/me/questionnaires/", SIGNED_IN),
        Rule("/outcomes/shared-with-me/", SIGNED_IN),
        Rule(f"/me/questionnaires/{own_invitation}/", frozenset({"lead_a"})),
        Rule(f"/q/{raw}/", EVERYONE),
        Rule("/api/v1/outcomes/instruments", SIGNED_IN, api=True),
        Rule("/api/v1/outcomes/instruments/swemwbs/1", SIGNED_IN, api=True),
        Rule(f"/api/v1{org}/outcomes/wording/swemwbs/1", FOLLOW_UP, api=True),
        Rule(f"/api/v1{org}/outcomes/collections", RESULTS, api=True),
        Rule(f"/api/v1/outcomes/collections/{c}", FOLLOW_UP, api=True),
        Rule(f"/api/v1/outcomes/collections/{c}/due", FOLLOW_UP, api=True),
        Rule(f"/api/v1/outcomes/collections/{c}/results", RESULTS, api=True),
        Rule(f"/api/v1{org}/outcomes/pools", RESULTS, api=True),
        Rule(f"/api/v1{org}/outcomes/pools/college-alpha/results", RESULTS, api=True),
        Rule("/api/v1/networks/uk/outcomes/results", UK_TEAM, api=True),
        Rule(f"/api/v1{org}/outcomes/signposts", PLANNERS, api=True),
        Rule("/api/v1/me/outcomes/shares", SIGNED_IN, api=True),
        Rule("/api/v1/me/outcomes/shared-with-me", SIGNED_IN, api=True),
        Rule("/api/v1/me/outcomes/questionnaires", SIGNED_IN, api=True),
        Rule(
            f"/api/v1/me/outcomes/questionnaires/{own_invitation}", frozenset({"lead_a"}), api=True
        ),
        Rule(f"/api/v1/outcomes/collections/{c}/export.csv", PLANNERS, api=True),
        Rule("/api/v1/me/outcomes/results", SIGNED_IN, api=True),
        Rule(f"/api/v1/outcomes/questionnaires/{raw}", EVERYONE, api=True),
    ]


@pytest.fixture
def answered(ow):
    """The student and a staff member have answered the baseline, so pseudonyms exist."""
    for user in (ow.student, ow.staff_a):
        services.answers_save(
            actor=user,
            invitation=invitation_of(ow, user.email, ow.baseline),
            answers=swemwbs_answers(ow),
            finish=True,
        )
    # The collection is one of a college's, pooled; its figures and the pools are published.
    Collection.objects.filter(pk=ow.collection.pk).update(
        pool_key="college-alpha", pool_label="Alpha Recovery College"
    )
    services.snapshots_publish()
    return ow


def test_outcomes_matrix(answered):
    ow = answered
    raw = link_for(invitation_of(ow, "lead.a@example.org", ow.baseline))
    own = invitation_of(ow, "lead.a@example.org", ow.baseline).pk
    assert_matrix(ow, rules(ow, raw, own))


def test_every_outcomes_page_is_in_the_matrix(answered):
    """A new page or endpoint must be added to the matrix above (and so to the linkage proof)."""
    from recoverynet.outcomes import urls
    from recoverynet.outcomes.api.router import router

    pages = {p.name for p in urls.urlpatterns if isinstance(p, URLPattern)}
    # Pages that only take POST (send-links) are covered by the service tests.
    assert pages - {
        "send-links",
        "share-start",
        "share-stop",
        "results-publish",
        "pool-publish",
        "network-pool-publish",
    } == {
        "pool",
        "network-pool",
        "organisation",
        "wording",
        "signposts",
        "collection-new",
        "instruments",
        "collection",
        "results",
        "export",
        "answer",
        "mine",
        "answer-self",
        "shared-with-me",
    }
    operations = {
        (method, path)
        for path, view in router.path_operations.items()
        for op in view.operations
        for method in op.methods
    }
    gets = {path for method, path in operations if method == "GET"}
    assert len(gets) == 18, gets


def test_the_linkage_key_is_reachable_from_no_page_or_endpoint(answered):
    """Every page and endpoint, as every role (administrators too): no answer ever holds a
    pseudonym together with a name or e-mail address of anyone in the collection."""
    ow = answered
    raw = link_for(invitation_of(ow, "lead.a@example.org", ow.baseline))
    own = invitation_of(ow, "lead.a@example.org", ow.baseline).pk
    codes = [str(p.code) for p in Pseudonym.objects.all()]
    assert len(codes) == 2
    people = [(p.name, p.email) for p in Participant.objects.all()]
    leaks = []
    seen = {"code": False, "person": False}
    for role in ("anonymous", "outsider", "staff_a", "lead_a", "coordinator_uk", "admin"):
        client = ow.client_for(role)
        for rule in rules(ow, raw, own):
            response = client.get(rule.resolve(ow))
            body = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode("utf-8", "replace")
            has_code = any(code in body for code in codes)
            has_person = any(name in body or email in body for name, email in people)
            seen["code"] |= has_code
            seen["person"] |= has_person
            if has_code and has_person:
                leaks.append(f"{role} {rule.resolve(ow)}")
    assert not leaks, leaks
    # Not vacuous: pseudonyms (the export) and names (who is due) are each shown somewhere.
    assert seen == {"code": True, "person": True}


def test_the_linkage_key_is_not_in_the_admin_site():
    assert LinkageKey not in admin.site._registry
    assert Pseudonym not in admin.site._registry


def test_no_url_names_the_linkage():
    names = [
        str(p.pattern)
        for p in get_resolver().url_patterns
        if "linkage" in str(p.pattern) or "pseudonym" in str(p.pattern)
    ]
    assert names == []
