"""Erasure by key destruction (issue 13, item 3; DPDP Act 2023, s. 12).

Every field and file about her is sealed under her own data key (sathi.people.vault), and the key is stored
only wrapped by the organisation's key (held outside the database). Deleting the wrapped key makes every
ciphertext of hers unreadable at once, wherever a copy of the ciphertext is: the live database, its replicas,
every backup taken from now on. A backup taken before the erasure still holds her wrapped key; it becomes
useless too once the master key that wraps that backup's organisation keys is retired (`rotate_keys
--new-master`, then `--retire`; docs/deploy.md). Besides the key this service removes what could still
point at her:

- her blind indexes (names, name and year, phone) and the rows that exist only to hold her words (names,
  goals, legal documents and their files, age evidence with its dates of birth);
- every sealed column of hers is emptied, so that no page even tries to open a destroyed key;
- each referral copy another organisation holds: its key and copy are wiped (an erasure notice), and the
  receiving organisation's audit chain records it.

What stays: her pseudonymous code marked "erased" (Person.erased_at), the audit events (which never held
values), and the non-identifying coded facts (dates, codes, statuses) that the numbers of earlier months were
counted from, so a published count does not change after the fact. She is counted in earlier months as she
was; no new record about her can be written, because nobody sees her any more (policy.visible_people).

Refused while a legal hold stands: an open proceeding of hers as the complainant (an FIR, her statement, the
charge sheet, the trial, her compensation application) needs her record until it closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership, Organisation
from sathi.accounts.services import credentials_confirm
from sathi.audit.services import log_action
from sathi.care.models import Case, Goal, Referral
from sathi.care.vocab import CaseStatus
from sathi.core.cleaning import clean_choice, clean_text
from sathi.legal.models import Proceeding, ProceedingDocument, ProceedingKind, ProceedingStatus
from sathi.lib.errors import Forbidden
from sathi.people import policy, sealing
from sathi.people.models import AgeEvidence, Person, PersonKey, PersonName
from sathi.people.policy import Verb
from sathi.people.services import locked_visible, require_visible
from sathi.rights.models import Erasure
from sathi.rights.vocab import ErasureBasis

# Proceedings in which she is the complainant (or the claimant): her record is evidence until they close.
COMPLAINANT_KINDS = frozenset(
    {
        ProceedingKind.FIR,
        ProceedingKind.STATEMENT_164,
        ProceedingKind.CHARGE_SHEET,
        ProceedingKind.TRIAL_HEARING,
        ProceedingKind.VICTIM_COMPENSATION,
    }
)
OPEN_STATUSES = frozenset({ProceedingStatus.PLANNED, ProceedingStatus.PENDING})
# Rows that exist only to hold her words (a non-null sealed column): deleted, not emptied.
WORDS_ONLY = ("people.PersonName", "care.Goal", "legal.ProceedingDocument")
# Columns a constraint requires to hold something (a relation is named or linked, a resolved flag says how):
# emptied to zero bytes, which every reader takes as nothing written (sathi.people.sealing).
EMPTIED_TO_BYTES = frozenset(
    {
        "relations.Relation.name_sealed",
        "care.CaseFlag.resolution_sealed",
        "screening.Decision.police_reason_sealed",
    }
)


@dataclass(frozen=True)
class Hold:
    proceeding_id: int
    kind: str  # the proceeding's label
    next_date: date | None  # "until when": the next date set on it, if any


def legal_holds(person: Person) -> list[Hold]:
    rows = Proceeding.objects.filter(
        case__person=person, kind__in=COMPLAINANT_KINDS, status__in=OPEN_STATUSES
    ).order_by("next_date")
    return [
        Hold(proceeding_id=p.pk, kind=str(ProceedingKind(p.kind).label), next_date=p.next_date) for p in rows
    ]


def hold_message(holds: list[Hold]) -> str:
    parts = []
    for hold in holds:
        if hold.next_date:
            parts.append(
                _("%(step)s is open, next date %(date)s: the record is kept at least until it is closed.")
                % {"step": hold.kind, "date": formats.date_format(hold.next_date, "SHORT_DATE_FORMAT")}
            )
        else:
            parts.append(_("%(step)s is open: the record is kept until it is closed.") % {"step": hold.kind})
    return " ".join(
        [
            _("The record cannot be erased while a proceeding where the person is the complainant is open."),
            *parts,
        ]
    )


def retention_ends(person: Person) -> date | None:
    """The day her record falls under the retention rule: the set number of years after her last case closed.
    None while a case is open or she never had one."""
    cases = Case.objects.filter(person=person)
    if not cases.exists() or cases.exclude(status=CaseStatus.CLOSED).exists():
        return None
    last = cases.aggregate(last=Max("closed_on"))["last"]
    if last is None:
        return None
    years = person.organisation.retention_years
    try:
        return last.replace(year=last.year + years)
    except ValueError:  # 29 February
        return last.replace(year=last.year + years, day=28)


def retention_due(*, actor: Membership, today: date | None = None) -> list[Person]:
    """People of the organisation whose closed records are past the retention rule (a supervisor erases)."""
    if not policy.decide(actor, Verb.ERASE):
        raise Forbidden
    today = today or timezone.localdate()
    years = actor.organisation.retention_years
    cutoff = today - timedelta(days=365 * years)
    candidates = (
        policy.visible_people(actor, Person.objects.all())
        .filter(cases__status=CaseStatus.CLOSED, cases__closed_on__lte=cutoff)
        .distinct()
        .select_related("organisation")
    )
    return [p for p in candidates[:200] if (ends := retention_ends(p)) and ends <= today]


class NotReauthenticated(ValidationError):
    """The password or the authenticator code given to confirm an erasure is not right. A page counts it
    against the sign-in lockout, as every re-authentication form does."""


def person_erase(
    *,
    actor: Membership,
    person_id,
    basis: str,
    reason: str,
    password: str,
    code: str,
    passkey_id: int | None = None,
) -> Erasure:
    """Erase her by destroying her key. A supervisor, re-authenticated (password and authenticator code, or
    on the page password and the passkey that has just answered: `passkey_id`), with a reason; refused with
    why and until when while a legal hold stands. Nothing is written when refused."""
    if not policy.decide(actor, Verb.ERASE):
        raise Forbidden
    require_visible(actor, person_id)
    basis = clean_choice(basis, ErasureBasis, field="basis")
    reason = clean_text(reason, field="reason", max_length=500, required=True)
    if not credentials_confirm(
        user=actor.user, password=password or "", code=code or "", passkey_id=passkey_id
    ):
        raise NotReauthenticated(
            {
                "password": _(
                    "The password or code is not right. Nothing was erased: confirm who you are again."
                )
            }
        )
    with transaction.atomic():
        person = locked_visible(actor, person_id, None)
        holds = legal_holds(person)
        if holds:
            raise ValidationError({"__all__": hold_message(holds)})
        if basis == ErasureBasis.RETENTION and not _past_retention(person, timezone.localdate()):
            raise ValidationError(
                {"basis": _("The retention rule does not apply yet: a case is open or closed too recently.")}
            )
        return _erase(person, basis=basis, reason=reason, by=actor.user_id)


def _past_retention(person: Person, today: date) -> bool:
    ends = retention_ends(person)
    return ends is not None and ends <= today


def _erase(person: Person, *, basis: str, reason: str, by: int | None) -> Erasure:
    """Destroy her key, inside the caller's transaction with her row locked. `by` is the supervisor's user,
    or None for the organisation's retention job (a system action in the audit)."""
    erasure = Erasure(
        person=person,
        organisation_id=person.organisation_id,
        basis=basis,
        erased_by_id=by,
        erased_at=timezone.now(),
    )
    erasure.save()
    erasure.reason_sealed = sealing.seal(erasure, "reason_sealed", reason)
    erasure.notices = _send_erasure_notices(by, person)
    erasure.save(update_fields=["reason_sealed", "notices"])
    files = _destroy(person)
    log_action(
        actor=by,
        organisation=person.organisation_id,
        action="person.erased",
        target=person,
        fields=["key", "names", "phone", "sealed"],
        reason_given=True,
    )
    transaction.on_commit(lambda: [default_storage.delete(name) for name in files])
    return erasure


@dataclass(frozen=True)
class RetentionRun:
    erased: int
    held: int  # past retention, kept by a legal hold (each recorded in the audit with its proceedings)


def retention_erase(organisation_id: int, *, today: date | None = None) -> RetentionRun:
    """The retention rule, run by the daily job: every record of the organisation whose cases all closed
    more than its retention years ago is erased as a supervisor's erasure is, her key destroyed. A legal
    hold keeps the record; the audit records the hold's proceedings as the reason, and the job tries
    again on its next run. One transaction per person: a failure leaves the others done."""
    today = today or timezone.localdate()
    years = Organisation.objects.values_list("retention_years", flat=True).get(pk=organisation_id)
    cutoff = today - timedelta(days=365 * years)  # a first sieve; retention_ends decides to the day
    candidates = (
        Person.objects.filter(
            organisation_id=organisation_id,
            erased_at__isnull=True,
            cases__status=CaseStatus.CLOSED,
            cases__closed_on__lte=cutoff,
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    erased = held = 0
    reason = f"retention: closed records kept {years} years"  # sealed; says nothing about her
    for person_id in list(candidates):
        with transaction.atomic():
            person = (
                Person.objects.select_for_update(of=("self",))
                .select_related("organisation")
                .filter(pk=person_id, erased_at__isnull=True)
                .first()
            )
            if person is None or not _past_retention(person, today):
                continue
            holds = legal_holds(person)
            if holds:
                for hold in holds:  # why: each open proceeding of hers as complainant, by its record
                    log_action(
                        actor=None,
                        organisation=organisation_id,
                        action="person.erasure_held",
                        target_type=Proceeding._meta.label_lower,
                        target_id=str(hold.proceeding_id),
                        fields=["kind", "status"],
                    )
                held += 1
                continue
            _erase(person, basis=ErasureBasis.RETENTION, reason=reason, by=None)
            erased += 1
    log_action(
        actor=None,
        organisation=organisation_id,
        action="retention.run",
        target_type=Person._meta.label_lower,
        fields=["erased", "held"],
    )
    return RetentionRun(erased=erased, held=held)


def _send_erasure_notices(by: int | None, person: Person) -> int:
    """Each copy a referral carried to another organisation is wiped there; its own chain records it."""
    sent = 0
    for referral in Referral.objects.select_for_update().filter(case__person=person):
        Referral.objects.filter(pk=referral.pk).update(copy_sealed=b"", copy_key_wrapped=b"")
        log_action(
            actor=by,
            organisation=person.organisation_id,
            action="referral.erasure_notice_sent",
            target=referral,
            fields=["copy"],
        )
        if referral.receiver_id:
            log_action(
                actor=by,
                organisation=referral.receiver_id,
                action="referral.erased",
                target=referral,
                fields=["copy"],
            )
        sent += 1
    return sent


def _rows_of(model, path: str, person: Person):
    if path == "":
        return model.objects.filter(pk=person.pk)
    return model.objects.filter(**{path.replace(".", "__"): person})


def _destroy(person: Person) -> list[str]:
    """Empty every sealed column of hers, delete her words-only rows and indexes, then her key. Returns the
    stored files to delete once the transaction has committed."""
    files = list(
        ProceedingDocument.objects.filter(proceeding__case__person=person).values_list("stored_as", flat=True)
    )
    ProceedingDocument.objects.filter(proceeding__case__person=person).delete()
    Goal.objects.filter(case__person=person).delete()
    PersonName.objects.filter(person=person).delete()  # her names and their blind indexes
    AgeEvidence.objects.filter(person=person).delete()  # dates of birth and who gave them
    for label, decl in sealing.SEALED.items():
        app_model, column = label.rsplit(".", 1)
        if decl.person is None or app_model in WORDS_ONLY:
            continue
        model = apps.get_model(app_model)
        empty = b"" if label in EMPTIED_TO_BYTES else None
        _rows_of(model, decl.person, person).exclude(**{f"{column}__isnull": True}).update(**{column: empty})
    Person.objects.filter(pk=person.pk).update(
        phone_index="", erased_at=timezone.now(), version=person.version + 1
    )
    PersonKey.objects.filter(person=person).delete()
    return files


def erased_code(person: Person) -> bool:
    return person.erased_at is not None
