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
