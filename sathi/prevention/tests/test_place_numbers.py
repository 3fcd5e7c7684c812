"""Indicators per place (issue 11, item 6): a district's numbers for each place inside it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sathi.prevention import selectors, services

TODAY = timezone.localdate()


@pytest.mark.django_db
def test_the_numbers_per_place_count_every_office_inside_each_place(personas):
    admin, researcher = personas.by_role["org_admin"], personas.by_role["community_researcher"]
    place, chain = None, {}
    for kind, name in (
        ("state", "West Bengal"),
        ("district", "North 24 Parganas"),
        ("block", "Sandeshkhali II"),
        ("gram_panchayat", "Durgamondal"),
        ("village", "Jeliakhali"),
    ):
        place = services.shared_place_add(
            actor=admin, kind=kind, name=name, parent_id=place.pk if place else None
        )
        chain[kind] = place
    offices = {
        kind: services.stakeholder_add(
            actor=researcher, kind=kind, name=f"{kind} office", jurisdiction_id=chain[at].pk
        )
        for kind, at in (("bdo", "block"), ("vlcpc", "village"), ("district_magistrate", "district"))
    }
    for kind, days in (("bdo", 40), ("vlcpc", 30), ("vlcpc", 20), ("district_magistrate", 10)):
        services.ask_make(
            actor=researcher,
            stakeholder_id=offices[kind].pk,
            kind="convene_vlcpc",
            channel="letter",
            asked_on=TODAY - timedelta(days=days),
            due_on=TODAY - timedelta(days=days - 5),
        )
    by_place = selectors.place_numbers(researcher, selectors.places_under(chain["district"].pk))
    assert [(n.place.name, n.made, n.silent) for n in by_place] == [
        ("North 24 Parganas", 1, 1),  # the DM's, at the district itself
        ("Sandeshkhali II", 3, 3),  # the BDO's and the village committee's, in the block
    ]
