"""Every network has a newsletter from the start, with the usual sections (editors can add more)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from recoverynet.network.models import Network

from .models import Publication, Section, SectionKind

DEFAULT_SECTIONS = [
    ("Welcome", SectionKind.ARTICLES),
    ("Our views", SectionKind.ARTICLES),
    ("Out in the field", SectionKind.ARTICLES),
    ("News", SectionKind.ARTICLES),
    ("International", SectionKind.ARTICLES),
    ("Upcoming events", SectionKind.EVENTS),
]


def consent_wording(title: str) -> str:
    return (
        f"I would like to receive {title} by e-mail, a few times a year. I can stop at any time "
        "with the link at the foot of every e-mail. My address is used only to send the "
        "newsletter and is never shared. No e-mail tracks whether I open it or what I click."
    )


@transaction.atomic
def publication_ensure(network: Network) -> Publication:
    publication = Publication.objects.filter(network=network).first()
    if publication is not None:
        return publication
    title = f"{network.short_name or network.name} newsletter"
    publication = Publication.objects.create(
        network=network, title=title, consent_text=consent_wording(title)
    )
    Section.objects.bulk_create(
        Section(publication=publication, title=name, kind=kind, position=i)
        for i, (name, kind) in enumerate(DEFAULT_SECTIONS)
    )
    return publication


@receiver(post_save, sender=Network, dispatch_uid="newsletter.publication_for_new_network")
def _new_network(
    sender: Any, instance: Network, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        publication_ensure(instance)
