"""The API's request and answer shapes (pydantic schemas)."""

from __future__ import annotations

import datetime
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import BeforeValidator, field_validator

from recoverynet.core.schemas import PatchSchema
from recoverynet.core.text import Line, Name

from .. import services

# --- Output schemas: public -----------------------------------------------------------------------


class BylineOut(Schema):
    name: str = Field(description="The name shown: a real name, or a pseudonym or initial.")
    role: str = Field(description='For example "peer support worker"; may be empty.')


class NamedOut(Schema):
    slug: str
    title: str


class PublicationOut(Schema):
    network: str = Field(description="The network's slug.")
    title: str
    description: str
    latest_issue: str | None = Field(description="Slug of the newest published issue, if any.")
    url: str = Field(description="The newsletter on the website.")


class IssueSummaryOut(Schema):
    slug: str
    title: str
    summary: str
    published_at: datetime.datetime | None
    url: str = Field(description="The web edition.")
    pdf_url: str = Field(description="The PDF edition.")


class ArticleSummaryOut(Schema):
    slug: str
    title: str
    standfirst: str
    bylines: list[BylineOut]
    url: str = Field(description="The article on the website.")


class ArticleListOut(ArticleSummaryOut):
    section: str | None = Field(description="The section's title.")
    series: NamedOut | None
    issue: NamedOut | None
    published_at: datetime.datetime | None


class EventSnapshotOut(Schema):
    title: str = ""
    kind: str = ""
    starts_at: str = Field("", description="ISO 8601.")
    when: str = Field("", description="The start as people read it, in the network's time zone.")
    attendance: str = Field("", description='"In person", "Online" or "Hybrid".')
    where: str = Field(
        "", description='The venue, "Online", or for a hybrid event "<venue> and online".'
    )
    summary: str = ""
    url: str = ""


class SectionOut(Schema):
    title: str
    kind: str = Field(description='"articles" or "events".')
    articles: list[ArticleSummaryOut] = Field(description="For an articles section, in order.")
    events: list[EventSnapshotOut] = Field(
        description="For an events section: the upcoming events as they stood when the issue was "
        "published."
    )
    events_more: int = Field(
        0, description="For an events section: upcoming events that did not fit in the list."
    )
    events_url: str = Field("", description="For an events section: every upcoming event.")


class IssueOut(IssueSummaryOut):
    network: str
    status: str = Field(description='"published"; editors previewing a draft see "draft".')
    sections: list[SectionOut] = Field(description="In order; empty sections are left out.")


class ImageOut(Schema):
    number: int = Field(description="Placed in the text as [[image N]].")
    alt_text: str
    caption: str
    url: str


class ArticleOut(ArticleListOut):
    network: str
    body_markdown: str
    body_html: str = Field(description="Sanitised HTML, with absolute image addresses.")
    images: list[ImageOut]


# --- Output schemas: the work view ------------------------------------------------------------------


class WorkAuthorOut(Schema):
    name: str
    role: str
    pseudonym: bool
    person_name: str | None = Field(
        description="Who is behind the byline, if linked (writers and editors only)."
    )
    person_email: str | None = Field(description="Writers and editors only.")


class CommentOut(Schema):
    author: str = Field(description="The display name of who wrote it (empty if unknown).")
    kind: str = Field(description='"comment", or the workflow step ("submitted", "approved", …).')
    body: str
    at: datetime.datetime


class SectionRefOut(Schema):
    id: int
    title: str


class ArticleWorkOut(Schema):
    id: UUID
    network: str
    slug: str
    title: str
    standfirst: str
    body_markdown: str
    body_html: str
    status: str
    status_label: str
    section: SectionRefOut | None
    series: NamedOut | None
    issue: NamedOut | None
    authors: list[WorkAuthorOut]
    contributor: str | None = Field(
        description="Who started the piece (display name; writers and editors only)."
    )
    images: list[ImageOut]
    comments: list[CommentOut] = Field(description="Oldest first. Readers never see these.")
    submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: str | None = Field(description="The public page, once published.")
    work_url: str = Field(description="This piece on the website.")


class MyArticleOut(Schema):
    id: UUID
    network: str
    slug: str
    title: str
    status: str
    status_label: str
    section: str | None
    issue: NamedOut | None
    submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


# --- Input schemas --------------------------------------------------------------------------------


def _section_ref(value: Any) -> Any:
    # A section's id or title; a boolean or anything else is neither (and gives one error).
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("Give a section's title or id.")
    return value


SectionRef = Annotated[int | str, BeforeValidator(_section_ref)]


class AuthorIn(Schema):
    name: Name = Field(max_length=120, description="The name or pseudonym to show.")
    role: Line = Field("", max_length=120)
    pseudonym: bool = Field(False, description="The name is a pseudonym or initial.")
    me: bool = Field(False, description="This byline is you (known only to writers and editors).")


class ArticleIn(Schema):
    network: str = Field(max_length=60, description="The network's slug.")
    title: Name = Field(max_length=200)
    standfirst: str = Field("", max_length=400)
    body: str = Field(max_length=60_000, description="Markdown; place pictures as [[image N]].")
    section: SectionRef | None = Field(None, description="A section's title or id.")
    series: str | None = Field(None, max_length=80, description="A series' slug.")
    authors: list[AuthorIn] | None = Field(
        None,
        max_length=services.MAX_AUTHORS,
        description="Bylines in order; left out, you under your display name.",
    )


class ArticlePatch(PatchSchema):
    nullable = frozenset({"section", "series", "authors"})  # null clears them (authors: keeps)

    title: Name | None = Field(None, max_length=200)
    standfirst: str | None = Field(None, max_length=400)
    body: str | None = Field(None, max_length=60_000)
    section: SectionRef | None = Field(None, description="A section's title or id; null clears it.")
    series: str | None = Field(None, max_length=80, description="A series' slug; null clears it.")
    authors: list[AuthorIn] | None = Field(
        None,
        max_length=services.MAX_AUTHORS,
        description="Replaces the bylines. A byline whose name is unchanged keeps the person "
        "linked to it; `me: true` links you.",
    )


class NoteIn(Schema):
    note: str = Field("", max_length=5000)


class RequiredNoteIn(Schema):
    note: str = Field(max_length=5000, description="What needs to change.")


class ScheduleIn(Schema):
    issue: str = Field(max_length=80, description="The slug of an issue being put together.")
    section: SectionRef | None = Field(
        None, description="A section's title or id; left out, the article's own section."
    )


class CommentIn(Schema):
    body: str = Field(max_length=5000)


class SubscribeIn(Schema):
    email: str = Field(max_length=254)
    consent: bool = Field(
        description="Must be true: the person agrees to the newsletter's consent wording."
    )

    @field_validator("consent")
    @classmethod
    def _consent_given(cls, value: bool) -> bool:
        if value is not True:
            raise ValueError("Agree to receive the newsletter: consent must be true.")
        return value


class TokenIn(Schema):
    token: str = Field(max_length=200)


class AcceptedOut(Schema):
    detail: str


class SubscriptionOut(Schema):
    status: str
    newsletter: str = Field(description="The newsletter's title.")
    network: str
