from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynet.core.money import (
    CURRENCIES,
    describe_price,
    format_money,
    price_line,
    round_money,
    total,
)

amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=2)
rates = st.sampled_from(
    [Decimal("0"), Decimal("0.10"), Decimal("0.20"), Decimal("0.23"), Decimal("0.135")]
)
currencies = st.sampled_from(sorted(CURRENCIES))


@given(net=amounts, rate=rates, currency=currencies)
def test_net_plus_tax_is_gross(net, rate, currency):
    line = price_line(net, rate, currency)
    assert line.net + line.tax == line.gross
    assert line.tax == line.tax.quantize(Decimal("0.01"))


@given(lines=st.lists(st.tuples(amounts, rates), min_size=0, max_size=30), currency=currencies)
def test_total_is_the_sum_of_its_lines(lines, currency):
    priced = [price_line(net, rate, currency) for net, rate in lines]
    totals = total(priced, currency)
    assert totals.net == sum((p.net for p in priced), Decimal("0"))
    assert totals.tax == sum((p.tax for p in priced), Decimal("0"))
    assert totals.gross == totals.net + totals.tax


def test_rounds_half_up_per_line():
    # 0.125 tax rounds up to 0.13, never banker's rounding down to 0.12.
    assert price_line("0.625", "0.20", "GBP").tax == Decimal("0.13")
    assert round_money(Decimal("2.345"), "EUR") == Decimal("2.35")


def test_published_member_and_non_member_rates():
    assert price_line("100", "0.20", "GBP").gross == Decimal("120.00")
    assert price_line("150", "0.20", "GBP").gross == Decimal("180.00")


def test_describe_price_in_plain_words():
    assert describe_price(price_line("100", "0.20", "GBP"), "VAT") == "£100.00 + VAT (£120.00)"
    assert describe_price(price_line("50", "0.10", "AUD"), "GST") == "A$50.00 + GST (A$55.00)"
    assert describe_price(price_line("0", "0.20", "GBP"), "VAT") == "Free"
    assert describe_price(price_line("40", "0", "EUR"), "VAT") == "€40.00"


def test_format_money_thousands_and_negative():
    assert format_money(Decimal("1234.5"), "GBP") == "£1,234.50"
    assert format_money(Decimal("-5"), "EUR") == "-€5.00"


def test_rejects_floats_unknown_currencies_and_negative_rates():
    with pytest.raises(TypeError):
        price_line(10.0, "0.2", "GBP")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="currency"):
        price_line("10", "0.2", "USD")
    with pytest.raises(ValueError, match="negative"):
        price_line("10", "-0.2", "GBP")
    with pytest.raises(ValueError, match="money"):
        price_line("ten", "0.2", "GBP")


def test_cannot_add_lines_in_different_currencies():
    with pytest.raises(ValueError, match="currencies"):
        total([price_line("1", "0.2", "GBP")], "EUR")
