"""`generate_scale` for outcomes: collections in proportion, the pseudonymity rules kept (answers
name nobody, pseudonyms made in the order of first answers, the linkage key the only join, a
forgotten collection without people), invitations that agree with the answers, scores as the
service scores them, published snapshots, the busy collection, and the benchmark's pages."""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.db.models import Count, Min
from django.test import Client

from recoverynet.accounts.services import api_token_create
from recoverynet.core.models import AggregateSnapshot
from recoverynet.events.models import Booking
from recoverynet.network.models import Affiliation, NetworkRole, Organisation
from recoverynet.outcomes.instruments import parse
from recoverynet.outcomes.instruments.scoring import score
from recoverynet.outcomes.models import (
    Answer,
    Collection,
    Invitation,
    LinkageKey,
    Participant,
    Pseudonym,
    Response,
    ResponseStatus,
    Timepoint,
)
from tests.conftest import TOTP_SECRET, bearer
from tests.scale_data import generate_scale

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)


def _generate() -> None:
    generate_scale("network,events,outcomes", anchor=TODAY.isoformat())


def _busy() -> Collection:
    return Collection.objects.annotate(n=Count("participants")).order_by("-n", "pk")[0]


def test_collections_people_and_answers_keep_the_rules() -> None:
    _generate()
    collections = Collection.objects.all()
    assert collections.count() == 8  # 2,000 at full size
    for c in collections.prefetch_related("timepoints"):
        points = list(c.timepoints.order_by("position"))
        assert [t.kind for t in points][:2] == ["baseline", "end"]
        assert all(a.due_from < b.due_from for a, b in itertools.pairwise(points))
        closes = points[-1].due_from + datetime.timedelta(days=points[-1].within_days)
        assert c.retain_until > closes
        assert (c.key_destroyed_at is not None) == (c.retain_until < TODAY)
        if c.key_destroyed_at is not None:  # forgotten: no people, links or keys
            assert not c.participants.exists()
        assert c.instruments.exists()
    # Each team collection asks its organisation's people (the busy one also people by e-mail).
    busy = _busy()
    assert busy.participants.count() == 1_000
    for c in collections.exclude(pk=busy.pk).filter(key_destroyed_at=None):
        team = set(
            Affiliation.objects.filter(organisation=c.organisation).values_list("user", flat=True)
        )
        assert set(c.participants.values_list("user", flat=True)) == team
    assert not busy.participants.filter(user=None).exclude(user=None)
    # An invitation per person and timepoint; done exactly when every questionnaire is finished.
    assert Invitation.objects.count() == sum(
        c.participants.count() * c.timepoints.count() for c in collections
    )
    finished: dict[tuple[int, int], set[int]] = defaultdict(set)
    keys = dict(LinkageKey.objects.values_list("pseudonym_id", "participant_id"))
    for pseudonym, timepoint, instrument in Response.objects.filter(
        status=ResponseStatus.COMPLETE
    ).values_list("pseudonym_id", "timepoint_id", "instrument_id"):
        if pseudonym in keys:
            finished[(keys[pseudonym], timepoint)].add(instrument)
    wanted = {c.pk: c.instruments.count() for c in collections}
    for inv in Invitation.objects.select_related("timepoint"):
        done = (
            len(finished.get((inv.participant_id, inv.timepoint_id), ()))
            == wanted[inv.timepoint.collection_id]
        )
        assert inv.done == done
        assert (inv.token_hash == "") == (inv.done or inv.sent_on is None)
        assert inv.reminders_sent <= 2
        if inv.timepoint.due_from > TODAY:
            assert inv.sent_on is None and not inv.done
    # Pseudonyms: one per person who answered, one key each, made in the order of first answers.
    assert Pseudonym.objects.count() == Pseudonym.objects.exclude(responses=None).count()
    assert (
        LinkageKey.objects.count()
        == Participant.objects.filter(pk__in=LinkageKey.objects.values("participant")).count()
    )
    for c in collections:
        firsts = list(
            Pseudonym.objects.filter(collection=c, responses__status=ResponseStatus.COMPLETE)
            .annotate(first=Min("responses__completed_on"))
            .order_by("pk")
            .values_list("first", flat=True)
        )
        assert firsts == sorted(firsts)
    # Answers: every item of a finished questionnaire, scored as the service scores them.
    for response in Response.objects.filter(status=ResponseStatus.COMPLETE).select_related(
        "instrument", "timepoint"
    )[:300]:
        definition = parse(response.instrument.definition)
        answers = dict(response.answers.values_list("item", "value"))
        assert len(answers) == definition.item_count
        result = score(definition, answers)
        assert (response.raw_score, response.score, response.missing) == (
            result.raw,
            result.score,
            result.missing,
        )
        closes = response.timepoint.due_from + datetime.timedelta(
            days=response.timepoint.within_days
        )
        assert response.completed_on is not None
        assert response.timepoint.due_from <= response.completed_on <= min(closes, TODAY)
    assert not Response.objects.filter(status=ResponseStatus.DRAFT).exclude(score=None)
    assert Answer.objects.count() > 5 * Response.objects.count()
    assert Timepoint.objects.filter(due_from__gt=TODAY).exclude(responses=None).count() == 0


def test_the_busy_collection_is_linked_and_published() -> None:
    _generate()
    busy = _busy()
    baseline, end = busy.timepoints.order_by("position")[:2]
    scored = Response.objects.filter(score__isnull=False)
    paired = (
        Pseudonym.objects.filter(collection=busy, responses__in=scored.filter(timepoint=baseline))
        .filter(responses__in=scored.filter(timepoint=end))
        .count()
    )
    assert paired >= 700
    for c in Collection.objects.filter(timepoints__responses__status="complete").distinct():
        assert AggregateSnapshot.objects.filter(
            kind="outcomes.collection", scope=str(c.public_id)
        ).exists()
    snapshot = AggregateSnapshot.objects.get(kind="outcomes.collection", scope=str(busy.public_id))
    (cell,) = [v for v in snapshot.data["cells"].values() if v["follow_up"] == "end"]
    assert cell["figures"]["n_paired"] == paired and cell["figures"]["shown"]


def test_the_benchmark_pages_answer() -> None:
    _generate()
    busy = _busy()
    top = Booking.objects.values("booker").annotate(n=Count("pk")).order_by("-n", "booker")[0]
    lead = Affiliation.objects.get(user_id=top["booker"]).user
    org: Organisation = busy.organisation
    assert Affiliation.objects.get(user=lead).organisation == org
    client = Client()
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    for path in (
        f"/organisations/{org.slug}/outcomes/",
        f"/outcomes/{busy.public_id}/",
        f"/outcomes/{busy.public_id}/results/",
    ):
        assert client.get(path).status_code == 200, path
    api = Client(**bearer(api_token_create(actor=lead, name="test").raw))
    for path in (
        f"/api/v1/organisations/{org.slug}/outcomes/collections",
        f"/api/v1/outcomes/collections/{busy.public_id}",
        f"/api/v1/outcomes/collections/{busy.public_id}/results",
    ):
        assert api.get(path).status_code == 200, path
    organiser = NetworkRole.objects.filter(network__memberships__organisation=org)[0].user
    TOTP.activate(organiser, TOTP_SECRET)
    team = Client()
    team.force_login(organiser, backend="django.contrib.auth.backends.ModelBackend")
    slug = org.memberships.get().network.slug
    assert team.get(f"/networks/{slug}/outcomes/results/").status_code == 200
    # A participant's own questionnaires.
    person = busy.participants.exclude(user=None).exclude(user=lead)[0].user
    own = Client()
    own.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    assert own.get("/me/questionnaires/").status_code == 200
