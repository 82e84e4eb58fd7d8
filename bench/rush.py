"""Bookings made elsewhere in the network while a page is measured (`bench/pages.py
--bookings-per-second R`), as a popular event opening does: a person nobody measured books one place
at a time on a future event, through the booking service in this process (its writes reach the
server's kept pages through Redis, as a booking made by another web server would).

Each booking is a real write to the scale database (a place on one future event, e-mail addresses
under bench.example); repeated runs add to that one event. A measurement aid, never a test."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any


class BookingRush:
    """A thread booking `per_second` places a second until the block ends."""

    def __init__(self, per_second: float) -> None:
        self.per_second = per_second
        self.made = 0
        self.refused: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> BookingRush:
        if self.per_second > 0:
            self._booker, self._rate = _booker_and_rate()
            self._thread = threading.Thread(target=self._run, name="booking-rush", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        from django.db import connection

        from recoverynet.core.errors import ApplicationError
        from recoverynet.events import services
        from recoverynet.events.services import DelegateInput

        pause = 1.0 / self.per_second
        next_at = time.monotonic()
        try:
            while not self._stop.is_set():
                place = DelegateInput(
                    name="Rush delegate",
                    email=f"rush-{uuid.uuid4().hex[:12]}@bench.example",
                    rate_id=self._rate.pk,
                )
                try:
                    services.booking_create(
                        actor=self._booker, event=self._rate.event, delegates=[place]
                    )
                    self.made += 1
                except ApplicationError as exc:
                    self.refused[exc.code] = self.refused.get(exc.code, 0) + 1
                next_at += pause
                self._stop.wait(max(0.0, next_at - time.monotonic()))
        finally:
            connection.close()

    def summary(self) -> str:
        refused = f", refused {self.refused}" if self.refused else ""
        return f"{self.made} bookings made elsewhere during the run{refused}"


def _booker_and_rate() -> tuple[Any, Any]:
    from django.utils import timezone

    from recoverynet.accounts.models import User
    from recoverynet.events.models import BookingMode, EventStatus, Rate, RateKind

    rate = (
        Rate.objects.filter(
            active=True,
            kind__in=[RateKind.FREE, RateKind.NON_MEMBER],
            event__status=EventStatus.PUBLISHED,
            event__booking_mode=BookingMode.OPEN,
            event__learning_set__isnull=True,
            event__starts_at__gt=timezone.now(),
        )
        .select_related("event__network")
        .order_by("-event__starts_at", "pk")
        .first()
    )
    if rate is None:
        raise SystemExit("No future event open for booking with a free or non-member rate.")
    booker, _ = User.objects.get_or_create(
        email="rush-booker@bench.example", defaults={"full_name": "Rush Booker"}
    )
    return booker, rate
