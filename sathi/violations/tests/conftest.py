"""Places and a raid to hang records from, made through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from sathi.audit.models import AuditEvent
from sathi.places.models import Place
from sathi.places.services import place_add
from sathi.violations import services
from sathi.violations.models import (
    AffectedPerson,
    EvidenceFile,
    Incident,
    Outcome,
    Perpetrator,
    RaidDetails,
    Response,
    Source,
)

MODELS = (Incident, Source, RaidDetails, AffectedPerson, Perpetrator, Response, Outcome, EvidenceFile)


@dataclass
class Places:
    state: Place
    district: Place
    area: Place
    site: Place


def make_places(actor, district_name: str = "North District") -> Places:
    state = place_add(actor=actor, kind="state", name="West Bengal")
    district = place_add(actor=actor, kind="district", name=district_name, parent_id=state.pk)
    area = place_add(actor=actor, kind="red_light_area", name=f"{district_name} Para", parent_id=district.pk)
    site = place_add(actor=actor, kind="site", name="Lane 4, room 2", parent_id=area.pk, site_type="street")
    return Places(state=state, district=district, area=area, site=site)


@pytest.fixture
def worker(personas):
    return personas.caseworker


@pytest.fixture
def places(worker) -> Places:
    return make_places(worker)


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def raid(worker, places) -> Incident:
    return services.incident_record(
        actor=worker,
        incident_type="raid",
        start_date=days_ago(30),
        place_id=places.site.pk,
        verification="confirmed",
        description="Police came at night with an NGO; the doors were broken.",
    )


def snapshot() -> dict[str, int]:
    """Rows of every table of the app, audit events and stored files: to show nothing was half-written."""
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["audit"] = AuditEvent.objects.count()
    root = settings.MEDIA_ROOT / "violations"
    counts["files"] = len(list(root.iterdir())) if root.exists() else 0
    return counts
