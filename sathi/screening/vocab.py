from django.db import models
from django.utils.translation import gettext_lazy as _

from sathi.lib import palermo


class MemberCategory(models.TextChoices):
    SEX_WORKER = "sex_worker", _("Sex worker")
    LOCAL_GOVERNMENT = "local_government", _("Local government representative")
    DOCTOR = "doctor", _("Doctor or public-health official")
    WOMENS_RIGHTS = "womens_rights", _("Women's-rights activist")
    LAWYER = "lawyer", _("Lawyer")
    COMMISSION = "commission", _("Women's commission or social-welfare board member")
    OTHER = "other", _("Other")


# The model board of seed 002: 15 members, 8 of them sex workers.
MODEL_BOARD_SIZE = 15
MODEL_SEX_WORKERS = 8


class BroughtBy(models.TextChoices):
    HERSELF = "herself", _("She came herself")
    PEER = "peer", _("A peer")
    BROTHEL_KEEPER = "brothel_keeper", _("A brothel keeper")
    PARTNER = "partner", _("A partner")
    OTHER = "other", _("Someone else")


class SiteEventKind(models.TextChoices):
    REFUSAL = "refusal", _("The brothel keeper refused to bring a new entrant")
    CONCEALED = "concealed", _("A new entrant was concealed from the board")


class LabourSector(models.TextChoices):
    DOMESTIC = "domestic", _("Domestic work")
    BRICK_KILNS = "brick_kilns", _("Brick kilns")
    AGRICULTURE = "agriculture", _("Agriculture")
    FACTORIES = "factories", _("Factories")
    CONSTRUCTION = "construction", _("Construction")
    ENTERTAINMENT = "entertainment", _("Dance or entertainment")
    OTHER = "other", _("Other")


class Classification(models.TextChoices):
    ADULT_OWN_DECISION = (
        palermo.Classification.ADULT_OWN_DECISION.value,
        _("Adult who came by her own decision (not trafficking)"),
    )
    TRAFFICKED_ADULT = palermo.Classification.TRAFFICKED_ADULT.value, _("Trafficked adult")
    TRAFFICKED_CHILD = palermo.Classification.TRAFFICKED_CHILD.value, _("Trafficked child")
    CHILD_IN_NEED = palermo.Classification.CHILD_IN_NEED.value, _("Child in need of care and protection")
    EXPLOITED_NOT_TRAFFICKED = (
        palermo.Classification.EXPLOITED_NOT_TRAFFICKED.value,
        _("Exploited but not trafficked"),
    )
    SMUGGLED = palermo.Classification.SMUGGLED.value, _("Smuggled")
    NOT_ENOUGH_INFORMATION = palermo.Classification.NOT_ENOUGH_INFORMATION.value, _("Not enough information")


# Decisions that mean she is protected and removed with the social welfare department (002).
PROTECTIVE = frozenset(
    {Classification.TRAFFICKED_ADULT, Classification.TRAFFICKED_CHILD, Classification.CHILD_IN_NEED}
)
