"""Staff roles for people without an account: the manager invites them by e-mail; the link gives
the role at sign-up or after signing in with that address. Pending invitations are listed with
withdraw and send-again; expired, withdrawn and used links refuse; the API does the same."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recoverynet.colleges.models import CollegeStaff, StaffInvitation, StaffRole
from recoverynet.colleges.services import staff_invitations as services
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from tests.conftest import make_user, sign_in, token_client

from .conftest import CollegeWorld

pytestmark = pytest.mark.django_db
NEW = "new.trainer@example.org"


def _staff_url(cw: CollegeWorld) -> str:
    return reverse("colleges:staff", args=[cw.college.slug])


def _link(message) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r"https?://\S+/college-invitations/[^/\s]+/", message.body)
    assert found, message.body
    return found.group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def _invite(cw: CollegeWorld, callbacks, email: str = NEW, role: str = "peer_trainer") -> str:  # type: ignore[no-untyped-def]
    mail.outbox.clear()
    with callbacks(execute=True):
        response = sign_in(Client(), cw.manager).post(
            _staff_url(cw), {"email": email, "role": role}
        )
    assert response.status_code == 302, response.content
    assert [m.to for m in mail.outbox] == [[email]]
    return _path(_link(mail.outbox[0]))


def test_invite_sign_up_and_get_the_role(
    cw: CollegeWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    path = _invite(cw, django_capture_on_commit_callbacks)
    assert "Alpha Recovery College" in mail.outbox[0].subject
    staff_page = sign_in(Client(), cw.manager).get(_staff_url(cw)).content.decode()
    assert NEW in staff_page and "Invitations waiting" in staff_page
    visitor = Client()
    page = visitor.get(path)
    assert page.status_code == 200 and b"Create an account" in page.content
    signed_up = visitor.post(
        reverse("account_signup"),
        {
            "email": NEW,
            "password1": "a-long-Passphrase-2027!",
            "password2": "a-long-Passphrase-2027!",
            "full_name": "New Trainer",
        },
    )
    assert signed_up.status_code in (200, 302), signed_up.content
    row = CollegeStaff.objects.get(user__email=NEW)
    assert row.college == cw.college and row.role == StaffRole.PEER_TRAINER
    invitation = StaffInvitation.objects.get(email=NEW)
    assert invitation.accepted_at is not None and invitation.accepted_by == row.user
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"colleges.staff_invitation.created", "colleges.staff_invitation.accepted"} <= actions
    # The link is single-use.
    assert Client().get(path).status_code == 410


def test_sign_in_then_accept(cw: CollegeWorld, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    path = _invite(cw, django_capture_on_commit_callbacks, role="learning_advisor")
    user = make_user(NEW)  # made an account some other way after the invitation was sent
    client = sign_in(Client(), user)
    assert b"Accept the invitation" in client.get(path).content
    accepted = client.post(path)
    assert accepted.status_code == 302
    assert CollegeStaff.objects.filter(
        user=user, college=cw.college, role=StaffRole.LEARNING_ADVISOR
    ).exists()
    assert client.post(path).status_code == 410  # used


def test_someone_else_cannot_use_the_link(
    cw: CollegeWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    path = _invite(cw, django_capture_on_commit_callbacks)
    client = sign_in(Client(), cw.world.outsider)
    assert b"Accept the invitation" not in client.get(path).content
    assert client.post(path).status_code == 403
    assert not CollegeStaff.objects.filter(user=cw.world.outsider).exists()


def test_expired_withdrawn_and_bad_links(
    cw: CollegeWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    path = _invite(cw, django_capture_on_commit_callbacks)
    invitation = StaffInvitation.objects.get(email=NEW)
    StaffInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert Client().get(path).status_code == 410
    user = make_user(NEW)
    assert sign_in(Client(), user).post(path).status_code == 410
    # Sent again: a new link works, the old one does not.
    mail.outbox.clear()
    manager = sign_in(Client(), cw.manager)
    with django_capture_on_commit_callbacks(execute=True):
        resent = manager.post(
            reverse("colleges:invitation-resend", args=[cw.college.slug, invitation.pk])
        )
    assert resent.status_code == 302
    fresh = _path(_link(mail.outbox[0]))
    assert fresh != path and Client().get(path).status_code == 404  # the old link is gone
    invitation.refresh_from_db()
    assert invitation.sent_count == 2 and invitation.is_open
    # Withdrawn: the new link stops too.
    withdrawn = manager.post(
        reverse("colleges:invitation-revoke", args=[cw.college.slug, invitation.pk])
    )
    assert withdrawn.status_code == 302
    assert sign_in(Client(), user).post(fresh).status_code == 410
    assert not CollegeStaff.objects.filter(user=user).exists()
    assert "Invitations waiting" not in manager.get(_staff_url(cw)).content.decode()
    assert Client().get("/college-invitations/not-a-real-token/").status_code == 404
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"colleges.staff_invitation.resent", "colleges.staff_invitation.revoked"} <= actions


def test_inviting_again_replaces_the_open_invitation(
    cw: CollegeWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    first = _invite(cw, django_capture_on_commit_callbacks)
    second = _invite(cw, django_capture_on_commit_callbacks)
    assert Client().get(first).status_code == 410 and Client().get(second).status_code == 200
    assert StaffInvitation.objects.filter(email=NEW, revoked_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not-an-address", "role": "peer_trainer"}, "email"),
        ({"email": "", "role": "peer_trainer"}, "email"),
        ({"email": "a\x00b@example.org", "role": "peer_trainer"}, "email"),
        ({"email": NEW, "role": "headteacher"}, "role"),
    ],
)
def test_bad_input_is_refused_and_nothing_sent(cw: CollegeWorld, data: dict, field: str) -> None:
    mail.outbox.clear()
    response = sign_in(Client(), cw.manager).post(_staff_url(cw), data)
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert not StaffInvitation.objects.exists() and not mail.outbox


def test_only_the_manager_invites_withdraws_or_resends(
    cw: CollegeWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _invite(cw, django_capture_on_commit_callbacks)
    invitation = StaffInvitation.objects.get()
    for who in (cw.administrator, cw.peer_trainer, cw.other_manager, cw.world.outsider):
        client = sign_in(Client(), who)
        assert client.post(
            _staff_url(cw), {"email": "x@example.org", "role": "manager"}
        ).status_code in (403, 404)
        for name in ("invitation-revoke", "invitation-resend"):
            url = reverse(f"colleges:{name}", args=[cw.college.slug, invitation.pk])
            assert client.post(url).status_code in (403, 404)
        with pytest.raises(ApplicationError):
            services.staff_invitation_create(
                actor=who, college=cw.college, email="y@example.org", role="manager"
            )
    # The other college's manager cannot reach it through their own college either.
    url = reverse("colleges:invitation-revoke", args=[cw.other_college.slug, invitation.pk])
    assert sign_in(Client(), cw.other_manager).post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and invitation.sent_count == 1
    assert not StaffInvitation.objects.filter(email__in=["x@example.org", "y@example.org"])


def test_api_invite_list_resend_revoke_and_accept(
    cw: CollegeWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    api = token_client(cw.manager)
    base = f"/api/v1/colleges/{cw.college.slug}/staff-invitations"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        made = api.post(
            base, json.dumps({"email": NEW, "role": "professional_trainer"}), "application/json"
        )
    assert made.status_code == 201, made.content
    assert made.json()["role"] == "professional_trainer" and made.json()["expired"] is False
    listed = api.get(base).json()
    assert [i["email"] for i in listed] == [NEW]
    has_account = api.post(
        base, json.dumps({"email": cw.peer_trainer.email, "role": "manager"}), "application/json"
    )
    assert has_account.status_code == 409 and has_account.json()["errors"][0]["field"] == "email"
    bad = api.post(base, json.dumps({"email": None, "role": "manager"}), "application/json")
    assert bad.status_code == 422
    assert token_client(cw.administrator).get(base).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        resent = api.post(f"{base}/{made.json()['id']}/resend")
    assert resent.status_code == 200 and resent.json()["sent_count"] == 2
    token = _link(mail.outbox[-1]).rstrip("/").rsplit("/", 1)[1]
    user = make_user(NEW)
    accept = "/api/v1/college-invitations/accept"
    wrong = token_client(cw.world.outsider).post(
        accept, json.dumps({"token": token}), "application/json"
    )
    assert wrong.status_code == 403
    done = token_client(user).post(accept, json.dumps({"token": token}), "application/json")
    assert done.status_code == 200 and done.json() == {
        "college": cw.college.slug,
        "role": "professional_trainer",
    }
    again = token_client(user).post(accept, json.dumps({"token": token}), "application/json")
    assert again.status_code == 409
    assert api.delete(f"{base}/{made.json()['id']}").status_code == 404  # accepted: not pending
    # A second invitation, withdrawn through the API, cannot be accepted.
    with django_capture_on_commit_callbacks(execute=True):
        second = api.post(
            base, json.dumps({"email": "later@example.org", "role": "manager"}), "application/json"
        )
    token2 = _link(mail.outbox[-1]).rstrip("/").rsplit("/", 1)[1]
    assert api.delete(f"{base}/{second.json()['id']}").status_code == 204
    later = make_user("later@example.org")
    gone = token_client(later).post(accept, json.dumps({"token": token2}), "application/json")
    assert gone.status_code == 410
    assert not CollegeStaff.objects.filter(user=later).exists()
