"""Pictures in articles: checked, re-encoded and stored outside the web root; alt text required."""

from __future__ import annotations

from typing import IO

from django.db import transaction
from django.db.models import Max

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import PermissionDenied

from .. import access, images
from ..models import Article, ArticleImage
from .articles import _locked
from .common import WRITER_LABEL, audit_actor, invalid, touch_issue

MAX_IMAGES = 12


@transaction.atomic
def image_add(
    *,
    actor: Actor,
    article: Article,
    upload: IO[bytes],
    alt_text: str,
    caption: str = "",
) -> ArticleImage:
    article = _locked(article)
    if not access.can_edit_text(actor, article):
        raise PermissionDenied("You cannot change this article.")
    if not alt_text.strip():
        raise invalid(
            "Describe the picture for people who cannot see it (alternative text).", "alt_text"
        )
    if len(alt_text.strip()) > 300 or len(caption.strip()) > 300:
        raise invalid("Keep the description and caption to 300 characters or fewer.", "alt_text")
    if article.images.count() >= MAX_IMAGES:
        raise invalid(f"An article can have at most {MAX_IMAGES} pictures.", "image")
    data, content_type, extension = images.clean(upload)
    number = (article.images.aggregate(m=Max("number"))["m"] or 0) + 1
    stored = images.store(data, extension)
    try:
        image = ArticleImage.objects.create(
            article=article,
            number=number,
            stored_name=stored,
            content_type=content_type,
            size=len(data),
            alt_text=alt_text.strip(),
            caption=caption.strip(),
        )
    except Exception:
        images.delete_stored(stored)
        raise
    audit.record(
        actor=audit_actor(actor, article),
        actor_label=WRITER_LABEL,
        action="newsletter.article.image_added",
        obj=article,
        changes={"image": number, "alt_text": image.alt_text},
    )
    touch_issue(article)
    return image


@transaction.atomic
def image_remove(*, actor: Actor, image: ArticleImage) -> None:
    article = _locked(image.article)
    if not access.can_edit_text(actor, article):
        raise PermissionDenied("You cannot change this article.")
    stored, number = image.stored_name, image.number
    image.delete()
    transaction.on_commit(lambda: images.delete_stored(stored))
    touch_issue(article)
    audit.record(
        actor=audit_actor(actor, article),
        actor_label=WRITER_LABEL,
        action="newsletter.article.image_removed",
        obj=article,
        changes={"image": number},
    )
