"""Forms for the Learning Network's pages: they check the shape of what people type; the services
enforce the rules (who may, conflicts of interest, capacity, stages)."""

from __future__ import annotations

from typing import Any

from django import forms

from recoverynet.core.form_messages import label_phrase
from recoverynet.core.forms import NameField

from . import fidelity as structure
from .models.network import (
    FindingKind,
    ReviewerRole,
    SelfReviewRating,
)

DATE_HELP = "For example 2027-04-30."


def date_field(label: str, help_text: str = DATE_HELP, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": f"Enter {label_phrase(label)} as a real date, like 30 April 2027.",
            "required": f"Enter {label.lower()}.",
        },
    )


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "invalid": f"Enter {label_phrase(label)} as a time, like 09:30.",
            "required": f"Enter {label.lower()}.",
        },
    )


# --- Fidelity ------------------------------------------------------------------------------------


class FidelityStartForm(forms.Form):
    title = NameField(
        max_length=200,
        label="Name of the review",
        help_text='For example "Fidelity review, spring 2027".',
        error_messages={"required": "Give the review a name."},
    )

    def __init__(self, *args: Any, networks: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.networks = {str(n.pk): n for n in networks}
        self.fields["network"] = forms.ChoiceField(
            label="Network",
            choices=[(k, n.name) for k, n in self.networks.items()],
            error_messages={
                "required": "Choose the network.",
                "invalid_choice": "Choose the network.",
            },
        )

    def chosen_network(self) -> Any:
        return self.networks[self.cleaned_data["network"]]


SCORE_CHOICES = [("", "Not rated yet")] + [
    (str(k), f"{k}: {label}") for k, label in structure.SCORE_LABELS.items()
]
TYPE_CHOICES = [("", "Not rated yet")] + [(str(k), v) for k, v in structure.TYPE_LABELS.items()]


class FidelityRatingForm(forms.Form):
    """One select (0/1/2, or type 1/2) and one evidence box per component this version rates."""

    def __init__(
        self,
        *args: Any,
        version: str,
        wording: dict[tuple[str, str], str],
        initial_ratings: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.components = [
            c for c in structure.COMPONENTS if version in structure.versions_for_component(c)
        ]
        for c in self.components:
            current = initial_ratings.get(c.key)
            value = (
                "" if current is None else str(current.score if c.scored else current.type or "")
            )
            self.fields[c.key] = forms.ChoiceField(
                label=c.name,
                required=False,
                choices=SCORE_CHOICES if c.scored else TYPE_CHOICES,
                initial=value,
                help_text=wording.get((c.key, version), "")[:4000],
            )
            self.fields[f"{c.key}_evidence"] = forms.CharField(
                label=f"Evidence for {c.name}",
                required=False,
                max_length=2000,
                initial=current.evidence if current else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[c.key], self[f"{c.key}_evidence"]) for c in self.components]

    def ratings(self) -> list[Any]:
        from .services.fidelity import RatingInput

        found = []
        for c in self.components:
            raw = self.cleaned_data.get(c.key) or ""
            value = int(raw) if raw else None
            found.append(
                RatingInput(
                    component=c.key,
                    score=value if c.scored else None,
                    type=None if c.scored else value,
                    evidence=self.cleaned_data.get(f"{c.key}_evidence", ""),
                )
            )
        return found


class AgreeForm(forms.Form):
    component = forms.ChoiceField(
        label="Component",
        choices=structure.COMPONENT_CHOICES,
        error_messages={
            "required": "Choose the component.",
            "invalid_choice": "Choose the component.",
        },
    )
    value = forms.ChoiceField(
        label="Agreed rating",
        help_text="A score (0, 1 or 2) for the seven scored components; type 1 or type 2 for "
        "the five modifiable ones.",
        choices=[
            ("", "Choose"),
            *[(f"s{k}", f"Score {k}: {label}") for k, label in structure.SCORE_LABELS.items()],
            *[(f"t{k}", label) for k, label in structure.TYPE_LABELS.items()],
        ],
        error_messages={"required": "Choose the agreed rating."},
    )
    rationale = forms.CharField(
        label="Why",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PlanTitleForm(forms.Form):
    title = NameField(
        max_length=200,
        label="Name of the action plan",
        error_messages={"required": "Give the plan a name."},
    )


class WordingForm(forms.Form):
    licence_holder = NameField(
        max_length=200,
        label="Who holds the licence",
        help_text="The organisation named on the licence for the RECOLLECT Fidelity Measure.",
        error_messages={"required": "Say who holds the licence."},
    )
    wording = forms.CharField(
        label="Wording",
        max_length=200_000,
        help_text="One line per item: component, version, wording (comma-separated; put the "
        "wording in double quotes if it has commas). Versions: student, peer_trainer, manager.",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Paste the wording."},
    )
    terms_confirmed = forms.BooleanField(
        label="The network holds a licence for this wording and will keep to its terms: the "
        "structure, names and scoring stay unchanged, and it is not used commercially.",
        error_messages={"required": "Confirm the licence terms."},
    )


# --- Peer review ---------------------------------------------------------------------------------


class CollegeChoiceForm(forms.Form):
    def __init__(
        self, *args: Any, colleges: list[Any], label: str = "College", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.colleges = {str(c.pk): c for c in colleges}
        self.fields["college"] = forms.ChoiceField(
            label=label,
            choices=[("", "Choose a college")] + [(k, c.name) for k, c in self.colleges.items()],
            error_messages={"required": "Choose a college.", "invalid_choice": "Choose a college."},
        )

    def chosen(self) -> Any:
        return self.colleges[self.cleaned_data["college"]]


class SelfReviewForm(forms.Form):
    def __init__(self, *args: Any, current: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for c in structure.COMPONENTS:
            entry = current.get(c.key)
            self.fields[f"{c.key}_rating"] = forms.ChoiceField(
                label=c.name,
                required=False,
                choices=[("", "Not rated yet"), *list(SelfReviewRating.choices)],
                initial=entry.rating if entry else "",
            )
            self.fields[f"{c.key}_commentary"] = forms.CharField(
                label=f"Commentary on {c.name}",
                required=False,
                max_length=4000,
                initial=entry.commentary if entry else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{c.key}_evidence"] = forms.CharField(
                label=f"Evidence for {c.name}",
                required=False,
                max_length=2000,
                initial=entry.evidence if entry else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"{c.key}_rating"], self[f"{c.key}_commentary"], self[f"{c.key}_evidence"])
            for c in structure.COMPONENTS
        ]

    def entries(self) -> list[Any]:
        from .services.peer_review import SelfReviewInput

        return [
            SelfReviewInput(
                area=c.key,
                rating=self.cleaned_data[f"{c.key}_rating"],
                commentary=self.cleaned_data.get(f"{c.key}_commentary", ""),
                evidence=self.cleaned_data.get(f"{c.key}_evidence", ""),
            )
            for c in structure.COMPONENTS
            if self.cleaned_data.get(f"{c.key}_rating")
        ]


class ReviewerForm(CollegeChoiceForm):
    email = forms.EmailField(
        label="Reviewer's e-mail address",
        max_length=254,
        error_messages={
            "required": "Enter the reviewer's e-mail address.",
            "invalid": "Enter a real e-mail address.",
        },
    )
    role = forms.ChoiceField(
        label="Role on the team",
        choices=[("", "Choose a role"), *list(ReviewerRole.choices)],
        error_messages={"required": "Choose the reviewer's role."},
    )


class VisitForm(forms.Form):
    visit_on = date_field("Date of the visit")


class SlotForm(forms.Form):
    starts_at = _time("Starts at")
    ends_at = _time("Ends at")
    activity = NameField(
        max_length=200, label="What happens", error_messages={"required": "Say what happens."}
    )
    with_whom = forms.CharField(label="With whom", required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "The end time must be after the start time.")
        return data


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "Choose"), *list(FindingKind.choices)],
        error_messages={"required": "Choose what kind of finding this is."},
    )
    text = forms.CharField(
        label="Finding",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the finding."},
    )


class ReportForm(forms.Form):
    summary = forms.CharField(
        label="Summary of the report",
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write the summary."},
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label="The college's response",
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write the college's response."},
    )
