"""Vocabularies of the evidence app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReleaseDoor(models.TextChoices):
    PAGE = "page", _("Shown on a page")
    API = "api", _("API answer")
    DOWNLOAD = "download", _("Download")
    PRINT = "print", _("Printed report")
    DHIS2 = "dhis2", _("Sent to DHIS2")


class ReleaseFormat(models.TextChoices):
    HTML = "html", _("Page")
    JSON = "json", "JSON"
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    HXL = "hxl", _("HXL-tagged CSV")
    DHIS2 = "dhis2", _("DHIS2 data values")


class ReleasePurpose(models.TextChoices):
    INTERNAL = "internal", _("Within the organisation")
    COLLECTIVE = "collective", _("The collective's own meeting")
    FUNDER = "funder", _("A funder's report")
    GOVERNMENT = "government", _("Government reporting")
    PARTNER = "partner", _("A partner organisation")
    RESEARCH = "research", _("Research")
    ADVOCACY = "advocacy", _("Advocacy")


class AlertDanger(models.TextChoices):
    VIOLENT_CLIENT = "violent_client", _("A violent client")
    POLICE = "police", _("Police extortion or violence")
    TRAFFICKER = "trafficker", _("A trafficker's method")
    PLACE = "place", _("A dangerous place")
    OTHER = "other", _("Another danger")


class PlaceLevel(models.TextChoices):
    DISTRICT = "district", _("District")
    BLOCK = "block", _("Block")
