"""The one-message-per-recipient rule of the outbox: which addresses one e-mail may carry."""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import getaddresses

# Headers the outbox sets itself: recipients only through `to` (checked), and one Message-ID per row.
_RESERVED_HEADERS = frozenset({"to", "cc", "bcc", "message-id"})


def check_headers(headers: dict[str, str]) -> None:
    reserved = sorted(name for name in headers if name.lower() in _RESERVED_HEADERS)
    if reserved:
        raise ValueError(
            f"The outbox sets {', '.join(reserved)} itself; give recipients in `to`, one each."
        )


def for_one_message(to: Iterable[str], *, one_party: bool) -> list[str]:
    """The addresses of one message: at least one, each item a single address, no repeats, and
    only one person unless the caller says they are one party."""
    if isinstance(to, str):
        raise TypeError("Give recipients as a list of addresses.")
    addresses = distinct(to)
    if not addresses:
        raise ValueError("A message needs at least one recipient.")
    if len(addresses) > 1 and not one_party:
        raise ValueError(
            f"A message to {len(addresses)} addresses would show each of them to the others. "
            "Send one message each (outbox.enqueue_each), or pass one_party=True if the addresses "
            "belong to one party."
        )
    return addresses


def distinct(to: Iterable[str]) -> list[str]:
    """Addresses in order, without blanks or repeats (case-insensitive). An item holding more than
    one address ("a@x, b@x") is refused: it would slip past the one-recipient rule."""
    addresses: dict[str, str] = {}
    for item in to:
        item = (item or "").strip()
        if not item:
            continue
        parsed = getaddresses([item])  # ("", "") marks a part that is not an address
        if len(parsed) != 1 or not parsed[0][1]:
            raise ValueError(f"{item!r} is not one e-mail address.")
        addresses.setdefault(parsed[0][1].lower(), item)
    return list(addresses.values())
