"""Forms for writers and editors. They check the shape of what was typed; the services in
`services` and `sending` enforce the rules and write.

The modules:

- `articles`: writing a piece, notes and comments, scheduling it, and its pictures;
- `issues`: issues, sections, series and the newsletter's settings;
- `audience`: subscriber and delivery filters, and the suppression list.
"""

from .articles import (
    BODY_HELP,
    BYLINE_NAME,
    BYLINE_PSEUDONYM,
    AddToIssueForm,
    ArticleForm,
    ChangesForm,
    CommentForm,
    ImageForm,
    NoteForm,
    ScheduleForm,
)
from .audience import (
    DELIVERY_FILTERS,
    DeliveryFilterForm,
    SubscriberFilterForm,
    SuppressionFilterForm,
    SuppressionForm,
)
from .issues import IssueForm, PublicationSettingsForm, SectionForm, SeriesForm

__all__ = [
    "BODY_HELP",
    "BYLINE_NAME",
    "BYLINE_PSEUDONYM",
    "DELIVERY_FILTERS",
    "AddToIssueForm",
    "ArticleForm",
    "ChangesForm",
    "CommentForm",
    "DeliveryFilterForm",
    "ImageForm",
    "IssueForm",
    "NoteForm",
    "PublicationSettingsForm",
    "ScheduleForm",
    "SectionForm",
    "SeriesForm",
    "SubscriberFilterForm",
    "SuppressionFilterForm",
    "SuppressionForm",
]
