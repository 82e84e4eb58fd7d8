"""What the newsletter adds to the shared pages (`core.slots`)."""

from __future__ import annotations

from django.urls import reverse

from recoverynet.core import slots

from . import selectors


def _articles(ctx: slots.SlotContext) -> list[slots.Thing]:
    return [
        slots.Thing(
            article.title or "Untitled article",
            reverse("newsletter:article-work", args=[article.public_id]),
            "The editors asked for changes"
            if article.status == "changes"
            else "A draft: send it to the editors when it is ready",
        )
        for article in selectors.articles_needing_changes(actor=ctx.user)
    ]


def register() -> None:
    slots.contribute_things(
        key="newsletter.articles", heading="Your articles", order=30, things=_articles
    )
    slots.contribute(
        "navigation",
        key="newsletter.publications",
        order=50,
        label="Newsletter",
        url="newsletter:publication-list",
    )
    slots.contribute(
        "navigation",
        key="newsletter.my-articles",
        order=70,
        label="My articles",
        url="newsletter:my-articles",
        visible=lambda ctx: ctx.signed_in,
    )
