"""Forms for self-assessment rounds. Forms check the shape of what people type; services enforce the
rules (who may do what, open or closed rounds)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from recoverynet.accounts.models import Perspective

from .frameworks import TEAM_RESOURCE_FIELDS
from .models import Challenge, Framework, Level, Rating, ScalePoint

DONT_KNOW = "dont_know"


class RoundStartForm(forms.Form):
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.none(), empty_label=None, label="Framework"
    )
    title = forms.CharField(
        max_length=200, help_text='Something the group will recognise, for example "Spring 2027".'
    )
    team_name = forms.CharField(
        max_length=150,
        required=False,
        label="Team",
        help_text="Leave empty if the whole organisation is rating itself.",
    )
    rate_by = forms.DateField(
        label="Send ratings by (optional)",
        required=False,
        help_text="People who have not sent their ratings get a reminder a few days before, and "
        "one after it.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, frameworks: QuerySet[Framework], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["framework"]).queryset = frameworks
        for key, label in TEAM_RESOURCE_FIELDS:
            self.fields[f"resource_{key}"] = forms.IntegerField(
                label=label, required=False, min_value=0, max_value=100000
            )

    @property
    def resource_fields(self) -> list[forms.BoundField]:
        return [self[f"resource_{key}"] for key, _ in TEAM_RESOURCE_FIELDS]

    def team_resources(self) -> dict[str, int]:
        """The team's resources, kept only for a team round."""
        if not self.cleaned_data.get("team_name"):
            return {}
        return {
            key: value
            for key, _ in TEAM_RESOURCE_FIELDS
            if (value := self.cleaned_data.get(f"resource_{key}")) is not None
        }


class InviteMemberForm(forms.Form):
    """Only the address's shape: whether it belongs to one of the organisation's people is the
    service's question, answered the same way whether or not the address has an account."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="They need an account and a role at the organisation. We e-mail them a link to rate.",
    )


class InviteLinkForm(forms.Form):
    name = forms.CharField(max_length=150, label="Their name", help_text="A first name is enough.")
    email = forms.EmailField(
        required=False,
        max_length=254,
        label="Their e-mail address",
        help_text="If you give one, we e-mail them the link. If not, you pass it on yourself.",
    )


@dataclass
class RatingCell:
    """One challenge at one level on the rating page."""

    challenge: Challenge
    level: Level
    value: forms.BoundField
    evidence: forms.BoundField


class RatingForm(forms.Form):
    """The whole grid on one page: a rating (or "don't know") and an optional note for every
    challenge at every level. Nothing is required, so a draft can be saved at any point."""

    def __init__(
        self,
        *args: Any,
        challenges: list[Challenge],
        levels: list[Level],
        scale: list[ScalePoint],
        saved: dict[tuple[int, int], Rating],
        perspective: str = "",
        ask_perspective: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.challenges, self.levels, self.saved = challenges, levels, saved
        if ask_perspective:
            self._add_perspective(perspective)
        self._add_cells(challenges, levels, scale, saved)

    def _add_perspective(self, perspective: str) -> None:
        self.fields["perspective"] = forms.ChoiceField(
            label="Which perspective do you bring?",
            required=False,
            initial=perspective,
            widget=forms.RadioSelect,
            choices=[
                *[(v, label) for v, label in Perspective.choices if v != Perspective.PREFER_NOT],
                ("", "I'd rather not say"),
            ],
            help_text="Optional. It is used only to show, without names, where people with different "
            "experiences see things differently.",
        )

    def _add_cells(
        self,
        challenges: list[Challenge],
        levels: list[Level],
        scale: list[ScalePoint],
        saved: dict[tuple[int, int], Rating],
    ) -> None:
        choices = [(str(p.value), f"{p.label} ({p.value})") for p in scale]
        choices.append((DONT_KNOW, "Don't know"))
        for challenge in challenges:
            for level in levels:
                rating = saved.get((challenge.pk, level.pk))
                initial_value = ""
                if rating is not None:
                    initial_value = DONT_KNOW if rating.value is None else str(rating.value)
                self.fields[self.value_name(challenge, level)] = forms.ChoiceField(
                    required=False, choices=choices, widget=forms.RadioSelect, initial=initial_value
                )
                self.fields[self.evidence_name(challenge, level)] = forms.CharField(
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2, "class": "nhsuk-textarea"}),
                    initial=rating.evidence if rating is not None else "",
                )

    @staticmethod
    def value_name(challenge: Challenge, level: Level) -> str:
        return f"c{challenge.pk}-{level.key}"

    @staticmethod
    def evidence_name(challenge: Challenge, level: Level) -> str:
        return f"c{challenge.pk}-{level.key}-evidence"

    def sections(self) -> list[tuple[Challenge, list[RatingCell]]]:
        return [
            (
                challenge,
                [
                    RatingCell(
                        challenge=challenge,
                        level=level,
                        value=self[self.value_name(challenge, level)],
                        evidence=self[self.evidence_name(challenge, level)],
                    )
                    for level in self.levels
                ],
            )
            for challenge in self.challenges
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for challenge in self.challenges:
            for level in self.levels:
                value_name = self.value_name(challenge, level)
                if data.get(self.evidence_name(challenge, level), "").strip() and not data.get(
                    value_name
                ):
                    self.add_error(
                        value_name,
                        f"Choose a rating or \u201cdon't know\u201d for challenge {challenge.number} "
                        f"at {level.label.lower()} level, so that your note can be saved.",
                    )
        return data

    def changed_cells(self) -> list[tuple[Challenge, Level, int | None, str]]:
        """Answered cells that differ from what is saved: (challenge, level, value, evidence)."""
        cells = []
        for challenge in self.challenges:
            for level in self.levels:
                raw = self.cleaned_data.get(self.value_name(challenge, level))
                if not raw:
                    continue  # not answered: nothing to save
                value = None if raw == DONT_KNOW else int(raw)
                evidence = self.cleaned_data.get(self.evidence_name(challenge, level), "").strip()
                saved = self.saved.get((challenge.pk, level.pk))
                if saved is not None and saved.value == value and saved.evidence == evidence:
                    continue
                cells.append((challenge, level, value, evidence))
        return cells


class ConsensusForm(forms.Form):
    """The agreed rating for one challenge at one level. The page has one of these per cell; each
    gets its own `auto_id` so that ids stay unique."""

    challenge = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.CharField(max_length=30, widget=forms.HiddenInput)
    value = forms.TypedChoiceField(coerce=int, label="Agreed rating")
    rationale = forms.CharField(
        required=False,
        max_length=2000,
        label="Why the group agreed this",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, scale: list[ScalePoint], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["value"]).choices = [
            ("", "Choose a rating"),
            *[(p.value, f"{p.value} {p.label}") for p in scale],
        ]


class PrioritiesForm(forms.Form):
    """The group's top three: a challenge at a level, and why. The first is required."""

    def __init__(
        self, *args: Any, challenges: list[Challenge], levels: list[Level], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a challenge and level")] + [
            (f"{c.pk}:{lv.key}", f"{c.number}. {c.title} – {lv.label.lower()} level")
            for c in challenges
            for lv in levels
        ]
        names = ["First", "Second", "Third"]
        for rank, name in enumerate(names, start=1):
            self.fields[f"cell_{rank}"] = forms.ChoiceField(
                label=f"{name} priority", choices=choices, required=rank == 1
            )
            self.fields[f"reason_{rank}"] = forms.CharField(
                label=f"Why the {name.lower()} priority matters",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["cell_1"].error_messages["required"] = "Choose at least one priority."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: set[str] = set()
        for rank in (1, 2, 3):
            cell = data.get(f"cell_{rank}")
            if not cell:
                if data.get(f"reason_{rank}", "").strip():
                    self.add_error(f"cell_{rank}", "Choose a challenge and level for this reason.")
                continue
            if cell in seen:
                self.add_error(
                    f"cell_{rank}", "Choose a different challenge or level for each priority."
                )
            seen.add(cell)
        return data

    def priorities(self) -> list[tuple[int, str, str]]:
        """(challenge id, level key, reason) for each chosen priority, in order."""
        chosen = []
        for rank in (1, 2, 3):
            cell = self.cleaned_data.get(f"cell_{rank}")
            if cell:
                challenge_id, level_key = cell.split(":", 1)
                chosen.append(
                    (int(challenge_id), level_key, self.cleaned_data.get(f"reason_{rank}", ""))
                )
        return chosen
