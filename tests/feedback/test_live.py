"""The projector's Server-Sent Events: what a stream sends, that it sends again only on a change,
that it ends (with `retry:`) so it never holds a web thread for ever, the per-process limit, and
who may open one."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from recoverynet.feedback import services
from recoverynet.feedback.views import live
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def debate(world, room):
    debate = services.debate_create(
        actor=world.coordinator_uk, motion="Peer workers should be distinct roles", **room.target
    )
    debate.poll_seconds = 1
    debate.save(update_fields=["poll_seconds"])
    return debate


def _stream(client, debate):
    return client.get(reverse("feedback:projector-stream", args=[debate.public_id]))


def test_the_stream_sends_the_live_part_on_each_change_and_then_ends(world, room, debate, settings):
    settings.FEEDBACK_SSE_SECONDS = 2.5
    chair = sign_in(Client(), world.coordinator_uk)
    response = _stream(chair, debate)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-store" and response["X-Accel-Buffering"] == "no"
    chunks = iter(response.streaming_content)
    assert next(chunks) == b"retry: 2000\n\n"
    first = next(chunks).decode()
    assert first.startswith("event: live\n") and first.endswith("\n\n")
    assert all(line.startswith(("event:", "data:")) for line in first.strip().splitlines())
    assert "Voting opens soon" in first and 'id="projector-live"' in first
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    second = next(chunks).decode()
    assert second.startswith("event: live\n") and "Vote now: before the debate" in second
    rest = b"".join(chunks).decode()  # the stream ends by itself
    assert ": no change" in rest and "event: live" not in rest
    assert rest.endswith("event: bye\ndata: Reconnect\n\n")
    assert live._open_streams == 0


def test_a_process_serves_a_limited_number_of_streams(world, room, debate, settings):
    settings.FEEDBACK_SSE_SECONDS = 0
    settings.FEEDBACK_SSE_STREAMS_PER_PROCESS = 1
    chair = sign_in(Client(), world.coordinator_uk)
    first = iter(_stream(chair, debate).streaming_content)
    assert next(first) == b"retry: 2000\n\n"
    second = b"".join(_stream(chair, debate).streaming_content).decode()
    assert second.startswith("event: busy\n")  # that projector keeps polling instead
    assert b"event: bye" in b"".join(first)
    assert live._open_streams == 0
    assert b"event: live" in b"".join(_stream(chair, debate).streaming_content)


def test_streams_can_be_turned_off(world, room, debate, settings):
    settings.FEEDBACK_SSE_STREAMS_PER_PROCESS = 0
    chair = sign_in(Client(), world.coordinator_uk)
    assert _stream(chair, debate).status_code == 204
    page = chair.get(reverse("feedback:projector", args=[debate.public_id]))
    assert b"data-stream" not in page.content and b"projector.js" not in page.content
    assert b'hx-trigger="every 1s"' in page.content  # polling is the fallback


def test_the_projector_offers_the_stream_and_keeps_its_fallbacks(world, room, debate):
    chair = sign_in(Client(), world.coordinator_uk)
    page = chair.get(reverse("feedback:projector", args=[debate.public_id])).content.decode()
    url = reverse("feedback:projector-stream", args=[debate.public_id])
    assert f'data-stream="{url}"' in page and "feedback/projector.js" in page
    assert 'hx-trigger="every 1s"' in page and 'http-equiv="refresh"' in page


@pytest.mark.parametrize("role", ["anonymous", "attendee", "lead_a", "coordinator_ie"])
def test_only_organisers_open_a_stream(world, room, debate, role):
    if role == "anonymous":
        client = Client()
    elif role == "attendee":
        client = sign_in(Client(), room.attendees[0])
    else:
        client = world.client_for(role)
    response = _stream(client, debate)
    assert response.status_code in (302, 404)
    assert not getattr(response, "streaming", False)


def test_a_stream_stops_when_the_organiser_loses_access(world, room, debate, settings):
    settings.FEEDBACK_SSE_SECONDS = 5
    chair = sign_in(Client(), world.coordinator_uk)
    chunks = iter(_stream(chair, debate).streaming_content)
    next(chunks), next(chunks)
    from recoverynet.feedback import access

    original = access.is_organiser
    access.is_organiser = lambda *a, **k: False  # type: ignore[assignment]
    try:
        assert next(chunks).decode().startswith("event: gone")
        assert list(chunks) == []
    finally:
        access.is_organiser = original  # type: ignore[assignment]


def test_a_stream_stops_when_its_debate_is_deleted(world, room, debate, settings):
    """Deleted while a projector is open: the stream says `gone` instead of failing on the
    missing rounds (a 500 in the middle of a stream, and a thread held until it ends)."""
    settings.FEEDBACK_SSE_SECONDS = 5
    chair = sign_in(Client(), world.coordinator_uk)
    chunks = iter(_stream(chair, debate).streaming_content)
    next(chunks), next(chunks)
    type(debate).objects.filter(pk=debate.pk).delete()
    assert next(chunks).decode().startswith("event: gone")
    assert list(chunks) == []
    assert live._open_streams == 0


def test_a_bad_debate_id_is_not_found(world):
    chair = sign_in(Client(), world.coordinator_uk)
    assert chair.get("/debates/not-a-uuid/projector/stream/").status_code == 404
    missing = "/debates/00000000-0000-0000-0000-000000000000/projector/stream/"
    assert chair.get(missing).status_code == 404
