"""Webhooks in a real browser: a coordinator adds one, copies the secret, sends a test event and reads
the delivery log. axe-core checks every page, on a desktop and a phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.webhooks.models import Endpoint
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in_with_mfa
from tests.browser.test_pages import h1, visit
from tests.conftest import World
from tests.webhooks.conftest import Receiver, install_receiver, verify

pytestmark = pytest.mark.browser


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Receiver:
    return install_receiver(monkeypatch)


@pytest.mark.parametrize("width", [1280, 375])
def test_coordinator_adds_a_webhook_and_sends_a_test(
    page: Any, bworld: World, receiver: Receiver, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, "/manage/uk/webhooks/", "Webhooks")
    main = page.locator("main")
    click_and_load(page, main.get_by_role("link", name="Add a webhook"))
    expect(h1(page)).to_have_text("Add a webhook")
    assert_accessible(page)

    # A private address is refused with the error summary.
    main.get_by_label("Web address to send events to").fill("https://10.0.0.1/hook")
    main.get_by_label("resource.published: A resource was approved").check()
    click_and_load(page, main.get_by_role("button", name="Add webhook"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("public internet")
    assert_accessible(page)

    main.get_by_label("Web address to send events to").fill("https://hooks.example.org/in")
    click_and_load(page, main.get_by_role("button", name="Add webhook"))
    expect(h1(page)).to_have_text("Your signing secret")
    secret = main.get_by_label("Signing secret").input_value()
    assert secret.startswith("whsec_")
    assert_accessible(page)

    click_and_load(page, main.get_by_role("link", name="I have copied it"))
    assert_accessible(page)
    click_and_load(page, main.get_by_role("button", name="Send a test event"))
    expect(page.locator("main")).to_contain_text("A test event is on its way")
    assert verify(secret, receiver.got[-1].headers, receiver.got[-1].body)
    click_and_load(page, main.get_by_role("link", name="webhook.test"))
    expect(h1(page)).to_have_text("Delivery of webhook.test")
    expect(main).to_contain_text("200 (delivered)")
    assert_accessible(page)

    endpoint = Endpoint.objects.get()
    visit(page, f"/manage/uk/webhooks/{endpoint.public_id}/rotate/", "Make a new signing secret?")
    visit(page, f"/manage/uk/webhooks/{endpoint.public_id}/edit/", "Change a webhook")
    visit(page, "/webhooks/events/", "Events we can send")
