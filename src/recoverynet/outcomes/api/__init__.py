"""Outcome questionnaires over HTTP: instruments, wording (licensed organisations only),
collections, invitations, responses (by link or as yourself), published results (per collection,
per Recovery College, per network) and the settings (wording, signposting, sharing)."""

from . import (  # noqa: F401  (operations register on import)
    collections,
    instruments,
    responses,
    results,
    settings,
)
from .router import router

__all__ = ["router"]
