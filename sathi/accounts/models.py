from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from sathi.core.labels import ChoiceLabels


class Role(models.TextChoices):
    """DESIGN rule 4. What each role may see is decided in sathi.people.policy, nowhere else."""

    PEER_WORKER = "peer_worker", _("Peer worker")
    CASEWORKER = "caseworker", _("Caseworker")
    COUNSELLOR = "counsellor", _("Counsellor")
    LEGAL_ADVOCATE = "legal_advocate", _("Legal advocate")
    BOARD_MEMBER = "board_member", _("Board member")
    SUPERVISOR = "supervisor", _("Supervisor")
    ANALYST = "analyst", _("Analyst")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    AUDITOR = "auditor", _("Auditor")
    # 003 trains grassroots workers as researchers: sessions, ratings and dialogues, never a person or a case.
    COMMUNITY_RESEARCHER = "community_researcher", _("Community researcher")


class OrganisationKind(models.TextChoices):
    SEX_WORKER_COLLECTIVE = "sex_worker_collective", _("Sex-worker collective")
    SURVIVOR_COLLECTIVE = "survivor_collective", _("Survivor collective")
    NGO = "ngo", _("Non-governmental organisation")
    AFTERCARE_HOME = "aftercare_home", _("Aftercare home")
    OTHER = "other", _("Other")


class Organisation(ChoiceLabels, models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    # Settings of the organisation's own practice.
    follow_up_months = models.PositiveSmallIntegerField(
        _("months of follow-up after a case ends"), default=12
    )
    # Counts below this are suppressed in every number that leaves Sathi (DESIGN rule 10): 5 to 11.
    disclosure_threshold = models.PositiveSmallIntegerField(_("smallest count shown"), default=5)
    # Her own record (issue 13) names the roles and organisations that opened it; a worker's name only
    # when the organisation chooses so.
    summary_names_workers = models.BooleanField(
        _("her own record names the workers who opened it"), default=False
    )
    # Closed records are erased (their keys destroyed) this many years after the last case closed.
    retention_years = models.PositiveSmallIntegerField(_("years a closed record is kept"), default=7)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A worker. Personal details of workers are kept to a username and a display name."""

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(_("language"), max_length=8, default="en")

    def __str__(self) -> str:
        return self.display_name or self.username


class Membership(ChoiceLabels, models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # One role per person per organisation: what she may see is never a union of roles.
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organisation_id}:{self.role}"


class OrganisationKey(models.Model):
    """An organisation's data key and blind-index key, each wrapped by a master key.

    Versions let `rotate_keys` bring in a new data key while the old one still opens person keys
    that have not been re-wrapped yet (rotation without downtime).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="keys")
    version = models.PositiveIntegerField()
    wrapped_data_key = models.BinaryField()
    wrapped_index_key = models.BinaryField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="orgkey_unique_version"),
            # At most one active key per organisation: new wrappings must be unambiguous.
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(is_active=True), name="orgkey_one_active"
            ),
        ]


class LoginFailure(models.Model):
    """Failed sign-ins counted per username in one bucket (sathi.accounts.lockout says which).

    The username is stored as a keyed digest so that this table does not list who works here.
    """

    username_digest = models.CharField(max_length=64)
    # "ip:<address>", "device:<id>" or "user" (every client without a device cookie)
    bucket = models.CharField(max_length=80)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username_digest", "bucket"], name="loginfailure_unique_bucket")
        ]


class SealedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """A TOTP second factor whose seed is encrypted under a key derived from the master key."""

    seed = models.BinaryField()
    step = models.PositiveSmallIntegerField(default=30)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "TOTP device"

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token) -> bool:
        from sathi.accounts.totp import verify_device_token

        return verify_device_token(self, token)


class ApiTokenQuerySet(models.QuerySet):
    def live(self, now=None):
        """Tokens that still open the API: not revoked, not expired, used (or issued) within the idle limit,
        held by an active member. The one statement of that rule, for the API and the tokens page."""
        now = now or timezone.now()
        idle_from = now - timedelta(days=settings.SATHI_TOKEN_IDLE_DAYS)
        return self.filter(
            models.Q(last_used_at__gt=idle_from)
            | models.Q(last_used_at__isnull=True, created_at__gt=idle_from),
            revoked_at__isnull=True,
            expires_at__gt=now,
            membership__is_active=True,
            membership__user__is_active=True,
        )


class ApiToken(models.Model):
    """A bearer token for the API, stored only as an HMAC digest; shown once when issued.

    It stops working at `expires_at`, after SATHI_TOKEN_IDLE_DAYS unused, or when revoked; a read-only
    token is refused every write.
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)
    read_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def idle_until(self):
        """When it stops working if it is not used before then."""
        return (self.last_used_at or self.created_at) + timedelta(days=settings.SATHI_TOKEN_IDLE_DAYS)


class OnceToken(models.Model):
    """A form's one-time token: the same form posted twice does its work once (double submit, retry)."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    result_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
