"""A raw dump of the database holds none of the people's names or phone numbers (DESIGN rule 5)."""

import pytest
from django.db import connection

from sathi.demo.synthetic import Generator
from sathi.lib.crypto import normalise_phone
from sathi.people import services
from sathi.tests.dumps import pg_dump


def _register_demo_people(actor, count=40):
    gen = Generator(seed=99)
    secrets_held = []
    for _ in range(count):
        data = gen.person()
        services.person_register(
            actor=actor,
            names=data.names,
            aliases=data.aliases,
            phone=data.phone,
            gender=data.gender,
            languages=data.languages,
            current_location=data.current_location,
            stated=services.StatedAge(age_years=data.stated_age),
            confirm_duplicates=True,
        )
        secrets_held += data.names + data.aliases + [data.current_location]
        if data.phone:
            secrets_held += [data.phone, normalise_phone(data.phone)]
    return secrets_held


def _dump() -> str:
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    return pg_dump().decode()


@pytest.mark.django_db(transaction=True)
def test_raw_database_dump_contains_no_names_or_phone_numbers(personas):
    held = _register_demo_people(personas.caseworker)
    dump = _dump()
    assert "people_person" in dump or "INSERT" in dump or "COPY" in dump
    leaked = [value for value in held if value and value in dump]
    assert leaked == [], f"{len(leaked)} plaintext values found in the dump"
