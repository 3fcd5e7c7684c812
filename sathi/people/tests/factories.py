"""Making people through the real services (so keys, indexes and audit are real too)."""

from __future__ import annotations

from sathi.demo.synthetic import Generator
from sathi.people import grants, services

_gen = Generator(seed=7)


def register(actor, *, names=None, aliases=(), phone=None, stated_age=None, date_of_birth=None, **kwargs):
    data = _gen.person()
    return services.person_register(
        actor=actor,
        names=names if names is not None else data.names,
        aliases=list(aliases),
        phone=phone if phone is not None else data.phone,
        stated=services.StatedAge(age_years=stated_age, date_of_birth=date_of_birth),
        confirm_duplicates=kwargs.pop("confirm_duplicates", True),
        **kwargs,
    )


def agree_to_statistics(actor, person):
    """Her consent to be counted in aggregate statistics (a CWC's for a minor)."""
    party = {}
    if person.age_status == "minor":
        party = {"consenting_party": "cwc", "legal_basis": "CWC order under the Juvenile Justice Act 2015"}
    return grants.consent_record(
        actor=actor,
        person_id=person.pk,
        purpose="statistics",
        granted=True,
        method="spoken",
        explained_in="bn",
        **party,
    )
