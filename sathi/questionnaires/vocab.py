from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionClass(models.TextChoices):
    """A question's field class: sathi.people.policy.FieldClass's values, and "none" for a question that is
    not about a person (a building's walls, the interviewer's device). Answers will be sealed by it."""

    IDENTITY = "identity", _("Identity")
    LOCATION = "location", _("Location")
    HEALTH = "health", _("Health")
    LEGAL = "legal", _("Legal")
    VIOLENCE = "violence", _("Violence history")
    NONE = "none", _("Not about a person")


class ClassSource(models.TextChoices):
    COLUMN = "column", _("The form's sathi::class column")
    GROUP = "group", _("Chosen for its group at import")
    DEFAULT = "default", _("The default chosen at import")


class FileType(models.TextChoices):
    XLSX = "xlsx", "xlsx"
    XLS = "xls", "xls"


class SubmissionSource(models.TextChoices):
    ODK = "odk", _("ODK Collect or Enketo")
    KOBO = "kobo", _("KoboToolbox export")
    CENTRAL = "central", _("ODK Central export")
    SATHI = "sathi", _("Filled in Sathi")


class SessionKind(models.TextChoices):
    """003's three instruments."""

    FGD = "fgd", _("Focus group discussion")
    ISI = "isi", _("Individual structured interview")
    IDI = "idi", _("In-depth interview")


class AgeBand(models.TextChoices):
    UNDER_18 = "u18", _("Under 18")
    A18_24 = "18-24", _("18 to 24")
    A25_34 = "25-34", _("25 to 34")
    A35_49 = "35-49", _("35 to 49")
    A50_UP = "50+", _("50 and over")
    UNSAID = "unsaid", _("Not said")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Stopped")


class CodingVocabulary(models.TextChoices):
    FACTORS = "factors", _("Vulnerability factors")
    MODELS = "models", _("Prevention models")
    OFFICES = "offices", _("Offices")
