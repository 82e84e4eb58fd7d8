"""Events in a real browser: finding events, booking several delegates, the waiting list, the
organisers' pages and bad input. Every page visited is checked with axe-core.

Set RECOVERYNET_SCREENSHOT_DIR to also save full-page screenshots of the main pages there.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from recoverynet.billing.models import Invoice
from recoverynet.core import outbox
from recoverynet.core.models import OutboxMessage
from recoverynet.events import services
from recoverynet.events.models import Booking, BookingStatus, Delegate, Event
from tests.browser.a11y import assert_accessible
from tests.browser.test_pages import fresh_totp_code, h1, screenshot, submit_password, visit
from tests.conftest import World

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")


# --- helpers ---------------------------------------------------------------------------------------


def make_event(world: World, *, days: int = 30, rates: bool = True, **values: Any) -> Event:
    """A published UK event from 10:00 to 15:30 London time, `days` from today, with a member
    rate of £100 and a non-member rate of £150 (both plus 20 % VAT)."""
    day = datetime.date.today() + datetime.timedelta(days=days)
    fields: dict[str, Any] = {
        "title": "Recovery Colleges network day",
        "kind": "network_day",
        "starts_at": datetime.datetime.combine(day, datetime.time(10), LONDON),
        "ends_at": datetime.datetime.combine(day, datetime.time(15, 30), LONDON),
        "venue_name": "Friends House, London",
        "capacity": 20,
        "status": "published",
        "booking_mode": "open",
    }
    fields.update(values)
    event = services.event_create(actor=world.coordinator_uk, network=world.uk, **fields)
    if rates:
        services.rate_create(
            actor=world.coordinator_uk,
            event=event,
            kind="member",
            name="Member rate",
            net_amount=Decimal("100.00"),
        )
        services.rate_create(
            actor=world.coordinator_uk,
            event=event,
            kind="non_member",
            name="Non-member rate",
            net_amount=Decimal("150.00"),
        )
    return event


def rate_id(event: Event, kind: str) -> int:
    return event.rates.get(kind=kind).pk


def sign_in(page: Any, email: str) -> None:
    submit_password(page, email)
    page.wait_for_url("**/me/things/")


def sign_in_with_mfa(page: Any, email: str) -> None:
    submit_password(page, email)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.locator('input[name="code"]').fill(fresh_totp_code())
    page.locator("main").get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/me/things/")


def delegate(page: Any, number: int) -> Any:
    return page.locator(f"#delegate-{number}")


def click_and_load(page: Any, locator: Any) -> None:
    with page.expect_navigation():
        locator.click()


# --- anyone ----------------------------------------------------------------------------------------


def test_anonymous_visitor_finds_events(page: Any, bworld: World) -> None:
    event = make_event(bworld, summary="A day to share what works in Recovery Colleges.")
    past = make_event(bworld, days=-60, title="Co-production workshop", kind="workshop")
    learning_set = services.learning_set_create(
        actor=bworld.coordinator_uk,
        network=bworld.uk,
        title="Learning set 2027",
        description="Six days for a **cohort** of organisations.",
        cohort=[bworld.org_a],
    )
    make_event(
        bworld,
        title="Learning set day 1",
        kind="learning_set_day",
        learning_set=learning_set,
        day_topic="Changing the culture",
        booking_mode="interest",
        days=40,
    )

    visit(page, "/events/", "Events")
    main = page.locator("main")
    expect(page.get_by_role("status")).to_have_text("2 upcoming events found")
    expect(main.get_by_role("link", name="Co-production workshop")).to_have_count(0)
    expect(main).to_contain_text("10:00 to 15:30 (Europe/London)")
    screenshot(page, "events-list")

    click_and_load(page, main.get_by_role("link", name=event.title))
    expect(h1(page)).to_have_text(event.title)
    expect(page.locator("#prices")).to_contain_text("Member rate: £100.00 + VAT (£120.00)")
    expect(page.locator("#prices")).to_contain_text("Non-member rate: £150.00 + VAT (£180.00)")
    expect(page.locator("#availability")).to_have_text("20 places left")
    expect(main.locator("dl")).to_contain_text("10:00 to 15:30 (Europe/London)")
    expect(main.get_by_role("link", name="Sign in to book places")).to_be_visible()
    expect(main.get_by_role("link", name="Manage this event")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "event-detail")

    # A day that takes registrations of interest shows the form instead of a booking button.
    click_and_load(page, page.get_by_role("link", name="Events", exact=True))
    click_and_load(
        page, page.locator("main").get_by_role("link", name="Learning set day 1", exact=True)
    )
    expect(page.get_by_role("button", name="Register interest")).to_be_visible()
    assert_accessible(page)
    click_and_load(page, page.get_by_role("link", name="Learning set 2027"))
    expect(h1(page)).to_have_text("Learning set 2027")
    expect(page.locator("main")).to_contain_text("Day 1: Changing the culture")
    expect(page.locator("main")).to_contain_text("Alpha NHS Trust")
    assert_accessible(page)

    # Booked elsewhere: a clear note and the link; cancelled: a warning and no way to book.
    external = make_event(
        bworld,
        title="Partner conference",
        booking_mode="external",
        external_url="https://example.com/",
    )
    page.goto(f"/events/{external.public_id}/")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("not through UK Network")
    expect(
        page.get_by_role("link", name=re.compile("Book on the organisers' website"))
    ).to_have_attribute("href", "https://example.com/")
    assert_accessible(page)
    services.event_cancel(actor=bworld.coordinator_uk, event=external, reason="Postponed.")
    page.reload()
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text("This event is cancelled")
    expect(
        page.get_by_role("link", name=re.compile("Book on the organisers' website"))
    ).to_have_count(0)
    assert_accessible(page)

    visit(page, "/events/past/", "Past events")
    click_and_load(page, page.locator("main").get_by_role("link", name=past.title))
    expect(page.locator("main")).to_contain_text("This event has finished, so booking is closed.")
    expect(page.get_by_role("link", name="Sign in to book places")).to_have_count(0)
    assert_accessible(page)


# --- booking -----------------------------------------------------------------------------------------


def test_member_books_three_delegates(page: Any, bworld: World) -> None:
    event = make_event(bworld)
    sign_in(page, bworld.lead_a.email)

    page.goto(f"/events/{event.public_id}/")
    click_and_load(page, page.get_by_role("button", name="Book places"))
    expect(h1(page)).to_have_text(event.title)
    expect(delegate(page, 1).get_by_label("Full name")).to_have_value("Lead.A")
    expect(delegate(page, 1).get_by_label("E-mail address")).to_have_value("lead.a@example.org")
    expect(page.locator("main")).not_to_contain_text("{#")  # no template comment leaks out
    assert_accessible(page)

    member = "Member rate: £100.00 + VAT (£120.00)"
    delegate(page, 1).get_by_label(member).check()
    # With JavaScript, a delegate is added without a page load and focus moves to their name.
    page.get_by_role("button", name="Add another delegate").click()
    expect(delegate(page, 2).get_by_label("Full name")).to_be_focused()
    page.get_by_role("button", name="Add another delegate").click()
    expect(delegate(page, 3).get_by_label("Full name")).to_be_focused()
    expect(page.locator("legend .nhsuk-fieldset__heading")).to_have_text(
        ["Delegate 1", "Delegate 2", "Delegate 3"]
    )
    # What was typed before adding delegates is kept.
    expect(delegate(page, 1).get_by_label("Full name")).to_have_value("Lead.A")
    expect(delegate(page, 1).get_by_label(member)).to_be_checked()
    for number, name in [(2, "Sam Peer"), (3, "Chris Carer")]:
        fieldset = delegate(page, number)
        fieldset.get_by_label("Full name").fill(name)
        fieldset.get_by_label("E-mail address").fill(f"{name.split()[0].lower()}@example.org")
        fieldset.get_by_label(member).check()
    delegate(page, 3).locator("summary").click()
    delegate(page, 3).get_by_label("Access needs").fill("Step-free access, please.")
    page.get_by_label("Which organisation are you booking for?").select_option(
        label="Alpha NHS Trust"
    )
    page.get_by_label("Purchase order number").fill("PO-1234")
    assert_accessible(page)
    screenshot(page, "book")

    click_and_load(page, page.get_by_role("button", name="Continue to check your booking"))
    # The review step: every delegate's price, the totals and who is invoiced; nothing booked yet.
    expect(h1(page)).to_have_text("Check your booking")
    expect(page.locator("#review-lines tbody tr")).to_have_count(3)
    expect(page.locator("#review-totals")).to_contain_text("£360.00")
    expect(page.locator("#booking-summary")).to_contain_text("Alpha NHS Trust")
    assert not Booking.objects.exists()
    assert_accessible(page)
    click_and_load(page, page.get_by_role("button", name="Confirm booking"))
    expect(page).to_have_url(re.compile(r"/bookings/[0-9a-f-]{36}/$"))
    expect(page.locator("#booking-status")).to_have_text("Confirmed")
    expect(page.locator("main")).to_contain_text("Your booking is confirmed.")
    rows = page.locator("#delegates tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Chris Carer")).to_contain_text("£120.00")
    invoices = page.locator("#invoices")
    expect(invoices).to_contain_text("Invoice UK-000001")
    expect(invoices).to_contain_text("£360.00")
    assert_accessible(page)
    screenshot(page, "booking-detail")

    booking = Booking.objects.get()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.organisation == bworld.org_a
    assert booking.delegates.count() == 3
    assert Invoice.objects.get().gross_total == Decimal("360.00")
    # One confirmation each: the booker's lists every place, a delegate's only their own.
    confirmations = {
        m.to[0]: m
        for m in OutboxMessage.objects.filter(subject=f"Booking confirmed: {event.title}")
    }
    assert sorted(confirmations) == [
        "chris@example.org",
        "lead.a@example.org",
        "sam@example.org",
    ] and all(len(m.to) == 1 for m in confirmations.values())
    # Built when sent (events/services/booking_mail.py): read as they would go out.
    confirmation = outbox.preview(confirmations["lead.a@example.org"]).body
    assert "10:00 to 15:30 (Europe/London)" in confirmation
    assert "- Chris Carer (Member rate)" in confirmation
    assert "Chris Carer" not in outbox.preview(confirmations["sam@example.org"]).body

    click_and_load(page, invoices.get_by_role("link", name="Invoice UK-000001", exact=True))
    expect(h1(page)).to_have_text("Tax invoice UK-000001")
    expect(page.locator("#how-to-pay")).to_be_visible()
    expect(page.get_by_role("link", name="Record payment")).to_have_count(0)
    assert_accessible(page)
    page.go_back()

    click_and_load(page, page.get_by_role("link", name="All my bookings"))
    expect(h1(page)).to_have_text("My bookings")
    main = page.locator("main")
    expect(main.get_by_role("link", name=re.compile(event.title)).first).to_be_visible()
    expect(main).to_contain_text("UK-000001")
    # Lead A is Alpha's recovery lead, so also sees the organisation's bookings.
    expect(main.get_by_role("heading", name="Bookings for Alpha NHS Trust")).to_be_visible()
    assert_accessible(page)


def full_event(world: World) -> tuple[Event, Any, Booking]:
    """An event with one place at one rate (£50 + VAT), already taken by Lead B."""
    event = make_event(world, capacity=1, rates=False)
    rate = services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="non_member",
        name="Standard rate",
        net_amount=Decimal("50.00"),
    )
    first = services.booking_create(
        actor=world.lead_b,
        event=event,
        delegates=[
            services.DelegateInput(name="Lead B", email="lead.b@example.org", rate_id=rate.pk)
        ],
    ).booking
    return event, rate, first


def test_waiting_list_offer_is_accepted(page: Any, bworld: World) -> None:
    event, _rate, first = full_event(bworld)

    sign_in(page, bworld.staff_a.email)
    page.goto(f"/events/{event.public_id}/book/")
    expect(page.locator("main dl")).to_contain_text("Full – you can join the waiting list")
    # With only one rate, it is already chosen.
    expect(delegate(page, 1).get_by_label("Standard rate: £50.00 + VAT (£60.00)")).to_be_checked()
    assert_accessible(page)
    click_and_load(page, page.get_by_role("button", name="Continue to join the waiting list"))
    expect(page.locator("#will-wait")).to_contain_text("this booking will join the waiting list")
    click_and_load(page, page.get_by_role("button", name="Join the waiting list"))
    expect(page.locator("#booking-status")).to_have_text("On the waiting list")
    assert_accessible(page)

    services.booking_cancel(actor=bworld.lead_b, booking=first)

    page.reload()
    offer = page.locator("#offer")
    expect(offer).to_contain_text("A place is free for you")
    expect(offer).to_contain_text("(Europe/London)")
    assert_accessible(page)
    screenshot(page, "offer")
    click_and_load(page, offer.get_by_role("button", name="Accept the place"))
    expect(page.locator("#booking-status")).to_have_text("Confirmed")
    expect(page.locator("#offer")).to_have_count(0)
    assert_accessible(page)
    assert Booking.objects.get(booker=bworld.staff_a).status == BookingStatus.CONFIRMED


# --- organisers ---------------------------------------------------------------------------------------


def test_organiser_pages(page: Any, bworld: World) -> None:
    event = make_event(bworld, capacity=2)
    member = rate_id(event, "member")
    services.booking_create(
        actor=bworld.lead_a,
        event=event,
        organisation=bworld.org_a,
        delegates=[
            services.DelegateInput(
                name="Ann Attender",
                email="ann@example.org",
                rate_id=member,
                access_needs="Step-free access",
            ),
            services.DelegateInput(
                name="Bob Booked", email="bob@example.org", rate_id=member, dietary_needs="Vegan"
            ),
        ],
    )
    services.booking_create(
        actor=bworld.lead_b,
        event=event,
        delegates=[
            services.DelegateInput(
                name="Wendy Waiting",
                email="wendy@example.org",
                rate_id=rate_id(event, "non_member"),
            )
        ],
    )
    sign_in_with_mfa(page, bworld.coordinator_uk.email)

    visit(page, "/manage/events/", "Manage events")
    main = page.locator("main")
    expect(main.locator("table")).to_contain_text(event.title)
    screenshot(page, "manage-events")

    click_and_load(page, main.get_by_role("link", name="Add an event to UK Network"))
    expect(h1(page)).to_have_text("Add an event")
    expect(page.get_by_role("button", name="Save as draft")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    click_and_load(page, page.locator("main").get_by_role("link", name=event.title))
    expect(h1(page)).to_have_text(event.title)
    totals = page.locator("#totals")
    expect(totals).to_contain_text("Confirmed places2")
    expect(totals).to_contain_text("£240.00")
    expect(page.get_by_label("Published")).to_be_checked()
    assert_accessible(page)
    screenshot(page, "manage-event")

    click_and_load(page, page.get_by_role("link", name="Bookings and waiting list"))
    expect(h1(page)).to_have_text(f"Bookings for {event.title}")
    rows = page.locator("#bookings tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("On the waiting list")
    expect(rows.nth(1).get_by_role("button", name=re.compile("^Offer a place"))).to_be_visible()
    assert_accessible(page)
    page.go_back()

    click_and_load(page, page.get_by_role("link", name="Delegates, with access and dietary needs"))
    expect(h1(page)).to_have_text(f"Delegates for {event.title}")
    delegates = page.locator("#delegates tbody")
    expect(delegates).to_contain_text("Step-free access")
    expect(delegates).to_contain_text("Vegan")
    expect(delegates).not_to_contain_text("Wendy Waiting")
    expect(page.get_by_role("link", name="Download as a spreadsheet (CSV)")).to_have_attribute(
        "href", "?format=csv"
    )
    assert_accessible(page)
    page.go_back()

    click_and_load(page, page.get_by_role("link", name="Check people in on the day"))
    expect(h1(page)).to_have_text(event.title)
    ann = Delegate.objects.get(name="Ann Attender")
    row = page.locator(f"#delegate-{ann.pk}")
    expect(row).to_contain_text("Not checked in")
    assert_accessible(page)
    # With JavaScript htmx swaps the row in place; without it the form posts and the page reloads.
    # Either way the row ends up showing the check-in.
    row.get_by_role("button", name="Check in Ann Attender").click()
    expect(page.locator(f"#delegate-{ann.pk}")).to_contain_text("Checked in at")
    expect(page.get_by_role("button", name="Undo check-in for Ann Attender")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "check-in")
    ann.refresh_from_db()
    assert ann.checked_in_at is not None

    visit(page, "/manage/invoices/uk/", "Invoices")
    invoice_row = page.locator("#invoices tbody tr").filter(has_text="UK-000001")
    expect(invoice_row).to_contain_text("£240.00")
    expect(invoice_row).to_contain_text("Alpha NHS Trust")
    click_and_load(page, invoice_row.get_by_role("link", name=re.compile("^Record payment")))
    expect(h1(page)).to_have_text("Record payment of invoice UK-000001")
    assert_accessible(page)
    # Nothing is recorded until the date and method are confirmed.
    page.get_by_label("Date paid").fill(
        (bworld.uk.today() + datetime.timedelta(days=1)).isoformat()
    )
    page.get_by_label("Card").check()
    click_and_load(page, page.get_by_role("button", name="Record payment"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("cannot be in the future")
    assert_accessible(page)
    assert Invoice.objects.get().status == "issued"
    page.get_by_label("Date paid").fill(bworld.uk.today().isoformat())
    page.get_by_label("Bank transfer").check()
    click_and_load(page, page.get_by_role("button", name="Record payment"))
    # It says what will happen, and records nothing until confirmed.
    expect(h1(page)).to_have_text("Mark invoice UK-000001 as paid?")
    expect(page.locator("main")).to_contain_text("What will happen")
    assert_accessible(page)
    assert Invoice.objects.get().status == "issued"
    click_and_load(page, page.get_by_role("button", name="Yes, mark as paid"))
    expect(page.locator("main")).to_contain_text("Invoice UK-000001 is marked as paid.")
    expect(page.get_by_role("button", name="Undo the payment of UK-000001")).to_be_visible()
    assert_accessible(page)
    visit(page, "/manage/invoices/uk/", "Invoices")
    paid_row = page.locator("#invoices tbody tr").filter(has_text="UK-000001")
    expect(paid_row).to_contain_text("Paid")
    expect(paid_row).to_contain_text("bank transfer")
    assert_accessible(page)

    click_and_load(page, paid_row.get_by_role("link", name="UK-000001", exact=True))
    expect(h1(page)).to_have_text("Tax invoice UK-000001")
    details = page.locator("#document-details")
    expect(details).to_contain_text("VAT registration number: GB 123 4567 89")
    expect(details).to_contain_text("by bank transfer")
    expect(page.locator("main")).to_contain_text("Sort code 00-11-22")
    assert_accessible(page)
    screenshot(page, "invoice")

    visit(page, "/manage/uk/settings/", "Settings")
    expect(page.get_by_role("heading", name="Invoice details")).to_be_visible()
    expect(page.get_by_label("VAT registration number")).to_have_value("GB 123 4567 89")


# --- bad input -------------------------------------------------------------------------------------


def test_booking_with_bad_input_shows_errors_and_saves_nothing(page: Any, bworld: World) -> None:
    event = make_event(bworld)
    sign_in(page, bworld.lead_a.email)
    page.goto(f"/events/{event.public_id}/book/")
    first = delegate(page, 1)
    first.get_by_label("Full name").fill("")
    first.get_by_label("E-mail address").fill("not-an-email")
    first.get_by_label("Member rate: £100.00 + VAT (£120.00)").check()

    # Pressing Enter in a field confirms the booking (it must not add another delegate).
    with page.expect_navigation() as navigation:
        first.get_by_label("E-mail address").press("Enter")
    assert navigation.value.status == 400
    expect(page.locator("legend .nhsuk-fieldset__heading")).to_have_text(["Delegate 1"])
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(
        summary.get_by_role("link", name="Delegate 1: Enter the delegate's full name")
    ).to_have_attribute("href", "#id_delegates-0-name")
    expect(
        summary.get_by_role(
            "link", name=re.compile("Delegate 1: Enter an e-mail address in the correct format")
        )
    ).to_be_visible()
    expect(summary).to_be_focused()
    expect(first.get_by_label("E-mail address")).to_have_value("not-an-email")
    assert_accessible(page)
    screenshot(page, "book-errors")

    assert Booking.objects.count() == 0
    assert Delegate.objects.count() == 0
    assert Invoice.objects.count() == 0
    assert not OutboxMessage.objects.exists()
