"""What goes on invoices follows the one text rule on the website and in the API alike: a legal
name or tax number with a line break is refused (it would split on every invoice), nothing is cut."""

import pytest

from recoverynet.core.errors import ApplicationError
from recoverynet.network import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("supplier_name", "Recovery\nNetwork Ltd"),
        ("tax_number", "GB 123\n456"),
        ("supplier_name", "x" * 201),
        ("payment_instructions", "y" * 1001),
    ],
)
def test_invoice_details_are_refused_not_cut(world, field, value):
    before = getattr(world.uk, field)
    with pytest.raises(ApplicationError) as refused:
        services.network_update(actor=world.coordinator_uk, network=world.uk, **{field: value})
    assert refused.value.field == field and refused.value.status == 422
    world.uk.refresh_from_db()
    assert getattr(world.uk, field) == before


def test_invoice_details_are_stored_stripped(world):
    services.network_update(
        actor=world.coordinator_uk, network=world.uk, supplier_name="  Recovery Network Ltd  "
    )
    world.uk.refresh_from_db()
    assert world.uk.supplier_name == "Recovery Network Ltd"
