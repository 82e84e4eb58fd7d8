"""Values kept in the shared cache under a version (core/versioned.py): read once, read afresh after
a change, never kept from a transaction that changed them (it may roll back), each reader gets its
own copy, and emptying the cache never brings back an old value a process remembers."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction

from recoverynet.core import versioned

# Outside a test transaction: what is kept depends on commits.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shared_cache")]


class Loads:
    def __init__(self, value: Any) -> None:
        self.value = value
        self.count = 0

    def __call__(self) -> Any:
        self.count += 1
        return self.value


def test_read_once_then_kept_until_changed() -> None:
    load = Loads(["a"])
    assert versioned.read("t1", load) == ["a"]
    assert versioned.read("t1", load) == ["a"]
    assert load.count == 1
    versioned.changed("t1")
    load.value = ["b"]
    assert versioned.read("t1", load) == ["b"]
    assert load.count == 2


def test_parts_of_one_topic_are_apart_and_change_together() -> None:
    assert versioned.read("t2", Loads(1), part="x") == 1
    assert versioned.read("t2", Loads(2), part="y") == 2
    versioned.changed("t2")
    assert versioned.read("t2", Loads(3), part="x") == 3


def test_a_value_read_in_the_transaction_that_changed_it_is_not_kept() -> None:
    versioned.read("t3", Loads("committed"))
    seen = []

    def change_then_fail() -> None:
        with transaction.atomic():
            versioned.changed("t3")
            seen.append(versioned.read("t3", Loads("uncommitted")))
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert seen == ["uncommitted"]
    load = Loads("committed")
    assert versioned.read("t3", load) == "committed"
    assert load.count == 1  # read afresh: the rolled-back value was never kept


def test_each_reader_gets_its_own_copy() -> None:
    first = versioned.read("t4", Loads({"roles": ["lead"]}))
    first["roles"].append("coordinator")  # a caller changes what it was given
    assert versioned.read("t4", Loads(None)) == {"roles": ["lead"]}


def test_an_emptied_cache_never_brings_back_a_remembered_value() -> None:
    assert versioned.read("t5", Loads("before")) == "before"
    cache.clear()  # e.g. Redis restarted: versions start again, not at a number seen before
    assert versioned.read("t5", Loads("after")) == "after"


def test_without_a_shared_cache_it_reads_every_time(settings: Any) -> None:
    settings.REDIS_URL = ""
    load = Loads(1)
    versioned.read("t6", load)
    versioned.read("t6", load)
    assert load.count == 2


def test_a_value_can_be_refused_or_kept_for_less_than_a_day() -> None:
    nothing = Loads(None)
    for _ in range(2):
        assert versioned.read("t-keep", nothing, keep=lambda v: v is not None) is None
    assert nothing.count == 2  # refused by `keep`: read every time
    brief = Loads("b")
    versioned.read("t-brief", brief, seconds=1)
    versioned._memo.clear()  # as another process, which has not read it yet
    time.sleep(1.5)  # Redis ages keys by its own clock, which time_machine does not move
    assert versioned.read("t-brief", brief) == "b"
    assert brief.count == 2  # gone from the shared cache after its second
