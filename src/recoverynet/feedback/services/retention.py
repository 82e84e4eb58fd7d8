"""Contact details at the end of a form's retention, as part of the personal-data map's purge
(decision 0039).

The map's rule `feedback.contact_details` clears the answers to contact-details questions of a
closed form once its retention days have passed (`feedback/personal_data.py`). This hook of that
rule records the date on each such form and audits it, in the same transaction."""

from __future__ import annotations

from django.utils import timezone

from recoverynet.core import audit
from recoverynet.core.privacy.purge import Due

from ..models import FeedbackForm


def contact_details_purged(due: Due) -> None:
    """For the purge: each closed form past its contact retention, not yet marked, is marked and
    audited with how many answers go (`due.rows` are its contact answers, not yet cleared)."""
    now = timezone.now()
    forms = due.parents("response__form").filter(contact_purged_at__isnull=True)
    for form in forms.order_by("pk"):
        count = due.rows.filter(response__form=form).exclude(text="").count()
        FeedbackForm.objects.filter(pk=form.pk).update(contact_purged_at=now)
        audit.record(
            actor=None, action="feedback.contact.purged", obj=form, changes={"answers": count}
        )
