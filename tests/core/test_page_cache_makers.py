"""One maker at a time for a kept page (core/page_cache.kept_or_made, issue #17): requests that miss
while another makes the same page wait for its copy instead of making it too."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.http import HttpResponse

from recoverynet.core import page_cache

KEY = "page-cache:page:test"
MAKING = page_cache._MAKING.format(KEY)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def waiting(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """`waiting(n)` returns once n threads are waiting for a maker (each has paused once)."""
    waiters: set[int] = set()
    seen = threading.Condition()
    sleep = time.sleep

    def pause(seconds: float) -> None:
        with seen:
            waiters.add(threading.get_ident())
            seen.notify_all()
        sleep(seconds)

    monkeypatch.setattr(page_cache, "_pause", pause)

    def wait_for(n: int) -> None:
        with seen:
            assert seen.wait_for(lambda: len(waiters) >= n, timeout=5)

    return wait_for


class SlowMaker:
    """A page whose making waits until the test lets it finish, counting how often it is made."""

    def __init__(self, status: int = 200) -> None:
        self.started = threading.Event()
        self.finish = threading.Event()
        self.made = 0
        self.status = status

    def __call__(self) -> HttpResponse:
        self.made += 1
        self.started.set()
        assert self.finish.wait(5)
        return HttpResponse(f"page {self.made}", status=self.status)


def _ask(make: Callable[[], HttpResponse]) -> HttpResponse:
    return page_cache.kept_or_made(
        KEY,
        ("events",),
        make,
        keep=lambda response: response.status_code == 200,
        seconds=60,
        on_hit=lambda response: None,
    )


def _in_thread(make: Callable[[], HttpResponse], answers: list[HttpResponse]) -> threading.Thread:
    thread = threading.Thread(target=lambda: answers.append(_ask(make)))
    thread.start()
    return thread


def _started(maker: SlowMaker, answers: list[HttpResponse]) -> threading.Thread:
    thread = _in_thread(maker, answers)
    assert maker.started.wait(5)
    return thread


def test_requests_that_miss_together_wait_for_one_maker(waiting):
    maker = SlowMaker()
    answers: list[HttpResponse] = []
    first = _started(maker, answers)
    others = [_in_thread(maker, answers) for _ in range(3)]
    waiting(3)
    maker.finish.set()
    for thread in (first, *others):
        thread.join(5)
    assert maker.made == 1
    assert sorted(a["X-Page-Cache"] for a in answers) == ["hit", "hit", "hit", "miss"]
    assert {a.content for a in answers} == {b"page 1"}
    assert cache.get(MAKING) is None


def test_a_copy_made_before_a_write_is_made_again_by_one_waiter(waiting):
    maker = SlowMaker()
    answers: list[HttpResponse] = []
    first = _started(maker, answers)
    page_cache.bump("events")  # a booking commits while the page is being made
    others = [_in_thread(maker, answers) for _ in range(2)]
    waiting(2)
    maker.finish.set()
    for thread in (first, *others):
        thread.join(5)
    # The first copy shows the old versions: one waiter made it again, the other waited for that.
    assert maker.made == 2
    assert sorted(a.content for a in answers) == [b"page 1", b"page 2", b"page 2"]
    assert _ask(SlowMaker()).content == b"page 2"  # and that one is kept


def test_when_the_makers_answer_is_not_kept_nobody_waits_for_the_next(waiting):
    maker = SlowMaker(status=503)
    answers: list[HttpResponse] = []
    first = _started(maker, answers)
    waiter = _in_thread(maker, answers)
    waiting(1)
    maker.finish.set()
    first.join(5)
    waiter.join(5)
    assert maker.made == 2  # the waiter made its own
    assert [a.status_code for a in answers] == [503, 503]
    # Until the mark expires, a request that misses makes its page at once, without the lock.
    assert cache.get(MAKING) == page_cache._PASS
    assert _ask(lambda: HttpResponse("now kept")).content == b"now kept"
    assert _ask(SlowMaker())["X-Page-Cache"] == "hit"


def test_a_maker_that_fails_frees_the_page():
    def broken() -> HttpResponse:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        _ask(broken)
    assert cache.get(MAKING) is None
    assert _ask(lambda: HttpResponse("made")).content == b"made"


def test_the_wait_is_bounded(monkeypatch):
    monkeypatch.setattr(page_cache, "MAKING_WAIT_SECONDS", 0.05)
    maker = SlowMaker()
    answers: list[HttpResponse] = []
    stuck = _started(maker, answers)  # does not finish until the end of the test
    made_anyway = _ask(lambda: HttpResponse("its own"))
    assert made_anyway.content == b"its own"
    maker.finish.set()
    stuck.join(5)
