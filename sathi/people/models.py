"""The person at the centre. Identity and location are sealed (sathi.people.vault); codes are not."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sathi.core.labels import ChoiceLabels
from sathi.lib import pseudocode
from sathi.people.vocab import (
    AgeEvidenceKind,
    AgeStatus,
    ConsentingParty,
    ConsentMethod,
    ConsentPurpose,
    ContactChannel,
    Gender,
    NameKind,
    Region,
)


class Person(ChoiceLabels, models.Model):
    # UUIDs so that a row's id is known before it is written: ciphertexts are bound to it.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=8)
    version = models.PositiveIntegerField(default=1)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, default=Gender.UNDISCLOSED)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    origin_state = models.CharField(
        _("state or country of origin"), max_length=8, choices=Region.choices, blank=True
    )
    origin_district = models.CharField(_("district of origin"), max_length=80, blank=True)
    documents_held = models.JSONField(_("documents they hold"), default=list, blank=True)
    # identity class
    phone_sealed = models.BinaryField(null=True, blank=True)
    phone_index = models.CharField(max_length=16, blank=True)
    # location class
    location_sealed = models.BinaryField(null=True, blank=True)
    # The age assessment, recomputed from the evidence whenever it changes (sathi.lib.agerange).
    age_status = models.CharField(
        _("age"), max_length=10, choices=AgeStatus.choices, default=AgeStatus.UNKNOWN
    )
    born_earliest = models.DateField(null=True, blank=True)
    born_latest = models.DateField(null=True, blank=True)
    # Set when her data key was destroyed (sathi.rights.erasure): the code stays, marked "erased".
    erased_at = models.DateTimeField(_("erased on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="person_unique_code"),
            models.CheckConstraint(
                condition=models.Q(born_earliest__isnull=True)
                | models.Q(born_earliest__lte=models.F("born_latest")),
                name="person_birth_window_ordered",
            ),
        ]
        indexes = [
            # Duplicate warning and exact-phone search look up the blind index within an organisation.
            models.Index(fields=["organisation", "phone_index"], name="person_phone_index"),
            # A supervisor's "recently changed" list walks this index instead of sorting the organisation.
            models.Index(fields=["organisation", "-updated_at"], name="person_recent"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def display_code(self) -> str:
        """The code as it is shown and read aloud: in two halves, "KT4M-9PX7"."""
        return pseudocode.display(self.code)


class PersonKey(models.Model):
    """Her own data key, wrapped by the organisation's key. Destroying it erases her sealed fields."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, primary_key=True, related_name="key")
    wrapped = models.BinaryField()


class PersonName(ChoiceLabels, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=8, choices=NameKind.choices, default=NameKind.NAME)
    value_sealed = models.BinaryField()
    name_index = models.CharField(max_length=16)
    # name + birth year, for the duplicate warning at registration
    name_year_index = models.CharField(max_length=16, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [
            # Exact-name search and duplicate warning by blind index.
            models.Index(fields=["name_index"], name="personname_index"),
            models.Index(fields=["name_year_index"], name="personname_year_index"),
        ]


class AgeEvidence(ChoiceLabels, models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="age_evidence")
    kind = models.CharField(_("kind of evidence"), max_length=24, choices=AgeEvidenceKind.choices)
    as_of = models.DateField(_("date of the statement or examination"))
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    age_years = models.PositiveSmallIntegerField(_("age in years"), null=True, blank=True)
    margin_years = models.PositiveSmallIntegerField(_("margin in years"), default=0)
    source_sealed = models.BinaryField(null=True, blank=True)  # who gave it (sathi.people.sealing)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_of_birth__isnull=False) | models.Q(age_years__isnull=False),
                name="ageevidence_has_value",
            ),
            models.CheckConstraint(condition=models.Q(age_years__lte=120), name="ageevidence_age_plausible"),
            models.CheckConstraint(
                condition=models.Q(margin_years__lte=10), name="ageevidence_margin_plausible"
            ),
        ]


class Consent(ChoiceLabels, models.Model):
    """Her consent (or refusal) for one purpose. Withdrawal is a timestamp, effective at once."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    receiver = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation it is shared with"),
    )
    channel = models.CharField(_("safe channel"), max_length=24, choices=ContactChannel.choices, blank=True)
    granted = models.BooleanField(_("granted"), default=True)
    method = models.CharField(_("how it was given"), max_length=12, choices=ConsentMethod.choices)
    explained_in = models.CharField(_("language it was explained in"), max_length=8)
    consenting_party = models.CharField(
        _("whose consent"), max_length=10, choices=ConsentingParty.choices, default=ConsentingParty.SELF
    )
    guardian_relationship_sealed = models.BinaryField(null=True, blank=True)  # (sathi.people.sealing)
    legal_basis_sealed = models.BinaryField(null=True, blank=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(_("taken on"))
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-taken_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(purpose="share") | models.Q(receiver__isnull=False),
                name="consent_share_names_receiver",
            ),
            models.CheckConstraint(
                condition=~models.Q(purpose="contact", granted=True) | ~models.Q(channel=""),
                name="consent_contact_names_channel",
            ),
        ]
        indexes = [
            # "Is this use consented now?" is asked on every share, export and contact.
            models.Index(fields=["person", "purpose"], name="consent_person_purpose"),
        ]


class Assignment(models.Model):
    """A worker assigned to her: the access policy lets the assigned see her record."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "user"], name="assignment_unique")]
        # (user, person) serves "my people"; the unique constraint serves the per-person check.
        indexes = [models.Index(fields=["user", "person"], name="assignment_user_person")]


class BreakGlass(models.Model):
    """An emergency opening of a record by someone not assigned to her, with a written reason."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason_sealed = models.BinaryField(
        null=True, blank=True
    )  # supervisors read it; the audit log never holds it
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # "Which records has this worker opened in an emergency, still open?" on every person lookup.
        indexes = [models.Index(fields=["user", "expires_at"], name="breakglass_user_open")]


class PersonNameKey(models.Model):
    """One blind key of one token of one of her names (sathi.people.namesearch): what name search looks up.

    The value is an HMAC under the organisation's blind-index key, truncated to SEARCH_KEY_BITS bits so that
    different tokens share keys (docs/search.md says what these rows reveal). Written with her names, in the
    same transaction, and rewritten with them.
    """

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys", db_index=False)
    key = models.IntegerField()
    # The key scheme a row was made with: `manage.py build_search_keys` rewrites rows of an older one.
    scheme = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            # A supervisor's search: the organisation's people with these keys.
            models.Index(fields=["organisation", "key", "person"], name="personnamekey_lookup"),
        ]
        constraints = [
            # A worker's search starts from her own people and probes their keys; also the cascade. Each key
            # once per person, so that a search counts the keys she shares with count(*), hashed, rather
            # than count(DISTINCT key), which sorts every row of a common name (sathi.people.namesearch).
            models.UniqueConstraint(fields=["person", "key"], name="personnamekey_once"),
        ]
