"""Every network has a newsletter from the start, with the usual sections (editors can add more).

The newsletter follows the `network.created` domain event (after the network's transaction commits)
rather than a `post_save` signal, so the publication is made by a service with its own audit entry."""

from __future__ import annotations

from django.db import transaction

from recoverynet.core import audit, domain_events
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
    audit.record(
        actor=None,
        action="newsletter.publication.created",
        obj=publication,
        changes={"title": title, "sections": [name for name, _ in DEFAULT_SECTIONS]},
    )
    return publication


def _on_network_created(event: domain_events.DomainEvent) -> None:
    network = Network.objects.filter(pk=event.data["network_id"]).first()
    if network is not None:
        publication_ensure(network)


domain_events.subscribe("network.created", _on_network_created)
