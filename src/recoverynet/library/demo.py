"""Demo library: briefing-paper style resources with invented titles and text, some public, some for
members only, one waiting for review, and a starter kit made of several files. Idempotent."""

from __future__ import annotations

import datetime
import io
import re

from django.contrib.auth import get_user_model

from recoverynet.core.errors import ApplicationError
from recoverynet.network.models import Network

from . import services
from .models import Resource

User = get_user_model()

RESOURCES = [
    (
        "Why recovery makes sense for the whole service",
        "A short paper for boards: what a recovery focus asks of leaders, and what it gives back.",
        "briefing_paper",
        "public",
        "leadership, business case",
        "4",
        True,
    ),
    (
        "Looking after the people who do the looking after",
        "Workforce wellbeing as part of recovery-focused change.",
        "briefing_paper",
        "members",
        "workforce, wellbeing",
        "8,9",
        True,
    ),
    (
        "Co-production in practice: a starter kit",
        "Templates for planning a co-produced meeting, with prompts for who is in the room.",
        "tool",
        "members",
        "co-production, templates",
        "7",
        True,
    ),
    (
        "Our service-improvement method in one page",
        "How the Ten Organisational Challenges, priorities and action plans fit together.",
        "briefing_paper",
        "public",
        "method, challenges",
        "",
        True,
    ),
    (
        "Recovery Colleges: what we have learned so far",
        "Notes from the learning days on the student journey and outcomes.",
        "report",
        "members",
        "recovery colleges, outcomes",
        "2,3",
        False,
    ),
]


# Extra files for resources that come as a kit: (file name, content). Plain text and CSV need no
# PDF renderer, so these are there on every machine.
EXTRA_FILES: dict[str, list[tuple[str, bytes]]] = {
    "Co-production in practice: a starter kit": [
        (
            "meeting-planner.csv",
            b"step,question,who\n"
            b"1,What is the meeting for?,Everyone planning it\n"
            b"2,Who is in the room?,Staff and people with lived experience\n"
            b"3,How will we share what we decided?,The chair\n",
        ),
        (
            "who-is-in-the-room.txt",
            b"Who is in the room?\n\n"
            b"- Does everyone know why they are here?\n"
            b"- Are people with lived experience there from the start, not invited at the end?\n"
            b"- Is anyone missing who will be affected by what we decide?\n",
        ),
    ],
}


# Resources first shared as a link, then uploaded in full as a second version: the earlier
# version stays in the history (and opens its link).
FIRST_AS_LINK: dict[str, tuple[str, str]] = {
    "Recovery Colleges: what we have learned so far": (
        "https://example.org/recoverynet-demo/learning-day-notes",
        "The full report, replacing the link to the notes from the day",
    ),
}


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title[:40].lower()).strip("-")


def _content(title: str, summary: str) -> services.Content:
    pdf = _pdf(title, summary)
    files = [services.FileUpload(file=io.BytesIO(pdf), name=f"{_slug(title)}.pdf")] if pdf else []
    files += [
        services.FileUpload(file=io.BytesIO(data), name=name)
        for name, data in EXTRA_FILES.get(title, [])
    ]
    if files:
        return services.Content(files=files)
    return services.Content(link="https://example.org/recoverynet-demo")


def _pdf(title: str, summary: str) -> bytes | None:
    try:
        from recoverynet.core.pdf import render_pdf

        return render_pdf("library/demo_resource.html", {"title": title, "summary": summary})
    except ApplicationError:
        return None  # no Pango here: the demo uses links instead


def load_demo() -> dict[str, int]:
    network = Network.objects.get(slug="uk")
    lead = User.objects.get(email="lead.nottingham@demo.recoverynet.example")
    coordinator = User.objects.get(email="coordinator.uk@demo.recoverynet.example")
    made = 0
    for title, summary, kind, audience, tags, challenges, approve in RESOURCES:
        if Resource.objects.filter(network=network, title=title).exists():
            continue
        content = _content(title, summary)
        first_link, later_note = FIRST_AS_LINK.get(title, ("", ""))
        resource = services.resource_submit(
            actor=lead,
            network=network,
            data=services.ResourceInput(
                title=title,
                summary=summary,
                kind=kind,
                audience=audience,
                authors="The network team",
                published_on=datetime.date(2017, 3, 1),
                tags=tags,
                challenge_numbers=challenges,
            ),
            content=services.Content(link=first_link) if first_link else content,
        )
        if first_link:
            services.resource_new_version(
                actor=lead, resource=resource, content=content, note=later_note
            )
        if approve:
            services.resource_moderate(actor=coordinator, resource=resource, decision="approved")
        made += 1
    return {"resources": made}
