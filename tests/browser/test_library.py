"""The library in a real browser: a member shares a PDF, the coordinator approves it, and an
anonymous visitor searches. axe-core checks every page visited."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.library import services
from recoverynet.library.models import Resource
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in, sign_in_with_mfa
from tests.browser.test_pages import h1, visit
from tests.conftest import PDF, World

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def share(world: World, title: str, *, audience: str = "public", approve: bool = False) -> Resource:
    resource = services.resource_submit(
        actor=world.lead_a,
        network=world.uk,
        data=services.ResourceInput(
            title=title,
            summary=f"{title}: a short guide for Recovery Colleges.",
            kind="briefing_paper",
            audience=audience,
            tags="co-production",
        ),
        content=services.Content(
            files=[services.FileUpload(file=io.BytesIO(PDF), name="guide.pdf")]
        ),
    )
    if approve:
        services.resource_moderate(
            actor=world.coordinator_uk, resource=resource, decision="approved"
        )
    return resource


def test_member_shares_a_pdf(page: Any, bworld: World, tmp_path: Path) -> None:
    pdf = tmp_path / "checklist.pdf"
    pdf.write_bytes(PDF)
    sign_in(page, bworld.lead_a.email)

    visit(page, "/library/", "Library")
    main = page.locator("main")
    click_and_load(page, main.get_by_role("link", name="Share a resource in UK Network"))
    expect(h1(page)).to_have_text("Share a resource")
    assert_accessible(page)

    # Nothing chosen yet: the error summary lists the problems and the page keeps its state.
    click_and_load(page, main.get_by_role("button", name="Share resource"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Upload a file or give a link.")
    assert_accessible(page)

    main.get_by_label("Title").fill("Co-production checklist")
    main.get_by_label("Summary").fill("A one-page checklist for planning a course together.")
    main.get_by_label("Type of resource").select_option("tool")
    main.get_by_label("Members of the network").check()
    main.get_by_label("Tags (optional)").fill("co-production, planning")
    for number in ("2", "7"):  # ticked by title on the page; the number is each box's value
        main.locator(f'input[name="challenge_numbers"][value="{number}"]').check()
    page.set_input_files("#id_files", str(pdf))
    click_and_load(page, main.get_by_role("button", name="Share resource"))

    expect(h1(page)).to_have_text("Co-production checklist")
    expect(page.get_by_role("alert")).to_contain_text(
        "Thank you. The network team will review it before others can see it."
    )
    expect(page.locator("#review-status")).to_contain_text("Waiting for review")
    expect(page.locator("#file-list")).to_contain_text("checklist.pdf")
    expect(main.get_by_role("link", name="Add a new version")).to_be_visible()
    expect(main.get_by_role("button", name="Save review")).to_have_count(0)
    assert_accessible(page)
    assert Resource.objects.get().status == "pending"


def test_member_shares_a_resource_with_two_files(page: Any, bworld: World, tmp_path: Path) -> None:
    pdf = tmp_path / "checklist.pdf"
    pdf.write_bytes(PDF)
    csv = tmp_path / "planner.csv"
    csv.write_bytes(b"step,who\n1,everyone\n")
    program = tmp_path / "setup.pdf"
    program.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)
    sign_in(page, bworld.lead_a.email)

    visit(page, "/library/share/uk/", "Share a resource")
    main = page.locator("main")
    main.get_by_label("Title").fill("Co-production kit")
    main.get_by_label("Summary").fill("A checklist and a planner for a co-produced meeting.")
    main.get_by_label("Type of resource").select_option("tool")
    main.get_by_label("Members of the network").check()

    # One good file and one that is not allowed: the error names the bad file, nothing is kept.
    page.set_input_files("#id_files", [str(pdf), str(program)])
    click_and_load(page, main.get_by_role("button", name="Share resource"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("We cannot accept setup.pdf")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_files")
    assert_accessible(page)
    assert not Resource.objects.exists()

    page.set_input_files("#id_files", [str(pdf), str(csv)])
    click_and_load(page, main.get_by_role("button", name="Share resource"))

    expect(h1(page)).to_have_text("Co-production kit")
    files = page.locator("#file-list")
    expect(files.get_by_role("link", name="Download checklist.pdf")).to_be_visible()
    expect(files.get_by_role("link", name="Download planner.csv")).to_be_visible()
    expect(files).to_contain_text("CSV spreadsheet")
    expect(page.locator("#file-list")).to_contain_text("checklist.pdf")
    expect(page.locator("#file-list")).to_contain_text("planner.csv")
    # With several files there is no single download button.
    expect(main.get_by_role("link", name="Download Co-production kit")).to_have_count(0)
    assert_accessible(page)
    resource = Resource.objects.get()
    names = [f.file_name for v in resource.versions.all() for f in v.files.all()]
    assert names == ["checklist.pdf", "planner.csv"]


def test_coordinator_approves_from_the_queue(page: Any, bworld: World) -> None:
    resource = share(bworld, "Peer support guide")
    sign_in_with_mfa(page, bworld.coordinator_uk.email)

    visit(page, "/manage/", "Manage networks")
    click_and_load(page, page.locator("main").get_by_role("link", name="Library moderation"))
    expect(h1(page)).to_have_text("Library moderation")
    expect(page.get_by_role("status")).to_have_text("1 resource waiting for review")
    assert_accessible(page)

    main = page.locator("main")
    click_and_load(page, main.get_by_role("link", name="Peer support guide"))
    expect(page.locator("#review-status")).to_contain_text("Waiting for review")
    assert_accessible(page)
    main.get_by_label("Publish it").check()
    click_and_load(page, main.get_by_role("button", name="Save review"))

    expect(page.get_by_role("alert")).to_contain_text("Review saved")
    expect(page.locator("#review-status")).to_contain_text("Published")
    assert_accessible(page)
    resource.refresh_from_db()
    assert resource.status == "approved"

    visit(page, "/manage/library/", "Library moderation")
    expect(page.get_by_role("status")).to_have_text("0 resources waiting for review")


def test_anonymous_visitor_searches_the_library(page: Any, bworld: World) -> None:
    public = share(bworld, "Recovery guide for everyone", approve=True)
    share(bworld, "Recovery guide for members", audience="members", approve=True)
    share(bworld, "Recovery guide not yet reviewed")

    visit(page, "/library/", "Library")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Share a resource in UK Network")).to_have_count(0)
    main.get_by_label("Words to search for").fill("recovery guide")
    click_and_load(page, main.get_by_role("button", name="Search"))

    expect(page.locator("#result-count")).to_have_text("1 resource found")
    expect(main.get_by_role("link", name="Recovery guide for everyone")).to_be_visible()
    expect(main.get_by_role("link", name="Recovery guide for members")).to_have_count(0)
    expect(main.get_by_role("link", name="Recovery guide not yet reviewed")).to_have_count(0)
    assert_accessible(page)

    click_and_load(page, main.get_by_role("link", name=public.title))
    expect(h1(page)).to_have_text(public.title)
    expect(main.get_by_role("link", name=f"Download {public.title}")).to_be_visible()
    expect(page.locator("#review-status")).to_have_count(0)
    expect(main.get_by_role("link", name="Add a new version")).to_have_count(0)
    assert_accessible(page)
