"""core.template_builtins answers every template's `date` filter and `url` tag exactly as Django's
own do (issue #17: they are faster for table rows, never different)."""

import datetime
import re
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse, set_script_prefix
from django.utils import timezone, translation

import recoverynet

PROJECT = engines["django"].engine  # with the project's builtins
DJANGO = Engine()  # Django's own filters and tags only

TEMPLATE_FORMATS = sorted(
    {
        match
        for path in Path(recoverynet.__file__).parent.rglob("*.html")
        for match in re.findall(r'\|date:"([^"]*)"', path.read_text())
    }
)
FORMATS = [*TEMPLATE_FORMATS, "j M Y", "d/m/Y", "D j N", "DATE_FORMAT", r"j \o\f F", "l jS F"]


def _both(source: str, **values: object) -> tuple[str, str]:
    return (
        PROJECT.from_string(source).render(Context(values)),
        DJANGO.from_string(source).render(Context(values)),
    )


def _moments() -> list[object]:
    london = ZoneInfo("Europe/London")
    start = datetime.datetime(2026, 1, 1, 0, 0, 7, tzinfo=datetime.UTC)
    moments: list[object] = []
    for hours in range(0, 24 * 400, 37):  # every month, weekday and hour, across both clock changes
        moment = start + datetime.timedelta(hours=hours, minutes=hours % 60)
        moments += [moment, moment.astimezone(london), moment.date(), moment.replace(tzinfo=None)]
    return moments


def test_the_templates_use_formats_this_fills_in_itself():
    assert {"j F Y", "j M Y", "H:i"} <= set(TEMPLATE_FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("zone", ["Europe/London", "Australia/Sydney"])
def test_every_date_format_reads_as_djangos(fmt, zone):
    escaped = fmt.replace("\\", "\\\\")
    source = '{{ v|date:"' + escaped + '" }}'
    with translation.override("en-gb"), timezone.override(zone):
        for value in _moments():
            try:
                ours, theirs = _both(source, v=value)
            except TypeError:  # Django refuses a time in the format of a date
                with pytest.raises(TypeError):
                    DJANGO.from_string(source).render(Context({"v": value}))
                with pytest.raises(TypeError):
                    PROJECT.from_string(source).render(Context({"v": value}))
                continue
            assert ours == theirs, (fmt, value)


@pytest.mark.parametrize("value", [None, "", "not a date", 0, datetime.date(2026, 3, 9)])
def test_no_format_and_odd_values_read_as_djangos(value):
    for source in ("{{ v|date }}", '{{ v|date:"j M Y" }}', '{{ v|date:"" }}'):
        ours, theirs = _both(source, v=value)
        assert ours == theirs


def _named(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            space = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _named(pattern.url_patterns, space)
        elif pattern.name:
            yield prefix + pattern.name


NAMES = sorted(set(_named(get_resolver().url_patterns)))


def test_every_named_address_reads_as_djangos():
    ids = [uuid.uuid4() for _ in range(3)]
    answered = 0
    for name in NAMES:
        source = "{% url name v %}"
        for value in ids:
            try:
                expected = reverse(name, args=[value])
            except NoReverseMatch:
                with pytest.raises(NoReverseMatch):
                    PROJECT.from_string(source).render(Context({"name": name, "v": value}))
                continue
            answered += 1
            assert PROJECT.from_string(source).render(Context({"name": name, "v": value})) == (
                expected
            )
    assert answered >= 3 * 20  # the booking, invoice, event and resource pages, and many more


def test_other_arguments_and_as_go_to_django():
    public_id = uuid.uuid4()
    cases = [
        ("{% url 'events:event-list' %}", {}),
        ("{% url 'events:booking-detail' public_id=v %}", {"v": public_id}),
        ("{% url 'events:booking-detail' v as there %}[{{ there }}]", {"v": public_id}),
        ("{% url 'events:booking-detail' v %}", {"v": str(public_id)}),
        ("{% url 'no-such-page' v as there %}[{{ there }}]", {"v": public_id}),
    ]
    for source, values in cases:
        ours, theirs = _both(source, **values)
        assert ours == theirs


def test_an_address_follows_the_script_prefix():
    public_id = uuid.uuid4()
    template = PROJECT.from_string("{% url 'events:booking-detail' v %}")
    before = template.render(Context({"v": public_id}))
    try:
        set_script_prefix("/network/")
        moved = template.render(Context({"v": public_id}))
        assert moved == reverse("events:booking-detail", args=[public_id])
        assert moved == "/network" + before
    finally:
        set_script_prefix("/")
    assert template.render(Context({"v": public_id})) == before


@override_settings(ROOT_URLCONF="tests.core.urls_elsewhere")
def test_another_urlconf_is_reversed_afresh():
    public_id = uuid.uuid4()
    rendered = PROJECT.from_string("{% url 'elsewhere' v %}").render(Context({"v": public_id}))
    assert rendered == f"/elsewhere/{public_id}/"


def test_an_argument_is_read_once_as_in_djangos_tag():
    calls = []

    def slug():
        calls.append(1)
        return "mind-the-gap"

    for source in (
        "{% url 'billing:organisation-statement' s %}",
        "{% url 'billing:organisation-statement' s as there %}{{ there }}",
    ):
        calls.clear()
        ours, theirs = _both(source, s=slug)
        assert ours == theirs == reverse("billing:organisation-statement", args=["mind-the-gap"])
        assert len(calls) == 2  # once for each engine


def test_an_address_under_as_is_kept_for_the_template():
    public_id = uuid.uuid4()
    source = "{% url 'events:booking-detail' v as there %}<a href=\"{{ there }}\">"
    ours, theirs = _both(source, v=public_id)
    assert ours == theirs and str(public_id) in ours
