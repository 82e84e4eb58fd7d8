"""A bearer token found once is kept in the shared cache (accounts/token_lookup.py, issue #17),
and every change to a token or its person is seen on the next request, in every process."""

from __future__ import annotations

import datetime
import pickle
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from recoverynet.accounts import services, token_lookup
from recoverynet.accounts.models import ApiToken, Perspective
from recoverynet.core import page_cache, tokens
from recoverynet.core.models import ErasureRecord
from recoverynet.core.privacy import erasure
from tests.conftest import bearer, make_user

# Committed for real: a read in the transaction that changed the topic is never kept.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def uses_forgotten(shared_cache: Any) -> None:
    services._USE_RECORDED.clear()  # when this process last recorded a token's use


@pytest.fixture
def person() -> Any:
    return make_user("integration@example.org")


def _token(person: Any, scopes: tuple[str, ...] = ("read",)) -> str:
    return services.api_token_create(actor=person, name="sync", scopes=list(scopes)).raw


def test_a_token_used_again_is_not_looked_up_again(
    person: Any, django_assert_num_queries: Any
) -> None:
    raw = _token(person)
    first = services.api_token_authenticate(raw)
    assert first is not None and first.user == person
    with django_assert_num_queries(0):
        again = services.api_token_authenticate(raw)
    assert again is not None and again.pk == first.pk and again.user.pk == person.pk


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda t, raw: services.api_token_revoke(actor=t.user, token_id=t.pk), id="revoked"
        ),
        pytest.param(lambda t, raw: t.delete(), id="deleted"),
        pytest.param(lambda t, raw: _deactivate(t.user), id="person-made-inactive"),
        pytest.param(
            lambda t, raw: erasure.erase_person(t.user, reason=ErasureRecord.Reason.REQUEST),
            id="person-erased",
        ),
        pytest.param(lambda t, raw: _expire(t), id="expired-by-a-save"),
    ],
)
def test_a_change_to_the_token_or_its_person_refuses_it_on_the_next_request(
    person: Any, change: Any, django_capture_on_commit_callbacks: Any
) -> None:
    raw = _token(person)
    client = Client(**bearer(raw))
    assert client.get("/api/v1/me").status_code == 200
    token = ApiToken.objects.get(token_hash=tokens.digest(raw))
    with django_capture_on_commit_callbacks(execute=True):
        change(token, raw)
    assert services.api_token_authenticate(raw) is None
    assert client.get("/api/v1/me").status_code == 401


def _deactivate(user: Any) -> None:
    user.is_active = False
    user.save()


def _expire(token: ApiToken) -> None:
    token.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    token.save()


def test_an_expiry_passing_needs_no_change_to_be_seen(person: Any) -> None:
    raw = _token(person)
    token = ApiToken.objects.get(token_hash=tokens.digest(raw))
    token.expires_at = timezone.now() + datetime.timedelta(minutes=1)
    token.save()
    assert services.api_token_authenticate(raw) is not None  # now kept, with its expiry
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert services.api_token_authenticate(raw) is None


def test_new_scopes_apply_on_the_next_request(person: Any) -> None:
    raw = _token(person, ("read",))
    client = Client(**bearer(raw))
    assert client.get("/api/v1/me").status_code == 200
    token = ApiToken.objects.get(token_hash=tokens.digest(raw))
    token.scopes = ["library:read"]
    token.save()
    response = client.get("/api/v1/me")
    assert response.status_code == 403 and response.json()["code"] == "insufficient_scope"


def test_a_write_that_sends_no_signal_is_seen_within_the_bound(person: Any) -> None:
    raw = _token(person)
    assert services.api_token_authenticate(raw) is not None
    ApiToken.objects.filter(token_hash=tokens.digest(raw)).update(revoked_at=timezone.now())
    later = timezone.now() + datetime.timedelta(seconds=token_lookup.BOUND_SECONDS + 1)
    with time_machine.travel(later):
        assert services.api_token_authenticate(raw) is None


def test_a_made_up_token_is_looked_up_every_time_and_never_kept(
    django_assert_num_queries: Any,
) -> None:
    made_up = "rn_" + "x" * 40
    for _ in range(2):
        with django_assert_num_queries(1):
            assert services.api_token_authenticate(made_up) is None


def test_the_password_hash_and_perspective_are_never_copied_into_the_cache(person: Any) -> None:
    person.perspective = Perspective.LIVED_EXPERIENCE
    person.save()
    raw = _token(person)
    person.refresh_from_db()
    found = services.api_token_authenticate(raw)
    assert found is not None
    assert {"password", "perspective"} <= found.user.get_deferred_fields()
    digest = tokens.digest(raw)
    version = page_cache.versions(token_lookup.TOPIC)
    slot = token_lookup._slot(digest)
    kept = cache.get(f"versioned:{token_lookup.TOPIC}:{version}:{digest}:{slot}")
    assert kept is not None, "the token was kept"
    assert person.password.encode() not in kept
    assert b"lived_experience" not in kept
    assert pickle.loads(kept).pk == found.pk


def test_signing_in_keeps_kept_tokens_and_a_change_to_the_person_does_not(person: Any) -> None:
    before = page_cache.versions(token_lookup.TOPIC)
    update_last_login(None, person)  # what Django does on every sign-in
    assert page_cache.versions(token_lookup.TOPIC) == before
    person.full_name = "Sam Integration"
    person.save()
    assert page_cache.versions(token_lookup.TOPIC) != before


def test_use_is_recorded_at_most_once_a_minute_across_processes(
    person: Any, django_assert_num_queries: Any
) -> None:
    raw = _token(person)
    services.api_token_authenticate(raw)
    used = ApiToken.objects.get(token_hash=tokens.digest(raw)).last_used_at
    assert used is not None
    services._USE_RECORDED.clear()  # as another process, which has not recorded it yet
    with django_assert_num_queries(0):
        services.api_token_authenticate(raw)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        services._USE_RECORDED.clear()
        cache.delete(f"api-token-used:{tokens.digest(raw)}")  # the cache's minute is over too
        services.api_token_authenticate(raw)
        later = ApiToken.objects.get(token_hash=tokens.digest(raw)).last_used_at
    assert later is not None and later > used
