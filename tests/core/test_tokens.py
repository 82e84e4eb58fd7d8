"""The one single-use token (core/tokens.py): one length, stored hashed, expiry, purpose, and every
link or API token issued before the kernel still working."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

import pytest
from django.utils import timezone

from recoverynet.accounts import services as account_services
from recoverynet.accounts.models import ApiToken
from recoverynet.challenges import frameworks
from recoverynet.challenges import services as challenge_services
from recoverynet.challenges.models import Rater
from recoverynet.core import tokens
from recoverynet.core.errors import NotFound
from recoverynet.network import selectors as network_selectors
from recoverynet.network import services as network_services
from recoverynet.network.models import Invitation
from recoverynet.newsletter import services as newsletter_services
from recoverynet.newsletter.models import Publication, Subscription, SubscriptionStatus


def old_digest(raw: str) -> str:
    """How every copy stored a token before core/tokens.py (decision 0019)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def test_issue_gives_one_length_a_stored_digest_and_an_expiry() -> None:
    before = timezone.now()
    token = tokens.issue("network.invitation", ttl=datetime.timedelta(days=14))
    assert len(token.raw) == 43 and token.raw.replace("-", "").replace("_", "").isalnum()
    assert token.hash == tokens.digest(token.raw) == old_digest(token.raw)
    assert len(token.hash) == tokens.DIGEST_LENGTH and token.raw not in token.hash
    assert token.purpose == "network.invitation"
    assert token.expires_at is not None
    assert before + datetime.timedelta(days=14) <= token.expires_at
    assert token.expires_at <= timezone.now() + datetime.timedelta(days=14)
    prefixed = tokens.issue("accounts.api_token", ttl=None, prefix="rn_")
    assert prefixed.raw.startswith("rn_") and len(prefixed.raw) == 46
    assert prefixed.expires_at is None
    assert len({tokens.issue("challenges.rater_link", ttl=None).raw for _ in range(50)}) == 50


def test_issue_refuses_unknown_purposes_and_lifetimes_that_are_over() -> None:
    with pytest.raises(ValueError, match="purpose"):
        tokens.issue("password.reset", ttl=None)
    with pytest.raises(ValueError, match="lifetime"):
        tokens.issue("network.invitation", ttl=datetime.timedelta(0))


def test_matches_and_expired() -> None:
    token = tokens.issue("challenges.rater_link", ttl=None)
    assert tokens.matches(token.raw, token.hash)
    assert not tokens.matches(token.raw + "x", token.hash)
    assert not tokens.matches("", tokens.digest(""))  # an empty token never matches
    assert not tokens.matches(token.raw, "")  # a used (cleared) token never matches
    assert not tokens.matches(None, token.hash)
    now = timezone.now()
    assert not tokens.expired(None)
    assert not tokens.expired(now + datetime.timedelta(seconds=1), now=now)
    assert tokens.expired(now, now=now)


# --- every use issues the one length, and what was sent before keeps working ---------------------


@pytest.mark.django_db
def test_invitations(world: Any) -> None:
    invitation = network_services.invitation_create(
        actor=world.coordinator_uk, network=world.uk, email="outsider@example.org"
    )
    old_raw = secrets.token_urlsafe(32)
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=old_digest(old_raw))
    assert network_selectors.invitation_by_token(old_raw).pk == invitation.pk
    new = network_services.invitation_create(
        actor=world.coordinator_uk, network=world.uk, email="new@example.org"
    )
    lifetime = new.expires_at - timezone.now()
    assert network_services.INVITATION_LIFETIME - datetime.timedelta(minutes=1) < lifetime
    assert lifetime <= network_services.INVITATION_LIFETIME
    assert len(new.token_hash) == 64


@pytest.mark.django_db
def test_api_tokens(world: Any) -> None:
    new = account_services.api_token_create(actor=world.staff_a, name="Reports")
    assert len(new.raw) == 3 + 43 and new.token.token_hash == old_digest(new.raw)
    assert account_services.api_token_authenticate(new.raw) is not None
    old_raw = "rn_" + secrets.token_urlsafe(32)
    ApiToken.objects.filter(pk=new.token.pk).update(token_hash=old_digest(old_raw))
    found = account_services.api_token_authenticate(old_raw)
    assert found is not None and found.pk == new.token.pk
    assert account_services.api_token_authenticate(new.raw) is None


@pytest.mark.django_db
def test_rater_links_are_the_one_length_and_old_shorter_ones_still_work(world: Any) -> None:
    framework = challenge_services.framework_install(data=frameworks.TEN_CHALLENGES)
    round_ = challenge_services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Spring 2027"
    )
    link = challenge_services.rater_invite_by_link(actor=world.lead_a, round_=round_, name="Sam")
    assert len(link.raw_token) == 43  # was 32 (24 bytes) before the kernel
    assert link.rater.token_hash == old_digest(link.raw_token)
    old_raw = secrets.token_urlsafe(24)
    Rater.objects.filter(pk=link.rater.pk).update(token_hash=old_digest(old_raw))
    assert challenge_services.rater_by_link(old_raw).pk == link.rater.pk


@pytest.mark.django_db
def test_subscription_confirmations(world: Any) -> None:
    publication = Publication.objects.get(network=world.uk)
    subscription = newsletter_services.subscribe(
        publication=publication, email="reader@example.org", method="web form"
    )
    assert subscription is not None
    old_raw = secrets.token_urlsafe(32)
    Subscription.objects.filter(pk=subscription.pk).update(confirm_token_hash=old_digest(old_raw))
    with pytest.raises(NotFound):
        newsletter_services.subscription_confirm(token=old_raw + "x", method="web form")
    confirmed = newsletter_services.subscription_confirm(token=old_raw, method="web form")
    assert confirmed.status == SubscriptionStatus.ACTIVE and confirmed.confirm_token_hash == ""
