"""Membership fee pages for the network team: tiers' fees, raising a year's invoices, progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.forms import add_service_error
from recoverynet.network import renewals
from recoverynet.network import selectors as network_selectors

from . import access, selectors, services
from .forms import FeeRunForm, TierFeeForm


@login_required
@require_http_methods(["GET", "POST"])
def membership_fees(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_selectors.team_network_get(actor=request.user, slug=slug)
    tiers = selectors.fee_tiers(actor=request.user, network=network)
    form = FeeRunForm(
        request.POST if request.method == "POST" else None,
        initial={"year": network.today().year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.membership_fee_run_start(
                actor=request.user, network=network, year=form.cleaned_data["year"]
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            return redirect("billing:membership-fee-run", slug=network.slug, run_id=run.pk)
    return render(
        request,
        "billing/manage/membership_fees.html",
        {
            "network": network,
            "tiers": [
                (
                    tier,
                    TierFeeForm(initial={"annual_fee": tier.annual_fee}, currency=network.currency),
                )
                for tier in tiers
            ],
            "runs": selectors.membership_fee_runs(actor=request.user, network=network)[:20],
            "form": form,
            "can_manage": access.can_manage_billing(request.user, network.pk),
            "title": f"Membership fees: {network.name}",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def tier_fee(request: HttpRequest, slug: str, tier_id: int) -> HttpResponse:
    network = network_selectors.team_network_get(actor=request.user, slug=slug)
    tier = selectors.fee_tiers(actor=request.user, network=network).filter(pk=tier_id).first()
    if tier is None:
        raise NotFound("We could not find that tier.")
    form = TierFeeForm(request.POST, currency=network.currency)
    if form.is_valid():
        try:
            renewals.tier_fee_set(
                actor=request.user, tier=tier, annual_fee=form.cleaned_data["annual_fee"]
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"The fee for {tier.name} is saved.")
            return redirect("billing:membership-fees", slug=network.slug)
    errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
    messages.error(request, f"The fee for {tier.name} was not saved: {errors}")
    return redirect("billing:membership-fees", slug=network.slug)


@login_required
def membership_fee_run(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    network = network_selectors.team_network_get(actor=request.user, slug=slug)
    run = selectors.membership_fee_run_get(actor=request.user, network=network, run_id=run_id)
    return render(
        request,
        "billing/manage/membership_fee_run.html",
        {"network": network, "run": run, "title": f"Membership invoices {run.year}"},
    )
