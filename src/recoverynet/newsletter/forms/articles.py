"""Forms for writing a piece and taking it through the editors' workflow: the article itself, notes
and comments, scheduling it into an issue, and its pictures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms

from ..models import Article, ArticleAuthor, Issue, Publication, Section, SectionKind, Series
from ..services import ArticleInput, AuthorInput

BYLINE_NAME = "name"
BYLINE_PSEUDONYM = "pseudonym"

BODY_HELP = (
    "Write in Markdown. Start a line with ## for a heading and - for a bulleted list. "
    "Make a link like this: [the link text](https://example.org). To place a picture, add it "
    "on the pictures page after saving, then put [[image 1]] on a line of its own where it goes."
)


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class ArticleForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        error_messages={
            **_required("Enter a title."),
            "max_length": "Keep the title to 200 characters or fewer.",
        },
    )
    standfirst = forms.CharField(
        label="Standfirst",
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences under the title that tell readers what the piece is about.",
        error_messages={"max_length": "Keep the standfirst to 400 characters or fewer."},
    )
    body = forms.CharField(
        label="Your article",
        max_length=60_000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=BODY_HELP,
        error_messages={
            **_required("Write the article (the body cannot be empty)."),
            "max_length": "The article is too long: keep it under 60,000 characters.",
        },
    )
    section = forms.ModelChoiceField(
        label="Section",
        queryset=Section.objects.none(),
        required=False,
        empty_label="Not sure: the editors will choose",
        help_text="Where in the newsletter it fits best.",
        error_messages={"invalid_choice": "Choose one of this newsletter's sections."},
    )
    series = forms.ModelChoiceField(
        label="Series",
        queryset=Series.objects.none(),
        required=False,
        empty_label="Not part of a series",
        help_text="Only if it belongs to a run of related pieces.",
        error_messages={"invalid_choice": "Choose one of this newsletter's series."},
    )
    byline = forms.ChoiceField(
        label="How should the author be named?",
        widget=forms.RadioSelect,
        choices=[
            (BYLINE_NAME, "Under my name"),
            (BYLINE_PSEUDONYM, "Under a pseudonym or initial"),
        ],
        help_text=(
            "If you use a pseudonym, only the newsletter's editors will know who wrote it. "
            "Readers will only see the pseudonym."
        ),
        error_messages={
            "required": "Choose how the author should be named.",
            "invalid_choice": "Choose how the author should be named.",
        },
    )
    # Each is needed only with its own choice above (see __init__).
    display_name = forms.CharField(
        label="Name to show",
        max_length=120,
        help_text="As readers will see it.",
        error_messages={
            "required": "Enter the name to show.",
            "max_length": "Keep the name to 120 characters or fewer.",
        },
    )
    pseudonym = forms.CharField(
        label="Pseudonym or initial",
        max_length=120,
        help_text='For example "B".',
        error_messages={
            "required": "Enter the pseudonym or initial to show.",
            "max_length": "Keep the pseudonym to 120 characters or fewer.",
        },
    )
    role = forms.CharField(
        label="Role",
        required=False,
        max_length=120,
        help_text='Shown after the name, for example "peer support worker".',
        error_messages={"max_length": "Keep the role to 120 characters or fewer."},
    )

    def __init__(self, *args: Any, publication: Publication, own: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["section"]).queryset = publication.sections.filter(
            kind=SectionKind.ARTICLES
        ).order_by("position", "id")
        series = publication.series.order_by("title")
        if series.exists():
            cast(forms.ModelChoiceField, self.fields["series"]).queryset = series
        else:
            del self.fields["series"]
        if self.is_bound:
            chosen = self.data.get(self.add_prefix("byline"))
            self.fields["display_name"].required = chosen == BYLINE_NAME
            self.fields["pseudonym"].required = chosen == BYLINE_PSEUDONYM
        if not own:
            byline = cast(forms.ChoiceField, self.fields["byline"])
            byline.choices = [
                (BYLINE_NAME, "Under the writer's name"),
                (BYLINE_PSEUDONYM, "Under a pseudonym or initial"),
            ]
            byline.help_text = (
                "If it uses a pseudonym, only the newsletter's editors and its writers know who "
                "wrote it."
            )

    @property
    def byline_field(self) -> str:
        """The field to show a problem with the byline on."""
        return "pseudonym" if self.data.get("byline") == BYLINE_PSEUDONYM else "display_name"

    def article_input(
        self,
        *,
        person: Any,
        before: Iterable[ArticleAuthor] = (),
        after: Iterable[ArticleAuthor] = (),
    ) -> ArticleInput:
        """The article as typed. `person` is who is behind the byline on the form; `before` and
        `after` are any further bylines (kept as they are, in their places)."""
        data = self.cleaned_data
        pseudonym = data["byline"] == BYLINE_PSEUDONYM
        author = AuthorInput(
            display_name=data["pseudonym"] if pseudonym else data["display_name"],
            role=data["role"],
            is_pseudonym=pseudonym,
            person=person,
        )

        def kept(authors: Iterable[ArticleAuthor]) -> list[AuthorInput]:
            return [
                AuthorInput(
                    display_name=a.display_name,
                    role=a.role,
                    is_pseudonym=a.is_pseudonym,
                    person=a.person,
                )
                for a in authors
            ]

        return ArticleInput(
            title=data["title"],
            standfirst=data["standfirst"],
            body=data["body"],
            section=data.get("section"),
            series=data.get("series"),
            authors=[*kept(before), author, *kept(after)],
        )

    @staticmethod
    def initial_for(article: Article, author: ArticleAuthor | None) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": article.title,
            "standfirst": article.standfirst,
            "body": article.body,
            "section": article.section_id,
            "series": article.series_id,
        }
        if author is not None:
            initial["byline"] = BYLINE_PSEUDONYM if author.is_pseudonym else BYLINE_NAME
            initial["pseudonym" if author.is_pseudonym else "display_name"] = author.display_name
            initial["role"] = author.role
            if author.is_pseudonym and author.person is not None:
                initial["display_name"] = author.person.display_name
        return initial


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep the note under 5,000 characters."},
    )


class ChangesForm(forms.Form):
    note = forms.CharField(
        label="What needs to change",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The writer sees this note and can then change the piece and send it back.",
        error_messages={
            "required": "Say what needs to change.",
            "max_length": "Keep the note under 5,000 characters.",
        },
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the writers and the editors see comments.",
        error_messages={
            "required": "Write a comment.",
            "max_length": "Keep comments under 5,000 characters.",
        },
    )


def _article_sections(publication: Publication) -> Any:
    return publication.sections.filter(kind=SectionKind.ARTICLES).order_by("position", "id")


class ScheduleForm(forms.Form):
    issue = forms.ModelChoiceField(
        label="Issue",
        queryset=Issue.objects.none(),
        empty_label="Choose an issue",
        help_text="Issues being put together.",
        error_messages={
            "required": "Choose the issue it goes in.",
            "invalid_choice": "Choose one of the issues being put together.",
        },
    )
    section = forms.ModelChoiceField(
        label="Section",
        queryset=Section.objects.none(),
        empty_label="Choose a section",
        error_messages={
            "required": "Choose the section it goes in.",
            "invalid_choice": "Choose one of this newsletter's sections.",
        },
    )

    def __init__(self, *args: Any, publication: Publication, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["issue"]).queryset = publication.issues.filter(
            status="draft"
        ).order_by("-created_at")
        cast(forms.ModelChoiceField, self.fields["section"]).queryset = _article_sections(
            publication
        )


class AddToIssueForm(forms.Form):
    article = forms.ModelChoiceField(
        label="Approved piece",
        queryset=Article.objects.none(),
        empty_label="Choose a piece",
        error_messages={
            "required": "Choose the piece to add.",
            "invalid_choice": "Choose one of the approved pieces.",
        },
    )
    section = forms.ModelChoiceField(
        label="Section",
        queryset=Section.objects.none(),
        required=False,
        empty_label="The section the piece is in now",
        error_messages={"invalid_choice": "Choose one of this newsletter's sections."},
    )

    def __init__(self, *args: Any, publication: Publication, articles: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["article"]).queryset = articles
        cast(forms.ModelChoiceField, self.fields["section"]).queryset = _article_sections(
            publication
        )


class ImageForm(forms.Form):
    image = forms.FileField(
        label="Picture",
        help_text="A PNG, JPEG or WebP picture, up to 5 MB.",
        error_messages={
            "required": "Choose a picture to upload.",
            "empty": "The file is empty.",
            "invalid": "Choose a picture to upload.",
        },
    )
    alt_text = forms.CharField(
        label="Describe the picture",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "For people who cannot see it. Say what it shows and why it matters to the piece, "
            'in a sentence. For example "Six people round a table, laughing". Do not start with '
            '"Picture of", and do not repeat the caption.'
        ),
        error_messages={
            "required": "Describe the picture for people who cannot see it (alternative text).",
            "max_length": "Keep the description to 300 characters or fewer.",
        },
    )
    caption = forms.CharField(
        label="Caption",
        required=False,
        max_length=300,
        help_text="Shown under the picture, for everyone. For example who took it.",
        error_messages={"max_length": "Keep the caption to 300 characters or fewer."},
    )
