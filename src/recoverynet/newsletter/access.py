"""Who may do what with the newsletter.

Editors are the network's coordinators and editors (and administrators). Any member of the network,
or anyone on its team, may contribute. Who is behind a pseudonym is known only to editors and to the
people who wrote the piece.
"""

from __future__ import annotations

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.library.access import member_network_ids
from recoverynet.network import access as network_access
from recoverynet.network.models import NetworkRoleKind

from .models import Article, ArticleStatus

EDITOR_ROLES = frozenset({NetworkRoleKind.COORDINATOR, NetworkRoleKind.EDITOR})


def editor_network_ids(user: Actor | None) -> frozenset[int]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(
        n for n, kinds in network_access.roles(user).team.items() if kinds & EDITOR_ROLES
    )


def is_editor(user: Actor | None, network_id: int) -> bool:
    return network_access.is_admin(user) or network_id in editor_network_ids(user)


def is_any_editor(user: Actor | None) -> bool:
    return network_access.is_admin(user) or bool(editor_network_ids(user))


def can_contribute(user: Actor | None, network_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return network_id in member_network_ids(user) or network_access.is_network_team(
        user, network_id
    )


def is_writer(user: Actor | None, article: Article) -> bool:
    """The contributor, or a person named as one of its authors."""
    if not is_person(user):
        return False
    if article.contributor_id == user.pk:
        return True
    return any(author.person_id == user.pk for author in article.authors.all())


def can_view_article(user: Actor | None, article: Article) -> bool:
    if article.status == ArticleStatus.PUBLISHED:
        return True
    return is_writer(user, article) or is_editor(user, article.publication.network_id)


def can_see_identities(user: Actor | None, article: Article) -> bool:
    """Who is behind each byline. Never for readers, whatever the article's status."""
    return is_editor(user, article.publication.network_id) or is_writer(user, article)


def can_edit_text(user: Actor | None, article: Article) -> bool:
    """Writers change their text until it is approved; editors at any time (corrections are
    audited)."""
    if is_editor(user, article.publication.network_id):
        return True
    return article.contributor_id == getattr(user, "pk", None) and article.status in (
        ArticleStatus.DRAFT,
        ArticleStatus.CHANGES_REQUESTED,
    )
