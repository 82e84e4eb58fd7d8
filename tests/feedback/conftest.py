"""An event with people checked in (and one booked but not checked in), built through services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from recoverynet.events import selectors as event_selectors
from recoverynet.events import services as event_services
from recoverynet.events.services import DelegateInput
from recoverynet.feedback import services
from tests.conftest import make_user


@dataclass
class Room:
    event: Any
    attendees: list[Any] = field(default_factory=list)
    absent: Any = None  # booked, never checked in

    @property
    def target(self) -> dict[str, str]:
        return {"target_kind": "event", "target_id": str(self.event.public_id)}


def make_room(
    world: Any,
    *,
    people: int = 10,
    prefix: str = "p",
    network: Any = None,
    host: Any = None,
    title: str = "Peer worker critical debate",
) -> Room:
    now = timezone.now()
    coordinator = world.coordinator_uk if network in (None, world.uk) else world.coordinator_ie
    event = event_services.event_create(
        actor=coordinator,
        network=network or world.uk,
        title=title,
        kind="critical_debate",
        starts_at=now + datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=5),
        venue_name="Duncan Macmillan House",
        capacity=400,
        status="published",
        booking_mode="open",
        host=host if host is not None else world.org_a,
    )
    rate = event_services.rate_create(
        actor=coordinator, event=event, kind="free", name="Free", net_amount=Decimal("0")
    )
    room = Room(event=event)
    for i in range(people + 1):
        user = make_user(f"{prefix}{i}@example.org", full_name=f"Person {i}")
        event_services.booking_create(
            actor=user,
            event=event,
            delegates=[DelegateInput(name=f"Person {i}", email=user.email, rate_id=rate.pk)],
        )
        if i == people:
            room.absent = user
            continue
        delegate = event_selectors.event_delegates(actor=coordinator, event=event).get(
            email=user.email
        )
        event_services.delegate_check_in(actor=coordinator, delegate=delegate)
        room.attendees.append(user)
    return room


@pytest.fixture
def room(world: Any) -> Room:
    return make_room(world)


@pytest.fixture
def open_form(world: Any, room: Room) -> Any:
    form = services.form_create(actor=world.coordinator_uk, **room.target)
    return services.form_open(actor=world.coordinator_uk, form=form)


def answers_for(
    form: Any,
    *,
    rating: int = 4,
    word: str = "Hopeful",
    recommend: str = "Yes",
    helped: str = "The table discussions",
    better: str = "",
    note: str = "",
) -> dict:
    by_purpose = {q.purpose or q.text: q for q in form.questions.all()}
    return {
        str(by_purpose["overall"].pk): rating,
        str(by_purpose["word"].pk): word,
        str(by_purpose["recommend"].pk): recommend,
        str(by_purpose["What helped?"].pk): helped,
        str(by_purpose["What could be better?"].pk): better,
        str(by_purpose["organisers"].pk): note,
    }
