"""Vocabularies of rights violations and raids (DESIGN rule 8; PRIMER flow E; seeds 001 and 002).

The shape follows the HURIDOCS Events Standard Formats ("who did what to whom"): an event (incident), the
acts done to each person affected, the involvement of each perpetrator, and the interventions (responses).
Words are neutral: a raid is called a raid, whatever its organisers call it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentType(models.TextChoices):
    RAID = "raid", _("Raid or 'rescue' operation")
    ARREST = "arrest", _("Arrest")
    ARBITRARY_DETENTION = "arbitrary_detention", _("Arbitrary detention")
    POLICE_VIOLENCE = "police_violence", _("Police violence")
    EXTORTION = "extortion", _("Extortion")
    CONFISCATION = "confiscation", _("Confiscation of phones or money")
    FORCED_TESTING = "forced_testing", _("Forced medical or HIV testing")
    EVICTION = "eviction", _("Eviction")
    DENIAL_OF_SERVICES = "denial_of_services", _("Denial of health or other services")
    VIOLENCE_CLIENT = "violence_client", _("Violence by a client")
    VIOLENCE_BROTHEL_KEEPER = "violence_brothel_keeper", _("Violence by a brothel keeper")
    VIOLENCE_PARTNER = "violence_partner", _("Violence by a partner")
    VIOLENCE_FAMILY = "violence_family", _("Violence by a family member")
    VIOLENCE_GOONS = "violence_goons", _("Violence by local goons")
    MEDIA_EXPOSURE = "media_exposure", _("Exposure to the media")
    OTHER = "other", _("Other")


class DatePrecision(models.TextChoices):
    """How exactly a date is known. A start is stored as the first day of its period and an end as the last,
    so that "the end is not before the start" is one comparison, in the service and in the database."""

    DAY = "day", _("Exact day")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")


class Verification(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    LIKELY = "likely", _("Likely")
    POSSIBLE = "possible", _("Possible")
    UNLIKELY = "unlikely", _("Unlikely")


# Incidents judged unlikely stay on record but are left out of the numbers.
COUNTED = frozenset({Verification.CONFIRMED, Verification.LIKELY, Verification.POSSIBLE})


class Confidentiality(models.TextChoices):
    INTERNAL = "internal", _("Workers who may see violence records")
    RESTRICTED = "restricted", _("Only supervisors and the worker who recorded it")


class SourceKind(models.TextChoices):
    AFFECTED_PERSON = "affected_person", _("A person affected, themself")
    WITNESS = "witness", _("A witness")
    COMMUNITY = "community", _("A peer or member of the collective")
    MEDIA = "media", _("A media report")
    POLICE_RECORD = "police_record", _("A police record (FIR, memo)")
    COURT_RECORD = "court_record", _("A court record")
    NGO = "ngo", _("An NGO")
    OTHER = "other", _("Other")


class Reliability(models.TextChoices):
    RELIABLE = "reliable", _("Reliable")
    USUALLY_RELIABLE = "usually_reliable", _("Usually reliable")
    NOT_KNOWN = "not_known", _("Reliability not known")
    DOUBTFUL = "doubtful", _("Doubtful")


# --- raid details ------------------------------------------------------------------------------


class Agency(models.TextChoices):
    POLICE_STATION = "police_station", _("Police station")
    POLICE_UNIT = "police_unit", _("Special police unit")
    AHTU = "ahtu", _("Anti-human-trafficking unit (AHTU)")
    NGO = "ngo", _("NGO")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Others")


class LegalBasis(models.TextChoices):
    NONE_STATED = "none_stated", _("No warrant or legal basis stated")
    ITPA = "itpa", _("Immoral Traffic (Prevention) Act 1956")
    OTHER_LAW = "other_law", _("Another law")
    NOT_KNOWN = "not_known", _("Not known")


class ItpaSection(models.TextChoices):
    """Sections of the Immoral Traffic (Prevention) Act 1956 that a raid may invoke."""

    S3 = "3", _("Section 3: keeping a brothel")
    S4 = "4", _("Section 4: living on the earnings")
    S5 = "5", _("Section 5: procuring or inducing")
    S6 = "6", _("Section 6: detaining a person in a brothel")
    S7 = "7", _("Section 7: in or near public places")
    S8 = "8", _("Section 8: soliciting")
    S15 = "15", _("Section 15: search without warrant")
    S16 = "16", _("Section 16: rescue on a magistrate's order")
    S18 = "18", _("Section 18: closure of a brothel")


class Force(models.TextChoices):
    NONE = "none", _("No force")
    THREATS = "threats", _("Threats")
    PHYSICAL = "physical", _("Physical force")
    SEVERE = "severe", _("Beating or weapons")
    NOT_KNOWN = "not_known", _("Not known")


class HeldAt(models.TextChoices):
    POLICE_STATION = "police_station", _("Police station")
    GOVERNMENT_HOME = "government_home", _("Government shelter home")
    NGO_HOME = "ngo_home", _("NGO shelter home")
    COURT = "court", _("Court lock-up")
    OTHER = "other", _("Elsewhere")


# --- acts and involvements -----------------------------------------------------------------------


class Act(models.TextChoices):
    """What was done to her. A separate list from the incident types: one incident holds many acts."""

    PICKED_UP = "picked_up", _("Picked up")
    DETAINED = "detained", _("Held against their will")
    BEATEN = "beaten", _("Beaten or physically hurt")
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual violence")
    THREATENED = "threatened", _("Threatened")
    HUMILIATED = "humiliated", _("Insulted or humiliated")
    EXTORTION = "extortion", _("Money or sex demanded")
    PHONE_TAKEN = "phone_taken", _("Phone taken")
    MONEY_TAKEN = "money_taken", _("Money taken")
    UNDERTAKING = "undertaking", _("Made to sign an undertaking")
    FORCED_TESTING = "forced_testing", _("Forced medical or HIV test")
    PHOTOGRAPHED = "photographed", _("Photographed or filmed without consent")
    SHOWN_TO_MEDIA = "shown_to_media", _("Shown to the media")
    EVICTED = "evicted", _("Evicted")
    SERVICE_DENIED = "service_denied", _("Denied a service")
    OTHER = "other", _("Other")


# The acts that count as "reported violence" in the raid report.
VIOLENT_ACTS = frozenset({Act.BEATEN, Act.SEXUAL_VIOLENCE, Act.THREATENED, Act.HUMILIATED})


class Consequence(models.TextChoices):
    INJURY = "injury", _("Injury")
    DETENTION = "detention", _("Detention")
    LOSS_OF_EARNINGS = "loss_of_earnings", _("Loss of earnings")
    LOSS_OF_HOUSING = "loss_of_housing", _("Loss of housing")
    SEPARATION_FROM_CHILDREN = "separation_from_children", _("Separation from their children")


class AgeBand(models.TextChoices):
    UNDER_16 = "under_16", _("Under 16")
    FROM_16 = "16_17", _("16 to 17")
    FROM_18 = "18_24", _("18 to 24")
    FROM_25 = "25_34", _("25 to 34")
    FROM_35 = "35_44", _("35 to 44")
    FROM_45 = "45_plus", _("45 or older")
    UNKNOWN = "unknown", _("Not known")


# Lower bound of each band, for deriving her band from her age record.
BAND_FROM = [
    (45, AgeBand.FROM_45),
    (35, AgeBand.FROM_35),
    (25, AgeBand.FROM_25),
    (18, AgeBand.FROM_18),
    (16, AgeBand.FROM_16),
    (0, AgeBand.UNDER_16),
]


class OwnDecision(models.TextChoices):
    """Her answer to "are you in sex work by your own decision?", in her words, never inferred."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_ASKED = "not_asked", _("Not asked")


class Undertaking(models.TextChoices):
    """Undertakings to quit sex work, recorded per person (001: signed at great risk, then returned)."""

    FORCED = "forced", _("Forced to sign")
    WITHOUT_UNDERSTANDING = "without_understanding", _("Signed without understanding it")
    WITH_UNDERSTANDING = "with_understanding", _("Signed, understanding it")
    REFUSED = "refused", _("Refused to sign")
    NOT_ASKED = "not_asked", _("Not asked to sign")
    NOT_KNOWN = "not_known", _("Not known")


SIGNED = (Undertaking.FORCED, Undertaking.WITHOUT_UNDERSTANDING, Undertaking.WITH_UNDERSTANDING)


class PerpetratorType(models.TextChoices):
    POLICE = "police", _("Police")
    OTHER_OFFICIAL = "other_official", _("Another official (shelter, court, welfare)")
    NGO_STAFF = "ngo_staff", _("NGO staff")
    BROTHEL_KEEPER = "brothel_keeper", _("Brothel keeper")
    CLIENT = "client", _("Client")
    PARTNER = "partner", _("Partner")
    FAMILY = "family", _("Family")
    GOONS = "goons", _("Local goons")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


# Officials are recorded by office and station, never as persons (issue 6, item 3).
OFFICIALS = frozenset({PerpetratorType.POLICE, PerpetratorType.OTHER_OFFICIAL})


class Degree(models.TextChoices):
    """Degree of involvement (HURIDOCS)."""

    DID_IT = "did_it", _("Did it")
    ORDERED = "ordered", _("Ordered it")
    ASSISTED = "assisted", _("Helped to do it")
    STOOD_BY = "stood_by", _("Was there and did not stop it")
    NOT_KNOWN = "not_known", _("Not known")


# --- responses and outcomes --------------------------------------------------------------------


class ResponseAction(models.TextChoices):
    LEGAL_AID = "legal_aid", _("Legal aid")
    BAIL = "bail", _("Bail")
    PHONES_BACK = "phones_back", _("Getting phones or money back")
    MEDICAL_CARE = "medical_care", _("Medical care")
    SHELTER_RELEASE = "shelter_release", _("Release from a shelter")
    COMPLAINT_POLICE = "complaint_police", _("Complaint to the police")
    COMPLAINT_NHRC = "complaint_nhrc", _("Complaint to the National Human Rights Commission")
    COMPLAINT_SHRC = "complaint_shrc", _("Complaint to the State Human Rights Commission")
    COMPLAINT_WOMEN = "complaint_women", _("Complaint to the women's commission")
    MOBILISATION = "mobilisation", _("Community mobilisation")
    OTHER = "other", _("Other")


class ResponseOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    REFUSED = "refused", _("Refused by the authority")
    NO_ANSWER = "no_answer", _("No answer from the authority")


class OutcomeKind(models.TextChoices):
    """What became of a person picked up in a raid, in neutral words."""

    RELEASED = "released", _("Released")
    SHELTER = "shelter", _("Held in a shelter")
    RETURNED = "returned", _("Returned to sex work by their choice")
    RAIDED_AGAIN = "raided_again", _("Raided again")


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photograph")
    FIR_COPY = "fir_copy", _("FIR copy")
    UNDERTAKING = "undertaking", _("Undertaking")
    MEDICAL_REPORT = "medical_report", _("Medical report")
    OTHER = "other", _("Other document")
