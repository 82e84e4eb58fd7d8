"""Forms for feedback and debates. They check the shape of what people type; the services enforce
the rules (who may change what, who attended, whether a round is open)."""

from __future__ import annotations

from typing import Any

from django import forms

from recoverynet.core.forms import NameField

from .models import Question, QuestionKind, QuestionPurpose, Side
from .services import QuestionInput, SpeakerInput


class AnswerForm(forms.Form):
    """The questions of one feedback form as fields `q<id>`; checked again by the service."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            name = f"q{q.pk}"
            label = q.text + ("" if q.required else " (optional)")
            common: dict[str, Any] = {"label": label, "help_text": q.hint, "required": False}
            if q.kind == QuestionKind.RATING:
                self.fields[name] = forms.ChoiceField(
                    choices=[
                        (str(v), f"{v}{' – excellent' if v == 5 else ' – poor' if v == 1 else ''}")
                        for v in range(5, 0, -1)
                    ],
                    widget=forms.RadioSelect,
                    **common,
                )
            elif q.kind == QuestionKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    choices=[(c, c) for c in q.choices], widget=forms.RadioSelect, **common
                )
            elif q.kind == QuestionKind.SHORT_TEXT:
                self.fields[name] = forms.CharField(strip=False, **common)
            else:
                self.fields[name] = forms.CharField(
                    strip=False, widget=forms.Textarea(attrs={"rows": 4}), **common
                )

    def answers(self) -> dict[str, str]:
        return {str(q.pk): self.data.get(f"q{q.pk}", "") for q in self.questions}


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of question", choices=QuestionKind.choices, widget=forms.RadioSelect
    )
    text = NameField(label="Question", max_length=300)
    hint = forms.CharField(label="Hint (optional)", max_length=300, required=False)
    choices = forms.CharField(
        label="Choices (for 'choose one')",
        help_text="One a line, between 2 and 10.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1100,
    )
    purpose = forms.ChoiceField(
        label="What the answers are for", choices=QuestionPurpose.choices, required=False
    )
    required = forms.BooleanField(label="People must answer this", required=False)
    max_length = forms.IntegerField(
        label="Longest answer, in characters",
        min_value=1,
        max_value=5000,
        initial=2000,
        required=False,
    )

    def data_input(self) -> QuestionInput:
        d = self.cleaned_data
        return QuestionInput(
            kind=d["kind"],
            text=d["text"],
            hint=d.get("hint", ""),
            required=bool(d.get("required")),
            purpose=d.get("purpose") or "",
            choices=[c for c in (d.get("choices") or "").splitlines() if c.strip()],
            max_length=d.get("max_length") or 2000,
        )


class FormSettingsForm(forms.Form):
    title = NameField(label="Title", max_length=200)
    intro = forms.CharField(
        label="Introduction (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    invite_delay_hours = forms.IntegerField(
        label="Hours after the end to e-mail the link",
        min_value=0,
        max_value=336,
        help_text="Everyone checked in gets one e-mail. 0 sends it as soon as the event ends.",
    )
    contact_retention_days = forms.IntegerField(
        label="Days to keep contact details after the form closes",
        min_value=1,
        max_value=3650,
    )
    closes_on = forms.DateField(
        label="Close the form on (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="People can answer and change their answers until then.",
    )


class HideForm(forms.Form):
    reason = NameField(
        label="Why hide this answer?",
        max_length=300,
        help_text="For example: names a person, or is not about the event.",
    )


class DebateForm(forms.Form):
    motion = NameField(
        label="Motion",
        max_length=300,
        help_text='For example: "Peer workers should be distinct roles".',
    )
    description = forms.CharField(
        label="About the debate (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    label_for = NameField(label="Label for 'for'", max_length=60, initial="For")
    label_against = NameField(label="Label for 'against'", max_length=60, initial="Against")
    label_undecided = NameField(label="Label for 'undecided'", max_length=60, initial="Undecided")
    walk_ins = forms.BooleanField(
        label="Let devices without a sign-in vote with a code shown in the room", required=False
    )
    min_votes = forms.IntegerField(
        label="Fewest votes for a result to be shown", min_value=1, max_value=100, initial=5
    )


class SpeakerForm(forms.Form):
    side = forms.ChoiceField(label="Side", choices=Side.choices, widget=forms.RadioSelect)
    name = NameField(label="Name", max_length=150)
    role = forms.CharField(label="Role or organisation (optional)", max_length=200, required=False)

    def data_input(self) -> SpeakerInput:
        d = self.cleaned_data
        return SpeakerInput(side=d["side"], name=d["name"], role=d.get("role", ""))


class SpeakerLinkForm(forms.Form):
    email = forms.CharField(
        label="E-mail address of their account",
        help_text="The address they sign in with.",
        max_length=254,
        strip=False,
        error_messages={"required": "Enter the e-mail address of the speaker's account."},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class CodeForm(forms.Form):
    """The code on a one-time room card (decision 0036); checked by `services.card_redeem`."""

    code = forms.CharField(
        label="Code on your card",
        help_text="8 letters and numbers, for example ABCD 2345.",
        max_length=20,
        strip=False,
        error_messages={"max_length": "That code is too long: it has 8 letters and numbers."},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class CardsForm(forms.Form):
    count = forms.IntegerField(
        label="How many cards?",
        help_text="One for each person in the room without a sign-in, from 1 to 300.",
        min_value=1,
        max_value=300,
        error_messages={
            "min_value": "Make at least 1 card.",
            "max_value": "Make at most 300 cards at a time.",
            "invalid": "Enter a whole number of cards, like 20.",
            "required": "Enter how many cards to make.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label="Your vote", widget=forms.RadioSelect, choices=[])

    def __init__(self, *args: Any, labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["choice"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(labels.items())
        field.error_messages["required"] = "Choose how you vote."
        field.error_messages["invalid_choice"] = "Choose one of the options."
