"""`generate_scale` for feedback: forms and debates in proportion, the anonymity rules kept (only
people who attended answer, responses without people, no edit tags once a form closes, walk-ins
with used room cards), the busy form and debate, and the benchmark's pages answering.

At 0.004 the events generator's busy booker made every booking (one in 2,000/total), so nobody
else attended anything: these tests build 0.01 (network, events and feedback only)."""

from __future__ import annotations

from collections import Counter

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.db.models import Count, Q
from django.test import Client

from recoverynet.accounts.services import api_token_create
from recoverynet.core import tokens
from recoverynet.events.models import Delegate, Event, EventStatus
from recoverynet.feedback.models import (
    Answer,
    Debate,
    FeedbackForm,
    FormStatus,
    Question,
    QuestionKind,
    Respondent,
    Response,
    RoomCard,
    Round,
    RoundStatus,
    Speaker,
    Vote,
    Voter,
)
from recoverynet.feedback.scale import SCALE_CARD_TOKEN
from recoverynet.feedback.services.common import keyed_tag
from recoverynet.network.models import NetworkRole
from tests.conftest import TOTP_SECRET, bearer
from tests.scale_data import generate_scale

pytestmark = pytest.mark.django_db

ANCHOR = "2026-12-04"


def _generate() -> None:
    generate_scale("network,events,feedback", factor="0.01", anchor=ANCHOR)


def _busy_form() -> FeedbackForm:
    return FeedbackForm.objects.annotate(n=Count("responses")).order_by("-n", "pk")[0]


def test_forms_responses_and_the_anonymity_rules() -> None:
    _generate()
    forms = FeedbackForm.objects.all()
    past = Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__lt=f"{ANCHOR}T09:30Z")
    # A form on about nine in ten past events, a few drafts on upcoming ones.
    assert 0.8 * past.count() <= forms.exclude(status=FormStatus.DRAFT).count() <= past.count()
    assert set(forms.values_list("target_id", flat=True)) <= {
        str(p) for p in Event.objects.values_list("public_id", flat=True)
    }
    assert not forms.filter(status=FormStatus.DRAFT).annotate(n=Count("responses")).filter(n__gt=0)
    assert Question.objects.count() == 8 * forms.count()
    assert Response.objects.count() >= 8 * forms.exclude(status=FormStatus.DRAFT).count()
    # Closed: no salt, no tags. Open: a salt, and every response tagged, each tag once.
    assert not forms.filter(status=FormStatus.CLOSED).exclude(salt="")
    assert not Response.objects.filter(form__status=FormStatus.CLOSED).exclude(edit_tag="")
    assert not forms.filter(status=FormStatus.OPEN, salt="")
    assert not Response.objects.filter(form__status=FormStatus.OPEN, edit_tag="")
    # Respondents attended (checked in, their own address on the place) and answered once each.
    checked_in = {
        (str(event), email)
        for event, email in Delegate.objects.filter(checked_in_at__isnull=False).values_list(
            "booking__event__public_id", "email"
        )
    }
    rows = list(Respondent.objects.values_list("form__target_id", "person__email"))
    assert rows and all(row in checked_in for row in rows)
    # An open form's responses are found again by the tag of each respondent (as the service).
    open_form = forms.filter(status=FormStatus.OPEN).exclude(respondents=None).first()
    if open_form is not None:
        for person in open_form.respondents.values_list("person_id", flat=True):
            tag = keyed_tag("response", open_form.salt, person)
            assert Response.objects.filter(form=open_form, edit_tag=tag).count() == 1
    # The others answered with a used room card each (not more responses than people let in).
    for form in forms.annotate(
        responses_n=Count("responses", distinct=True),
        respondents_n=Count("respondents", distinct=True),
        cards_n=Count("cards", filter=Q(cards__used=True), distinct=True),
    ):
        assert form.responses_n == form.respondents_n + form.cards_n
    # Answers fit their questions: ratings 1 to 5 on rating questions only, choices from the list,
    # the required overall rating in every response.
    assert not Answer.objects.exclude(question__kind=QuestionKind.RATING).exclude(rating=None)
    assert not Answer.objects.filter(question__kind=QuestionKind.RATING, rating=None)
    for text, choices in Answer.objects.filter(question__kind=QuestionKind.CHOICE).values_list(
        "text", "question__choices"
    ):
        assert text in choices
    assert Question.objects.filter(required=True).count() == forms.count()
    assert Answer.objects.filter(question__required=True).count() == Response.objects.count()
    assert Answer.objects.count() >= 4 * Response.objects.count()


def test_debates_keep_their_rules_and_the_busy_shapes_are_there() -> None:
    _generate()
    form = _busy_form()
    assert form.responses.count() == 500
    busy_event = Event.objects.get(public_id=form.target_id)
    assert busy_event.ends_at.isoformat() < ANCHOR
    # The benchmark's device token lets its holder in.
    assert RoomCard.objects.filter(form=form, used=True, token_hash=tokens.digest(SCALE_CARD_TOKEN))
    debate = Debate.objects.annotate(n=Count("voters")).order_by("-n")[0]
    assert debate.target_id == form.target_id
    per_round = Counter(
        Vote.objects.filter(round__debate=debate).values_list("round__kind", flat=True)
    )
    assert per_round["before"] >= 950 and per_round["after"] >= 950
    finished = Debate.objects.exclude(voters=None).distinct()
    assert finished.count() >= 3
    for debate in Debate.objects.annotate(
        walked_in=Count("voters", filter=Q(voters__walk_in=True), distinct=True),
        used=Count("cards", filter=Q(cards__used=True), distinct=True),
    ):
        assert debate.walked_in == debate.used
        assert debate.speakers.filter(side="chair").count() == 1
        rounds = set(debate.rounds.values_list("kind", "status"))
        if debate.salt:  # upcoming: nothing opened yet
            assert rounds == {("before", RoundStatus.WAITING), ("after", RoundStatus.WAITING)}
            assert not debate.voters.exists()
        else:
            assert rounds == {("before", RoundStatus.CLOSED), ("after", RoundStatus.CLOSED)}
    # Signed-in voters: never more than the people checked in at the event.
    for debate in finished.annotate(signed_in=Count("voters", filter=Q(voters__walk_in=False))):
        attended = (
            Delegate.objects.filter(
                booking__event__public_id=debate.target_id, checked_in_at__isnull=False
            )
            .values("email")
            .distinct()
            .count()
        )
        assert debate.signed_in <= attended
    # One vote per voter and round; every voter voted at least once.
    assert not Voter.objects.filter(votes=None)
    assert Vote.objects.values("round", "voter").distinct().count() == Vote.objects.count()
    assert not Round.objects.filter(status=RoundStatus.WAITING).exclude(votes=None)
    assert Speaker.objects.exclude(person=None).count() <= Speaker.objects.count() // 5


def test_the_benchmark_pages_answer() -> None:
    _generate()
    form = _busy_form()
    debate = Debate.objects.annotate(n=Count("voters")).order_by("-n")[0]
    organiser = NetworkRole.objects.filter(network=form.network).order_by("pk")[0].user
    TOTP.activate(organiser, TOTP_SECRET)
    client = Client()
    client.force_login(organiser, backend="django.contrib.auth.backends.ModelBackend")
    for path in (
        f"/feedback/{form.public_id}/results/",
        f"/debates/{debate.public_id}/report/",
        "/manage/feedback/",
    ):
        assert client.get(path).status_code == 200, path
    raw = api_token_create(actor=organiser, name="test").raw
    api = Client(**bearer(raw))
    for path in (
        f"/api/v1/feedback/forms/{form.public_id}/results",
        f"/api/v1/debates/{debate.public_id}/results",
    ):
        assert api.get(path).status_code == 200, path
    # Anonymous answering from the device that holds the busy form's room card.
    anonymous = Client()
    anonymous.cookies[f"rn_card_{form.public_id.hex[:16]}"] = SCALE_CARD_TOKEN
    page = anonymous.get(f"/feedback/{form.public_id}/")
    assert page.status_code == 200
    # An attendee who answered sees their own page.
    respondent = (
        Respondent.objects.filter(form=form)
        .exclude(person__in=NetworkRole.objects.values("user"))
        .order_by("person_id")[0]
        .person
    )
    attendee = Client()
    attendee.force_login(respondent, backend="django.contrib.auth.backends.ModelBackend")
    assert attendee.get(f"/feedback/{form.public_id}/").status_code == 200
    assert attendee.get("/me/feedback/").status_code == 200
