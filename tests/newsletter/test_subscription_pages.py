"""Subscriber pages: subscribe (double opt-in), confirm, unsubscribe (including RFC 8058 one-click)
and the preferences page. None of them may reveal whether an address is subscribed."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recoverynet.newsletter import services
from recoverynet.newsletter.models import (
    ConsentEvent,
    ConsentRecord,
    Publication,
    Subscription,
    SubscriptionStatus,
    Suppression,
)
from recoverynet.newsletter.public_views import mask_email
from recoverynet.newsletter.throttle import SUBSCRIBE_LIMIT
from tests.conftest import World, sign_in
from tests.newsletter.factories import active_subscriber, publication_of


@pytest.fixture
def pub(world: World) -> Publication:
    return publication_of(world.uk)


def _subscribe(client: Client, data: dict[str, str], network: str = "uk") -> Any:
    return client.post(reverse("newsletter:subscribe", args=[network]), data)


def _confirm_link(email: str) -> str:
    message = [m for m in mail.outbox if m.to == [email]][-1]
    found = re.search(r"https://recoverynet\.example(/newsletter/confirm/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def _asked(client: Client, email: str, capture: Any) -> str:
    """Subscribe through the form and return the path of the e-mailed confirmation link."""
    with capture(execute=True):
        response = _subscribe(client, {"email": email, "consent": "on"})
    assert response.status_code == 200
    return _confirm_link(email.lower())


# --- Subscribing ---------------------------------------------------------------------------------


def test_subscribe_form_page(client: Client, world: World, pub: Publication) -> None:
    response = client.get(reverse("newsletter:subscribe", args=["uk"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>Subscribe to {pub.title}</h1>" in html
    assert f'for="id_consent">{pub.consent_text}</label>' in html
    assert 'for="id_email"' in html


def test_subscribing_sends_a_confirmation_and_records_consent(
    client: Client, world: World, pub: Publication, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(client, {"email": " Reader@Example.org ", "consent": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Check your e-mail</h1>" in html
    subscription = Subscription.objects.get(publication=pub)
    assert subscription.email == "reader@example.org"
    assert subscription.status == SubscriptionStatus.PENDING
    record = ConsentRecord.objects.get(subscription=subscription)
    assert record.event == ConsentEvent.REQUESTED
    assert record.method == "web form"
    assert record.ip == "127.0.0.1"
    assert record.consent_text == pub.consent_text
    assert _confirm_link("reader@example.org").startswith("/newsletter/confirm/")


def test_consent_is_required(client: Client, world: World, pub: Publication) -> None:
    response = _subscribe(client, {"email": "reader@example.org"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert '<a href="#id_consent">Tick the box to say you agree to get the newsletter.</a>' in html
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("email", ["not-an-address", "", "a@b@example.org"])
def test_a_bad_address_is_refused(client: Client, world: World, email: str) -> None:
    response = _subscribe(client, {"email": email, "consent": "on"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_email"' in html
    assert "e-mail address" in html
    assert not Subscription.objects.exists()


def test_the_answer_does_not_reveal_who_is_subscribed(
    world: World, pub: Publication, django_capture_on_commit_callbacks: Any
) -> None:
    active_subscriber(pub, "already@example.org")
    Suppression.objects.create(email="stopped@example.org", reason="unsubscribed_all")
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("already@example.org", "new@example.org", "stopped@example.org"):
            response = _subscribe(Client(), {"email": email, "consent": "on"})
            assert response.status_code == 200
            answers.append(response.content)
    assert answers[0] == answers[1] == answers[2]
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert Subscription.objects.get(email="already@example.org").status == "active"


def test_a_signed_in_subscriber_is_linked_to_their_account(
    world: World, pub: Publication, django_capture_on_commit_callbacks: Any
) -> None:
    client = sign_in(Client(), world.lead_a)
    _asked(client, world.lead_a.email, django_capture_on_commit_callbacks)
    assert Subscription.objects.get(publication=pub).user == world.lead_a


def test_subscribing_is_throttled_per_ip(client: Client, world: World) -> None:
    for n in range(SUBSCRIBE_LIMIT):
        assert _subscribe(client, {"email": f"r{n}@example.org"}).status_code == 400
    response = _subscribe(client, {"email": "one-more@example.org", "consent": "on"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not Subscription.objects.exists()
    # Another address is not held back, and reading the form is never throttled.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _subscribe(other, {"email": "x@example.org"}).status_code == 400
    assert client.get(reverse("newsletter:subscribe", args=["uk"])).status_code == 200


# --- Confirming ----------------------------------------------------------------------------------


def test_confirming_takes_a_button_press(
    client: Client, world: World, pub: Publication, django_capture_on_commit_callbacks: Any
) -> None:
    link = _asked(client, "reader@example.org", django_capture_on_commit_callbacks)

    page = client.get(link)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Confirm subscription</button>" in html
    assert "r•••@example.org" in html and "reader@example.org" not in html
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING  # GET changes nothing

    done = client.post(link)
    html = done.content.decode()
    subscription = Subscription.objects.get()
    assert done.status_code == 200
    assert "<h1>You are subscribed</h1>" in html
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert (
        reverse("newsletter:preferences", args=[services.preferences_token(subscription)]) in html
    )
    confirmed = ConsentRecord.objects.get(subscription=subscription, event=ConsentEvent.CONFIRMED)
    assert confirmed.method == "web form" and confirmed.ip == "127.0.0.1"

    # The link works once; opened again it says so (issue #15), and confirms nothing more.
    again = client.get(link)
    assert again.status_code == 200 and "You have already confirmed" in again.content.decode()
    assert client.post(link).status_code == 200
    assert ConsentRecord.objects.filter(event=ConsentEvent.CONFIRMED).count() == 1


def test_an_old_confirmation_link_has_expired(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    link = _asked(client, "late@example.org", django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert client.get(link).status_code == 410
        response = client.post(link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING


def test_a_made_up_confirmation_link_is_not_found(client: Client, world: World) -> None:
    url = reverse("newsletter:confirm", args=["made-up-token"])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


# --- Unsubscribing -------------------------------------------------------------------------------


def _unsubscribe_url(subscription: Subscription) -> str:
    return reverse("newsletter:unsubscribe", args=[services.unsubscribe_token(subscription)])


def test_one_click_unsubscribe_needs_no_csrf_token(world: World, pub: Publication) -> None:
    subscription = active_subscriber(pub, "reader@example.org")
    mail_program = Client(enforce_csrf_checks=True)
    for _ in range(2):  # mail programs may send it twice; repeating is harmless
        response = mail_program.post(
            _unsubscribe_url(subscription), {"List-Unsubscribe": "One-Click"}
        )
        assert response.status_code == 200
        assert "You are unsubscribed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    record = ConsentRecord.objects.get(subscription=subscription)
    assert record.event == ConsentEvent.UNSUBSCRIBED
    assert record.method == "one-click header"


def test_unsubscribe_page_asks_first(client: Client, world: World, pub: Publication) -> None:
    subscription = active_subscriber(pub, "reader@example.org")
    url = _unsubscribe_url(subscription)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert f"<h1>Unsubscribe from {pub.title}?</h1>" in html
    assert (
        reverse("newsletter:preferences", args=[services.preferences_token(subscription)]) in html
    )
    assert "reader@example.org" not in html
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE

    response = client.post(url)
    assert response.status_code == 200
    assert "<h1>You are unsubscribed</h1>" in response.content.decode()
    assert ConsentRecord.objects.get(subscription=subscription).method == "web page"
    again = client.get(url).content.decode()
    assert "is already unsubscribed" in again


@pytest.mark.parametrize("name", ["newsletter:unsubscribe", "newsletter:preferences"])
def test_a_tampered_link_is_not_found(
    client: Client, world: World, pub: Publication, name: str
) -> None:
    subscription = active_subscriber(pub, "reader@example.org")
    good = (
        services.unsubscribe_token(subscription)
        if name == "newsletter:unsubscribe"
        else services.preferences_token(subscription)
    )
    for token in ("nonsense", good[:-1] + ("A" if good[-1] != "A" else "B"), "999:xyz"):
        assert client.get(reverse(name, args=[token])).status_code == 404
        assert client.post(reverse(name, args=[token])).status_code == 404
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE


# --- Preferences ---------------------------------------------------------------------------------


def _preferences_url(subscription: Subscription) -> str:
    return reverse("newsletter:preferences", args=[services.preferences_token(subscription)])


def test_preferences_page_lists_every_newsletter(
    client: Client, world: World, pub: Publication
) -> None:
    subscription = active_subscriber(pub, "reader@example.org")
    ie = publication_of(world.ie)
    response = client.get(_preferences_url(subscription))
    html = response.content.decode()
    assert response.status_code == 200
    title = html[html.index("<title>") : html.index("</title>")]
    assert "reader" not in title and "example.org" not in title
    assert "reader@example.org" not in html
    assert mask_email("reader@example.org") == "r•••@example.org"
    assert "r•••@example.org" in html
    assert re.search(rf'value="{pub.pk}" checked', html)
    assert re.search(rf'value="{ie.pk}"(?! checked)', html)
    assert pub.consent_text in html and ie.consent_text in html
    assert html.count("<h1") == 1


def test_preferences_toggle_newsletters(
    client: Client, world: World, pub: Publication, django_capture_on_commit_callbacks: Any
) -> None:
    subscription = active_subscriber(pub, "reader@example.org")
    ie = publication_of(world.ie)
    url = _preferences_url(subscription)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "save", "publications": [str(ie.pk)]})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    # Turning a newsletter on from the (forwardable) link still asks the address to confirm.
    irish = Subscription.objects.get(publication=ie, email="reader@example.org")
    assert irish.status == SubscriptionStatus.PENDING
    assert ConsentRecord.objects.get(subscription=irish).method == "preferences link"
    assert any(m.to == ["reader@example.org"] for m in mail.outbox)
    page = client.get(url).content.decode()
    assert "Your choices are saved. To start" in page and "open the link we have just" in page

    client.post(url, {"action": "save", "publications": []})
    irish.refresh_from_db()
    assert irish.status == SubscriptionStatus.UNSUBSCRIBED


def test_preferences_refuse_an_unknown_newsletter(
    client: Client, world: World, pub: Publication
) -> None:
    subscription = active_subscriber(pub, "reader@example.org")
    response = client.post(_preferences_url(subscription), {"publications": ["999999"]})
    assert response.status_code == 400
    assert "Choose from the newsletters listed." in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE


def test_stop_all_newsletters(client: Client, world: World, pub: Publication) -> None:
    subscription = active_subscriber(pub, "reader@example.org")
    irish = active_subscriber(publication_of(world.ie), "reader@example.org")
    url = _preferences_url(subscription)
    page = client.get(url).content.decode()
    assert "Stop all newsletters" in page and "never send newsletters to" in page

    response = client.post(url, {"action": "stop-all"})
    assert response.status_code == 302
    assert Suppression.objects.filter(email="reader@example.org").exists()
    for s in (subscription, irish):
        s.refresh_from_db()
        assert s.status == SubscriptionStatus.UNSUBSCRIBED
    html = client.get(url).content.decode()
    assert "You asked us not to send you any newsletters" in html

    # Ticking a newsletter again is refused with a clear message, not a crash.
    refused = client.post(url, {"action": "save", "publications": [str(pub.pk)]})
    assert refused.status_code == 400
    assert "contact the network team" in refused.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED


# --- After confirming (issue #15) ------------------------------------------------------------------


def test_confirming_sends_a_welcome_and_a_reused_link_says_already_confirmed(
    client: Client, world: World, pub: Publication, django_capture_on_commit_callbacks: Any
) -> None:
    link = _asked(client, "reader@example.org", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 200
    welcome = [m for m in mail.outbox if m.subject == f"Welcome to {pub.title}"]
    assert len(welcome) == 1 and welcome[0].to == ["reader@example.org"]
    assert "/newsletter/preferences/" in welcome[0].body and "/newsletter/uk/" in welcome[0].body
    for again in (client.get(link), client.post(link)):
        html = again.content.decode()
        assert again.status_code == 200
        assert "<h1>You have already confirmed</h1>" in html
        assert "Page not found" not in html
    # Nothing more was sent or recorded by opening it again.
    assert len([m for m in mail.outbox if m.subject == f"Welcome to {pub.title}"]) == 1
    assert ConsentRecord.objects.filter(event=ConsentEvent.CONFIRMED).count() == 1


def test_a_used_link_does_not_resubscribe_after_unsubscribing(
    client: Client, world: World, pub: Publication, django_capture_on_commit_callbacks: Any
) -> None:
    link = _asked(client, "reader@example.org", django_capture_on_commit_callbacks)
    client.post(link)
    subscription = Subscription.objects.get(publication=pub)
    Subscription.objects.filter(pk=subscription.pk).update(status=SubscriptionStatus.UNSUBSCRIBED)
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
