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
    HERSELF = "herself", _("Came on their own")
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
        _("Adult who came by their own decision (not trafficking)"),
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


# Each reason of a suggestion (sathi.lib.palermo.Reason), in words a board member reads aloud.
REASON_TEXT = {
    palermo.Reason.ACT_PRESENT: _(
        "There was an act: the person was recruited, moved, transferred, harboured or received."
    ),
    palermo.Reason.ACT_ABSENT: _("Nobody recruited, moved, harboured or received them."),
    palermo.Reason.ACT_UNKNOWN: _("Not yet asked whether someone recruited, moved or received them."),
    palermo.Reason.MEANS_PRESENT: _(
        "Threat, force, coercion, fraud, deception or abuse of their situation was used."
    ),
    palermo.Reason.MEANS_ABSENT: _("No threat, force, coercion, fraud or deception was used."),
    palermo.Reason.MEANS_UNKNOWN: _("Not yet asked whether threat, force, fraud or deception was used."),
    palermo.Reason.MEANS_IRRELEVANT_FOR_CHILD: _("Under 18 in this reading: the means do not matter."),
    palermo.Reason.PURPOSE_PRESENT: _("The purpose was to exploit them."),
    palermo.Reason.PURPOSE_ABSENT: _("No one meant to exploit them."),
    palermo.Reason.PURPOSE_UNKNOWN: _("Not yet asked whether someone meant to exploit them."),
    palermo.Reason.CONTROL_SINCE: _(
        "Since they came, someone controls them (debt, earnings, papers, movement)."
    ),
    palermo.Reason.CAME_WITHOUT_FORCE: _("They say they came without force or coercion."),
    palermo.Reason.SAID_FORCED: _("They say they were forced: ask again how, before deciding."),
    palermo.Reason.IRREGULAR_CROSSING_CONSENTED: _(
        "They crossed the border irregularly, by their own choice."
    ),
    palermo.Reason.MINOR_NEEDS_PROTECTION: _(
        "A child without these elements still needs care and protection."
    ),
    palermo.Reason.SELLING_SEX_IS_NOT_AN_ELEMENT: _("Selling sex by one's own decision is not trafficking."),
}

READING_TEXT = {
    palermo.Reading.ADULT: _("If an adult"),
    palermo.Reading.MINOR: _("If under 18"),
}


class ActChoice(models.TextChoices):
    RECRUITMENT = palermo.Act.RECRUITMENT.value, _("Recruitment")
    TRANSPORTATION = palermo.Act.TRANSPORTATION.value, _("Transportation")
    TRANSFER = palermo.Act.TRANSFER.value, _("Transfer")
    HARBOURING = palermo.Act.HARBOURING.value, _("Harbouring")
    RECEIPT = palermo.Act.RECEIPT.value, _("Receipt")


class MeansChoice(models.TextChoices):
    THREAT = palermo.Means.THREAT.value, _("Threat")
    FORCE = palermo.Means.FORCE.value, _("Force")
    OTHER_COERCION = palermo.Means.OTHER_COERCION.value, _("Other coercion")
    ABDUCTION = palermo.Means.ABDUCTION.value, _("Abduction")
    FRAUD = palermo.Means.FRAUD.value, _("Fraud")
    DECEPTION = palermo.Means.DECEPTION.value, _("Deception")
    ABUSE_OF_POWER = palermo.Means.ABUSE_OF_POWER.value, _("Abuse of power")
    ABUSE_OF_VULNERABILITY = (
        palermo.Means.ABUSE_OF_VULNERABILITY.value,
        _("Abuse of a position of vulnerability"),
    )
    PAYMENTS = palermo.Means.PAYMENTS_TO_CONTROLLER.value, _("Payments to a person in control of them")


class ControlChoice(models.TextChoices):
    DEBT_BONDAGE = palermo.Control.DEBT_BONDAGE.value, _("Debt bondage")
    TAKES_EARNINGS = palermo.Control.TAKES_EARNINGS.value, _("Takes their earnings")
    WITHHOLDS_DOCUMENTS = palermo.Control.WITHHOLDS_DOCUMENTS.value, _("Keeps their documents")
    RESTRICTS_MOVEMENT = palermo.Control.RESTRICTS_MOVEMENT.value, _("Stops them going out")
    THREATS_OF_LAW_ENFORCEMENT = (
        palermo.Control.THREATS_OF_LAW_ENFORCEMENT.value,
        _("Threatens them with the police"),
    )
    THREATS_TO_FAMILY = palermo.Control.THREATS_TO_FAMILY.value, _("Threatens their family")
    PHYSICAL_ABUSE = palermo.Control.PHYSICAL_ABUSE.value, _("Physical abuse")
    SEXUAL_ABUSE = palermo.Control.SEXUAL_ABUSE.value, _("Sexual abuse")
    PSYCHOLOGICAL_ABUSE = palermo.Control.PSYCHOLOGICAL_ABUSE.value, _("Psychological abuse")
    FALSE_PROMISES = palermo.Control.FALSE_PROMISES.value, _("False promises")
    PSYCHOACTIVE_SUBSTANCES = palermo.Control.PSYCHOACTIVE_SUBSTANCES.value, _("Gives them drugs or alcohol")
    RESTRICTS_MEDICAL_CARE = palermo.Control.RESTRICTS_MEDICAL_CARE.value, _("Keeps them from medical care")
    EXCESSIVE_HOURS = palermo.Control.EXCESSIVE_HOURS.value, _("Makes them work excessive hours")
    OTHER = palermo.Control.OTHER.value, _("Other control")


class PurposeChoice(models.TextChoices):
    SEXUAL_EXPLOITATION = (
        palermo.Purpose.SEXUAL_EXPLOITATION.value,
        _("Sexual exploitation by someone else (not their own choice to sell sex)"),
    )
    FORCED_LABOUR = palermo.Purpose.FORCED_LABOUR.value, _("Forced labour")
    FORCED_MARRIAGE = palermo.Purpose.FORCED_MARRIAGE.value, _("Forced marriage")
    ORGAN_REMOVAL = palermo.Purpose.ORGAN_REMOVAL.value, _("Organ removal")
    OTHER = palermo.Purpose.OTHER.value, _("Other exploitation")
