"""Feedback forms, responses, results, debates, rounds and votes over HTTP. Same rules as the
pages: organisers build and moderate; people who attended answer for themselves; results are
aggregates, suppressed below the thresholds.

- `forms`: forms, questions, opening and closing, one's own response, results, moderation;
- `debates`: debates, rounds, votes and results;
- `cards`: one-time room cards, joining with one, and voting or answering with its token;
- `speakers`: linking a speaker to their account, and the debates one speaks in;
- `schemas`: the request and answer shapes.
"""

from __future__ import annotations

from importlib import import_module

from .routing import router

for _module in ("forms", "debates", "cards", "speakers"):
    import_module(f"{__name__}.{_module}")

__all__ = ["router"]
