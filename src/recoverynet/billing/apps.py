from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "recoverynet.billing"
    label = "billing"
    verbose_name = "Billing"

    def ready(self) -> None:
        from . import (
            domain_events,  # noqa: F401  (defines what this app announces)
            jobs,  # noqa: F401  (registers the membership renewals job)
            slots,
        )

        slots.register()

        from recoverynet.core import private_pages

        from .models import CreditNote, Invoice
        from .page_scopes import credit_note_scopes, invoice_scopes

        # An invoice concerns its person or organisation only, and a credit note its invoice's.
        private_pages.scoped(Invoice, invoice_scopes)
        private_pages.scoped(CreditNote, credit_note_scopes)

        from recoverynet.core import demo

        from .demo import load_demo

        demo.register("Membership fees", 25, load_demo)
