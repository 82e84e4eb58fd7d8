import io
from pathlib import Path

import pytest
from django.test import Client

from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from recoverynet.library import selectors, services, uploads
from recoverynet.library.models import Resource, ResourceFile, ResourceVersion
from recoverynet.library.services import Content, FileUpload, ResourceInput
from tests.conftest import PDF, docx, png, sign_in, token_client
from tests.library.stored import library_folder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def stored_files() -> list[Path]:
    return list(library_folder().iterdir())


def files(*pairs: tuple[bytes, str]) -> Content:
    return Content(files=[FileUpload(file=io.BytesIO(data), name=name) for data, name in pairs])


def nothing_kept() -> bool:
    return (
        not Resource.objects.exists()
        and not ResourceVersion.objects.exists()
        and not ResourceFile.objects.exists()
        and stored_files() == []
    )


def share(world, data=PDF, name="paper.pdf", audience="members", actor=None, content=None, **extra):
    return services.resource_submit(
        actor=actor or world.lead_a,
        network=world.uk,
        data=ResourceInput(
            title=extra.pop("title", "Business case for recovery"),
            summary="Why recovery pays.",
            kind="briefing_paper",
            audience=audience,
            tags="business case, leadership",
            challenge_numbers="4",
            **extra,
        ),
        content=content or files((data, name)),
    )


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (PDF, "paper.pdf", "application/pdf"),
        (
            docx(),
            "plan.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (png(), "chart.png", "image/png"),
        (b"name,role\nSam,peer worker\n", "people.csv", "text/csv"),
    ],
)
def test_allowed_files_are_stored_under_random_names(world, data, name, content_type):
    resource = share(world, data=data, name=name)
    file = resource.versions.get().files.get()
    assert file.content_type == content_type and file.file_name == name
    assert file.stored_name != name and len(file.stored_name) > 30
    assert (library_folder() / file.stored_name).read_bytes() == data


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (
            b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64,
            "paper.pdf",
        ),  # a Windows executable renamed .pdf
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "paper.pdf"),
        (
            b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
            "chart.png",
        ),  # PNG header, then HTML
        (b"<!doctype html><p>hello", "notes.txt"),
        (b"PK\x03\x04not really a zip", "plan.docx"),
    ],
)
def test_disallowed_files_are_refused_and_nothing_is_kept(world, data, name):
    with pytest.raises(ApplicationError) as exc:
        share(world, data=data, name=name)
    assert exc.value.field == "files" and name in exc.value.message
    assert nothing_kept()


def test_oversized_file_refused(world, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_BYTES", 100)
    with pytest.raises(ApplicationError, match=r"paper\.pdf is larger than"):
        share(world, data=PDF + b" " * 200)
    assert nothing_kept()


def test_several_files_in_one_version(world):
    plan = docx()
    resource = share(world, content=files((PDF, "paper.pdf"), (plan, "plan.docx")))
    version = resource.versions.get()
    stored = list(version.files.all())
    assert [(f.position, f.file_name) for f in stored] == [(0, "paper.pdf"), (1, "plan.docx")]
    assert [f.type_label for f in stored] == ["PDF", "Word document"]
    assert version.link == ""
    assert sorted(p.name for p in stored_files()) == sorted(f.stored_name for f in stored)
    assert (library_folder() / stored[1].stored_name).read_bytes() == plan
    entry = AuditEntry.objects.get(action="library.resource.submitted")
    assert entry.changes["files"] == ["paper.pdf", "plan.docx"]


def test_one_bad_file_among_good_ones_keeps_nothing(world):
    program = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
    with pytest.raises(ApplicationError) as exc:
        share(world, content=files((PDF, "paper.pdf"), (program, "sneaky.pdf"), (png(), "a.png")))
    assert exc.value.field == "files" and exc.value.status == 422
    assert "sneaky.pdf" in exc.value.message and "not a type we allow" in exc.value.message
    assert nothing_kept()


def test_a_database_failure_after_storing_removes_the_stored_files(world, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        share(world, content=files((PDF, "paper.pdf"), (docx(), "plan.docx")))
    assert nothing_kept()


def test_too_many_files_or_too_large_together(world, monkeypatch):
    with pytest.raises(ApplicationError, match="up to 10 files"):
        share(world, content=files(*[(PDF, f"p{i}.pdf") for i in range(11)]))
    monkeypatch.setattr(uploads, "MAX_TOTAL_BYTES", len(PDF) * 2 - 1)
    with pytest.raises(ApplicationError, match="Together the files are larger") as exc:
        share(world, content=files((PDF, "one.pdf"), (PDF, "two.pdf")))
    assert "two.pdf" in exc.value.message
    assert nothing_kept()


def test_files_and_link_together_or_neither_are_refused(world):
    both = Content(files=[FileUpload(file=io.BytesIO(PDF), name="a.pdf")], link="https://a.org")
    for content in (both, Content()):
        with pytest.raises(ApplicationError) as exc:
            share(world, content=content)
        assert exc.value.field == "files"
    with pytest.raises(ApplicationError) as exc:
        share(world, content=Content(link="javascript:alert(1)"))
    assert exc.value.field == "link"
    assert nothing_kept()


def test_moderation_flow_and_visibility(world):
    resource = share(world)
    assert list(selectors.search(actor=world.lead_b)) == []  # pending: hidden from other members
    assert list(selectors.search(actor=world.lead_a)) == [resource]  # the submitter sees it
    with pytest.raises(ApplicationError) as exc:
        services.resource_moderate(
            actor=world.coordinator_uk, resource=resource, decision="rejected"
        )
    assert exc.value.field == "note"
    with pytest.raises(ApplicationError):
        services.resource_moderate(actor=world.lead_b, resource=resource, decision="approved")
    services.resource_moderate(actor=world.coordinator_uk, resource=resource, decision="approved")
    assert list(selectors.search(actor=world.lead_b)) == [resource]
    assert list(selectors.search(actor=world.outsider)) == []  # members only
    assert list(selectors.search(actor=world.lead_ie)) == []  # another network's member


def test_new_version_keeps_history_and_goes_back_for_review(world):
    resource = share(world)
    services.resource_moderate(actor=world.coordinator_uk, resource=resource, decision="approved")
    services.resource_new_version(
        actor=world.lead_a,
        resource=resource,
        content=files((docx(), "v2.docx"), (png(), "chart.png")),
        note="Updated figures",
    )
    resource.refresh_from_db()
    assert [v.number for v in resource.versions.all()] == [2, 1] and resource.status == "pending"
    latest = resource.versions.first()
    assert [f.file_name for f in latest.files.all()] == ["v2.docx", "chart.png"]
    entry = AuditEntry.objects.get(action="library.resource.new_version")
    assert entry.changes == {"version": 2, "files": ["v2.docx", "chart.png"]}
    with pytest.raises(ApplicationError):
        services.resource_new_version(
            actor=world.lead_b, resource=resource, content=Content(link="https://example.org")
        )
    # A bad file in a new version keeps nothing: no version 3, no new stored file.
    before = sorted(stored_files())
    with pytest.raises(ApplicationError, match=r"empty\.txt is empty"):
        services.resource_new_version(
            actor=world.lead_a,
            resource=resource,
            content=files((PDF, "ok.pdf"), (b"", "empty.txt")),
        )
    assert resource.versions.count() == 2 and ResourceFile.objects.count() == 3
    assert sorted(stored_files()) == before


def test_members_only_never_leaks_in_search_download_or_api(world):
    members = share(world, title="Members paper")
    public = share(world, title="Public paper", audience="public")
    for r in (members, public):
        services.resource_moderate(actor=world.coordinator_uk, resource=r, decision="approved")
    # Both the anonymous visitor and a signed-in outsider see the public paper only (this was an
    # `or`, which passed when either did).
    assert list(selectors.search(actor=None, query="paper")) == [public]
    assert list(selectors.search(actor=world.outsider, query="paper")) == [public]
    anonymous = Client()
    assert anonymous.get(f"/library/{members.public_id}/download/").status_code == 404
    assert anonymous.get(f"/library/{public.public_id}/download/").status_code == 200
    body = anonymous.get("/api/v1/resources?q=paper").json()
    assert [r["title"] for r in body["items"]] == ["Public paper"]
    assert anonymous.get(f"/api/v1/resources/{members.public_id}").status_code == 404
    member = sign_in(Client(), world.lead_b)
    response = member.get(f"/library/{members.public_id}/download/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert Resource.objects.get(pk=members.pk).download_count == 1


def test_learning_set_audience(world):
    from recoverynet.events import services as event_services

    cohort = event_services.learning_set_create(
        actor=world.coordinator_uk, network=world.uk, title="RCLN", cohort=[world.org_a]
    )
    resource = share(world, audience="learning_set", learning_set=cohort, title="Cohort only")
    services.resource_moderate(actor=world.coordinator_uk, resource=resource, decision="approved")
    assert list(selectors.search(actor=world.staff_a)) == [resource]
    assert list(selectors.search(actor=world.lead_b)) == []


def test_only_members_share(world):
    with pytest.raises(ApplicationError) as exc:
        share(world, actor=world.outsider)
    assert exc.value.status == 403


def test_api_upload_and_moderate(world):
    client = token_client(world.lead_a)
    response = client.post(
        "/api/v1/networks/uk/resources",
        {
            "title": "Co-production toolkit",
            "summary": "Templates.",
            "kind": "tool",
            "audience": "members",
            "file": io.BytesIO(PDF),
        },
    )
    assert response.status_code == 201, response.content
    resource_id = response.json()["id"]
    bad = client.post(
        "/api/v1/networks/uk/resources",
        {"title": "X", "summary": "Y", "kind": "tool", "file": (io.BytesIO(b"MZ\x90\x00"))},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "files"
    team = token_client(world.coordinator_uk)
    approved = team.post(
        f"/api/v1/resources/{resource_id}/moderation",
        {"decision": "approved"},
        content_type="application/json",
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert (
        client.post(
            f"/api/v1/resources/{resource_id}/moderation",
            {"decision": "approved"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_search_query_count_constant(world, django_assert_max_num_queries):
    for i in range(8):
        r = share(world, title=f"Paper {i}", audience="public")
        services.resource_moderate(actor=world.coordinator_uk, resource=r, decision="approved")
    with django_assert_max_num_queries(4):
        assert Client().get("/api/v1/resources").json()["count"] == 8
