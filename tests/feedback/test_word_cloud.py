"""The word cloud in the chart kernel: counting words and phrases, and the accessible SVG."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from recoverynet.core.charts.words import WordCloud, word_frequencies


def test_words_are_counted_ignoring_case_spacing_and_end_punctuation():
    counts = word_frequencies(
        [
            "Hopeful",
            "hopeful.",
            "  Hopeful ",
            "Improvement  in progress",
            "improvement in progress",
            "Exciting!",
            "",
            "   ",
        ]
    )
    assert counts == [("Hopeful", 3), ("Improvement in progress", 2), ("Exciting", 1)]


@given(st.lists(st.text(max_size=20), max_size=60))
def test_every_non_empty_answer_is_counted_once(texts):
    counts = word_frequencies(texts)
    kept = [t for t in texts if " ".join(t.split()).strip(" .!,;:")]
    assert sum(n for _, n in counts) == len(kept)
    assert [n for _, n in counts] == sorted((n for _, n in counts), reverse=True)


def test_the_svg_names_itself_escapes_words_and_gives_each_count():
    cloud = WordCloud(
        id="w",
        title="Words and phrases",
        description="The words people gave.",
        words=(("Hopeful", 4), ("<script>alert(1)</script>", 1)),
    )
    svg = str(cloud.svg)
    assert 'role="img"' in svg and 'aria-labelledby="w-title"' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Hopeful: 4 people" in svg
