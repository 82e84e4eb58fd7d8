"""Library search under gunicorn's threads: each thread stems with its own stemmer (a shared one
kept the word it was working on in itself, and two threads corrupted each other's: a 500)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from recoverynet.library import search_text

WORDS = [
    "recovery", "coproduction", "organisational", "relationships", "hopefulness", "peer",
    "supporting", "challenges", "rationalisation", "colleges", "connectedness", "empowerment",
]  # fmt: skip


def test_each_thread_has_its_own_stemmer() -> None:
    seen: list[object] = []

    def grab() -> None:
        seen.append(search_text._stemmer())

    threads = [threading.Thread(target=grab) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen[0] is not seen[1]
    assert search_text._stemmer() is search_text._stemmer()  # kept within a thread


def test_stemming_from_many_threads_at_once_gives_the_same_stems() -> None:
    expected = {w: search_text._stem(w) for w in WORDS}

    def stem_all(_: int) -> dict[str, str]:
        return {w: search_text._stem(w) for w in WORDS * 50}

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(stem_all, range(16)))
    assert all(r == expected for r in results)
