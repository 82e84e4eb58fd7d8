from django.urls import path

from . import membership_views, views

app_name = "billing"

# The invoice and credit note addresses are the ones they had while invoices lived in events, so
# links in e-mails already sent keep working.
urlpatterns = [
    path("invoices/<uuid:public_id>.pdf", views.invoice_pdf, name="invoice-pdf"),
    path("invoices/<uuid:public_id>/", views.invoice_detail, name="invoice-detail"),
    path("invoices/<uuid:public_id>/paid/", views.invoice_paid, name="invoice-paid"),
    path(
        "invoices/<uuid:public_id>/paid/undo/",
        views.invoice_payment_undo,
        name="invoice-payment-undo",
    ),
    path("credit-notes/<uuid:public_id>.pdf", views.credit_note_pdf, name="credit-note-pdf"),
    path("credit-notes/<uuid:public_id>/", views.credit_note_detail, name="credit-note-detail"),
    path("manage/invoices/<slug:slug>/", views.network_invoices, name="network-invoices"),
]
urlpatterns += [
    path(
        "organisations/<slug:slug>/statement/",
        views.organisation_statement,
        name="organisation-statement",
    ),
    path("manage/invoices/<slug:slug>/export/", views.network_export, name="network-export"),
]
urlpatterns += [
    path(
        "manage/membership-fees/<slug:slug>/",
        membership_views.membership_fees,
        name="membership-fees",
    ),
    path(
        "manage/membership-fees/<slug:slug>/tiers/<int:tier_id>/",
        membership_views.tier_fee,
        name="tier-fee",
    ),
    path(
        "manage/membership-fees/<slug:slug>/runs/<int:run_id>/",
        membership_views.membership_fee_run,
        name="membership-fee-run",
    ),
]
