"""Every stored text field is declared sealed with a class, or plain with a reason (sathi.people.sealing)."""

from django.apps import apps
from django.db import models

from sathi.people.policy import FieldClass
from sathi.people.sealing import PLAIN, SEALED

TEXT_LIKE = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


def _stored_text_fields():
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_LIKE):
                yield model, field


def test_every_free_text_field_is_sealed_with_a_class_or_declared_plain_with_a_reason():
    undeclared = []
    for model, field in _stored_text_fields():
        name = f"{model._meta.label}.{field.name}"
        if name in SEALED or name in PLAIN:
            continue
        if isinstance(field, models.CharField) and field.choices:
            continue  # a code of its vocabulary: full_clean lets nothing else in
        undeclared.append(name)
    assert undeclared == [], f"declare these in sathi/people/sealing.py: {undeclared}"


def test_every_declaration_names_a_stored_field_of_the_right_kind():
    fields = {f"{m._meta.label}.{f.name}": f for m, f in _stored_text_fields()}
    stale = [name for name in [*SEALED, *PLAIN] if name not in fields]
    assert stale == [], f"declared but not stored: {stale}"
    not_sealed = [
        n for n in SEALED if not isinstance(fields[n], models.BinaryField) or not n.endswith("_sealed")
    ]
    assert not_sealed == [], f"declared sealed but stored as text: {not_sealed}"
    assert all(isinstance(SEALED[n].field_class, FieldClass) for n in SEALED)
    assert all(reason.strip() for reason in PLAIN.values())
    assert set(SEALED).isdisjoint(PLAIN)
