"""Documents made from a college's data: the A4 prospectus PDF, the certificate PDF, the `.ics` of a
term's sessions and a student's own sessions, and the Atom feed of new courses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from xml.etree import ElementTree as ET

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as ICalEvent

from recoverynet.core.pdf import render_pdf

from .models import Certificate, College, Course, CourseSession, Term


def prospectus_pdf(term: Term, courses: Sequence[Course]) -> bytes:
    """A4, a contents page, one course per block (never split across pages)."""
    return render_pdf(
        "colleges/pdf/prospectus.html", {"term": term, "college": term.college, "courses": courses}
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    enrolment = certificate.enrolment
    return render_pdf(
        "colleges/pdf/certificate.html",
        {
            "certificate": certificate,
            "course": enrolment.course,
            "college": enrolment.course.term.college,
        },
    )


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//recoverynet//colleges//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def _session(session: CourseSession, *, joining: bool = False) -> ICalEvent:
    item = ICalEvent()
    item.add("uid", f"college-session-{session.pk}@recoverynet")
    item.add("summary", f"{session.course.title} (session {session.number})")
    item.add("dtstart", session.starts_at)
    item.add("dtend", session.ends_at)
    item.add("dtstamp", session.updated_at)
    if session.online:
        item.add("location", "Online")
    elif session.venue is not None:
        location = ", ".join(
            p for p in [session.venue.name, session.venue.address.replace("\n", ", ")] if p
        )
        item.add("location", location)
    if joining and session.joining_information:
        item.add("description", f"How to join: {session.joining_information}")
    item.add(
        "url",
        settings.SITE_URL + reverse("colleges:course-detail", args=[session.course.public_id]),
    )
    return item


def sessions_ics(name: str, sessions: Iterable[CourseSession], *, joining: bool = False) -> bytes:
    cal = _calendar(name)
    for session in sessions:
        cal.add_component(_session(session, joining=joining))
    return bytes(cal.to_ical())


ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(college: College, courses: Iterable[Course]) -> bytes:
    """New and changed courses in the college's published terms (Atom 1.0)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    page = settings.SITE_URL + reverse("colleges:college-detail", args=[college.slug])
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{college.name}: courses"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:uuid:{college.public_id}"
    ET.SubElement(feed, f"{{{ATOM}}}link", href=page)
    rows = list(courses)
    updated = max((c.updated_at for c in rows), default=college.updated_at)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated.isoformat()
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = college.name
    for course in rows:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{course.title} ({course.term.name})"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:uuid:{course.public_id}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = course.updated_at.isoformat()
        ET.SubElement(
            entry,
            f"{{{ATOM}}}link",
            href=settings.SITE_URL + reverse("colleges:course-detail", args=[course.public_id]),
        )
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = course.what_you_will_learn[:500]
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))
