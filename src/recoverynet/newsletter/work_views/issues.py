"""Editors' pages: the newsletter at a glance, and putting issues together and publishing them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error
from recoverynet.core.views import form_page

from .. import editions, selectors, services
from ..forms import AddToIssueForm, IssueForm
from ..models import Article, ArticleStatus, Issue, IssueStatus
from .common import count_rows, editor_publication, form_status, problem_form, reraise_access

# --- Editors: the newsletter at a glance ------------------------------------------------------


@login_required
def editor_home(request: AuthenticatedRequest, network: str) -> HttpResponse:
    publication = editor_publication(request, network)

    def pieces(status: str) -> list[Article]:
        return list(
            selectors.editor_articles(actor=request.user, publication=publication, status=status)
        )

    issues = [
        {"issue": issue, "send": getattr(issue, "send", None)}
        for issue in selectors.editor_issues(actor=request.user, publication=publication)
    ]
    return render(
        request,
        "newsletter/work/editor_home.html",
        {
            "publication": publication,
            "network": publication.network,
            "waiting": pieces(ArticleStatus.SUBMITTED),
            "approved": pieces(ArticleStatus.APPROVED),
            "changes": pieces(ArticleStatus.CHANGES_REQUESTED),
            "issues": issues,
            "counts": count_rows(selectors.subscriber_counts(publication)),
            "title": f"Manage {publication.title}",
        },
    )


# --- Editors: issues --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def issue_new(request: AuthenticatedRequest, network: str) -> HttpResponse:
    publication = editor_publication(request, network)
    form = IssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.issue_create(
                actor=request.user,
                publication=publication,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, f"{issue.title} is started. Now add approved pieces to it.")
            return redirect("newsletter:issue-manage", network=network, slug=issue.slug)
    return form_page(
        request,
        form,
        title="Start a new issue",
        submit="Start the issue",
        back=reverse("newsletter:editor-home", args=[network]),
        network=publication.network,
    )


def _render_publish(
    request: AuthenticatedRequest,
    issue: Issue,
    *,
    problem: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "newsletter/work/issue_publish.html",
        {
            "issue": issue,
            "publication": issue.publication,
            "network": issue.publication.network,
            "contents": editions.issue_contents(issue),
            "problem": problem,
            "title": f"Publish {issue.title}",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_manage(request: AuthenticatedRequest, network: str, slug: str) -> HttpResponse:
    publication = editor_publication(request, network)
    issue = selectors.issue_for_editor(actor=request.user, publication=publication, slug=slug)
    draft = issue.status == IssueStatus.DRAFT
    details_form = IssueForm(
        initial={"title": issue.title, "summary": issue.summary}, auto_id="id_details_%s"
    )
    approved = selectors.editor_articles(
        actor=request.user, publication=publication, status=ArticleStatus.APPROVED
    )
    add_form = AddToIssueForm(publication=publication, articles=approved, auto_id="id_add_%s")
    here = reverse("newsletter:issue-manage", args=[network, issue.slug])
    if request.method == "POST":
        step = request.POST.get("form")
        if step == "details":
            details_form = IssueForm(request.POST, auto_id="id_details_%s")
            if details_form.is_valid():
                try:
                    issue = services.issue_update(
                        actor=request.user,
                        issue=issue,
                        title=details_form.cleaned_data["title"],
                        summary=details_form.cleaned_data["summary"],
                    )
                except ApplicationError as exc:
                    reraise_access(exc)
                    add_service_error(details_form, exc)
                else:
                    messages.success(request, "The issue's details are saved.")
                    return redirect("newsletter:issue-manage", network=network, slug=issue.slug)
        elif step == "add":
            add_form = AddToIssueForm(
                request.POST, publication=publication, articles=approved, auto_id="id_add_%s"
            )
            if add_form.is_valid():
                article = add_form.cleaned_data["article"]
                try:
                    article = services.article_schedule(
                        actor=request.user,
                        article=article,
                        issue=issue,
                        section=add_form.cleaned_data["section"],
                    )
                except ApplicationError as exc:
                    reraise_access(exc)
                    add_service_error(add_form, exc)
                else:
                    messages.success(request, f"{article.title} is added to {issue.title}.")
                    return redirect(here)
        elif step == "publish":
            if request.POST.get("confirm") != "yes":
                return redirect(here + "?step=publish")
            try:
                issue = services.issue_publish(actor=request.user, issue=issue)
            except ApplicationError as exc:
                reraise_access(exc)
                return _render_publish(
                    request,
                    issue,
                    problem=problem_form(exc.message),
                    status=409 if exc.status == 409 else 400,
                )
            messages.success(
                request,
                f"{issue.title} is published on the website. You can now send it to subscribers.",
            )
            return redirect(here)
        else:
            raise ApplicationError("invalid", "Choose what to do on this page.", status=400)
    elif draft and request.GET.get("step") == "publish":
        return _render_publish(request, issue)
    return render(
        request,
        "newsletter/work/issue_manage.html",
        {
            "issue": issue,
            "draft": draft,
            "publication": publication,
            "network": publication.network,
            "contents": editions.issue_contents(issue),
            "details_form": details_form,
            "add_form": add_form,
            "has_approved": draft and approved.exists(),
            "send": getattr(issue, "send", None),
            "here": here,
            "title": issue.title,
        },
        status=form_status(details_form, add_form),
    )
