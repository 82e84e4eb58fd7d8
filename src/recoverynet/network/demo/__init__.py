"""Demo data: the three networks from shared/domain/network-facts.md with real organisations and
invented people. Idempotent: running it again changes nothing and adds no duplicates.

`data` holds what the demo contains; `load` writes it."""

from .data import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRETS
from .load import DEMO_NOTES, demo_logins, load_demo

__all__ = [
    "DEMO_DOMAIN",
    "DEMO_NOTES",
    "DEMO_PASSWORD",
    "DEMO_TOTP_SECRETS",
    "demo_logins",
    "load_demo",
]
