from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sathi.audit.services import log_action
from sathi.places.models import PARENT_KIND, Place, PlaceKind, SiteType


def place_add(*, actor, kind: str, name: str, parent_id: int | None = None, site_type: str = "") -> Place:
    """Add a place. Sites are the organisation's own; geography is shared."""
    if kind not in PlaceKind.values:
        raise ValidationError({"kind": _("Choose from the list.")})
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationError({"name": _("Give a name of at most 120 characters.")})
    parent = Place.objects.filter(pk=parent_id).first() if parent_id else None
    expected = PARENT_KIND[PlaceKind(kind)]
    if (parent.kind if parent else None) != expected:
        raise ValidationError({"parent": _("This kind of place must sit in the right larger place.")})
    if kind == PlaceKind.SITE and site_type not in SiteType.values:
        raise ValidationError({"site_type": _("Choose the kind of site.")})
    organisation_id = actor.organisation_id if kind == PlaceKind.SITE else None
    with transaction.atomic():
        place, created = Place.objects.get_or_create(
            kind=kind,
            name=name,
            parent=parent,
            organisation_id=organisation_id,
            defaults={"site_type": site_type if kind == "site" else ""},
        )
        if created:
            log_action(
                actor=actor.user_id,
                organisation=actor.organisation_id,
                action="place.added",
                target=place,
                fields=["kind", "name", "parent"],
            )
    return place
