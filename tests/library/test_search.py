"""Library search (issue #15): variant spellings, synonyms and word forms, words inside PDF and Word
files, the same answers on SQLite and PostgreSQL (decision 0038)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from recoverynet.library import file_text, indexing, search_text, selectors, services
from recoverynet.library.models import Resource
from recoverynet.library.services import Content, FileUpload, ResourceInput

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def pdf_with(text: str) -> bytes:
    """A one-page PDF whose page shows `text` (Helvetica), with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx_with(text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


def publish(world: Any, title: str, *, summary: str = "A short guide.", **extra: Any) -> Resource:
    content = extra.pop("content", None) or Content(link="https://example.org/guide")
    resource = services.resource_submit(
        actor=world.lead_a,
        network=world.uk,
        data=ResourceInput(
            title=title, summary=summary, kind="briefing_paper", audience="public", **extra
        ),
        content=content,
    )
    services.resource_moderate(actor=world.coordinator_uk, resource=resource, decision="approved")
    indexing.resource_index(resource.pk)  # what the documents queue does after commit
    return resource


def titles(query: str, actor: Any = None) -> set[str]:
    return {r.title for r in selectors.search(actor=actor, query=query)}


# --- The normalisation (no database) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("co-production", "coproduction"),
        ("coproduction", "co-production"),
        ("Co production", "co-produced"),
        ("organization", "organisations"),
        ("caregivers", "carer"),
        ("behavior", "behaviour"),
        ("recovery colleges", "Recovery College"),
        ("well-being", "wellbeing"),
        ("peer-led", "peer led"),
        ("café", "cafe"),
    ],
)
@pytest.mark.django_db(False)
def test_variants_reach_the_same_stems(typed: str, stored: str) -> None:
    words = set(search_text.document(stored).split())
    for alternatives in search_text.query_terms(typed):
        assert any(set(alt) <= words for alt in alternatives), (typed, stored, words)


@pytest.mark.django_db(False)
def test_common_words_are_dropped_and_the_tsquery_is_safe() -> None:
    assert search_text.query_terms("the of and") == []
    terms = search_text.query_terms("peer-led 'x' & | ! :* co-production")
    assert search_text.tsquery(terms) == "((peerl) | (peer & led)) & ((x)) & ((coproduct))"


@pytest.mark.django_db(False)
def test_words_of_pdf_and_word_files_are_read() -> None:
    assert "Coproduction matters" in file_text.extract(
        pdf_with("Coproduction matters"), "application/pdf"
    )
    assert file_text.extract(docx_with("Peer support"), file_text.DOCX) == "Peer support"
    assert file_text.extract(b"not a pdf", "application/pdf") == ""  # unreadable: no words
    assert file_text.extract(b"\x89PNG", "image/png") == ""
    bomb = docx_with("x").replace(b"<w:document", b"<!DOCTYPE x><w:document")
    assert file_text.extract(bomb, file_text.DOCX) == ""  # no document types, no entities


# --- Searching (SQLite and PostgreSQL: the suite runs on both) ----------------------------------


def test_coproduction_is_found_either_way(world: Any) -> None:
    publish(world, "A guide to co-production")
    publish(world, "Coproduction in practice")
    publish(world, "Peer support")
    both = {"A guide to co-production", "Coproduction in practice"}
    assert titles("coproduction") == both
    assert titles("co-production") == both
    assert titles("co produced") == both
    assert titles("co-production peer") == set()  # every word must match


def test_word_forms_spellings_and_synonyms(world: Any) -> None:
    publish(world, "Supporting carers", tags="family")
    publish(world, "Organizational change", summary="Leading recovery colleges.")
    assert titles("caregiver") == {"Supporting carers"}
    assert titles("support carer") == {"Supporting carers"}
    assert titles("organisation") == {"Organizational change"}
    assert titles("recovery college") == {"Organizational change"}
    assert titles("FAMILY") == {"Supporting carers"}  # tags are searched
    assert titles("the") == {"Supporting carers", "Organizational change"}


def test_words_inside_files_are_found_after_indexing(world: Any) -> None:
    pdf = Content(
        files=[FileUpload(file=io.BytesIO(pdf_with("Trauma informed budgets")), name="a.pdf")]
    )
    word = Content(
        files=[FileUpload(file=io.BytesIO(docx_with("Shared decision making")), name="b.docx")]
    )
    publish(world, "Paper one", content=pdf)
    publish(world, "Paper two", content=word)
    assert titles("trauma-informed") == {"Paper one"}
    assert titles("budget") == {"Paper one"}
    assert titles("decisions") == {"Paper two"}


def test_a_new_version_replaces_the_words_of_the_old_files(world: Any) -> None:
    old = Content(files=[FileUpload(file=io.BytesIO(docx_with("Housing first")), name="a.docx")])
    resource = publish(world, "Paper", content=old)
    assert titles("housing") == {"Paper"}
    new = Content(files=[FileUpload(file=io.BytesIO(docx_with("Employment")), name="b.docx")])
    services.resource_new_version(actor=world.coordinator_uk, resource=resource, content=new)
    indexing.resource_index(resource.pk)
    assert titles("housing") == set()
    assert titles("employment") == {"Paper"}


def test_title_words_are_found_before_the_files_are_read(world: Any) -> None:
    resource = services.resource_submit(
        actor=world.lead_a,
        network=world.uk,
        data=ResourceInput(title="Hope and agency", summary="s", kind="tool", audience="public"),
        content=Content(link="https://example.org/x"),
    )
    services.resource_moderate(actor=world.coordinator_uk, resource=resource, decision="approved")
    assert titles("hopes") == {"Hope and agency"}


def test_search_keeps_the_access_filter(world: Any) -> None:
    publish(world, "Public coproduction")
    services.resource_submit(
        actor=world.lead_a,
        network=world.uk,
        data=ResourceInput(
            title="Members coproduction", summary="s", kind="tool", audience="members"
        ),
        content=Content(link="https://example.org/x"),
    )
    assert titles("co-production") == {"Public coproduction"}
    assert titles("co-production", actor=world.outsider) == {"Public coproduction"}
    assert titles("co-production", actor=world.lead_a) == {
        "Public coproduction",
        "Members coproduction",
    }


def test_postgresql_uses_full_text_search(world: Any) -> None:
    qs = selectors.search(actor=None, query="co-production")
    sql = str(qs.query)
    if connection.vendor == "postgresql":
        assert "to_tsvector" in sql and "to_tsquery" in sql
    else:
        assert "LIKE" in sql


def test_api_and_page_search_the_same_way(world: Any) -> None:
    publish(world, "A guide to co-production")
    body = Client().get("/api/v1/resources", {"q": "coproduction"}).json()
    assert [r["title"] for r in body["items"]] == ["A guide to co-production"]
    html = Client().get("/library/", {"q": "coproduction"}).content.decode()
    assert "A guide to co-production" in html and "1 resource found" in html


def test_no_results_helps(world: Any) -> None:
    publish(world, "A guide to co-production")
    html = Client().get("/library/", {"q": "zebra", "kind": "tool"}).content.decode()
    assert "No resources match" in html
    assert 'id="no-results-help"' in html
    assert "/library/?q=zebra" in html  # the same words without the filters
