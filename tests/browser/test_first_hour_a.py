"""The first hour (issue #15), part A, in a real browser: the booking review step with its totals,
adding a delegate without a page load, "Only for the cohort", the events list's badges, marking an
invoice as paid with a confirmation and an undo, withdrawing a piece with a confirmation and an
undo. Every new page is axe-clean at desktop and phone width, with no horizontal scroll."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.billing.models import Invoice
from recoverynet.events import services
from recoverynet.events.models import Booking
from recoverynet.events.services import DelegateInput
from recoverynet.newsletter.models import Article
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import (
    click_and_load,
    delegate,
    make_event,
    sign_in,
    sign_in_with_mfa,
)
from tests.browser.test_first_hour import overflow
from tests.browser.test_pages import h1
from tests.conftest import World
from tests.newsletter.factories import draft, publication_of

pytestmark = pytest.mark.browser

SETTINGS = "/manage/uk/settings/"


def accessible_everywhere(page: Any) -> None:
    """axe-clean at desktop width and at 390 px; no horizontal scroll at 320 or 390 px."""
    assert_accessible(page)
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        assert overflow(page) <= 0, f"{page.url} is {overflow(page)} px too wide at {width} px"
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_booking_review_with_totals(page: Any, bworld: World) -> None:
    event = make_event(bworld)
    sign_in(page, bworld.lead_a.email)
    page.goto(f"/events/{event.public_id}/book/")
    member = "Member rate: £100.00 + VAT (£120.00)"
    delegate(page, 1).get_by_label(member).check()
    page.get_by_role("button", name="Add another delegate").click()
    second = delegate(page, 2)
    expect(second.get_by_label("Full name")).to_be_focused()
    second.get_by_label("Full name").fill("Sam Peer")
    second.get_by_label("E-mail address").fill("sam@example.org")
    second.get_by_label(member).check()
    # Compact: a delegate's optional details are folded away (three delegates were 5,000 px).
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        box = second.bounding_box()
        assert box is not None and box["height"] < 800, f"{box} at {width} px"
    page.set_viewport_size({"width": 1280, "height": 800})
    accessible_everywhere(page)
    click_and_load(page, page.get_by_role("button", name="Continue to check your booking"))
    expect(h1(page)).to_have_text("Check your booking")
    expect(page.locator("#review-lines tbody tr")).to_have_count(2)
    totals = page.locator("#review-totals")
    expect(totals).to_contain_text("£200.00")
    expect(totals).to_contain_text("£40.00")
    expect(totals).to_contain_text("£240.00")
    accessible_everywhere(page)
    # Change the details: the form comes back as it was; then review and confirm.
    click_and_load(page, page.get_by_role("button", name="Change the details"))
    expect(delegate(page, 2).get_by_label("Full name")).to_have_value("Sam Peer")
    click_and_load(page, page.get_by_role("button", name="Continue to check your booking"))
    assert not Booking.objects.exists()
    click_and_load(page, page.get_by_role("button", name="Confirm booking"))
    expect(page.locator("#booking-status")).to_have_text("Confirmed")
    assert Booking.objects.get().delegates.count() == 2


def test_only_for_the_cohort_and_the_list_badges(page: Any, bworld: World) -> None:
    learning_set = services.learning_set_create(
        actor=bworld.coordinator_uk, network=bworld.uk, title="Carers 2027", cohort=[bworld.org_a]
    )
    day = make_event(
        bworld, title="Carers day one", kind="learning_set_day", learning_set=learning_set
    )
    make_event(
        bworld,
        title="Hybrid network day",
        online=True,
        venue_address="Friends House\n173 Euston Road\nLondon NW1 2BJ",
    )
    page.goto("/events/")
    expect(page.locator("main")).to_contain_text("Hybrid: in person or online")
    expect(page.locator("main")).to_contain_text("20 places left")
    expect(page.locator("main")).to_contain_text("From £100.00 + VAT")
    expect(page.get_by_role("link", name="Map of Friends House, London for Hybrid network day"))
    accessible_everywhere(page)
    sign_in(page, bworld.lead_b.email)
    page.goto(f"/events/{day.public_id}/")
    expect(page.locator("#cohort-only")).to_contain_text("Only for the cohort: Alpha NHS Trust")
    expect(page.get_by_role("button", name="Book places")).to_have_count(0)
    accessible_everywhere(page)
    page.goto(f"/events/{day.public_id}/book/")
    expect(page.locator("#cohort-only")).to_be_visible()
    accessible_everywhere(page)


def test_mark_as_paid_confirms_and_can_be_undone(page: Any, bworld: World) -> None:
    event = make_event(bworld)
    services.booking_create(
        actor=bworld.lead_a,
        event=event,
        organisation=bworld.org_a,
        delegates=[
            DelegateInput(
                name="Ann", email="ann@example.org", rate_id=event.rates.get(kind="member").pk
            )
        ],
    )
    invoice = Invoice.objects.get()
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    page.goto(f"/invoices/{invoice.public_id}/paid/")
    page.get_by_label("Date paid").fill(invoice.issued_on.isoformat())
    page.get_by_label("Card").check()
    click_and_load(page, page.get_by_role("button", name="Record payment"))
    expect(h1(page)).to_have_text(f"Mark invoice {invoice.number} as paid?")
    expect(page.locator("#payment")).to_contain_text("£120.00")
    accessible_everywhere(page)
    assert Invoice.objects.get().status == "issued"
    click_and_load(page, page.get_by_role("button", name="Yes, mark as paid"))
    expect(page.locator("main")).to_contain_text("is marked as paid")
    accessible_everywhere(page)
    click_and_load(page, page.get_by_role("button", name=f"Undo the payment of {invoice.number}"))
    expect(page.locator("main")).to_contain_text("is unpaid again")
    expect(page.get_by_role("link", name="Record payment")).to_be_visible()
    assert Invoice.objects.get().status == "issued"


def test_withdrawing_a_piece_confirms_and_can_be_undone(page: Any, bworld: World) -> None:
    article = draft(bworld.staff_a, publication_of(bworld.uk))
    sign_in(page, bworld.staff_a.email)
    page.goto(f"/my-articles/{article.public_id}/")
    page.locator("#withdraw summary").click()
    page.locator("#withdraw").get_by_label("Note").fill("Not ready yet")
    click_and_load(page, page.get_by_role("button", name="Withdraw the piece"))
    expect(h1(page)).to_have_text("Withdraw this piece?")
    expect(page.locator("main")).to_contain_text("The editors will not use it.")
    accessible_everywhere(page)
    assert Article.objects.get().status == "draft"
    click_and_load(page, page.get_by_role("button", name="Yes, withdraw the piece"))
    expect(page.locator("main")).to_contain_text("This piece is withdrawn.")
    accessible_everywhere(page)
    click_and_load(page, page.get_by_role("button", name="Undo the withdrawal"))
    expect(page.locator("main")).to_contain_text("The withdrawal is undone.")
    assert Article.objects.get().status == "draft"


def test_dates_are_picked(page: Any, bworld: World) -> None:
    """A form that took dates as free text (a tax rate's start) now offers a date picker."""
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    page.goto(SETTINGS)
    assert page.locator('input[name="tax-valid_from"]').get_attribute("type") == "date"
    accessible_everywhere(page)


def test_a_chosen_file_is_kept_after_an_error(page: Any, bworld: World, tmp_path: Any) -> None:
    from tests.conftest import PDF

    pdf = tmp_path / "checklist.pdf"
    pdf.write_bytes(PDF)
    sign_in(page, bworld.lead_a.email)
    page.goto("/library/share/uk/")
    main = page.locator("main")
    page.set_input_files("#id_files", str(pdf))
    click_and_load(page, main.get_by_role("button", name="Share resource"))  # no title: an error
    kept = page.locator("#kept-files")
    expect(kept).to_contain_text("You chose checklist.pdf")
    expect(kept).to_contain_text("It is kept")
    accessible_everywhere(page)
    main.get_by_label("Title").fill("Co-production checklist")
    main.get_by_label("Summary").fill("A one-page checklist.")
    main.get_by_label("Type of resource").select_option("tool")
    main.get_by_label("Members of the network").check()
    click_and_load(page, main.get_by_role("button", name="Share resource"))
    expect(h1(page)).to_have_text("Co-production checklist")
    expect(page.get_by_role("alert")).to_contain_text("Thank you.")
