"""Money and tax arithmetic. Decimal only; round half-up to the currency's minor unit per line.

Every later feature that prices anything (bookings, invoices, credit notes) goes through here so that
"net + tax = gross" and "the total is the sum of its lines" hold for every currency and rate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ISO 4217 minor units and symbols for the currencies our networks use.
CURRENCIES: dict[str, tuple[int, str]] = {"GBP": (2, "£"), "EUR": (2, "€"), "AUD": (2, "A$")}


def _quantum(currency: str) -> Decimal:
    try:
        places = CURRENCIES[currency][0]
    except KeyError as exc:
        raise ValueError(f"Unsupported currency {currency!r}") from exc
    return Decimal(1).scaleb(-places)


def to_decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Money is never a float; pass a Decimal or a string.")
    try:
        result = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"Not an amount of money: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"Not an amount of money: {value!r}")
    return result


def round_money(amount: Decimal, currency: str) -> Decimal:
    return to_decimal(amount).quantize(_quantum(currency), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineAmounts:
    """One priced line: net and tax rounded to the minor unit, gross their exact sum."""

    net: Decimal
    tax: Decimal
    gross: Decimal
    rate: Decimal
    currency: str


def price_line(net: Decimal | int | str, rate: Decimal | int | str, currency: str) -> LineAmounts:
    """Tax on a net amount. `rate` is a fraction (0.20 for 20 %)."""
    net_d = round_money(to_decimal(net), currency)
    rate_d = to_decimal(rate)
    if rate_d < 0:
        raise ValueError("A tax rate cannot be negative.")
    tax = round_money(net_d * rate_d, currency)
    return LineAmounts(net=net_d, tax=tax, gross=net_d + tax, rate=rate_d, currency=currency)


@dataclass(frozen=True)
class Totals:
    net: Decimal
    tax: Decimal
    gross: Decimal
    currency: str


def total(lines: Iterable[LineAmounts], currency: str) -> Totals:
    """Add priced lines. Totals are sums of the already-rounded lines, so they always reconcile."""
    net = tax = Decimal(0).quantize(_quantum(currency))
    for line in lines:
        if line.currency != currency:
            raise ValueError("Cannot add lines in different currencies.")
        net += line.net
        tax += line.tax
    return Totals(net=net, tax=tax, gross=net + tax, currency=currency)


def format_money(amount: Decimal, currency: str) -> str:
    """ "£1,234.50"; negative amounts as "-£5.00"."""
    places, symbol = CURRENCIES[currency]
    value = round_money(amount, currency)
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{abs(value):,.{places}f}"


def describe_price(line: LineAmounts, tax_name: str) -> str:
    """How we show a price to people: "£100.00 + VAT (£120.00)"; "Free" when nothing is due."""
    if line.gross == 0:
        return "Free"
    if line.tax == 0:
        return format_money(line.net, line.currency)
    net = format_money(line.net, line.currency)
    gross = format_money(line.gross, line.currency)
    return f"{net} + {tax_name} ({gross})"
