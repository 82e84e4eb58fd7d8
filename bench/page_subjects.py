"""Who and what bench/pages.py measures, picked from a `generate_scale` installation: the pages,
the people who ask for them (signed in with a session cookie, or an API token), and the size of the
installation. Each app's pages are picked by a function in bench/page_subjects_apps.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recoverynet.accounts.models import User


@dataclass
class Page:
    name: str
    path: str
    # "anyone", "lead" (a recovery lead with many bookings), "organiser" (network team), or a person
    # an app's picker names (bench/page_subjects_apps.py)
    who: str
    api: bool = False
    group: str = "events"  # the app picker's name (bench/page_subjects_apps.py): for --only


@dataclass
class Subjects:
    pages: list[Page]
    cookies: dict[str, str]  # who -> session cookie header
    tokens: dict[str, str]  # who -> API token
    people: list[str]  # session cookie headers of the --people leads (the lead first)


def subjects(people: int = 1) -> Subjects:
    """Pick what the pages show from the generated data and sign their people in: the foundation's
    and events' pages here, each other app's from bench/page_subjects_apps.py."""
    from django.db.models import Count
    from page_subjects_apps import APP_PAGES

    from recoverynet.accounts.models import User
    from recoverynet.challenges.models import Framework
    from recoverynet.events.models import Booking, Event
    from recoverynet.network.models import Affiliation, Membership, NetworkRole

    busy = Event.objects.order_by("pk").first()
    if busy is None:
        raise SystemExit("No events here: run `make scale-data` first.")
    bookers = Booking.objects.values("booker").annotate(n=Count("pk")).order_by("-n", "booker")
    booker_ids = [row["booker"] for row in bookers[: max(people, 1)]]
    lead = User.objects.get(pk=booker_ids[0])
    org = Affiliation.objects.select_related("organisation").get(user=lead).organisation
    organiser = NetworkRole.objects.filter(network=busy.network).order_by("pk")[0].user
    framework = Framework.objects.filter(is_current=True).order_by("pk")[0]
    slug, event = busy.network.slug, busy.public_id
    # The benchmark is for members of the network: the lead's own organisation's network.
    member_of = Membership.objects.filter(organisation=org).select_related("network")[0].network
    pages = [
        Page("events list", "/events/", "anyone"),
        Page("event page", f"/events/{event}/", "anyone"),
        Page("member directory", "/directory/", "anyone"),
        Page("organisation page", f"/organisations/{org.slug}/", "anyone"),
        Page("newsletter archive", f"/newsletter/{slug}/", "anyone"),
        Page("library search", "/library/?q=coproduction", "lead"),
        Page("my bookings", "/me/bookings/", "lead"),
        Page(
            "self-assessment progress",
            f"/organisations/{org.slug}/self-assessment/progress/",
            "lead",
        ),
        Page("network benchmark", f"/networks/{member_of.slug}/benchmark/", "lead"),
        Page("delegate list", f"/manage/events/{event}/", "organiser"),
        Page("API events", "/api/v1/events", "anyone", api=True),
        Page("API event", f"/api/v1/events/{event}", "anyone", api=True),
        Page("API organisations", "/api/v1/organisations", "anyone", api=True),
        Page("API bookings", "/api/v1/bookings", "lead", api=True),
        Page("API progress", f"/api/v1/organisations/{org.slug}/progress", "lead", api=True),
        Page(
            "API benchmark",
            f"/api/v1/networks/{member_of.slug}/benchmarks/{framework.pk}",
            "lead",
            api=True,
        ),
        Page("API resources", "/api/v1/resources?q=coproduction", "lead", api=True),
        Page("API attendance", f"/api/v1/events/{event}/attendance", "organiser", api=True),
    ]
    who: dict[str, User] = {"lead": lead, "organiser": organiser}
    for app_pages in APP_PAGES:
        more_pages, more_people = app_pages()
        pages += [replace(page, group=app_pages.__name__) for page in more_pages]
        who.update(more_people)
    cookies = {name: signed_in(user) for name, user in who.items()}
    tokens = {name: api_token(user) for name, user in who.items()}
    others = [signed_in(user) for user in User.objects.filter(pk__in=booker_ids[1:])]
    return Subjects(pages=pages, cookies=cookies, tokens=tokens, people=[cookies["lead"], *others])


def signed_in(user: User) -> str:
    """The cookies of a browser after its first page as `user`: the session and the CSRF cookie (a
    signed-in page's forms carry a token made from it; core/private_pages.py keys on it). A person
    on a network team uses two-step sign-in, so they get an authenticator first."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import _get_new_csrf_string
    from django.utils.module_loading import import_string

    from recoverynet.network.models import NetworkRole

    if (
        NetworkRole.objects.filter(user=user).exists()
        and not Authenticator.objects.filter(user=user).exists()
    ):
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    session = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"
    )


def api_token(user: User) -> str:
    """A new API token for `user`; earlier runs' are revoked first (a person may hold at most 20)."""
    from recoverynet.accounts.models import ApiToken
    from recoverynet.accounts.services import api_token_create, api_token_revoke

    for earlier in ApiToken.objects.filter(
        user=user, name__startswith="bench ", revoked_at__isnull=True
    ):
        api_token_revoke(actor=user, token_id=earlier.pk)
    return api_token_create(actor=user, name=f"bench {uuid.uuid4().hex[:8]}").raw


def scale_rows() -> str:
    """The size of the installation measured (PostgreSQL's row estimates, after ANALYZE)."""
    from django.db import connection

    tables = {
        "organisations": "network_organisation",
        "people": "accounts_user",
        "events": "events_event",
        "bookings": "events_booking",
        "places": "events_delegate",
        "ratings": "challenges_rating",
        "resources": "library_resource",
        "subscriptions": "newsletter_subscription",
        "courses": "colleges_course",
        "students": "colleges_student",
        "enrolments": "colleges_enrolment",
        "attendance marks": "colleges_attendance",
        "feedback answers": "feedback_answer",
        "votes": "feedback_vote",
        "outcome answers": "outcomes_answer",
        "plan actions": "plans_action",
        "engagement sessions": "engagements_session",
        "webhook deliveries": "webhooks_delivery",
        "webhook attempts": "webhooks_attempt",
    }
    found = []
    with connection.cursor() as cursor:
        for label, table in tables.items():
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
            if row is not None:
                found.append(f"{label} ~{max(int(row[0]), 0):,}")
    return ", ".join(found) or "unknown"


def headers_for(page: Page, s: Subjects) -> dict[str, str]:
    headers = {"Host": "127.0.0.1", "Accept": "application/json" if page.api else "text/html"}
    if page.who != "anyone":
        if page.api:
            headers["Authorization"] = f"Bearer {s.tokens[page.who]}"
        else:
            headers["Cookie"] = s.cookies[page.who]
    return headers
