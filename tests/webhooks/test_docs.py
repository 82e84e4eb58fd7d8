"""docs/events.md lists every domain event with every payload field."""

from __future__ import annotations

from pathlib import Path

from recoverynet.core import domain_events

DOC = Path(__file__).resolve().parents[2] / "docs" / "events.md"


def test_every_event_and_field_is_documented() -> None:
    text = DOC.read_text()
    for event_type in domain_events.catalogue():
        if event_type.name.startswith("test."):
            continue  # defined by the registry's own tests
        section = text.split(f"### `{event_type.name}`", 1)
        assert len(section) == 2, f"{event_type.name} is missing from docs/events.md"
        body = section[1].split("\n### ", 1)[0]
        for field in event_type.payload:
            assert f"`{field}`" in body, f"{event_type.name}.{field} is not documented"
