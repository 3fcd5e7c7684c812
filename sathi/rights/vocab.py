"""Code-defined vocabularies of her rights (DESIGN rule 8): erasure, correction, crossing a border."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureBasis(models.TextChoices):
    HER_REQUEST = "her_request", _("At the person's own request")
    RETENTION = "retention", _("The organisation's retention rule for closed records")


class CorrectableField(models.TextChoices):
    """What a correction can change: the words of her record she can dictate (names, phone, where she stays,
    the district she comes from). Each belongs to a field class (CORRECTABLE_CLASS)."""

    NAMES = "names", _("Names")
    ALIASES = "aliases", _("Work names and other names")
    PHONE = "phone", _("Phone")
    CURRENT_LOCATION = "current_location", _("Where they stay now")
    ORIGIN_DISTRICT = "origin_district", _("District of origin")


# "" : a plain field, seen by everyone who sees her record.
CORRECTABLE_CLASS = {
    CorrectableField.NAMES: "identity",
    CorrectableField.ALIASES: "identity",
    CorrectableField.PHONE: "identity",
    CorrectableField.CURRENT_LOCATION: "location",
    CorrectableField.ORIGIN_DISTRICT: "",
}


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a supervisor")
    ACCEPTED = "accepted", _("Accepted: the record was corrected")
    REFUSED = "refused", _("Refused")


class Country(models.TextChoices):
    INDIA = "IN", _("India")
    BANGLADESH = "BD", _("Bangladesh")
    NEPAL = "NP", _("Nepal")
    MYANMAR = "MM", _("Myanmar")
    SRI_LANKA = "LK", _("Sri Lanka")
    BHUTAN = "BT", _("Bhutan")
    PAKISTAN = "PK", _("Pakistan")
    OTHER = "XX", _("Other country")
    STATELESS = "stateless", _("Stateless")
    UNKNOWN = "", _("Not known")


class MigrationStatus(models.TextChoices):
    WITH_DOCUMENTS = "with_documents", _("With documents")
    WITHOUT_DOCUMENTS = "without_documents", _("Without documents")
    REFUGEE = "refugee", _("Refugee")
    ASYLUM_CLAIM = "asylum_claim", _("Asylum claim made")
    NOT_KNOWN = "not_known", _("Not known yet")


class BorderWish(models.TextChoices):
    STAY = "stay", _("Stay in India")
    RETURN = "return", _("Return to their country")
    ELSEWHERE = "elsewhere", _("Resettle in another country")
    UNDECIDED = "undecided", _("Not decided yet")


class Stage(models.TextChoices):
    """The eight stages at which rights must be protected (the EU institutional model, seed 002)."""

    IDENTIFICATION = "identification", _("Identification")
    COOPERATION = "cooperation", _("Cooperation: services without facing deportation")
    SUPPORT = "support", _("Support and protection, with a reflection period")
    REPATRIATION = "repatriation", _("Repatriation and social inclusion")
    RESIDENCE = "residence", _("Residence, never conditional on testifying")
    DATA_PROTECTION = "data_protection", _("Data protection: consents and their own record")
    WITNESS_PROTECTION = "witness_protection", _("Protection from threats and retaliation")
    COMPENSATION = "compensation", _("Confiscation and compensation")


class StageStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PROTECTED = "protected", _("Right protected")
    DENIED = "denied", _("Right denied")
    NOT_APPLICABLE = "not_applicable", _("Does not apply")


class IdentifiedBy(models.TextChoices):
    THEMSELF = "themself", _("The person themself")
    COMMUNITY = "community", _("A peer or the collective")
    BOARD = "board", _("A Self-Regulatory Board")
    NGO = "ngo", _("An NGO")
    POLICE = "police", _("The police")
    BORDER_AGENCY = "border_agency", _("A border agency")
    OTHER = "other", _("Someone else")


class Phase(models.TextChoices):
    BEFORE = "before", _("Before proceedings")
    DURING = "during", _("During proceedings")
    AFTER = "after", _("After proceedings")


class Threat(models.TextChoices):
    NONE = "none", _("No threat reported")
    THREATS = "threats", _("Threats")
    RETALIATION = "retaliation", _("Retaliation")


class ProtectionMeasure(models.TextChoices):
    SAFE_PLACE = "safe_place", _("A safe place to stay")
    IDENTITY_WITHHELD = "identity_withheld", _("Identity withheld in the proceedings")
    IN_CAMERA = "in_camera", _("Hearing in camera")
    POLICE_PROTECTION = "police_protection", _("Police protection")
    FAMILY_PROTECTION = "family_protection", _("Protection for their family")
    RELOCATION = "relocation", _("Relocation")
    OTHER = "other", _("Another measure")


class ResidenceKind(models.TextChoices):
    TEMPORARY_HOUSING = "temporary_housing", _("Temporary housing")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    THIRD_COUNTRY = "third_country", _("Resettlement in a third country")
    ASYLUM = "asylum", _("Asylum claim")


class ResidenceStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ResidenceCondition(models.TextChoices):
    """Conditions an authority may attach. One exists only to be refused: residence is never conditional on
    being a witness (EU framework, residence regimes, seed 002)."""

    TIME_LIMITED = "time_limited", _("For a limited time")
    REPORT_TO_AUTHORITY = "report_to_authority", _("Reporting to an authority")
    CONDITIONAL_ON_WITNESS = "conditional_on_witness", _("Conditional on testifying as a witness")


REFUSED_CONDITIONS = frozenset({ResidenceCondition.CONDITIONAL_ON_WITNESS})


class CompensationKind(models.TextChoices):
    WAGES = "wages", _("Wages earned while exploited")
    VICTIM_COMPENSATION = "victim_compensation", _("Compensation from the state's scheme")


class CompensationFrom(models.TextChoices):
    EMPLOYER = "employer", _("The employer or the exploiter")
    STATE_SCHEME = "state_scheme", _("The state's compensation scheme")
    COURT = "court", _("A court order")
    OTHER = "other", _("Someone else")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    STARTED = "started", _("Started")
    CANCELLED = "cancelled", _("Cancelled")


# The languages a summary of her own record is printed in (the interface's languages).
SUMMARY_LANGUAGES = ("en", "bn", "hi")
