"""Forms for setting a college up: its public page, venues, staff roles, registration questions,
and changing a term, a course or a session. Shapes and limits only; the services enforce the rules
(longer text is refused, never cut)."""

from __future__ import annotations

from typing import Any

from django import forms

from recoverynet.core.forms import NameField

from ..models import StaffRole
from . import DATE, CourseForm, SessionForm

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class PublicPageForm(forms.Form):
    name = NameField(label="Name of the college", max_length=200)
    summary = forms.CharField(label="In one sentence (optional)", max_length=300, required=False)
    who_for = forms.CharField(
        label="Who the college is for", widget=TEXTAREA, max_length=4000, required=False
    )
    how_to_enrol = forms.CharField(
        label="How to enrol", widget=TEXTAREA, max_length=4000, required=False
    )
    contact_email = forms.EmailField(label="Contact e-mail (optional)", required=False)
    contact_phone = forms.CharField(label="Contact phone (optional)", max_length=40, required=False)
    website = forms.URLField(
        label="Website (optional)", max_length=200, required=False, assume_scheme="https"
    )
    certificate_signatory = forms.CharField(
        label="Name printed on certificates (optional)",
        help_text="For example, the college manager.",
        max_length=150,
        required=False,
    )


class VenueForm(forms.Form):
    name = NameField(label="Name", max_length=150)
    address = forms.CharField(
        label="Address (optional)", widget=TEXTAREA, max_length=500, required=False
    )
    access_information = forms.CharField(
        label="Access information (optional)",
        help_text="Step-free access, toilets, parking, a quiet room.",
        widget=TEXTAREA,
        max_length=2000,
        required=False,
    )


class StaffGrantForm(forms.Form):
    email = forms.EmailField(
        label="Their e-mail address",
        help_text="If they have no account here, we send them an invitation. A trainer may work for several colleges.",
        max_length=254,
    )
    role = forms.ChoiceField(label="Role", choices=StaffRole.choices)


class QuestionForm(forms.Form):
    label = NameField(label="Question", max_length=200)
    hint = forms.CharField(label="Hint (optional)", max_length=300, required=False)
    required = forms.BooleanField(
        label="Students must answer it",
        help_text="Never make a question about health required.",
        required=False,
    )


class QuestionEditForm(QuestionForm):
    active = forms.BooleanField(
        label="Ask this question",
        help_text="Untick to stop asking it. Answers already given are kept.",
        required=False,
    )


class TermEditForm(forms.Form):
    name = NameField(label="Name", max_length=100)
    starts_on = forms.DateField(label="Starts on", widget=DATE)
    ends_on = forms.DateField(label="Ends on", widget=DATE)
    introduction = forms.CharField(
        label="Introduction (optional)", widget=TEXTAREA, max_length=4000, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The term must end on or after the day it starts.")
        return data


class CourseEditForm(CourseForm):
    offer_hours = forms.IntegerField(
        label="Hours to take a place offered from the waiting list",
        min_value=1,
        max_value=10000,
    )
    coproduction_notes = forms.CharField(
        label="How it was co-produced (optional)",
        widget=TEXTAREA,
        max_length=2000,
        required=False,
    )


class SessionEditForm(SessionForm):
    joining_information = forms.CharField(
        label="How to join (online sessions, optional)",
        help_text="Sent to students with their reminder.",
        max_length=500,
        required=False,
    )
