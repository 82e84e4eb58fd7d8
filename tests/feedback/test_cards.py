"""Room cards (decision 0036): one-time codes, one device each, for a debate's walk-ins and for
answering a feedback form without a sign-in or an e-mail address. Replay, who may make cards,
bad codes, the pages and the API."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from recoverynet.core import tokens
from recoverynet.core.errors import ApplicationError
from recoverynet.feedback import selectors, services
from recoverynet.feedback.models import Response, RoomCard, Vote, Voter
from tests.conftest import sign_in, token_client

from .conftest import answers_for

pytestmark = pytest.mark.django_db

MOTION = "Peer workers should be distinct roles"


@pytest.fixture
def debate(world, room):
    return services.debate_create(
        actor=world.coordinator_uk, motion=MOTION, walk_ins=True, **room.target
    )


def _code_field(answers):
    return {f"q{k}": v for k, v in answers.items()}


# --- Making cards -------------------------------------------------------------------------------


def test_cards_are_shown_once_and_only_their_digests_are_kept(world, debate):
    codes = services.cards_issue(actor=world.coordinator_uk, obj=debate, count=3)
    assert len(set(codes)) == 3 and all(len(c) == 8 for c in codes)
    stored = set(RoomCard.objects.values_list("code_hash", flat=True))
    assert stored == {tokens.digest(c) for c in codes}
    assert not any(c in "".join(stored) for c in codes)


@pytest.mark.parametrize("who", ["lead_a", "coordinator_ie", "outsider"])
def test_only_organisers_make_cards(world, debate, open_form, who):
    for obj in (debate, open_form):
        with pytest.raises(ApplicationError) as refused:
            services.cards_issue(actor=getattr(world, who), obj=obj, count=1)
        assert refused.value.status == 403
    assert RoomCard.objects.count() == 0


@pytest.mark.parametrize("count", [0, -1, 301, True])
def test_a_bad_number_of_cards_is_refused(world, debate, count):
    with pytest.raises(ApplicationError) as refused:
        services.cards_issue(actor=world.coordinator_uk, obj=debate, count=count)
    assert refused.value.field == "count"
    assert RoomCard.objects.count() == 0


def test_no_cards_for_a_closed_form_or_a_finished_debate(world, room, debate, open_form):
    services.form_close(actor=world.coordinator_uk, form=open_form)
    with pytest.raises(ApplicationError) as refused:
        services.cards_issue(actor=world.coordinator_uk, obj=open_form, count=1)
    assert refused.value.status == 409
    for kind in ("before", "after"):
        services.round_open(actor=world.coordinator_uk, debate=debate, kind=kind)
        services.round_close(actor=world.coordinator_uk, debate=debate, kind=kind)
    debate.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.cards_issue(actor=world.coordinator_uk, obj=debate, count=1)


# --- Replay: one card, one device ----------------------------------------------------------------


def test_a_card_cannot_be_replayed_to_vote_again(world, debate):
    (code,) = services.cards_issue(actor=world.coordinator_uk, obj=debate, count=1)
    anyone = AnonymousUser()
    token = services.walk_in_join(actor=anyone, debate=debate, code=code)
    for again in (code, code.lower(), f"{code[:4]}-{code[4:]}"):
        with pytest.raises(ApplicationError) as refused:
            services.walk_in_join(actor=anyone, debate=debate, code=again)
        assert refused.value.code == "card_used" and refused.value.status == 409
    assert Voter.objects.filter(debate=debate).count() == 1
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    for choice in ("for", "against", "for"):
        services.vote_cast(actor=anyone, debate=debate, kind="before", choice=choice, token=token)
    assert Vote.objects.count() == 1


def test_replaying_a_card_from_a_second_phone_is_refused_on_the_page(world, debate):
    (code,) = services.cards_issue(actor=world.coordinator_uk, obj=debate, count=1)
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    join = reverse("feedback:join", args=[debate.public_id])
    vote = reverse("feedback:vote", args=[debate.public_id])
    first, second = Client(), Client()
    assert first.post(join, {"code": code}).status_code == 302
    assert first.post(vote, {"choice": "for"}).status_code == 302
    replay = second.post(join, {"code": code})
    assert replay.status_code == 400 and b"already been used on another device" in replay.content
    assert not any(c.startswith("rn_vote_") for c in second.cookies)
    refused = second.post(vote, {"choice": "against"})  # no way to vote
    assert refused.status_code == 409 and b"enter the code" in refused.content
    assert list(Vote.objects.values_list("choice", flat=True)) == ["for"]


def test_a_debate_card_keeps_no_trace_of_its_voter(world, debate):
    (code,) = services.cards_issue(actor=world.coordinator_uk, obj=debate, count=1)
    services.walk_in_join(actor=AnonymousUser(), debate=debate, code=code)
    card = RoomCard.objects.get()
    assert card.used and card.token_hash == ""


def test_a_card_works_only_where_it_was_made(world, room, debate, open_form):
    (form_code,) = services.cards_issue(actor=world.coordinator_uk, obj=open_form, count=1)
    with pytest.raises(ApplicationError) as refused:
        services.walk_in_join(actor=AnonymousUser(), debate=debate, code=form_code)
    assert refused.value.field == "code" and refused.value.status == 422
    assert not RoomCard.objects.get().used


def test_someone_checked_in_takes_part_as_themselves(world, room, debate):
    (code,) = services.cards_issue(actor=world.coordinator_uk, obj=debate, count=1)
    with pytest.raises(ApplicationError) as refused:
        services.walk_in_join(actor=room.attendees[0], debate=debate, code=code)
    assert refused.value.code == "checked_in"
    assert not RoomCard.objects.get().used  # the card is still good for someone else
    services.walk_in_join(actor=room.absent, debate=debate, code=code)  # booked, not checked in


@pytest.mark.parametrize("code", ["", "   ", "x" * 21, "ABCD\x00123"])
def test_bad_codes_are_refused_with_a_message(world, debate, code):
    with pytest.raises(ApplicationError) as refused:
        services.walk_in_join(actor=AnonymousUser(), debate=debate, code=code)
    assert refused.value.field == "code"


# --- Answering a form with a card -----------------------------------------------------------------


def test_a_card_lets_a_phone_answer_once_and_change_its_answers(world, room, open_form):
    code, spare = services.cards_issue(actor=world.coordinator_uk, obj=open_form, count=2)
    phone = Client()
    short = phone.get(reverse("feedback:short-link", args=[open_form.short_code]))
    assert short.status_code == 200
    assert b"Sign in to answer" in short.content and b"Code on your card" in short.content
    joined = phone.post(reverse("feedback:card-join"), {"code": code.lower()})
    answer_url = reverse("feedback:answer", args=[open_form.public_id])
    assert joined.status_code == 302 and joined["Location"] == answer_url
    page = phone.get(answer_url)
    assert page.status_code == 200 and b"You joined with a room card" in page.content
    data = _code_field(answers_for(open_form, word="Hopeful"))
    assert phone.post(answer_url, data).status_code == 302
    again = phone.get(answer_url)
    assert b'value="Hopeful"' in again.content and b"Save my changes" in again.content
    data = _code_field(answers_for(open_form, word="Exciting"))
    assert phone.post(answer_url, data).status_code == 302
    assert Response.objects.count() == 1
    words = open_form.questions.get(purpose="word").answers.values_list("text", flat=True)
    assert list(words) == ["Exciting"]
    # A second phone replaying the same card gets nothing; a second card is a second response.
    other = Client()
    replay = other.post(reverse("feedback:card-join"), {"code": code})
    assert replay.status_code == 400 and b"already been used" in replay.content
    assert other.get(answer_url).status_code == 302  # asked to sign in
    assert other.post(reverse("feedback:card-join"), {"code": spare}).status_code == 302
    assert other.post(answer_url, _code_field(answers_for(open_form))).status_code == 302
    assert Response.objects.count() == 2
    results = selectors.form_results(actor=world.coordinator_uk, form=open_form)
    assert results.respondents == 2 and results.attendees == 10 + 2


def test_bad_answers_from_a_card_get_a_message_per_field(world, room, open_form):
    (code,) = services.cards_issue(actor=world.coordinator_uk, obj=open_form, count=1)
    phone = Client()
    phone.post(reverse("feedback:card-join"), {"code": code})
    answer_url = reverse("feedback:answer", args=[open_form.public_id])
    bad = phone.post(answer_url, _code_field(answers_for(open_form, rating="", word="w" * 80)))
    assert bad.status_code == 400
    assert b"Choose a rating" in bad.content and b"characters or fewer" in bad.content
    assert Response.objects.count() == 0


def test_a_forged_or_other_forms_card_cookie_gets_no_form(world, room, open_form):
    answer_url = reverse("feedback:answer", args=[open_form.public_id])
    phone = Client()
    phone.cookies[f"rn_card_{open_form.public_id.hex[:16]}"] = "rf_forged"
    assert phone.get(answer_url).status_code == 302
    assert phone.post(answer_url, _code_field(answers_for(open_form))).status_code == 302
    with pytest.raises(ApplicationError) as refused:
        services.response_submit_with_card(
            actor=AnonymousUser(), form=open_form, token="rf_forged", answers={}
        )
    assert refused.value.status == 403
    assert Response.objects.count() == 0


def test_a_closed_form_takes_no_more_card_answers(world, room, open_form):
    (code,) = services.cards_issue(actor=world.coordinator_uk, obj=open_form, count=1)
    token = services.card_redeem(actor=AnonymousUser(), code=code).token
    services.form_close(actor=world.coordinator_uk, form=open_form)
    open_form.refresh_from_db()
    with pytest.raises(ApplicationError) as refused:
        services.response_submit_with_card(
            actor=AnonymousUser(), form=open_form, token=token, answers=answers_for(open_form)
        )
    assert refused.value.code == "form_closed"


# --- The pages for organisers -------------------------------------------------------------------


def test_organisers_make_and_print_cards_from_the_debate_and_form_pages(world, debate, open_form):
    chair = sign_in(Client(), world.coordinator_uk)
    for manage, cards in (
        (
            reverse("feedback:debate-manage", args=[debate.public_id]),
            reverse("feedback:debate-cards", args=[debate.public_id]),
        ),
        (
            reverse("feedback:form-manage", args=[open_form.public_id]),
            reverse("feedback:form-cards", args=[open_form.public_id]),
        ),
    ):
        assert cards.encode() in chair.get(manage).content  # reachable
        assert chair.get(cards).status_code == 200
        sheet = chair.post(cards, {"count": "4"})
        assert sheet.status_code == 200 and sheet["Cache-Control"] == "no-store"
        assert sheet.content.count(b'class="rn-room-card"') == 4
        for bad, message in (
            ("0", b"at least 1"),
            ("301", b"at most 300"),
            ("lots", b"whole number"),
            ("", b"how many cards"),
        ):
            refused = chair.post(cards, {"count": bad})
            assert refused.status_code == 400 and message in refused.content
    assert RoomCard.objects.count() == 8


@pytest.mark.parametrize("role", ["lead_a", "coordinator_ie", "outsider"])
def test_others_cannot_open_the_card_pages(world, debate, open_form, role):
    client = world.client_for(role)
    for url in (
        reverse("feedback:debate-cards", args=[debate.public_id]),
        reverse("feedback:form-cards", args=[open_form.public_id]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"count": "3"}).status_code == 404
    assert Client().get(url).status_code == 302  # anonymous: sign in
    assert RoomCard.objects.count() == 0


def test_the_join_page_fills_in_the_code_from_the_qr_link(world, debate):
    (code,) = services.cards_issue(actor=world.coordinator_uk, obj=debate, count=1)
    page = Client().get(reverse("feedback:card-join") + f"?code={code}")
    assert page.status_code == 200 and f'value="{code}"'.encode() in page.content
    assert not RoomCard.objects.get().used  # nothing is used until the person presses Join
    empty = Client().post(reverse("feedback:card-join"), {"code": "  "})
    assert empty.status_code == 400 and b"Enter the code on your card" in empty.content


# --- The API ------------------------------------------------------------------------------------


def test_cards_over_the_api(world, room, debate, open_form):
    api = token_client(world.coordinator_uk)
    made = api.post(
        f"/api/v1/debates/{debate.public_id}/cards", {"count": 2}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    code, _spare = made.json()["codes"]
    assert made.json()["join_link"].endswith("/join/")
    bad = api.post(
        f"/api/v1/debates/{debate.public_id}/cards", {"count": 0}, content_type="application/json"
    )
    assert bad.status_code == 422
    outsider = token_client(world.lead_a).post(
        f"/api/v1/debates/{debate.public_id}/cards", {"count": 1}, content_type="application/json"
    )
    assert outsider.status_code == 404
    phone = Client()
    joined = phone.post("/api/v1/feedback/join", {"code": code}, content_type="application/json")
    assert joined.status_code == 201, joined.content
    assert joined.json()["kind"] == "debate" and joined.json()["id"] == str(debate.public_id)
    token = joined.json()["token"]
    replay = phone.post("/api/v1/feedback/join", {"code": code}, content_type="application/json")
    assert replay.status_code == 409 and replay.json()["code"] == "card_used"
    wrong = phone.post("/api/v1/feedback/join", {"code": "NOPE"}, content_type="application/json")
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "code"
    null = phone.post("/api/v1/feedback/join", {"code": None}, content_type="application/json")
    assert null.status_code == 422
    vote_url = f"/api/v1/debates/{debate.public_id}/rounds/before/card-vote"
    closed = phone.put(vote_url, {"token": token, "choice": "for"}, content_type="application/json")
    assert closed.status_code == 409
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    for choice in ("for", "against"):
        cast = phone.put(
            vote_url, {"token": token, "choice": choice}, content_type="application/json"
        )
        assert cast.status_code == 200 and cast.json()["choice"] == choice
    forged = phone.put(
        vote_url, {"token": "rv_forged", "choice": "for"}, content_type="application/json"
    )
    assert forged.status_code == 403
    assert list(Vote.objects.values_list("choice", flat=True)) == ["against"]
    # A form's card: join, answer, change.
    (form_code,) = api.post(
        f"/api/v1/feedback/forms/{open_form.public_id}/cards",
        {"count": 1},
        content_type="application/json",
    ).json()["codes"]
    joined = phone.post(
        "/api/v1/feedback/join", {"code": form_code}, content_type="application/json"
    ).json()
    assert joined["kind"] == "form"
    url = f"/api/v1/feedback/forms/{open_form.public_id}/card-response"
    answers = answers_for(open_form, word="Reassuring")
    put = phone.put(
        url, {"token": joined["token"], "answers": answers}, content_type="application/json"
    )
    assert put.status_code == 200, put.content
    word = str(open_form.questions.get(purpose="word").pk)
    assert put.json()["answers"][word] == "Reassuring"
    bad = phone.put(
        url,
        {"token": joined["token"], "answers": {**answers, word: "w" * 80}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == f"answers.{word}"
    nobody = phone.put(
        url, {"token": "rf_forged", "answers": answers}, content_type="application/json"
    )
    assert nobody.status_code == 403
    assert Response.objects.count() == 1
