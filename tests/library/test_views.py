"""Library pages through Django's test client: bad input and who must not get in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from recoverynet.library.models import Resource, ResourceFile, ResourceVersion
from tests.conftest import PDF, World, sign_in


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Co-production checklist",
        "summary": "A one-page checklist for planning a course together.",
        "kind": "tool",
        "audience": "members",
        "tags": "co-production, planning",
        "challenge_numbers": ["2", "7"],
    }
    data.update(overrides)
    return data


def _stored_files(media: Path) -> list[Path]:
    folder = media / "library"
    return list(folder.iterdir()) if folder.exists() else []


def test_member_shares_a_pdf(client: Client, world: World, media: Path) -> None:
    sign_in(client, world.lead_a)
    response = client.post(
        reverse("library:resource-submit", args=["uk"]),
        _form(files=SimpleUploadedFile("checklist.pdf", PDF, content_type="application/pdf")),
    )
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("library:resource-detail", args=[resource.public_id])
    assert resource.status == "pending"
    assert len(_stored_files(media)) == 1
    page = client.get(response["Location"])
    assert "Waiting for review" in page.content.decode()


def test_title_is_required(client: Client, world: World) -> None:
    sign_in(client, world.lead_a)
    response = client.post(
        reverse("library:resource-submit", args=["uk"]),
        _form(title="", link="https://example.org/a"),
    )
    assert response.status_code == 400
    assert "Enter the title" in response.content.decode()
    assert not Resource.objects.exists()


def test_file_and_link_together_are_refused(client: Client, world: World, media: Path) -> None:
    sign_in(client, world.lead_a)
    response = client.post(
        reverse("library:resource-submit", args=["uk"]),
        _form(files=SimpleUploadedFile("a.pdf", PDF), link="https://example.org/a"),
    )
    assert response.status_code == 400
    assert "Upload files or give a link, not both." in response.content.decode()
    assert not Resource.objects.exists()
    assert _stored_files(media) == []


def test_neither_file_nor_link_is_refused(client: Client, world: World) -> None:
    sign_in(client, world.lead_a)
    response = client.post(reverse("library:resource-submit", args=["uk"]), _form())
    assert response.status_code == 400
    assert "Upload a file or give a link." in response.content.decode()
    assert not Resource.objects.exists()


def test_executable_renamed_pdf_is_refused_and_not_kept(
    client: Client, world: World, media: Path
) -> None:
    sign_in(client, world.lead_a)
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
    response = client.post(
        reverse("library:resource-submit", args=["uk"]),
        _form(files=SimpleUploadedFile("report.pdf", program, content_type="application/pdf")),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "We cannot accept report.pdf" in body
    assert 'id="id_files-error"' in body  # shown on the file field, and in the error summary
    assert 'href="#id_files"' in body
    assert not Resource.objects.exists()
    assert _stored_files(media) == []


def test_member_shares_two_files(client: Client, world: World, media: Path) -> None:
    sign_in(client, world.lead_a)
    url = reverse("library:resource-submit", args=["uk"])
    form_page = client.get(url).content.decode()
    assert 'type="file" name="files" multiple' in form_page
    response = client.post(
        url,
        _form(
            files=[
                SimpleUploadedFile("checklist.pdf", PDF),
                SimpleUploadedFile("planner.csv", b"step,who\n1,everyone\n"),
            ]
        ),
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    files = list(ResourceFile.objects.filter(version__resource=resource))
    assert [f.file_name for f in files] == ["checklist.pdf", "planner.csv"]
    assert len(_stored_files(media)) == 2
    body = client.get(response["Location"]).content.decode()
    assert "checklist.pdf" in body and "planner.csv" in body and "CSV spreadsheet" in body


def test_one_bad_file_among_two_keeps_nothing(client: Client, world: World, media: Path) -> None:
    sign_in(client, world.lead_a)
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
    response = client.post(
        reverse("library:resource-submit", args=["uk"]),
        _form(
            files=[
                SimpleUploadedFile("checklist.pdf", PDF),
                SimpleUploadedFile("setup.pdf", program),
            ]
        ),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "We cannot accept setup.pdf" in body and 'href="#id_files"' in body
    assert "checklist.pdf" not in body.split('id="id_files-error"')[1].split("</span>")[0]
    assert not Resource.objects.exists() and not ResourceVersion.objects.exists()
    assert not ResourceFile.objects.exists()
    assert _stored_files(media) == []


def test_more_than_ten_files_are_refused(client: Client, world: World, media: Path) -> None:
    sign_in(client, world.lead_a)
    response = client.post(
        reverse("library:resource-submit", args=["uk"]),
        _form(files=[SimpleUploadedFile(f"p{i}.pdf", PDF) for i in range(11)]),
    )
    assert response.status_code == 400
    assert "Upload up to 10 files at a time. You chose 11." in response.content.decode()
    assert not Resource.objects.exists()
    assert _stored_files(media) == []


def test_new_version_with_two_files(client: Client, world: World, media: Path) -> None:
    sign_in(client, world.lead_a)
    client.post(
        reverse("library:resource-submit", args=["uk"]), _form(link="https://example.org/a")
    )
    resource = Resource.objects.get()
    url = reverse("library:resource-new-version", args=[resource.public_id])
    bad = client.post(
        url, {"files": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.txt", b"")]}
    )
    assert bad.status_code == 400 and "b.txt is empty." in bad.content.decode()
    assert resource.versions.count() == 1 and _stored_files(media) == []
    response = client.post(
        url,
        {
            "files": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.txt", b"notes")],
            "note": "Now as files",
        },
    )
    assert response.status_code == 302
    latest = resource.versions.first()
    assert latest is not None and latest.number == 2 and latest.link == ""
    assert [f.file_name for f in latest.files.all()] == ["a.pdf", "b.txt"]


def test_outsider_cannot_share_in_the_uk_network(client: Client, world: World) -> None:
    sign_in(client, world.outsider)
    url = reverse("library:resource-submit", args=["uk"])
    assert client.get(url).status_code == 403
    assert client.post(url, _form(link="https://example.org/a")).status_code == 403
    assert not Resource.objects.exists()


def test_share_page_needs_sign_in(client: Client, world: World) -> None:
    response = client.get(reverse("library:resource-submit", args=["uk"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_moderation_queue_is_for_the_team_only(client: Client, world: World) -> None:
    url = reverse("library:moderation-queue")
    sign_in(client, world.lead_a)
    assert client.get(url).status_code == 403
    sign_in(client, world.coordinator_uk)
    assert client.get(url).status_code == 200


def test_member_cannot_moderate(client: Client, world: World) -> None:
    sign_in(client, world.lead_a)
    client.post(
        reverse("library:resource-submit", args=["uk"]), _form(link="https://example.org/a")
    )
    resource = Resource.objects.get()
    response = client.post(
        reverse("library:resource-moderate", args=[resource.public_id]), {"decision": "approved"}
    )
    assert response.status_code == 403
    resource.refresh_from_db()
    assert resource.status == "pending"


def test_team_approves_and_anonymous_visitor_sees_public_resource(
    client: Client, world: World
) -> None:
    sign_in(client, world.lead_a)
    client.post(
        reverse("library:resource-submit", args=["uk"]),
        _form(audience="public", link="https://example.org/a"),
    )
    resource = Resource.objects.get()
    sign_in(client, world.coordinator_uk)
    response = client.post(
        reverse("library:resource-moderate", args=[resource.public_id]), {"decision": "approved"}
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.status == "approved"
    client.logout()
    listing = client.get(reverse("library:resource-list"), {"q": "checklist"})
    assert "Co-production checklist" in listing.content.decode()


def test_rejection_needs_a_reason(client: Client, world: World) -> None:
    sign_in(client, world.lead_a)
    client.post(
        reverse("library:resource-submit", args=["uk"]), _form(link="https://example.org/a")
    )
    resource = Resource.objects.get()
    sign_in(client, world.coordinator_uk)
    response = client.post(
        reverse("library:resource-moderate", args=[resource.public_id]),
        {"decision": "rejected"},
        follow=True,
    )
    assert "Say what needs to change" in response.content.decode()
    resource.refresh_from_db()
    assert resource.status == "pending"


def test_other_member_cannot_add_a_version(client: Client, world: World) -> None:
    sign_in(client, world.lead_a)
    client.post(
        reverse("library:resource-submit", args=["uk"]),
        _form(audience="public", link="https://example.org/a"),
    )
    resource = Resource.objects.get()
    sign_in(client, world.lead_b)
    # Not yet approved, so another member cannot even see it.
    assert (
        client.get(reverse("library:resource-new-version", args=[resource.public_id])).status_code
        == 404
    )


def test_list_filters_are_checked(client: Client, world: World) -> None:
    response = client.get(reverse("library:resource-list"), {"challenge": "11", "kind": "nonsense"})
    assert response.status_code == 200
    assert "Select the type of resource from the list" in response.content.decode()


def test_review_without_a_decision_is_explained(client: Client, world: World) -> None:
    sign_in(client, world.lead_a)
    client.post(
        reverse("library:resource-submit", args=["uk"]), _form(link="https://example.org/a")
    )
    resource = Resource.objects.get()
    sign_in(client, world.coordinator_uk)
    response = client.post(
        reverse("library:resource-moderate", args=[resource.public_id]), {}, follow=True
    )
    assert "Choose publish, ask for changes or do not accept." in response.content.decode()
    resource.refresh_from_db()
    assert resource.status == "pending"


def test_learning_set_audience_needs_one_of_the_networks_sets(client: Client, world: World) -> None:
    from recoverynet.events import services as event_services

    learning_set = event_services.learning_set_create(
        actor=world.coordinator_uk,
        network=world.uk,
        title="Learning set 2027",
        description="Six days.",
        cohort=[world.org_a],
    )
    sign_in(client, world.lead_a)
    url = reverse("library:resource-submit", args=["uk"])
    assert "Learning set 2027" in client.get(url).content.decode()
    response = client.post(url, _form(audience="learning_set", link="https://example.org/a"))
    assert response.status_code == 400
    assert "Choose the learning set that can see it." in response.content.decode()
    assert not Resource.objects.exists()
    response = client.post(
        url,
        _form(audience="learning_set", learning_set=learning_set.pk, link="https://example.org/a"),
    )
    assert response.status_code == 302
    assert Resource.objects.get().learning_set == learning_set


def test_your_things_links_the_team_to_the_review_form(client: Client, world: World) -> None:
    """The moderation URL takes POST only: "Your things" links to the review form on the
    resource's page (the crawl found the link answering 405)."""
    sign_in(client, world.lead_a)
    client.post(
        reverse("library:resource-submit", args=["uk"]), _form(link="https://example.org/a")
    )
    resource = Resource.objects.get()
    sign_in(client, world.coordinator_uk)
    page = client.get(reverse("accounts:home")).content.decode()
    detail = reverse("library:resource-detail", args=[resource.public_id])
    assert f'href="{detail}#review"' in page
    assert reverse("library:resource-moderate", args=[resource.public_id]) not in page
    assert 'id="review"' in client.get(detail).content.decode()
