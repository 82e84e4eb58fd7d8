"""Forms for events and bookings. Dates and times are entered in the network's time zone."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms

from recoverynet.accounts.models import Perspective
from recoverynet.core.forms import NameField, datetime_field
from recoverynet.network.models import Organisation

from .models import BookingMode, EventKind, LearningSet, RateKind

DATETIME_HELP = "In the network's time zone."


class EventFilterForm(forms.Form):
    network = forms.ChoiceField(label="Network", required=False)
    kind = forms.ChoiceField(
        label="Type of event", required=False, choices=[("", "Any type"), *EventKind.choices]
    )
    month = forms.DateField(
        label="Month",
        required=False,
        input_formats=["%Y-%m"],
        help_text="For example 2027-06.",
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args: Any, networks: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["network"])
        field.choices = [("", "All networks")] + [(n.slug, n.name) for n in networks]


class EventForm(forms.Form):
    title = NameField(max_length=200)
    kind = forms.ChoiceField(label="Type of event", choices=EventKind.choices)
    summary = forms.CharField(
        max_length=300, required=False, help_text="One or two sentences for the list of events."
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
        help_text="You can use Markdown: **bold**, lists with -, links as [text](https://…).",
    )
    starts_at = datetime_field(label="Starts", help_text=DATETIME_HELP)
    ends_at = datetime_field(label="Ends", help_text=DATETIME_HELP)
    host = forms.ModelChoiceField(
        label="Hosted by",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="The network team",
    )
    learning_set = forms.ModelChoiceField(
        queryset=LearningSet.objects.none(),
        required=False,
        empty_label="Not part of a learning set",
    )
    day_topic = forms.CharField(
        max_length=200, required=False, label="Topic of this day (learning sets)"
    )
    venue_name = forms.CharField(max_length=200, required=False, label="Venue")
    venue_address = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=1000, label="Address"
    )
    online = forms.BooleanField(required=False, label="People can take part online")
    joining_link = forms.URLField(
        required=False, assume_scheme="https", help_text="Only confirmed delegates see this."
    )
    capacity = forms.IntegerField(
        min_value=1, max_value=100000, required=False, help_text="Leave empty for no limit."
    )
    booking_mode = forms.ChoiceField(
        label="How people book", choices=BookingMode.choices, widget=forms.RadioSelect
    )
    external_url = forms.URLField(
        required=False, assume_scheme="https", label="Booking link (if booked elsewhere)"
    )
    booking_opens_at = datetime_field(
        required=False, label="Booking opens", help_text=DATETIME_HELP
    )
    booking_closes_at = datetime_field(
        required=False, label="Booking closes", help_text=DATETIME_HELP
    )
    cancellation_cutoff_hours = forms.IntegerField(
        min_value=0,
        max_value=24 * 60,
        initial=48,
        label="People can cancel until this many hours before the start",
    )
    max_delegates_per_booking = forms.IntegerField(
        min_value=1, max_value=200, initial=20, label="Most delegates in one booking"
    )
    offer_hours = forms.IntegerField(
        min_value=1, max_value=24 * 14, initial=48, label="Hours a waiting-list offer is held"
    )
    reminder_days = forms.IntegerField(
        min_value=0,
        max_value=60,
        initial=2,
        label="Send a reminder this many days before (0 for none)",
    )
    needs_retention_days = forms.IntegerField(
        min_value=0,
        max_value=365,
        initial=30,
        label="Delete access and dietary needs this many days after the event",
    )

    def __init__(self, *args: Any, network: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["learning_set"]
        ).queryset = LearningSet.objects.filter(network=network)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "The end must be after the start.")
        if (
            data.get("booking_opens_at")
            and data.get("booking_closes_at")
            and data["booking_closes_at"] <= data["booking_opens_at"]
        ):
            self.add_error("booking_closes_at", "Booking must close after it opens.")
        if data.get("booking_mode") == BookingMode.EXTERNAL and not data.get("external_url"):
            self.add_error("external_url", "Give the link where people book.")
        return data


class PublishForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("draft", "Draft (only the team can see it)"), ("published", "Published")],
        widget=forms.RadioSelect,
    )


class RateForm(forms.Form):
    kind = forms.ChoiceField(choices=RateKind.choices, widget=forms.RadioSelect)
    name = NameField(max_length=100, help_text='As people will see it, e.g. "Member sites".')
    net_amount = forms.DecimalField(
        label="Price before tax",
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
        decimal_places=2,
    )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="We send this to everyone who booked or is waiting.",
    )


class BookingForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Which organisation are you booking for?",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="I am booking for myself (no organisation)",
        help_text="Member rates are for organisations with a current membership.",
    )
    purchase_order = forms.CharField(max_length=60, required=False, label="Purchase order number")

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations


class DelegateForm(forms.Form):
    name = NameField(
        max_length=150,
        label="Full name",
        error_messages={"required": "Enter the delegate's full name"},
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        error_messages={
            "required": "Enter the delegate's e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
        },
    )
    organisation_name = forms.CharField(max_length=200, required=False, label="Organisation")
    rate = forms.ChoiceField(
        label="Which rate applies to this delegate?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a rate for this delegate",
            "invalid_choice": "Choose one of the rates shown",
        },
    )
    perspective = forms.ChoiceField(
        required=False,
        label="Perspective they bring",
        choices=[
            ("", "Not recorded"),
            *[(v, label) for v, label in Perspective.choices if v != Perspective.PREFER_NOT],
        ],
        help_text="Optional. Used only, without names, to show who was in the room.",
    )
    access_needs = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        label="Access needs",
        help_text="Optional. Only the organisers see this, and it is deleted after the event.",
    )
    dietary_needs = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=500,
        label="Dietary needs",
        help_text="Optional. Only the organisers see this, and it is deleted after the event.",
    )

    def __init__(self, *args: Any, rate_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["rate"]).choices = rate_choices
        if len(rate_choices) == 1:
            self.fields["rate"].initial = rate_choices[0][0]


DelegateFormSet = forms.formset_factory(
    DelegateForm, extra=0, min_num=1, validate_min=True, max_num=200, validate_max=True
)


class InterestForm(forms.Form):
    name = NameField(max_length=150, label="Full name")
    email = forms.EmailField(label="E-mail address", max_length=254)
    organisation_name = forms.CharField(max_length=200, required=False, label="Organisation")
    places_wanted = forms.IntegerField(
        min_value=1, max_value=200, initial=1, label="How many places would you like?"
    )


class EventPictureForm(forms.Form):
    """An event's picture: a new file, or a new description of the picture it has."""

    picture = forms.FileField(
        label="Picture",
        required=False,
        help_text="A PNG, JPEG or WebP picture, up to 5 MB. It is shown on the list of events "
        "and on the event's page.",
        error_messages={"empty": "The file is empty.", "invalid": "Choose a picture to upload."},
    )
    alt_text = forms.CharField(
        label="Describe the picture",
        max_length=300,
        required=False,
        help_text='For people who cannot see it: what it shows, in a sentence. For example "The '
        'hall set out with round tables". Do not start with "Picture of".',
        error_messages={"max_length": "Keep the description to 300 characters or fewer."},
    )
    decorative = forms.BooleanField(
        label="The picture is only decoration: it shows nothing the words do not say",
        required=False,
    )

    def __init__(self, *args: Any, has_picture: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_picture = has_picture

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("picture") and not self.has_picture and "picture" not in self.errors:
            self.add_error("picture", "Choose a picture to upload.")
        no_alt = not (data.get("alt_text") or "").strip() and not data.get("decorative")
        if no_alt and "alt_text" not in self.errors:
            self.add_error(
                "alt_text",
                "Describe the picture for people who cannot see it, or tick that it is only "
                "decoration.",
            )
        return data
