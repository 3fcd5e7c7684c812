"""Kept choice labels (sathi.core.labels) answer what Django's own lookup answers, in every language."""

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import translation

from sathi.core.labels import ChoiceLabels, labels_of

LANGUAGES = ("en", "bn", "hi")


def _choice_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("sathi."):
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_model_with_choices_keeps_its_labels():
    missing = sorted({m.__name__ for m, _ in _choice_fields() if not issubclass(m, ChoiceLabels)})
    assert not missing, f"add ChoiceLabels as the first base of: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_kept_labels_equal_djangos_for_every_choice(language):
    checked = 0
    with translation.override(language):
        for model, field in _choice_fields():
            instance = model()
            values = [value for value, _ in field.flatchoices] + ["not-a-choice"]
            for value in values:
                setattr(instance, field.attname, value)
                kept = getattr(instance, f"get_{field.name}_display")()
                djangos = Model._get_FIELD_display(instance, field)
                assert kept == djangos, (model.__name__, field.name, value)
                checked += 1
    assert checked > 500


def test_kept_label_follows_the_language_switch():
    from sathi.people.models import Person

    person = Person(gender="woman")
    with translation.override("en"):
        english = person.get_gender_display()
    with translation.override("bn"):
        bengali = person.get_gender_display()
    assert english != bengali
    assert isinstance(bengali, str)


def _choices_classes():
    from django.db.models import Choices

    seen, todo = set(), list(Choices.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("sathi.") and cls not in seen and len(cls):
            seen.add(cls)
    return seen


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_of_every_vocabulary_equal_its_own_labels(language):
    classes = _choices_classes()
    assert len(classes) > 50
    with translation.override(language):
        for cls in classes:
            kept = {value: str(label) for value, label in labels_of(cls).items()}
            assert kept == {member.value: str(member.label) for member in cls}, cls.__name__
