"""One normalisation for library search, used for what is stored and for what people type, so
"co-production" finds "coproduction" (and the reverse), "organization" finds "organisation" and
"recovery colleges" finds "Recovery College" on PostgreSQL and SQLite alike (decision 0038).

Steps, the same for both sides: accents and case folded; a variant spelling or a synonym from
`SYNONYMS` replaced by one word; American "-ize" endings spelt "-ise"; words stemmed with the
Snowball English stemmer (the algorithm behind PostgreSQL's `english_stem` dictionary); common
words dropped. A hyphenated word is stored joined and as its parts ("peer-led" → "peerl", "peer",
"led"); typed, it matches either ("peer-led" finds "peer led").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import snowballstemmer

# Each group: the word everything is stored as, then the variants (words or phrases) that mean
# the same. A space in a variant also matches a hyphen or nothing ("co production", "co-production",
# "coproduction"). Keep to spellings and plain synonyms a search should never tell apart.
SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "coproduction",
        (
            "co production",
            "co productions",
            "co produce",
            "co produced",
            "co produces",
            "co producing",
            "co productive",
            "co producer",
            "co producers",
        ),
    ),
    ("codesign", ("co design", "co designed", "co designing", "co designs")),
    ("wellbeing", ("well being",)),
    ("elearning", ("e learning",)),
    ("carer", ("caregiver", "care giver", "caregivers", "care givers", "carers")),
    ("behaviour", ("behavior", "behaviors", "behaviours", "behavioral", "behavioural")),
    ("centre", ("center", "centers", "centres")),
    ("programme", ("program", "programs", "programmes")),
    ("counselling", ("counseling", "counselor", "counsellor", "counselors", "counsellors")),
    ("modelling", ("modeling",)),
    ("paediatric", ("pediatric", "pediatrics", "paediatrics")),
    ("judgement", ("judgment", "judgments", "judgements")),
    ("labour", ("labor",)),
    ("neighbour", ("neighbor", "neighbors", "neighbours", "neighbourhood", "neighborhood")),
    ("colleague", ("colleagues",)),
)

STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in"),
        *("is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were"),
        *("will", "with"),
    }
)

MAX_DOCUMENT_CHARS = 400_000  # of text read from one resource's files

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_IZE = re.compile(r"\b([a-z]{3,})iz(e|ed|es|ing|ation|ations|ational|er|ers)\b")


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@cache
def _synonym_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    lookup: dict[str, str] = {}
    alternatives = []
    for canonical, variants in SYNONYMS:
        for variant in variants:
            lookup[re.sub(r"[\s-]+", "", variant)] = canonical
            alternatives.append(r"[\s-]*".join(re.escape(w) for w in variant.split()))
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b"), lookup


def fold(text: str) -> str:
    """Case and accents folded, dashes made hyphens, variants and "-ize" made one spelling."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _DASHES.sub("-", text)
    pattern, lookup = _synonym_pattern()
    text = pattern.sub(lambda m: lookup[re.sub(r"[\s-]+", "", m.group(0))], text)
    return _IZE.sub(r"\1is\2", text)


def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def _alternatives(word: str) -> list[list[str]]:
    """What one typed word may match: itself stemmed, and for a hyphenated word its parts."""
    if "-" not in word:
        return [[_stem(word)]] if word not in STOP_WORDS else []
    parts = [p for p in word.split("-") if p and p not in STOP_WORDS]
    joined = [_stem(word.replace("-", ""))]
    return [joined, [_stem(p) for p in parts]] if parts else [joined]


def document(*texts: str) -> str:
    """The stored search text: distinct stems, space-separated with a space at each end (so that
    `contains(" stem ")` is an exact word match on SQLite)."""
    stems: set[str] = set()
    for text in texts:
        for word in _WORD.findall(fold(text[:MAX_DOCUMENT_CHARS])):
            for alternative in _alternatives(word):
                stems.update(alternative)
    return f" {' '.join(sorted(stems))} " if stems else ""


def query_terms(query: str) -> list[list[list[str]]]:
    """What a search asks for: every typed word must match (the outer list); a word matches if any
    of its alternatives does (the middle list); an alternative matches if all its stems do."""
    terms = []
    for word in _WORD.findall(fold(query)):
        alternatives = _alternatives(word)
        if alternatives and alternatives not in terms:
            terms.append(alternatives)
    return terms


def tsquery(terms: list[list[list[str]]]) -> str:
    """The same terms as a PostgreSQL `to_tsquery` string (stems are [a-z0-9] only: nothing to
    escape)."""
    return " & ".join(
        "(" + " | ".join("(" + " & ".join(alt) + ")" for alt in alternatives) + ")"
        for alternatives in terms
    )
