"""The library's first-hour items (issue #15): challenges by title, files listed once, the uploader
told when their resource is reviewed."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from recoverynet.core.errors import PermissionDenied
from recoverynet.core.models import OutboxMessage
from recoverynet.library import services
from recoverynet.library.models import Resource
from recoverynet.library.services import Content, FileUpload, ResourceInput
from tests.conftest import PDF, sign_in

pytestmark = pytest.mark.django_db

SECOND = "Delivering comprehensive, user-led education and training programmes"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def share(world: Any, **extra: Any) -> Resource:
    return services.resource_submit(
        actor=world.lead_a,
        network=world.uk,
        data=ResourceInput(
            title="Recovery education",
            summary="How to start.",
            kind="tool",
            audience="public",
            challenge_numbers="2,7",
            **extra,
        ),
        content=Content(files=[FileUpload(file=io.BytesIO(PDF), name="guide.pdf")]),
    )


def test_the_filter_and_the_form_pick_challenges_by_title(world: Any) -> None:
    html = Client().get(reverse("library:resource-list")).content.decode()
    assert f'<option value="2">2. {SECOND}</option>' in html.replace("&#x27;", "'")

    client = sign_in(Client(), world.lead_a)
    form = client.get(reverse("library:resource-submit", args=["uk"])).content.decode()
    boxes = re.findall(r'<input[^>]*name="challenge_numbers"[^>]*>', form)
    assert len(boxes) == 10 and all('type="checkbox"' in box for box in boxes)
    assert SECOND in form.replace("&#x27;", "'")


def test_submitting_ticked_challenges_stores_their_numbers(world: Any) -> None:
    client = sign_in(Client(), world.lead_a)
    response = client.post(
        reverse("library:resource-submit", args=["uk"]),
        {
            "title": "A checklist",
            "summary": "One page.",
            "kind": "tool",
            "audience": "members",
            "challenge_numbers": ["2", "7"],
            "link": "https://example.org/checklist",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Resource.objects.get().challenge_numbers == "2,7"


def test_a_challenge_that_does_not_exist_is_refused(world: Any) -> None:
    client = sign_in(Client(), world.lead_a)
    response = client.post(
        reverse("library:resource-submit", args=["uk"]),
        {
            "title": "A checklist",
            "summary": "One page.",
            "kind": "tool",
            "audience": "members",
            "challenge_numbers": ["11"],
            "link": "https://example.org/checklist",
        },
    )
    assert response.status_code == 400
    assert not Resource.objects.exists()


def test_the_detail_page_names_challenges_and_lists_files_once(world: Any) -> None:
    resource = share(world)
    services.resource_moderate(actor=world.coordinator_uk, resource=resource, decision="approved")
    html = Client().get(reverse("library:resource-detail", args=[resource.public_id])).content
    text = html.decode().replace("&#x27;", "'")
    assert f"2. {SECOND}" in text
    assert text.count(">guide.pdf") == 1  # in the files table, not again under Versions
    assert 'listed <a href="#files">above</a>' in text


@pytest.mark.parametrize(
    ("decision", "note", "subject", "words"),
    [
        (
            "approved",
            "",
            "Your resource is published: Recovery education",
            "Others can now find it",
        ),
        ("changes", "Add the date.", "Changes asked for: Recovery education", "Add the date."),
        ("rejected", "Out of scope.", "Not published: Recovery education", "Out of scope."),
    ],
)
def test_the_uploader_is_told_about_the_review(
    world: Any,
    django_capture_on_commit_callbacks: Any,
    decision: str,
    note: str,
    subject: str,
    words: str,
) -> None:
    resource = share(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_moderate(
            actor=world.coordinator_uk, resource=resource, decision=decision, note=note
        )
    [message] = [m for m in mail.outbox if m.subject == subject]
    assert message.to == [world.lead_a.email]
    assert words in message.body
    assert str(resource.public_id) in message.body


def test_reviewing_your_own_resource_sends_nothing(world: Any) -> None:
    resource = services.resource_submit(
        actor=world.coordinator_uk,
        network=world.uk,
        data=ResourceInput(title="Team paper", summary="s", kind="tool", audience="public"),
        content=Content(link="https://example.org/x"),
    )
    before = OutboxMessage.objects.count()
    services.resource_moderate(actor=world.coordinator_uk, resource=resource, decision="approved")
    assert OutboxMessage.objects.count() == before


def test_a_refused_review_sends_nothing(world: Any) -> None:
    resource = share(world)
    before = OutboxMessage.objects.count()
    with pytest.raises(PermissionDenied):
        services.resource_moderate(actor=world.lead_b, resource=resource, decision="approved")
    assert OutboxMessage.objects.count() == before
