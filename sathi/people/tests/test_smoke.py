from sathi.people import selectors
from sathi.people.tests.factories import register


def test_registered_person_opens_for_the_registrant(personas):
    person = register(personas.caseworker, names=["Anjali Das"], phone="+91 98300 12345", stated_age=24)
    card = selectors.person_card(actor=personas.caseworker, person_id=person.pk)
    assert card.names == ["Anjali Das"]
    assert card.phone == "+91 98300 12345"
    assert card.person.age_status == "adult"
