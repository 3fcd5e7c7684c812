"""Code-defined vocabularies for the person record (DESIGN rule 8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sathi.lib.agerange import Kind as AgeKind
from sathi.lib.agerange import Status as AgeStatusValue


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    TRANS_WOMAN = "trans_woman", _("Trans woman")
    TRANS_MAN = "trans_man", _("Trans man")
    NON_BINARY = "non_binary", _("Non-binary")
    UNDISCLOSED = "undisclosed", _("Does not want to say")


class Language(models.TextChoices):
    BENGALI = "bn", _("Bengali")
    HINDI = "hi", _("Hindi")
    ENGLISH = "en", _("English")
    URDU = "ur", _("Urdu")
    NEPALI = "ne", _("Nepali")
    ODIA = "or", _("Odia")
    ASSAMESE = "as", _("Assamese")
    MARATHI = "mr", _("Marathi")
    TELUGU = "te", _("Telugu")
    TAMIL = "ta", _("Tamil")
    KANNADA = "kn", _("Kannada")
    SANTALI = "sat", _("Santali")
    OTHER = "other", _("Other language")


class Region(models.TextChoices):
    """State of origin: Indian states and union territories, and the neighbouring countries."""

    WEST_BENGAL = "IN-WB", _("West Bengal")
    BIHAR = "IN-BR", _("Bihar")
    JHARKHAND = "IN-JH", _("Jharkhand")
    ODISHA = "IN-OR", _("Odisha")
    ASSAM = "IN-AS", _("Assam")
    UTTAR_PRADESH = "IN-UP", _("Uttar Pradesh")
    MAHARASHTRA = "IN-MH", _("Maharashtra")
    DELHI = "IN-DL", _("Delhi")
    ANDHRA_PRADESH = "IN-AP", _("Andhra Pradesh")
    TELANGANA = "IN-TG", _("Telangana")
    KARNATAKA = "IN-KA", _("Karnataka")
    TAMIL_NADU = "IN-TN", _("Tamil Nadu")
    MADHYA_PRADESH = "IN-MP", _("Madhya Pradesh")
    CHHATTISGARH = "IN-CT", _("Chhattisgarh")
    RAJASTHAN = "IN-RJ", _("Rajasthan")
    OTHER_INDIA = "IN-XX", _("Other Indian state")
    BANGLADESH = "BD", _("Bangladesh")
    NEPAL = "NP", _("Nepal")
    OTHER_COUNTRY = "XX", _("Other country")
    UNKNOWN = "", _("Not known")


class DocumentHeld(models.TextChoices):
    """Which documents she holds. Never their numbers: Aadhaar and the like are not recorded."""

    AADHAAR = "aadhaar", _("Aadhaar card")
    VOTER_ID = "voter_id", _("Voter card")
    RATION_CARD = "ration_card", _("Ration card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    SCHOOL_CERTIFICATE = "school_certificate", _("School certificate")
    PAN_CARD = "pan_card", _("PAN card")
    BANK_PASSBOOK = "bank_passbook", _("Bank passbook")
    PASSPORT = "passport", _("Passport")
    OTHER = "other", _("Other document")


class NameKind(models.TextChoices):
    NAME = "name", _("Name")
    ALIAS = "alias", _("Work name or other name")


class AgeEvidenceKind(models.TextChoices):
    SCHOOL_CERTIFICATE = AgeKind.SCHOOL_CERTIFICATE.value, _("School or matriculation certificate")
    BIRTH_CERTIFICATE = AgeKind.BIRTH_CERTIFICATE.value, _("Birth certificate")
    OTHER_DOCUMENT = AgeKind.OTHER_DOCUMENT.value, _("Other document with a date of birth")
    MEDICAL_OPINION = AgeKind.MEDICAL_OPINION.value, _("Medical opinion (bone or ossification test)")
    SELF_STATED = AgeKind.SELF_STATED.value, _("Their own statement")
    ESTIMATE = AgeKind.ESTIMATE.value, _("Estimate by police or an organisation")


class AgeStatus(models.TextChoices):
    ADULT = AgeStatusValue.ADULT.value, _("Adult")
    MINOR = AgeStatusValue.MINOR.value, _("Minor")
    DISPUTED = AgeStatusValue.DISPUTED.value, _("Disputed")
    UNKNOWN = AgeStatusValue.UNKNOWN.value, _("Unknown")


class ConsentPurpose(models.TextChoices):
    KEEP_RECORD = "keep_record", _("Keeping a record about the person")
    CASE_MANAGEMENT = "case_management", _("Case management")
    SHARE_WITH_ORGANISATION = "share", _("Sharing with a named organisation")
    STATISTICS = "statistics", _("Use in aggregate statistics")
    CONTACT = "contact", _("Being contacted")
    COMMUNITY_ALERTS = "community_alerts", _("Community alerts")


class ConsentMethod(models.TextChoices):
    SPOKEN = "spoken", _("Spoken")
    WRITTEN = "written", _("Written")
    THUMBPRINT = "thumbprint", _("Thumbprint")


class ContactChannel(models.TextChoices):
    IN_PERSON_PEER = "in_person_peer", _("In person, through a peer worker")
    PHONE_CALL = "phone_call", _("Phone call")
    SMS = "sms", _("Text message")
    MESSAGING_APP = "messaging_app", _("Messaging app")
    THROUGH_COLLECTIVE = "through_collective", _("Through the collective's office")


class ConsentingParty(models.TextChoices):
    SELF = "self", _("The person themself")
    GUARDIAN = "guardian", _("Parent or guardian")
    CWC = "cwc", _("Child Welfare Committee")
