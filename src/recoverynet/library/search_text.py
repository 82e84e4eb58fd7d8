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
import threading
import unicodedata
from dataclasses import dataclass
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
# Stems stored in their order (for phrases). PostgreSQL records word positions up to 16,383 only;
# past this, only the words not seen yet are stored (found as words, not in phrases).
MAX_ORDERED_STEMS = 16_000

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_IZE = re.compile(r"\b([a-z]{3,})iz(e|ed|es|ing|ation|ations|ational|er|ers)\b")


# One stemmer per thread: a stemmer keeps the word it is working on in itself, so two threads
# sharing one (gunicorn's gthread workers) corrupted each other's words — an IndexError, a 500 on
# library search under load (found by bench/pages.py, issue #17).
_local = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


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


def _alternatives(word: str) -> list[Alternative]:
    """What one typed word may match: itself stemmed, and for a hyphenated word its parts (each
    anywhere in the resource)."""
    if "-" not in word:
        return [((_stem(word),),)] if word not in STOP_WORDS else []
    parts = [p for p in word.split("-") if p and p not in STOP_WORDS]
    joined: Alternative = ((_stem(word.replace("-", "")),),)
    return [joined, tuple((_stem(p),) for p in parts)] if parts else [joined]


def _sequence(text: str) -> list[str]:
    """The stems of already-folded text in order, as stored: a hyphenated word as its joined stem
    and then its parts ("peer-led" → "peerl peer led", as PostgreSQL's parser does), common words
    left out."""
    stems: list[str] = []
    for word in _WORD.findall(text):
        if "-" in word:
            stems.append(_stem(word.replace("-", "")))
            word = " ".join(p for p in word.split("-") if p)
        stems.extend(_stem(w) for w in word.split() if w not in STOP_WORDS)
    return stems


def document(*texts: str) -> str:
    """The stored search text: the stems in the order they are written (so a quoted phrase can be
    matched: its stems one after another), space-separated with a space at each end (so that
    `contains(" stem ")` is an exact word match on SQLite). Past `MAX_ORDERED_STEMS` only stems not
    yet seen are added, sorted: their words are still found, not phrases among them."""
    ordered: list[str] = []
    for text in texts:
        ordered.extend(_sequence(fold(text[:MAX_DOCUMENT_CHARS])))
    head = ordered[:MAX_ORDERED_STEMS]
    tail = sorted(set(ordered[MAX_ORDERED_STEMS:]) - set(head))
    return f" {' '.join(head + tail)} " if head else ""


# --- What people type ------------------------------------------------------------------------------
# Web-search syntax, as PostgreSQL's websearch_to_tsquery reads it: words (all must match), "a
# quoted phrase" (its words one after another), -word or -"a phrase" (must not match), and `or`
# between two of them (either).

Sequence = tuple[str, ...]  # stems that must follow one another (one stem: a word anywhere)
Alternative = tuple[Sequence, ...]  # every sequence must match
Term = tuple[Alternative, ...]  # any alternative may match


@dataclass(frozen=True)
class Query:
    required: tuple[Term, ...] = ()
    excluded: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.required or self.excluded)


_TOKEN = re.compile(r'(?P<minus>-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
_QUOTES = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u00ab\u00bb"})


def _phrase(text: str) -> list[Term]:
    """A quoted phrase: its stems in order; written with hyphens it also matches the same words
    written apart ("peer-led" in quotes finds "peer led")."""
    stems = tuple(_sequence(text))
    if len(stems) <= 1:
        return [((stems,),)] if stems else []
    apart = tuple(_sequence(text.replace("-", " ")))
    return [tuple(dict.fromkeys([(stems,), (apart,)]))]


def parse(query: str) -> Query:
    """What a search asks for (see above). Common words are left out; a query of only common words
    asks for nothing (everything matches)."""
    required: list[Term] = []
    excluded: list[Term] = []
    either = False  # the previous token was `or`
    for match in _TOKEN.finditer(fold(query.translate(_QUOTES))):
        if match["phrase"] is not None:
            terms = _phrase(match["phrase"])
        elif match["word"] == "or" and not match["minus"]:
            either = bool(required)
            continue
        else:
            terms = [tuple(_alternatives(w)) for w in _WORD.findall(match["word"])]
            terms = [t for t in terms if t]
        if not terms:
            continue
        if match["minus"]:
            excluded.extend(t for t in terms if t not in excluded)
            either = False
            continue
        if either:
            required[-1] = tuple(dict.fromkeys(required[-1] + terms[0]))
            terms = terms[1:]
            either = False
        required.extend(t for t in terms if t not in required)
    return Query(required=tuple(required), excluded=tuple(excluded))


def _ts_term(term: Term) -> str:
    return " | ".join(
        "(" + " & ".join("(" + " <-> ".join(seq) + ")" for seq in alt) + ")" for alt in term
    )


def tsquery(query: Query) -> str:
    """The same query as a PostgreSQL `to_tsquery` string (stems are [a-z0-9] only: nothing to
    escape): `&` for every term, `|` between alternatives, `<->` within a phrase, `!` to exclude."""
    parts = [f"({_ts_term(t)})" for t in query.required]
    parts += [f"!({_ts_term(t)})" for t in query.excluded]
    return " & ".join(parts)
