"""One maker at a time for a kept page (core/page_cache.kept_or_made, issue #17): requests that miss
while another makes the same page wait for its copy instead of making it too."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.http import HttpResponse

from recoverynet.core import page_cache


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


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
        "page-cache:page:test",
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


def test_requests_that_miss_together_wait_for_one_maker():
    maker = SlowMaker()
    answers: list[HttpResponse] = []
    first = _in_thread(maker, answers)
    assert maker.started.wait(5)
    others = [_in_thread(maker, answers) for _ in range(3)]
    maker.finish.set()
    for thread in (first, *others):
        thread.join(5)
    assert maker.made == 1
    assert sorted(a["X-Page-Cache"] for a in answers) == ["hit", "hit", "hit", "miss"]
    assert {a.content for a in answers} == {b"page 1"}
    assert cache.get(page_cache._MAKING.format("page-cache:page:test")) is None


def test_a_copy_made_before_a_write_is_not_given_to_those_who_read_the_new_version():
    maker = SlowMaker()
    answers: list[HttpResponse] = []
    first = _in_thread(maker, answers)
    assert maker.started.wait(5)
    page_cache.bump("events")  # a booking commits while the page is being made
    waiting = _in_thread(maker, answers)
    maker.finish.set()
    first.join(5)
    waiting.join(5)
    assert maker.made == 2  # the waiter made its own: the maker's copy shows the old versions
    assert _ask(SlowMaker()).content == b"page 2"  # and that one is kept


def test_when_the_makers_answer_is_not_kept_each_waiter_makes_its_own():
    maker = SlowMaker(status=503)
    answers: list[HttpResponse] = []
    first = _in_thread(maker, answers)
    assert maker.started.wait(5)
    waiting = _in_thread(maker, answers)
    maker.finish.set()
    first.join(5)
    waiting.join(5)
    assert maker.made == 2
    assert [a.status_code for a in answers] == [503, 503]


def test_a_maker_that_fails_lets_the_next_request_make_the_page():
    def broken() -> HttpResponse:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        _ask(broken)
    assert _ask(lambda: HttpResponse("made")).content == b"made"


def test_the_wait_is_bounded(monkeypatch):
    monkeypatch.setattr(page_cache, "MAKING_WAIT_SECONDS", 0.05)
    maker = SlowMaker()
    answers: list[HttpResponse] = []
    stuck = _in_thread(maker, answers)  # never finishes until the end of the test
    assert maker.started.wait(5)
    made_anyway = _ask(lambda: HttpResponse("its own"))
    assert made_anyway.content == b"its own"
    maker.finish.set()
    stuck.join(5)
