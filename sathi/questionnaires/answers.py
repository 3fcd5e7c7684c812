"""Answers: a submission of a questionnaire version, its answers sealed per field class, its files sealed.

A submission is research, not a person's record: nobody is named, and it is sealed under the organisation's
key. Its answers are kept as one ciphertext per field class ({path: value} as JSON), so that a reader who may
not read a class never has that class opened, and an import of 10,000 submissions seals a few ciphertexts
per submission rather than one per answer. Paths are the XForm's, with repeat positions: "/data/hh[2]/age".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sathi.core.labels import ChoiceLabels
from sathi.prevention.vocab import Cohort, Gender
from sathi.questionnaires.vocab import (
    AgeBand,
    CodingVocabulary,
    ImportStatus,
    QuestionClass,
    SessionKind,
    SubmissionSource,
)

USER = settings.AUTH_USER_MODEL


class FormKey(models.Model):
    """A questionnaire's RSA key pair (ODK encrypted forms). The public key is published in the XForm's
    <submission base64RsaPublicKey>; the private key is wrapped by a master key from the keys file, as the
    organisation keys are, so a database dump cannot decrypt what the phones sent."""

    questionnaire = models.OneToOneField(
        "questionnaires.Questionnaire", on_delete=models.CASCADE, related_name="form_key"
    )
    public_key = models.TextField()  # base64 of the DER SubjectPublicKeyInfo, as ODK's settings sheet has it
    private_wrapped = models.BinaryField()  # PKCS#8 DER, sealed by the active master key
    created_at = models.DateTimeField(auto_now_add=True)


class Submission(ChoiceLabels, models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        "questionnaires.QuestionnaireVersion", on_delete=models.PROTECT, related_name="submissions"
    )
    # The first instance id of the submission (Kobo's meta/rootUuid, ODK's deprecatedID chain, Central's
    # __id): an edit keeps it, so importing again or an edited copy finds the same row.
    root_id = models.CharField(max_length=100)
    instance_id = models.CharField(max_length=100)  # the id of the copy held now
    source = models.CharField(max_length=8, choices=SubmissionSource.choices)
    encrypted = models.BooleanField(default=False)  # encrypted on the phone (and decrypted on receipt)
    complete = models.BooleanField(default=True)  # False: a draft being filled in Sathi
    raw_sealed = models.BinaryField(null=True, blank=True)  # the submission as it came, for audit
    session = models.ForeignKey(
        "questionnaires.StudySession", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    edits = models.PositiveIntegerField(default=0)  # how many times an edited copy replaced it
    fed_at = models.DateTimeField(null=True, blank=True)  # when its answers fed the prevention records

    class Meta:
        constraints = [
            # Idempotence: one row per submission in an organisation, whichever door it came through.
            models.UniqueConstraint(fields=["organisation", "root_id"], name="submission_root_unique"),
        ]
        indexes = [models.Index(fields=["version", "complete"], name="submission_version_complete")]


class AnswerSet(ChoiceLabels, models.Model):
    """The answers of one field class in one submission: {path: value} as JSON, sealed."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answer_sets")
    field_class = models.CharField(max_length=16, choices=QuestionClass.choices)
    values_sealed = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "field_class"], name="answer_set_class_unique")
        ]


class SubmissionFile(ChoiceLabels, models.Model):
    """A file sent with a submission (a photo, a signature), decrypted, checked by the upload pipeline
    (images rebuilt from their pixels: no location survives) and sealed."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    field_class = models.CharField(max_length=16, choices=QuestionClass.choices)
    content_type = models.CharField(max_length=100)
    content_sealed = models.BinaryField()
    name_sealed = models.BinaryField(null=True, blank=True)  # the phone's file name


class Study(models.Model):
    """A piece of research done with the community (003): its questionnaires are asked in its sessions."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)  # institutional: "Prevention in two districts"
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "title"], name="study_title_unique")]
        ordering = ["title", "pk"]


class StudyCohort(ChoiceLabels, models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="cohorts")
    cohort = models.CharField(_("cohort"), max_length=20, choices=Cohort.choices)
    questionnaire = models.ForeignKey(
        "questionnaires.Questionnaire", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["study", "cohort"], name="study_cohort_unique")]


class StudySession(ChoiceLabels, models.Model):
    """A focus group, an individual structured interview or an in-depth interview: when, where, who ran it
    (a community researcher is credited as one), who took part counted (never named), and their consent."""

    cohort = models.ForeignKey(StudyCohort, on_delete=models.PROTECT, related_name="sessions")
    kind = models.CharField(_("kind of session"), max_length=4, choices=SessionKind.choices)
    held_on = models.DateField(_("date"))
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    researcher = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    researcher_is_community = models.BooleanField(_("a community researcher"), default=False)
    # The prevention record the session's answers feed (ratings, preferences, vulnerability reports).
    research_session_id = models.PositiveBigIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class Participation(ChoiceLabels, models.Model):
    """One participant, counted: gender, age band and spoken informed consent in a language. No name, no
    contact: anonymous by default (003 names no respondent)."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="participants")
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    consent_spoken = models.BooleanField(_("consent given aloud"))
    consent_language = models.CharField(_("language of consent"), max_length=8)  # ISO 639, any language


class SubmissionImport(ChoiceLabels, models.Model):
    """A Kobo or Central export being imported by the background job: its file (sealed), its progress, and
    what came of it. The job keeps every submission of the file in one transaction, so a crash leaves
    nothing of it; running it again (resume) starts over and, being idempotent, completes."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        "questionnaires.QuestionnaireVersion", on_delete=models.PROTECT, related_name="imports"
    )
    source = models.CharField(max_length=8, choices=SubmissionSource.choices)
    status = models.CharField(max_length=8, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    replaced = models.PositiveIntegerField(default=0)
    unknown_paths = models.JSONField(default=list, blank=True)  # columns the form does not have
    failure = models.CharField(max_length=300, blank=True)  # Sathi's own words: no value of the file
    content_sealed = models.BinaryField()  # the export as uploaded
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)


class AnswerCode(ChoiceLabels, models.Model):
    """A researcher's coding of a free-text answer to a vocabulary code (a factor, a model, an office), so
    that words become comparable numbers. The words stay sealed where they are."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="codes")
    path = models.CharField(max_length=500)  # the question's path (no repeat position)
    vocabulary = models.CharField(max_length=12, choices=CodingVocabulary.choices)
    code = models.CharField(max_length=40)
    coded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "path", "vocabulary", "code"], name="answer_code_unique"
            )
        ]
