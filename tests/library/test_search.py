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
    for term in search_text.parse(typed).required:
        assert any(all(set(seq) <= words for seq in alt) for alt in term), (typed, stored, words)


@pytest.mark.django_db(False)
def test_common_words_are_dropped_and_the_tsquery_is_safe() -> None:
    assert not search_text.parse("the of and")
    asked = search_text.parse("peer-led 'x' & | ! :* co-production")
    assert search_text.tsquery(asked) == (
        "(((peerl)) | ((peer) & (led))) & (((x))) & (((coproduct)))"
    )


@pytest.mark.django_db(False)
def test_phrases_exclusions_and_or_in_web_search_syntax() -> None:
    """As PostgreSQL's websearch_to_tsquery reads them (decision 0047)."""
    asked = search_text.parse('"Peer support" -clinical trauma OR co-production -"care plans"')
    assert search_text.tsquery(asked) == (
        "(((peer <-> support))) & (((trauma)) | ((coproduct)))"
        " & !(((clinic))) & !(((care <-> plan)))"
    )
    assert search_text.parse("“peer support”") == search_text.parse('"peer support"')  # curly
    assert search_text.parse('"peer support') == search_text.parse('"peer support"')  # unclosed
    assert search_text.parse('"the"') == search_text.Query()  # only a common word
    assert search_text.parse("or trauma or") == search_text.parse("trauma")
    assert search_text.parse("- -") == search_text.Query()


@pytest.mark.django_db(False)
def test_words_are_stored_in_order_for_phrases() -> None:
    assert search_text.document("Peer-led support, in practice") == (
        " peerl peer led support practic "
    )
    assert search_text.document("a", "the") == ""


@pytest.mark.django_db(False)
def test_a_long_document_keeps_the_order_of_its_first_words_and_every_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_text, "MAX_ORDERED_STEMS", 3)
    assert search_text.document("one two three four one five") == " one two three five four "


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


# --- Web-search syntax: "phrases", -words, or (decision 0047) -----------------------------------


def _phrase_library(world: Any) -> None:
    publish(world, "Peer support in practice", summary="How teams began.")
    publish(world, "Support for peers", summary="Each helps the other.")
    publish(world, "Clinical peer support", summary="In clinical teams.")
    publish(world, "Peer-led recovery", summary="Trauma and recovery.")


PHRASE_SEARCHES = [
    ('"peer support"', {"Peer support in practice", "Clinical peer support"}),
    ('"peer support" -clinical', {"Peer support in practice"}),
    ("support -“peer support”", {"Support for peers"}),
    ("-clinical peers", {"Peer support in practice", "Support for peers", "Peer-led recovery"}),
    ('"peer-led recovery"', {"Peer-led recovery"}),
    ('"led recovery"', {"Peer-led recovery"}),  # a hyphenated word's parts stay in order
    ('"support peers"', {"Support for peers"}),  # order matters; common words ("for") do not
    ("trauma or clinical", {"Clinical peer support", "Peer-led recovery"}),
    ('"peer support" or trauma -clinical', {"Peer support in practice", "Peer-led recovery"}),
]


@pytest.mark.parametrize(("typed", "expected"), PHRASE_SEARCHES)
def test_quoted_phrases_excluded_words_and_or(world: Any, typed: str, expected: set[str]) -> None:
    _phrase_library(world)
    assert titles(typed) == expected


def test_words_in_many_resources_give_the_same_answers_as_full_text(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL a word in many resources is matched as text while walking the date index; the
    answers must be those of the full-text search (on SQLite both are the text match)."""
    _phrase_library(world)
    monkeypatch.setattr(selectors, "_word_shares", lambda: {})  # every word rare: full text
    full_text = [titles(typed) for typed, _ in PHRASE_SEARCHES]
    monkeypatch.setattr(selectors, "_word_shares", lambda: _Everywhere())  # every word common
    assert "LIKE" in str(selectors.search(actor=None, query="peer").query)
    assert [titles(typed) for typed, _ in PHRASE_SEARCHES] == full_text
    assert full_text == [expected for _, expected in PHRASE_SEARCHES]


class _Everywhere(dict[str, float]):
    def get(self, key: str, default: Any = None) -> float:
        return 1.0


def test_a_search_counts_up_to_a_cap(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _phrase_library(world)
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    html = Client().get("/library/", {"q": "peer"}).content.decode()
    assert "More than 2 resources found, newest first" in html
    assert Client().get("/api/v1/resources", {"q": "peer"}).json()["count"] == 2
    html = Client().get("/library/", {"q": "clinical"}).content.decode()
    assert "1 resource found" in html  # under the cap: the exact count
    assert "4 resources found" in Client().get("/library/").content.decode()  # no words: exact


def test_postgresql_walks_the_date_index_for_a_word_in_many_resources(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("The word statistics are PostgreSQL's; CI runs this on PostgreSQL.")
    from django.core.cache import cache

    cache.delete(selectors._STATS_KEY)
    assert selectors._word_shares() == {}  # never analysed (no ANALYZE here: it outlives the test)
    _phrase_library(world)
    monkeypatch.setattr(selectors, "_word_shares", lambda: {"peer": 0.9, "support": 0.5})
    common = selectors.search(actor=world.lead_a, query="peer support")
    assert "to_tsquery" not in str(common.query) and "LIKE" in str(common.query)
    rare = selectors.search(actor=world.lead_a, query="peer trauma")
    assert "to_tsquery" in str(rare.query)  # "trauma" is rare: through the GIN index
    assert selectors.search_results(actor=world.lead_a, query="peer support").count() == 3


def test_a_word_in_a_few_percent_of_resources_is_counted_through_the_index(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its page walks the date index as text, but counting as text would read up to COUNT_CAP /
    share rows (the whole table for a word in 2 %): the count goes through the GIN index."""
    if connection.vendor != "postgresql":
        pytest.skip("The word statistics are PostgreSQL's; CI runs this on PostgreSQL.")
    _phrase_library(world)
    monkeypatch.setattr(selectors, "_word_shares", lambda: {"peer": 0.05})
    page = selectors.search(actor=world.lead_a, query="peer")
    count = selectors.search(actor=world.lead_a, query="peer", for_count=True)
    assert "LIKE" in str(page.query) and "to_tsquery" not in str(page.query)
    assert "to_tsquery" in str(count.query)
    through_index = selectors.search_results(actor=world.lead_a, query="peer").count()
    monkeypatch.setattr(selectors, "_word_shares", lambda: {"peer": 0.5})  # very common: text
    assert "to_tsquery" not in str(
        selectors.search(actor=world.lead_a, query="peer", for_count=True).query
    )
    as_text = selectors.search_results(actor=world.lead_a, query="peer").count()
    assert through_index == as_text == len(page) > 0  # the same answer either way
