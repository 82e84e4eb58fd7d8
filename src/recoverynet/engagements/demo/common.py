"""Helpers for the demo loaders."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from recoverynet.network.models import Network, Organisation

from .. import services
from ..models import Engagement, EngagementStatus

User = get_user_model()
DOMAIN = "demo.recoverynet.example"


def user(key: str, name: str = "") -> Any:
    email = f"{key}@{DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=name)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def orgs(*slugs: str) -> list[Organisation]:
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    return [found[s] for s in slugs if s in found]


def create(lead_actor: Any, uk: Network, **kw: Any) -> Engagement | None:
    if Engagement.objects.filter(network=uk, title=kw["title"]).exists():
        return None
    return services.engagement_create(
        actor=lead_actor, network=uk, data=services.EngagementInput(**kw)
    )


def agree(actor: Any, engagement: Engagement) -> None:
    for status in (EngagementStatus.PROPOSED, EngagementStatus.AGREED):
        services.engagement_status_set(actor=actor, engagement=engagement, status=status)


def session(
    actor: Any, engagement: Engagement, who: Any, on: datetime.date, days: str, **kw: Any
) -> None:
    services.session_log(
        actor=actor,
        engagement=engagement,
        data=services.SessionInput(on=on, consultant=who, days=Decimal(days), **kw),
    )


def close(actor: Any, engagement: Engagement) -> None:
    engagement.refresh_from_db()
    if engagement.status == EngagementStatus.AGREED:
        services.engagement_status_set(
            actor=actor, engagement=engagement, status=EngagementStatus.IN_PROGRESS
        )
    services.engagement_status_set(
        actor=actor, engagement=engagement, status=EngagementStatus.CLOSED
    )
