"""Code-defined vocabularies of the continuum of care (PRIMER flow D; seeds 004 and 000)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseOrigin(models.TextChoices):
    SRB_DECISION = "srb_decision", _("Self-Regulatory Board decision")
    SELF_REFERRAL = "self_referral", _("Came on their own")
    OUTREACH = "outreach", _("Outreach")
    RESCUE_OR_RAID = "rescue_or_raid", _("Rescue or raid")
    REFERRAL = "referral", _("Referral from another organisation")
    COURT_ORDER = "court_order", _("Court order")
    CWC_ORDER = "cwc_order", _("Child Welfare Committee order")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTIVE = "active", _("Active")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    """Why a case may close. Her wish to stay in or return to sex work is deliberately not a reason (002)."""

    GOALS_MET = "goals_met", _("Their goals are met")
    SHE_ASKED = "she_asked", _("Asked to close it")
    FOLLOW_UP_COMPLETE = "follow_up_complete", _("The follow-up period is complete")
    MOVED_AWAY = "moved_away", _("Moved away and was referred on")
    RETURNED_HOME = "returned_home", _("Returned home")  # a path home: the safety check gates it
    NO_CONTACT = "no_contact", _("No contact after every follow-up attempt")
    DIED = "died", _("Died")


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Lead caseworker")
    CASEWORKER = "caseworker", _("Caseworker")
    COUNSELLOR = "counsellor", _("Counsellor")
    LEGAL = "legal", _("Legal advocate")
    PEER = "peer", _("Peer worker")


class Pathway(models.TextChoices):
    STAY = "stay", _("Stay in sex work, with safety and rights support")
    LEAVE = "leave", _("Leave sex work, with support")
    RETURN_FAMILY = "return_family", _("Return to the family")
    RESETTLE = "resettle", _("Resettle elsewhere")
    MIGRATE = "migrate", _("Migrate for work")
    UNDECIDED = "undecided", _("Undecided")


class NeedTerm(models.TextChoices):
    SHORT = "short", _("Short-term")
    LONG = "long", _("Long-term")


class NeedCode(models.TextChoices):
    PHYSICAL_SAFETY = "physical_safety", _("Physical safety")
    EMOTIONAL_SAFETY = "emotional_safety", _("Emotional safety")
    CRISIS_COUNSELLING = "crisis_counselling", _("Crisis counselling")
    MEDICAL_FORENSIC = "medical_forensic", _("Medical care: forensic")
    MEDICAL_GENERAL = "medical_general", _("Medical care: general")
    MEDICAL_GYNAECOLOGICAL = "medical_gynaecological", _("Medical care: gynaecological")
    MEDICAL_STI = "medical_sti", _("Medical care: sexually transmitted infections")
    HIV_COUNSELLING = "hiv_counselling", _("HIV counselling, with testing if the person chooses")
    LEGAL_SUPPORT = "legal_support", _("Legal support")
    CASE_MANAGEMENT = "case_management", _("Case management")
    LONG_TERM_PLACEMENT = "long_term_placement", _("Long-term placement")
    TRAUMA_COUNSELLING = "trauma_counselling", _("Trauma counselling")
    ONGOING_MEDICAL = "ongoing_medical", _("Ongoing medical care")
    ONGOING_LEGAL = "ongoing_legal", _("Ongoing legal support")
    LITERACY_EDUCATION = "literacy_education", _("Literacy and education")
    LANGUAGE = "language", _("Language learning")
    JOB_TRAINING = "job_training", _("Job training toward a living wage")
    SOFT_SKILLS = "soft_skills", _("Soft skills")
    REINTEGRATION = "reintegration", _("Reintegration")
    CHILDCARE = "childcare", _("Childcare")
    HOUSING = "housing", _("Housing")
    DOCUMENTS = "documents", _("Documents and entitlements")
    SAVINGS_BANKING = "savings_banking", _("Savings and banking")


SHORT_TERM_NEEDS = frozenset(
    {
        NeedCode.PHYSICAL_SAFETY,
        NeedCode.EMOTIONAL_SAFETY,
        NeedCode.CRISIS_COUNSELLING,
        NeedCode.MEDICAL_FORENSIC,
        NeedCode.MEDICAL_GENERAL,
        NeedCode.MEDICAL_GYNAECOLOGICAL,
        NeedCode.MEDICAL_STI,
        NeedCode.HIV_COUNSELLING,
        NeedCode.LEGAL_SUPPORT,
        NeedCode.CASE_MANAGEMENT,
    }
)


def need_term(code: str) -> str:
    return NeedTerm.SHORT if code in SHORT_TERM_NEEDS else NeedTerm.LONG


class Agreement(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Declined")
    NOT_DISCUSSED = "not_discussed", _("Not discussed yet")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class NeedStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")
    UNMET = "unmet", _("Unmet: no provider")


class ServiceType(models.TextChoices):
    SAFETY_PLANNING = "safety_planning", _("Safety planning")
    SHELTER = "shelter", _("Shelter")
    CRISIS_COUNSELLING = "crisis_counselling", _("Crisis counselling")
    COUNSELLING = "counselling", _("Counselling session")
    TF_CBT = "tf_cbt", _("Trauma-focused CBT session")
    MEDICAL = "medical", _("Medical care")
    HIV_TESTING = "hiv_testing", _("HIV counselling and testing")
    LEGAL_AID = "legal_aid", _("Legal aid")
    CASE_MANAGEMENT = "case_management", _("Case management meeting")
    EDUCATION = "education", _("Education class")
    LANGUAGE_CLASS = "language_class", _("Language class")
    VOCATIONAL_TRAINING = "vocational_training", _("Job training")
    CHILDCARE = "childcare", _("Childcare")
    HOUSING_SUPPORT = "housing_support", _("Help with housing")
    DOCUMENTS_SUPPORT = "documents_support", _("Help with documents and entitlements")
    BANKING = "banking", _("Savings and banking")
    OTHER = "other", _("Other")


# Counselling and medical notes are the health class (issue 3); legal aid notes the legal class.
HEALTH_SERVICES = frozenset(
    {
        ServiceType.CRISIS_COUNSELLING,
        ServiceType.COUNSELLING,
        ServiceType.TF_CBT,
        ServiceType.MEDICAL,
        ServiceType.HIV_TESTING,
    }
)
LEGAL_SERVICES = frozenset({ServiceType.LEGAL_AID})


class ProviderKind(models.TextChoices):
    THIS_ORGANISATION = "this", _("This organisation")
    SATHI_ORGANISATION = "sathi", _("Another organisation in Sathi")
    OUTSIDE = "outside", _("An outside provider")


class PlanItemKind(models.TextChoices):
    EDUCATION = "education", _("Education")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class PlacementKind(models.TextChoices):
    GOVERNMENT_HOME = "government_home", _("Government shelter or aftercare home")
    NGO_HOME = "ngo_home", _("NGO shelter or aftercare home")
    GROUP_HOME = "group_home", _("Group home")
    TRANSITIONAL = "transitional", _("Transitional housing")
    FAMILY = "family", _("With family")
    INDEPENDENT = "independent", _("Independent living")


class LegalBasis(models.TextChoices):
    COURT_ORDER = "court_order", _("Court order")
    CWC_ORDER = "cwc_order", _("Child Welfare Committee order")
    VOLUNTARY = "voluntary", _("Their own choice (voluntary)")


class Wish(models.TextChoices):
    STAY = "stay", _("Wants to stay")
    LEAVE = "leave", _("Wants to leave")


class PlacementCondition(models.TextChoices):
    """What a placement may ask of her. Leaving sex work is never a condition of care (002)."""

    HOUSE_RULES = "house_rules", _("Follows the house rules")
    ATTENDS_SCHOOL = "attends_school", _("Attends school or classes")
    SIGNS_OUT = "signs_out", _("Tells staff when going out")


class FlagKind(models.TextChoices):
    HELD_AGAINST_WISH = "held_against_wish", _("Held against their stated wish")
    CWC_REVIEW_OVERDUE = "cwc_review_overdue", _("The CWC review date has passed")
    AGE_OUT = "age_out", _("The plan cannot finish before the person turns 18")
    # Questioning recorded inside the reflection period a person who crossed a border is owed (issue 13).
    QUESTIONED_IN_REFLECTION = "questioned_in_reflection", _("Questioned inside the reflection period")
    OTHER = "other", _("Other")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Reached them")
    NOT_REACHED = "not_reached", _("Could not reach them")


class Wellbeing(models.TextChoices):
    GOOD = "good", _("Doing well")
    MIXED = "mixed", _("Some difficulties")
    POOR = "poor", _("Struggling")
