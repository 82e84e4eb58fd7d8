"""Reads the declarations of every installed app and turns them into retention rules."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.db import models

from recoverynet.core.personal_data import Action, Declaration, Model, Retention

# Core's own models and the third-party tables we hold are declared here (core's
# `personal_data` module is the one with the declaration types).
CORE_MAP_MODULE = "recoverynet.core.privacy.core_map"


@dataclass(frozen=True)
class Rule:
    """A scheduled retention rule as applied to one model: the fields it covers and their actions."""

    model: str
    retention: Retention
    actions: Mapping[str, Action] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.model}:{self.retention.key}"

    @property
    def deletes_rows(self) -> bool:
        return Action.DELETE in self.actions.values()

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def fingerprint(self) -> str:
        """Changes whenever what a purge does under this rule changes (then it needs approval)."""
        r = self.retention
        spec = {
            "model": self.model.lower(),
            "key": r.key,
            "anchor": list(r.anchors),
            "days": r.total_days,
            "days_from": r.days_from,
            "only_if": {k: repr(v) for k, v in sorted((r.only_if or {}).items())},
            "actions": {name: a.value for name, a in sorted(self.actions.items())},
        }
        if r.hook:  # only when set, so that rules without a hook keep their approved fingerprints
            spec["hook"] = r.hook
        return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


def _module_names() -> list[str]:
    names = []
    for config in apps.get_app_configs():
        if config.name == "recoverynet.core":
            names.append(CORE_MAP_MODULE)
        else:
            names.append(f"{config.name}.personal_data")
    return names


@cache
def declarations() -> tuple[Declaration, ...]:
    """Every installed app's `PERSONAL_DATA` list, in app order."""
    found: list[Declaration] = []
    for name in _module_names():
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found.extend(getattr(module, "PERSONAL_DATA", []))
    return tuple(found)


def personal_models() -> list[Model]:
    return [d for d in declarations() if isinstance(d, Model)]


def declaration_for(label: str) -> Declaration | None:
    for d in declarations():
        if d.model.lower() == label.lower():
            return d
    return None


def rules() -> list[Rule]:
    """Every scheduled rule, one per (model, retention key), sorted by key."""
    grouped: dict[tuple[str, str], Rule] = {}
    for decl in personal_models():
        for name, f in decl.fields.items():
            for retention, action in ((f.retention, f.action), *f.also):
                if not retention.scheduled:
                    continue
                k = (decl.model, retention.key)
                rule = grouped.get(k) or Rule(decl.model, retention, {})
                grouped[k] = Rule(decl.model, retention, {**rule.actions, name: action})
    return sorted(grouped.values(), key=lambda r: r.key)


def rule(key: str) -> Rule | None:
    return next((r for r in rules() if r.key == key), None)
