"""The Learning Network's personal-data declarations cover every field of its models exactly once
(the whole-map check arrives with issue #16's checker; this one holds until then)."""

from django.apps import apps

from recoverynet.colleges.models import network
from recoverynet.colleges.personal_data_network import PERSONAL_DATA_NETWORK
from recoverynet.core.personal_data import Category, Model, NotPersonal


def _network_models() -> set[str]:
    return {
        f"colleges.{m.__name__}"
        for m in apps.get_app_config("colleges").get_models()
        if m.__module__ == network.__name__
    }


def test_every_network_model_is_declared_once():
    declared = [d.model for d in PERSONAL_DATA_NETWORK]
    assert len(declared) == len(set(declared))
    assert set(declared) == _network_models()


def test_every_field_is_personal_or_not_exactly_once():
    for declaration in PERSONAL_DATA_NETWORK:
        if isinstance(declaration, NotPersonal):
            continue
        assert isinstance(declaration, Model)
        model = apps.get_model(declaration.model)
        names = {f.name for f in model._meta.get_fields() if f.concrete and not f.primary_key}
        personal, other = set(declaration.fields), set(declaration.not_personal)
        assert not personal & other, declaration.model
        assert personal | other == names, (declaration.model, names ^ (personal | other))
        for field in declaration.fields.values():
            if field.category in (Category.HEALTH, Category.PERSPECTIVE):
                assert field.condition is not None
