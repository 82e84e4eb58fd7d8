"""Outcome instruments as data: the definition format, the shipped definitions and scoring."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from .definition import Definition, DefinitionError, Item, parse

__all__ = ["BUILTIN_CODES", "Definition", "DefinitionError", "Item", "builtin", "parse"]

BUILTIN_CODES = ("qpr-15", "swemwbs", "wemwbs", "reqol-10")


@cache
def builtin(code: str) -> Definition:
    """A shipped definition (structure and scoring only; no wording)."""
    if code not in BUILTIN_CODES:
        raise KeyError(code)
    text = resources.files(__package__).joinpath("builtin", f"{code}.json").read_text("utf-8")
    return parse(json.loads(text))
