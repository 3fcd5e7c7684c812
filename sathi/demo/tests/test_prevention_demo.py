"""The demo shows prevention: places and offices, a silence, a dialogue's commitment, two rounds, an ask
about a case, life courses for the chain of risk."""

from io import StringIO

import pytest
from django.core.management import call_command

from sathi.accounts.models import Membership, Organisation, Role
from sathi.prevention import assessments, selectors
from sathi.prevention.models import Ask, CaseAsk, Commitment
from sathi.relations.models import LifeEvent


@pytest.mark.django_db
def test_the_demo_holds_a_prevention_programme(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--people", "12", stdout=StringIO())
    organisation = Organisation.objects.get(name__icontains="collective")
    researcher = Membership.objects.get(organisation=organisation, role=Role.COMMUNITY_RESEARCHER)
    states = {v.state for v in selectors.asks(researcher)}
    assert {"silent", "acted", "refused"} <= states
    assert Commitment.objects.count() == 1 and CaseAsk.objects.count() == 1
    assert Ask.objects.filter(channel="dialogue").exists()
    (found,) = assessments.assessments(researcher)
    changes = assessments.comparison(researcher, found.pk)
    assert changes[0].beyond_noise is True  # 54 of 120 to 87 of 120 knew the Childline number
    assert LifeEvent.objects.filter(kind="entry_coerced").count() >= 12  # and any other demo's
