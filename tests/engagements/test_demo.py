"""The engagements demo shows what the team's tool does: the running buddying arrangement carries
milestones (one reached; the programme has phases), shared goals, a top-up waiting and one turned down, a quote kept
with consent, two self-assessments compared, days ready to invoice and pooled feedback; one
consultant has a calendar feed."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from recoverynet.engagements import selectors
from recoverynet.engagements.demo.partnership import TITLE
from recoverynet.engagements.models import CalendarFeed, Engagement, SessionState

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_the_demo_shows_the_features() -> None:
    call_command("load_demo", verbosity=0)
    pair = Engagement.objects.get(title=TITLE)
    assert [m.reached_on is not None for m in pair.milestones.all()] == [False, True]
    programme = Engagement.objects.get(kind="programme")
    assert programme.phases.exists() and programme.milestones.filter(reached_on__isnull=False)
    assert pair.shared_goals.count() == 2 and pair.log.count() == 1
    top_ups = list(pair.allocation.top_ups.all())
    assert sum(1 for t in top_ups if t.rejected_at) == 1
    assert sum(1 for t in top_ups if not t.approved_at and not t.rejected_at) == 1
    assert pair.client_quote and pair.quote_consent
    assert pair.round_before and pair.round_after
    assert pair.sessions.filter(state=SessionState.DELIVERED, invoiced_at__isnull=True).exists()
    blocks, _ = selectors.published_blocks(pair)
    assert len(blocks) == 1 and blocks[0]["respondents"] >= 8
    assert CalendarFeed.objects.filter(consultant__email__startswith="consultant.uk@").exists()
    # The newest engagement: the team's list (and so the crawl) opens it first.
    for email in ("coordinator.uk", "consultant.uk"):
        person = User.objects.get(email=f"{email}@demo.recoverynet.example")
        first = selectors.engagements_for_team(actor=person).first()
        assert first is not None and first.pk == pair.pk, email
    call_command("load_demo", verbosity=0)  # idempotent
    assert Engagement.objects.filter(title=TITLE).count() == 1
