"""Downloads: one address per file, checked through the same access rules as the resource; the older
per-resource and per-version addresses still work for a link, one file, or several files."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from recoverynet.library import services
from recoverynet.library.models import Resource, ResourceFile
from recoverynet.library.services import Content, FileUpload, ResourceInput
from tests.conftest import PDF, World, sign_in

pytestmark = pytest.mark.django_db

CSV = b"step,question\n1,Who is in the room?\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _content(*pairs: tuple[bytes, str]) -> Content:
    return Content(files=[FileUpload(file=io.BytesIO(data), name=name) for data, name in pairs])


def _share(
    world: World, title: str, content: Content, *, audience: str = "members", approve: bool = True
) -> Resource:
    resource = services.resource_submit(
        actor=world.lead_a,
        network=world.uk,
        data=ResourceInput(title=title, summary="A kit.", kind="tool", audience=audience),
        content=content,
    )
    if approve:
        services.resource_moderate(
            actor=world.coordinator_uk, resource=resource, decision="approved"
        )
    return resource


def _file_url(resource: Resource, number: int, file: ResourceFile) -> str:
    return reverse("library:resource-download-file", args=[resource.public_id, number, file.pk])


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_each_file_downloads_from_its_own_address(world: World) -> None:
    kit = _share(world, "Starter kit", _content((PDF, "kit.pdf"), (CSV, "planner.csv")))
    pdf, csv = ResourceFile.objects.filter(version__resource=kit)
    member = sign_in(Client(), world.lead_b)
    response = member.get(_file_url(kit, 1, csv))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="planner.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == CSV
    assert _body(member.get(_file_url(kit, 1, pdf))) == PDF
    kit.refresh_from_db()
    assert kit.download_count == 2  # counted per resource


def test_several_files_redirect_to_the_list_on_the_page(world: World) -> None:
    kit = _share(world, "Starter kit", _content((PDF, "kit.pdf"), (CSV, "planner.csv")))
    member = sign_in(Client(), world.lead_b)
    detail = reverse("library:resource-detail", args=[kit.public_id])
    response = member.get(reverse("library:resource-download", args=[kit.public_id]))
    assert response.status_code == 302 and response["Location"] == f"{detail}#files"
    services.resource_new_version(
        actor=world.coordinator_uk, resource=kit, content=Content(link="https://example.org/kit")
    )
    old = member.get(reverse("library:resource-download-version", args=[kit.public_id, 1]))
    assert old.status_code == 302 and old["Location"] == f"{detail}#version-1"
    kit.refresh_from_db()
    assert kit.download_count == 0  # a redirect to the list is not a download


def test_single_file_and_link_keep_their_old_addresses(world: World) -> None:
    paper = _share(world, "Paper", _content((PDF, "paper.pdf")), audience="public")
    services.resource_new_version(
        actor=world.coordinator_uk, resource=paper, content=Content(link="https://example.org/v2")
    )
    anonymous = Client()
    latest = anonymous.get(reverse("library:resource-download", args=[paper.public_id]))
    assert latest.status_code == 302 and latest["Location"] == "https://example.org/v2"
    first = anonymous.get(reverse("library:resource-download-version", args=[paper.public_id, 1]))
    assert first.status_code == 200 and _body(first) == PDF
    assert (
        anonymous.get(
            reverse("library:resource-download-version", args=[paper.public_id, 9])
        ).status_code
        == 404
    )


def test_members_only_files_are_refused_to_anonymous_and_other_networks(world: World) -> None:
    kit = _share(world, "Members kit", _content((PDF, "kit.pdf"), (CSV, "planner.csv")))
    file = ResourceFile.objects.filter(version__resource=kit).first()
    assert file is not None
    url = _file_url(kit, 1, file)
    assert Client().get(url).status_code == 404
    assert sign_in(Client(), world.lead_ie).get(url).status_code == 404
    assert sign_in(Client(), world.outsider).get(url).status_code == 404
    assert sign_in(Client(), world.lead_b).get(url).status_code == 200
    kit.refresh_from_db()
    assert kit.download_count == 1


def test_pending_files_only_for_the_submitter_and_the_team(world: World) -> None:
    kit = _share(world, "Draft kit", _content((PDF, "kit.pdf")), approve=False)
    file = ResourceFile.objects.get(version__resource=kit)
    url = _file_url(kit, 1, file)
    assert sign_in(Client(), world.lead_b).get(url).status_code == 404
    assert sign_in(Client(), world.lead_a).get(url).status_code == 200
    assert sign_in(Client(), world.coordinator_uk).get(url).status_code == 200


def test_a_file_of_another_resource_or_version_is_not_found(world: World) -> None:
    public = _share(world, "Public", _content((PDF, "public.pdf")), audience="public")
    members = _share(world, "Members", _content((CSV, "members.csv")))
    secret = ResourceFile.objects.get(version__resource=members)
    own = ResourceFile.objects.get(version__resource=public)
    anonymous = Client()
    # The members' file, asked for under a public resource: never served.
    assert anonymous.get(_file_url(public, 1, secret)).status_code == 404
    member = sign_in(Client(), world.lead_b)
    assert member.get(_file_url(public, 1, secret)).status_code == 404
    assert member.get(_file_url(public, 2, own)).status_code == 404  # no version 2
    services.resource_new_version(
        actor=world.coordinator_uk, resource=public, content=_content((CSV, "v2.csv"))
    )
    assert anonymous.get(_file_url(public, 2, own)).status_code == 404  # own is in version 1
    assert anonymous.get(_file_url(public, 1, own)).status_code == 200


def test_detail_page_lists_the_files_of_each_version(world: World) -> None:
    kit = _share(world, "Starter kit", _content((PDF, "kit.pdf"), (CSV, "planner.csv")))
    services.resource_new_version(
        actor=world.coordinator_uk,
        resource=kit,
        content=_content((CSV, "planner-2027.csv"), (PDF, "kit-2027.pdf")),
        note="Updated for 2027",
    )
    page = sign_in(Client(), world.lead_b).get(
        reverse("library:resource-detail", args=[kit.public_id])
    )
    body = page.content.decode()
    assert page.status_code == 200
    files_table = body[body.index('id="file-list"') : body.index('id="versions"')]
    assert "planner-2027.csv" in files_table and "kit-2027.pdf" in files_table
    assert "planner.csv" not in files_table.replace("planner-2027.csv", "")
    assert "CSV spreadsheet" in files_table and "PDF" in files_table
    for file in ResourceFile.objects.filter(version__resource=kit):
        assert _file_url(kit, file.version.number, file) in body
    assert 'id="version-1"' in body and 'id="version-2"' in body


def test_others_see_downloads_as_a_band_never_an_exact_count(world: World) -> None:
    """Issue #9: a count that ticks up by one can show who opened a resource; below the people
    threshold nothing is shown, and above it only a band."""
    kit = _share(world, "Starter kit", _content((PDF, "kit.pdf")))
    member = sign_in(Client(), world.lead_b)
    api_path = f"/api/v1/resources/{kit.public_id}"
    page_path = reverse("library:resource-detail", args=[kit.public_id])
    for count, label, low in (
        (1, "Fewer than 8", None),
        (7, "Fewer than 8", None),
        (12, "10 to 19", 10),
    ):
        Resource.objects.filter(pk=kit.pk).update(download_count=count)
        html = member.get(page_path).content.decode()
        assert f'id="download-count">{label}</dd>' in html
        body = member.get(api_path).json()
        assert (body["downloads"], body["downloads_at_least"]) == (label, low)
        assert "download_count" not in body
