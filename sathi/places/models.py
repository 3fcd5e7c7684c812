"""Places: states, districts, blocks, gram panchayats, villages, municipalities and wards, red-light areas and
the sites within them.

Geography (everything but sites) is shared by all organisations: only an organisation admin or an operator
adds it (sathi.prevention.services.shared_place_add, `manage.py place_add`). Sites (a particular brothel,
a rented room, a stretch of street) belong to the organisation that records them: where women work is
itself sensitive, and anything shared is kept at district level.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sathi.core.labels import ChoiceLabels


class PlaceKind(models.TextChoices):
    STATE = "state", _("State")
    DISTRICT = "district", _("District")
    # Rural: district > block (the BDO's) > gram panchayat > village or mouza.
    # Urban: district > municipality > ward. As the field names them (003).
    BLOCK = "block", _("Block")
    GRAM_PANCHAYAT = "gram_panchayat", _("Gram panchayat")
    VILLAGE = "village", _("Village or mouza")
    MUNICIPALITY = "municipality", _("Municipality")
    WARD = "ward", _("Urban ward")
    RED_LIGHT_AREA = "red_light_area", _("Red-light area")
    SITE = "site", _("Site")


class SiteType(models.TextChoices):
    BROTHEL_WITH_MADAM = "brothel_with_madam", _("Brothel with a madam")
    SELF_RENTED_ROOM = "self_rented_room", _("Room the person rents on their own")
    STREET = "street", _("Street")
    OTHER = "other", _("Other")


# Which kind of place may sit under which.
PARENT_KIND = {
    PlaceKind.STATE: None,
    PlaceKind.DISTRICT: PlaceKind.STATE,
    PlaceKind.BLOCK: PlaceKind.DISTRICT,
    PlaceKind.GRAM_PANCHAYAT: PlaceKind.BLOCK,
    PlaceKind.VILLAGE: PlaceKind.GRAM_PANCHAYAT,
    PlaceKind.MUNICIPALITY: PlaceKind.DISTRICT,
    PlaceKind.WARD: PlaceKind.MUNICIPALITY,
    PlaceKind.RED_LIGHT_AREA: PlaceKind.DISTRICT,
    PlaceKind.SITE: PlaceKind.RED_LIGHT_AREA,
}


class Place(ChoiceLabels, models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    site_type = models.CharField(_("kind of site"), max_length=20, choices=SiteType.choices, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "kind", "name", "organisation"], name="place_unique_name"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="site") | models.Q(organisation__isnull=False),
                name="place_site_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Place]:
        """This place and each larger place it sits in, smallest first (at most six steps up)."""
        chain, place = [], self
        while place is not None:
            chain.append(place)
            place = place.parent
        return chain

    def district(self) -> Place | None:
        place = self
        while place is not None and place.kind != PlaceKind.DISTRICT:
            place = place.parent
        return place
