"""The reads check behind `make lint`: no ORM read in views/API modules, no read-only public function
in services modules, outside an allow-list that may only shrink."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "check_layers_reads", Path(__file__).parents[2] / "scripts" / "check_layers_reads.py"
)
assert spec and spec.loader
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)

SERVICES = """
from django.db import transaction
from recoverynet.core import audit


def thing_get(pk):
    return Thing.objects.filter(pk=pk).first()


def thing_count(event):
    return event.things.filter(active=True).count()


@transaction.atomic
def thing_create(*, actor, name):
    return Thing.objects.create(name=name)


def thing_rename(*, actor, thing, name):
    thing.name = name
    thing.save(update_fields=["name"])


def thing_archive(*, actor, thing):
    _mark(thing)


def _mark(thing):
    Thing.objects.filter(pk=thing.pk).update(archived=True)


def thing_audit(*, actor, thing):
    if Thing.objects.filter(pk=thing.pk).exists():
        audit.record(actor=actor, action="x", obj=thing)


def clean_label(text):
    return text.strip()
"""


def test_a_service_that_only_reads_is_found_and_writers_and_pure_helpers_are_not():
    assert check.read_only_functions(SERVICES, "app/services.py") == [
        "app/services.py:thing_get",
        "app/services.py:thing_count",
    ]


def test_an_orm_read_in_a_view_is_found_but_not_in_a_comment_or_string():
    source = """
def page(request):
    # Thing.objects.all() would be wrong here
    label = "Thing.objects.all()"
    return Thing.objects.filter(owner=request.user)
"""
    assert check.orm_reads(source, "app/views.py") == ["app/views.py:5"]


def test_which_modules_are_views_api_or_services():
    for name in ["a/views.py", "a/views/public.py", "a/api.py", "a/api/x.py", "a/plan_views.py"]:
        assert check._is_views_or_api(Path(name)), name
    for name in ["a/selectors.py", "a/services.py", "a/forms.py"]:
        assert not check._is_views_or_api(Path(name)), name
    assert check._is_services(Path("a/services/bookings.py"))
    assert check._is_services(Path("a/services.py"))
    assert not check._is_services(Path("a/selectors.py"))


def test_the_allow_list_may_only_shrink():
    found = ["v.py:3 orm-read", "v.py:9 orm-read", "s.py:thing_get read-only-service"]
    listed = {"v.py orm-read": 2, "s.py:thing_get read-only-service": 1}
    assert check.problems(found, listed) == []
    # One more read in a listed module: refused.
    assert check.problems([*found, "v.py:12 orm-read"], listed)
    # A new module or function: refused.
    assert "call a selector" in check.problems(["w.py:1 orm-read"], {})[0]
    assert "move it to the app's selectors" in check.problems(["s.py:f read-only-service"], {})[0]
    # Fewer than listed: lower the entry; none left: take it off.
    assert "lower its entry" in check.problems(found[1:], listed)[0]
    assert "take it off" in check.problems(found[:2], listed)[0]


def test_the_tree_passes_today():
    assert check.problems(check.findings(), check.allowed()) == []
