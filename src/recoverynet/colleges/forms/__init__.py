"""Forms for the colleges pages: shapes and limits only; the services enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from recoverynet.core.forms import NameField

from ..models import AttendanceMark, CourseTopic, LearningPlanNoteKind, RegistrationQuestion
from ..models.course import FacilitatorRole, SuitableFor

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RegisterForm(forms.Form):
    preferred_name = NameField(label="What would you like us to call you?", max_length=100)
    phone = forms.CharField(
        label="Phone number (optional)",
        help_text="Only if you would like us to be able to call you, for example if a course changes.",
        required=False,
        max_length=40,
    )

    def __init__(self, *args: Any, questions: list[RegistrationQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.label if question.required else f"{question.label} (optional)",
                help_text=question.hint,
                required=question.required,
                max_length=1000,
            )

    def answers(self) -> dict[str, str]:
        return {
            str(q.pk): self.cleaned_data.get(f"question_{q.pk}", "") or "" for q in self.questions
        }


class RegisterForForm(RegisterForm):
    email = forms.EmailField(label="Their e-mail address", max_length=254)


class ProspectusFilterForm(forms.Form):
    topic = forms.ChoiceField(
        choices=[("", "Any topic"), *CourseTopic.choices], required=False, label="Topic"
    )
    mode = forms.ChoiceField(
        choices=[("", "Online or in person"), ("online", "Online"), ("in_person", "In person")],
        required=False,
        label="How",
    )
    venue = forms.ChoiceField(choices=[("", "Any venue")], required=False, label="Venue")
    day = forms.ChoiceField(choices=[("", "Any day")], required=False, label="Day of the week")
    suitable_for = forms.ChoiceField(
        choices=[("", "Anyone"), *SuitableFor.choices], required=False, label="Suitable for"
    )


class TermForm(forms.Form):
    name = NameField(label="Name", max_length=100, help_text="For example, Spring 2027")
    starts_on = forms.DateField(label="Starts on", widget=DATE)
    ends_on = forms.DateField(label="Ends on", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The term must end on or after the day it starts.")
        return data


class CourseForm(forms.Form):
    title = NameField(label="Title", max_length=200)
    topic = forms.ChoiceField(choices=CourseTopic.choices, label="Topic")
    suitable_for = forms.ChoiceField(choices=SuitableFor.choices, label="Suitable for")
    what_you_will_learn = forms.CharField(
        label="What you will learn", widget=forms.Textarea, max_length=4000
    )
    who_for = forms.CharField(
        label="Who it is for", widget=forms.Textarea, max_length=2000, required=False
    )
    accessibility = forms.CharField(
        label="Accessibility", widget=forms.Textarea, max_length=2000, required=False
    )
    capacity = forms.IntegerField(label="Places", min_value=1, max_value=10000)
    min_sessions_to_complete = forms.IntegerField(
        label="Sessions to attend to complete (optional)",
        help_text="Leave empty to ask for all of them.",
        min_value=1,
        max_value=1000,
        required=False,
    )
    first_session_required = forms.BooleanField(
        label="Students must come to the first session", required=False
    )
    codesigned_by_peer = forms.BooleanField(label="Co-designed by a peer trainer", required=False)
    codesigned_by_staff = forms.BooleanField(label="Co-designed by staff", required=False)
    codesigned_by_carer = forms.BooleanField(label="Co-designed by a carer", required=False)


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(label="Starts", widget=DATETIME)
    ends_at = forms.DateTimeField(label="Ends", widget=DATETIME)
    online = forms.BooleanField(label="Online", required=False)
    venue = forms.ChoiceField(choices=[("", "Choose a venue")], required=False, label="Venue")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "The session must end after it starts.")
        if not data.get("online") and not data.get("venue"):
            self.add_error("venue", "Choose a venue, or say the session is online.")
        return data


class FacilitatorForm(forms.Form):
    user = forms.ChoiceField(label="Trainer", choices=[])
    role = forms.ChoiceField(label="Role", choices=FacilitatorRole.choices)


class PublishCourseForm(forms.Form):
    reason = forms.CharField(
        label="Why publish without a peer trainer and a professional trainer on every session?",
        widget=forms.Textarea,
        max_length=1000,
        required=False,
    )


class EnrolForForm(forms.Form):
    student = forms.ChoiceField(label="Student", choices=[])
    how = forms.ChoiceField(
        label="How did they ask?",
        choices=[("phone", "On the phone"), ("in_person", "In person"), ("email", "By e-mail")],
    )


MARK_CHOICES = AttendanceMark.choices


class PlanForm(forms.Form):
    goals = forms.CharField(
        label="Your goals, in your own words",
        widget=forms.Textarea,
        max_length=4000,
        required=False,
    )
    courses = forms.MultipleChoiceField(
        label="Courses you have chosen", required=False, widget=forms.CheckboxSelectMultiple
    )


class ShareForm(forms.Form):
    advisor = forms.ChoiceField(label="Share with", required=False, choices=[])


class NoteForm(forms.Form):
    text = forms.CharField(label="Note", widget=forms.Textarea, max_length=4000)
    kind = forms.ChoiceField(choices=LearningPlanNoteKind.choices, label="Kind")
