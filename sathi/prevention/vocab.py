"""The vocabularies of prevention (issue 11; seed 003, sections 1-12, Tables I-III, Figure I)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Factor(models.TextChoices):
    """Points of vulnerability communities name (003 findings 2-9; 000's life stories)."""

    POVERTY = "poverty", _("Poverty")
    UNEMPLOYMENT = "unemployment", _("Unemployment and lost livelihood")
    LACK_OF_EDUCATION = "lack_of_education", _("Lack of education")
    EARNING_YOUNG = "earning_young", _("Pressure to earn from a young age")
    EMOTIONAL_NEGLECT = "emotional_neglect", _("Emotional neglect of children")
    RESTRICTIVE_CONTROL = "restrictive_control", _("Restrictive control of adolescent girls")
    TABOOS_EXCLUSION = "taboos_exclusion", _("Taboos and social exclusion")
    EARLY_MARRIAGE = "early_marriage", _("Early marriage")
    DOMESTIC_OPPRESSION = "domestic_oppression", _("Domestic oppression")
    WIDOWHOOD_DESERTION = "widowhood_desertion", _("Widowhood and desertion")
    DISTRESS_MIGRATION = "distress_migration", _("Distress migration")
    CLIMATE_SALINITY = "climate_salinity", _("Climate and salinity (loss of land and fishing)")
    NO_SAFE_MIGRATION = "no_safe_migration", _("No safe way to migrate")
    LARGE_FAMILY = "large_family", _("Large family")
    DAUGHTER_DISFAVOUR = "daughter_disfavour", _("Daughters seen as a burden")
    MINORITY_BACKWARD = "minority_backward", _("Minority or backward community")
    ASPIRATION = "aspiration", _("Aspiration, dreams of a better life")
    LACK_OF_AWARENESS = "lack_of_awareness", _("Lack of awareness of trafficking")
    IMPUNITY = "impunity", _("Impunity of traffickers")
    UNACCOUNTABLE_OFFICES = "unaccountable_offices", _("Offices that do not act")
    OTHER = "other", _("Other")


class Protection(models.TextChoices):
    """Norms and practices that protect (003 finding 11; the way forward)."""

    PLEDGE_NO_MARRIAGE_UNDER_18 = "pledge_no_marriage_under_18", _("Pledge not to marry daughters before 18")
    CULTURAL_STORYTELLING = "cultural_storytelling", _("Cultural storytelling (such as Ram Yatra)")
    CLOSE_KNIT_COMMUNITY = "close_knit_community", _("Close-knit community, informed leaders")
    SMALL_FAMILY_SCHOOLING = "small_family_schooling", _("Fewer children, all in school")
    ADOLESCENT_CHOICE = "adolescent_choice", _("Adolescents free to choose and return without stigma")
    YOUTH_COLLECTIVE = "youth_collective", _("Youth collective")
    SURVIVOR_COLLECTIVE = "survivor_collective", _("Survivor collective")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    FOCUS_GROUP = "focus_group", _("Focus group discussion")
    INTERVIEW = "interview", _("Interview")
    SURVEY = "survey", _("Survey")
    OFFICIAL_DATA = "official_data", _("Official data")
    OBSERVATION = "observation", _("Observation")
    LIFE_COURSE = "life_course", _("Recorded life course")


class Cohort(models.TextChoices):
    """Who said so: a group, never a person's name (003's respondent cohorts)."""

    SURVIVORS = "survivors", _("Survivors")
    FRONTLINE_WORKERS = "frontline_workers", _("Frontline social workers")
    DUTY_BEARERS = "duty_bearers", _("Duty bearers")
    FUNDERS = "funders", _("Funders")
    COMMUNITY = "community", _("Community members")
    YOUTH = "youth", _("Young people")


class OfficeKind(models.TextChoices):
    """Offices and bodies, not people (003 section 12, Annexure F)."""

    BDO = "bdo", _("Block Development Officer")
    PANCHAYAT = "panchayat", _("Gram panchayat")
    POLICE_STATION = "police_station", _("Police station")
    SUPERINTENDENT_OF_POLICE = "superintendent_of_police", _("Superintendent of Police")
    DISTRICT_MAGISTRATE = "district_magistrate", _("District Magistrate")
    DSW = "dsw", _("Department of Social Welfare")
    WDO = "wdo", _("Women Development Officer")
    VLCPC = "vlcpc", _("Village child protection committee")
    ASHA_ANGANWADI = "asha_anganwadi", _("ASHA or Anganwadi")
    CHILDLINE = "childline", _("Childline")
    CWC = "cwc", _("Child Welfare Committee")
    AHTU = "ahtu", _("Anti-human-trafficking unit")
    DLSA = "dlsa", _("District legal services authority")
    COMMUNITY_LEADER = "community_leader", _("Community leaders")
    RELIGIOUS_LEADER = "religious_leader", _("Religious leaders")
    SCHOOL = "school", _("School")
    NGO = "ngo", _("Non-governmental organisation")
    FUNDER = "funder", _("Funder")
    OTHER = "other", _("Other")


# Figure I's axes, from 1 (lowest) to 4 (highest); 3 and 4 are "high". An even scale: every mark is in a zone.
AXIS_MIN, AXIS_MAX, AXIS_HIGH = 1, 4, 3


class Zone(models.TextChoices):
    HIGH_POWER_HIGH_INTEREST = "high_power_high_interest", _("High power, high interest")
    HIGH_POWER_LOW_INTEREST = "high_power_low_interest", _("High power, low interest")
    LOW_POWER_HIGH_INTEREST = "low_power_high_interest", _("Low power, high interest")
    LOW_POWER_LOW_INTEREST = "low_power_low_interest", _("Low power, low interest")


def zone(power: int, interest: int) -> Zone:
    high_power, high_interest = power >= AXIS_HIGH, interest >= AXIS_HIGH
    if high_power:
        return Zone.HIGH_POWER_HIGH_INTEREST if high_interest else Zone.HIGH_POWER_LOW_INTEREST
    return Zone.LOW_POWER_HIGH_INTEREST if high_interest else Zone.LOW_POWER_LOW_INTEREST


class AskKind(models.TextChoices):
    """What the organisation (or a survivor collective) asks of a duty bearer (issue 11, item 6)."""

    REGISTER_FIR = "register_fir", _("Register an FIR")
    CONVENE_VLCPC = "convene_vlcpc", _("Form or convene the VLCPC")
    ACT_ON_CHILD_MARRIAGE = "act_on_child_marriage", _("Act on a child-marriage report")
    RELEASE_COMPENSATION = "release_compensation", _("Release victim compensation")
    ISSUE_DOCUMENTS = "issue_documents", _("Issue documents or entitlements")
    RTI_APPLICATION = "rti_application", _("Application under the Right to Information Act")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    LETTER = "letter", _("Letter")
    MEETING = "meeting", _("Meeting")
    RTI = "rti", _("RTI application")
    DIALOGUE = "dialogue", _("Commitment at a dialogue")


class Outcome(models.TextChoices):
    ACTED = "acted", _("Acted")
    PARTLY = "partly", _("Partly acted")
    REFUSED = "refused", _("Refused, with the reason given")
    NO_REPLY = "no_reply", _("No reply")


class Exists(models.TextChoices):
    """Whether a mandated committee exists (003: VLCPCs often exist only on paper)."""

    YES = "yes", _("It exists and meets")
    ON_PAPER = "on_paper", _("On paper only")
    NO = "no", _("It does not exist")
    UNKNOWN = "unknown", _("Could not find out")


# Committees a law or scheme mandates, whose existence and members are checked.
COMMITTEES = {OfficeKind.VLCPC, OfficeKind.CWC, OfficeKind.PANCHAYAT}


class StepKind(models.TextChoices):
    """One line of an ask's history: the ask, Sathi's own record of a silence, or an answer."""

    ASKED = "asked", _("Asked")
    SILENCE = "silence", _("Silence: due date passed with no answer")
    ACTED = "acted", _("Acted")
    PARTLY = "partly", _("Partly acted")
    REFUSED = "refused", _("Refused, with the reason given")
    NO_REPLY = "no_reply", _("No reply")


class AskState(models.TextChoices):
    """Computed, never entered: where an ask stands today."""

    WAITING = "waiting", _("Waiting, not yet due")
    SILENT = "silent", _("Silence: due date passed with no answer")
    ACTED = "acted", _("Acted")
    PARTLY = "partly", _("Partly acted")
    REFUSED = "refused", _("Refused")


# The Right to Information Act, 2005, s. 7(1): a reply within 30 days; s. 19(1): the first appeal.
RTI_REPLY_DAYS = 30

# Who is over whom, for the next step after a silence (003 section 12: higher police officers are not the
# local station; the District Magistrate is over the BDO).
HIGHER_OFFICE = {
    OfficeKind.POLICE_STATION: OfficeKind.SUPERINTENDENT_OF_POLICE,
    OfficeKind.BDO: OfficeKind.DISTRICT_MAGISTRATE,
    OfficeKind.PANCHAYAT: OfficeKind.BDO,
    OfficeKind.VLCPC: OfficeKind.BDO,
    OfficeKind.WDO: OfficeKind.DISTRICT_MAGISTRATE,
    OfficeKind.DSW: OfficeKind.DISTRICT_MAGISTRATE,
    OfficeKind.AHTU: OfficeKind.SUPERINTENDENT_OF_POLICE,
}


class PreventionModel(models.TextChoices):
    """The five prevention models of 003's Table I (from its Global Desk Research)."""

    CRIME_PREVENTION = "crime_prevention", _("Crime prevention model")
    ROOT_CAUSES = "root_causes", _("Public health, elimination of root causes model")
    RIGHTS_BASED = "rights_based", _("Rights-based model")
    CHAIN_OF_RISK = "chain_of_risk", _("Chain of risk model")
    LABOUR = "labour", _("Labour framework model")


# Table I's particulars, in short.
PARTICULARS = {
    PreventionModel.CRIME_PREVENTION: _(
        "Punish traffickers, so that the threat of punishment deters the crime."
    ),
    PreventionModel.ROOT_CAUSES: _(
        "Remove what makes people vulnerable: poverty, low income, no schooling, no awareness of trafficking."
    ),
    PreventionModel.RIGHTS_BASED: _(
        "Safeguard the rights of those at risk: strengthen duty bearers and empower the holders of rights."
    ),
    PreventionModel.CHAIN_OF_RISK: _(
        "Find the points of vulnerability in a life (childhood, adolescence, marriage, migration) and act."
    ),
    PreventionModel.LABOUR: _(
        "Treat trafficked people as workers, not victims, and change the market's supply and demand."
    ),
}


class Gender(models.TextChoices):
    """A respondent's gender, as Table II counts it."""

    MAN = "man", _("Male")
    WOMAN = "woman", _("Female")
    TRANSGENDER = "transgender", _("Transgender")
    NOT_SAID = "not_said", _("Not said")


class AgeGroup(models.TextChoices):
    """Participants of a community dialogue by age (003: dialogues across generations)."""

    UNDER_12 = "under_12", _("Under 12")
    FROM_12 = "12_17", _("12 to 17")
    FROM_18 = "18_29", _("18 to 29")
    FROM_30 = "30_59", _("30 to 59")
    FROM_60 = "60_plus", _("60 or older")


class RoundKind(models.TextChoices):
    """The two rounds of a resilience assessment (003, the way forward: baseline and end line)."""

    BASELINE = "baseline", _("Baseline")
    ENDLINE = "endline", _("End line")
