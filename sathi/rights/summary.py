"""Her own record (issue 13, item 1; DPDP Act 2023, s. 11; seed 002, data protection: "made accessible to
him or her"): a summary of everything Sathi holds about her, in the language she chooses.

Every class of her data is in it, including those the worker's role masks: it is hers, and the worker only
hands it to her. It names the organisations her data went to and the roles and organisations that opened
her record (from the audit; a worker's name only when the organisation's setting says so). Producing it is
audited; it is built in memory for one answer and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership, Role
from sathi.audit.models import AuditEvent
from sathi.audit.services import log_member_action
from sathi.care import models as care
from sathi.legal.models import Proceeding
from sathi.lib import agerange, pseudocode
from sathi.lib.errors import NotFound
from sathi.people import policy, sealing
from sathi.people.models import Person
from sathi.people.policy import Kind
from sathi.people.vault import PersonVault
from sathi.people.vocab import AgeEvidenceKind, ConsentPurpose, DocumentHeld, Language, NameKind
from sathi.relations.models import LifeEvent, Relation
from sathi.rights.models import CorrectionRequest, Crossing
from sathi.rights.vocab import SUMMARY_LANGUAGES, CorrectionStatus, Stage, StageStatus
from sathi.screening.models import Screening
from sathi.violations.models import AffectedPerson

# The audit actions that open (read) her record, and the record types that are hers.
OPENED = frozenset(
    {
        "person.viewed",
        "person.break_glass",
        "case.viewed",
        "case.wish_viewed",
        "relations.viewed",
        "referral.viewed",
        "document.viewed",
        "screening.consent_words_opened",
        "own_record.produced",
    }
)
OPENINGS_SHOWN = 300


@dataclass
class Entry:
    heading: str
    lines: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    intro: str = ""
    entries: list[Entry] = field(default_factory=list)


@dataclass
class OwnRecord:
    language: str
    code: str
    organisation: str
    produced_on: date
    sections: list[Section]

    def text(self) -> str:
        """Every word of it, in reading order (the PDF's text and the tests' reference)."""
        parts = [self.code, self.organisation]
        for section in self.sections:
            parts += [section.title, section.intro]
            for entry in section.entries:
                parts.append(entry.heading)
                parts += [f"{label} {text}" for label, text in entry.lines]
        return "\n".join(p for p in parts if p)


def _d(day) -> str:
    if day is None:
        return "—"
    if hasattr(day, "date") and callable(day.date):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return formats.date_format(day, "DATE_FORMAT")


def _label(choices, code) -> str:
    return str(choices(code).label) if code in choices.values else (code or "—")


def _labels(choices, codes) -> str:
    return ", ".join(_label(choices, c) for c in codes or []) or "—"


def language_check(person: Person, language: str) -> str:
    """The summary's language: one Sathi prints in, and one she speaks."""
    if language not in SUMMARY_LANGUAGES:
        raise ValidationError({"language": _("Choose English, Bengali or Hindi.")})
    if language not in (person.languages or []):
        raise ValidationError(
            {
                "language": _(
                    "The person does not speak this language, as their record says. Choose one they speak, "
                    "or add the language to their record first."
                )
            }
        )
    return language


def own_record(*, actor: Membership, person_id, language: str, today: date | None = None) -> OwnRecord:
    """Her whole record, for her, in `language`. Audited as produced (which classes, never values)."""
    from sathi.people.selectors import person_get

    if not policy.decide(actor, Kind.OWN_RECORD):
        raise NotFound
    person = person_get(actor=actor, person_id=person_id)
    if not policy.decide(actor, Kind.OWN_RECORD, person):
        raise NotFound
    language_check(person, language)
    today = today or timezone.localdate()
    vault = PersonVault.open(person)
    with translation.override(language):
        sections = [
            _who(person, vault),
            _age(person, today),
            _consents(person, vault),
            *_care(person, vault),
            _legal(person, vault),
            _screenings(person),
            _relations(person, vault),
            _incidents(person, vault),
            *_crossing(person, vault),
            _corrections(person, vault),
            _shared(person),
            _opened(person),
            _rights(person),
        ]
        record = OwnRecord(
            language=language,
            code=pseudocode.display(person.code),
            organisation=person.organisation.name,
            produced_on=today,
            sections=[s for s in sections if s is not None],
        )
    log_member_action(actor, "own_record.produced", person, [s.key for s in record.sections])
    return record


def _who(person: Person, vault: PersonVault) -> Section:
    names = list(person.names.all())
    value = lambda n: vault.open_field(n, "value", n.value_sealed)  # noqa: E731
    lines = [
        (_("Your code"), pseudocode.display(person.code)),
        (_("Names"), ", ".join(value(n) for n in names if n.kind == NameKind.NAME) or "—"),
        (
            _("Work names and other names"),
            ", ".join(value(n) for n in names if n.kind == NameKind.ALIAS) or "—",
        ),
        (_("Phone"), vault.open_field(person, "phone", person.phone_sealed) or "—"),
        (_("Where you stay now"), vault.open_field(person, "location", person.location_sealed) or "—"),
        (_("Gender"), str(person.get_gender_display())),
        (_("Languages you speak"), _labels(Language, person.languages)),
        (
            _("Origin"),
            ", ".join(x for x in (person.origin_district, str(person.get_origin_state_display())) if x),
        ),
        (_("Documents you hold"), _labels(DocumentHeld, person.documents_held)),
    ]
    return Section("identity", _("Who you are"), entries=[Entry("", lines)])


def _age(person: Person, today: date) -> Section:
    evidence = list(person.age_evidence.all())
    assessment = agerange.assess(
        [
            agerange.Evidence(
                kind=agerange.Kind(e.kind),
                as_of=e.as_of,
                date_of_birth=e.date_of_birth,
                age_years=e.age_years,
                margin_years=e.margin_years,
            )
            for e in evidence
        ],
        today,
    )
    span = assessment.age_range(today)
    reading = str(person.get_age_status_display())
    if span:
        reading += " · " + (
            _("%(age)s years old") % {"age": span[0]}
            if span[0] == span[1]
            else _("between %(low)s and %(high)s years old") % {"low": span[0], "high": span[1]}
        )
    why = _(
        "Your age is read from the strongest evidence, in the order of the Juvenile Justice Act: a birth "
        "or school certificate first, then a medical opinion, then what you said. A police estimate never "
        "decides."
    )
    if assessment.decided_by:
        why += " " + _("Here it follows: %(kind)s.") % {
            "kind": _label(AgeEvidenceKind, assessment.decided_by.value)
        }
    if person.age_status == "disputed":
        why += " " + _("The evidence allows both a minor and an adult, so your age is disputed, not decided.")
    entries = [Entry("", [(_("Your age"), reading)])]
    for e in evidence:
        value = _("born %(date)s") % {"date": _d(e.date_of_birth)} if e.date_of_birth else str(e.age_years)
        if e.margin_years:
            value += f" ± {e.margin_years}"
        entries.append(
            Entry(str(e.get_kind_display()), [(_("Date"), _d(e.as_of)), (_("Age or date of birth"), value)])
        )
    return Section("age", _("Your age and why it reads so"), why, entries)


def _consents(person: Person, vault: PersonVault) -> Section:
    entries = []
    for c in person.consents.select_related("receiver").order_by("taken_at", "pk"):
        title = str(c.get_purpose_display())
        if c.receiver_id:
            title += f": {c.receiver.name}"
        answer = _("Agreed") if c.granted else _("Refused")
        lines = [
            (_("Answer"), answer),
            (_("Given on"), _d(c.taken_at)),
            (_("How it was given"), str(c.get_method_display())),
            (_("Whose consent"), str(c.get_consenting_party_display())),
        ]
        if c.channel:
            lines.append((_("Safe channel"), str(c.get_channel_display())))
        if c.withdrawn_at:
            lines.append((_("Withdrawn on"), _d(c.withdrawn_at)))
        elif c.granted:
            lines.append(
                (
                    _("How to withdraw it"),
                    _("Tell any worker of %(org)s. It stops at once.") % {"org": person.organisation.name},
                )
            )
        for column, label in (
            ("legal_basis_sealed", _("Legal basis")),
            ("guardian_relationship_sealed", _("Guardian")),
        ):
            text = sealing.open_text(c, column, vault=vault)
            if text:
                lines.append((label, text))
        entries.append(Entry(title, lines))
    return Section(
        "consent",
        _("Your consents and their history"),
        _("You can withdraw any consent at any time, as easily as you gave it."),
        entries,
    )


def _care(person: Person, vault: PersonVault) -> list[Section]:
    cases = list(care.Case.objects.filter(person=person).order_by("opened_on"))
    if not cases:
        return []
    open_ = lambda row, column: sealing.open_text(row, column, vault=vault) or ""  # noqa: E731
    case_entries, needs, services, placements, follow_ups = [], [], [], [], []
    for case in cases:
        lines = [(_("Opened on"), _d(case.opened_on)), (_("Status"), str(case.get_status_display()))]
        for choice in care.PathwayChoice.objects.filter(case=case).order_by("stated_on"):
            text = str(choice.get_pathway_display())
            words = open_(choice, "words_sealed")
            lines.append(
                (
                    _("Your chosen path on %(date)s") % {"date": _d(choice.stated_on)},
                    f"{text}. {words}".strip(),
                )
            )
        for goal in care.Goal.objects.filter(case=case).order_by("recorded_on"):
            lines.append((_("Your goal"), vault.open_field(goal, "text", goal.text_sealed)))
        case_entries.append(Entry(str(case.get_origin_display()), lines))
        for need in case.needs.all():
            needs.append(Entry(str(need.get_code_display()), [(_("Status"), str(need.get_status_display()))]))
        for record in care.ServiceRecord.objects.filter(case=case).order_by("delivered_on"):
            lines = [(_("Date"), _d(record.delivered_on))]
            notes = open_(record, "notes_sealed")
            if notes:
                lines.append((_("Notes"), notes))
            services.append(Entry(str(record.get_service_type_display()), lines))
        for placement in care.Placement.objects.filter(case=case).order_by("entry_date"):
            lines = [
                (_("Place"), open_(placement, "facility_sealed") or "—"),
                (_("From"), _d(placement.entry_date)),
                (_("Until"), _d(placement.exit_date)),
                (_("Your wish at entry"), str(placement.get_wish_at_entry_display())),
            ]
            placements.append(Entry(str(placement.get_kind_display()), lines))
        for follow_up in care.FollowUp.objects.filter(case=case).order_by("due_on"):
            lines = [(_("Due on"), _d(follow_up.due_on)), (_("Done on"), _d(follow_up.done_on))]
            if follow_up.outcome:
                lines.append((_("Outcome"), str(follow_up.get_outcome_display())))
            safety = open_(follow_up, "safety_sealed")
            if safety:
                lines.append((_("Safety"), safety))
            follow_ups.append(Entry(_("Follow-up"), lines))
    return [
        Section("case", _("Your case and your path, in your own words"), entries=case_entries),
        Section("needs", _("Needs and services"), entries=needs + services),
        Section("placements", _("Placements"), entries=placements),
        Section("follow_ups", _("Follow-ups"), entries=follow_ups),
    ]


def _legal(person: Person, vault: PersonVault) -> Section | None:
    rows = list(Proceeding.objects.filter(case__person=person).order_by("event_date", "pk"))
    if not rows:
        return None
    entries = []
    for p in rows:
        lines = [
            (_("Status"), str(p.get_status_display())),
            (_("Date"), _d(p.event_date)),
            (_("Next date"), _d(p.next_date)),
        ]
        for column, label in (("lawyer_name_sealed", _("Lawyer")), ("notes_sealed", _("Notes"))):
            text = sealing.open_text(p, column, vault=vault)
            if text:
                lines.append((label, text))
        entries.append(Entry(str(p.get_kind_display()), lines))
    return Section("legal", _("Legal steps"), entries=entries)


def _screenings(person: Person) -> Section | None:
    rows = list(Screening.objects.filter(person=person).select_related("decision").order_by("screened_on"))
    if not rows:
        return None
    entries = []
    for s in rows:
        decision = getattr(s, "decision", None)
        outcome = str(decision.get_classification_display()) if decision else _("Not decided yet")
        entries.append(Entry(_d(s.screened_on), [(_("Decision"), outcome)]))
    return Section("screening", _("Screenings"), entries=entries)


def _relations(person: Person, vault: PersonVault) -> Section | None:
    relations = list(Relation.objects.filter(person=person))
    events = list(LifeEvent.objects.filter(person=person).order_by("year"))
    if not relations and not events:
        return None
    entries = []
    for r in relations:
        entries.append(
            Entry(
                str(r.get_kind_display()),
                [
                    (_("Where in your life"), str(r.get_domain_display())),
                    (_("Name"), sealing.open_text(r, "name_sealed", vault=vault) or "—"),
                ],
            )
        )
    for e in events:
        lines = [(_("Year"), str(e.year or "—"))]
        note = sealing.open_text(e, "note_sealed", vault=vault)
        if note:
            lines.append((_("Notes"), note))
        entries.append(Entry(str(e.get_kind_display()), lines))
    return Section("relations", _("Relations and life events you told us about"), entries=entries)


def _incidents(person: Person, vault: PersonVault) -> Section | None:
    rows = list(
        AffectedPerson.objects.filter(person=person)
        .select_related("incident")
        .order_by("incident__start_date")
    )
    if not rows:
        return None
    entries = []
    for a in rows:
        lines = [(_("Date"), _d(a.incident.start_date))]
        account = sealing.open_text(a, "account_sealed", vault=vault)
        if account:
            lines.append((_("Your account"), account))
        entries.append(Entry(str(a.incident.get_incident_type_display()), lines))
    return Section("incidents", _("Incidents in which you are recorded"), entries=entries)


def _crossing(person: Person, vault: PersonVault) -> list[Section]:
    crossing = Crossing.objects.filter(person=person).first()
    if crossing is None:
        return []
    lines = [
        (_("Nationality"), str(crossing.get_nationality_display())),
        (_("Country of origin"), str(crossing.get_country_of_origin_display())),
        (_("Migration status"), str(crossing.get_migration_status_display())),
    ]
    if crossing.reflection_from:
        lines.append(
            (_("Reflection period"), f"{_d(crossing.reflection_from)} – {_d(crossing.reflection_until)}")
        )
    if crossing.first_questioned_on:
        lines.append((_("First questioned on"), _d(crossing.first_questioned_on)))
    entries = [Entry("", lines)]
    for wish in crossing.wishes.all():
        words = sealing.open_text(wish, "words_sealed", vault=vault) or ""
        entries.append(
            Entry(
                _("Your wish on %(date)s") % {"date": _d(wish.stated_on)},
                [(str(wish.get_wish_display()), words)],
            )
        )
    latest = {}
    for row in crossing.stages.order_by("on", "recorded_at"):
        latest[row.stage] = row
    stages = []
    for code, label in Stage.choices:
        row = latest.get(code)
        status = str(StageStatus(row.status).label) if row else str(StageStatus.NOT_STARTED.label)
        stage_lines = [(_("Status"), status)]
        if row:
            stage_lines.append((_("Date"), _d(row.on)))
            note = sealing.open_text(row, "note_sealed", vault=vault)
            if note:
                stage_lines.append((_("Notes"), note))
        stages.append(Entry(str(label), stage_lines))
    for step in crossing.residence.all():
        entries.append(
            Entry(
                str(step.get_kind_display()),
                [(_("Status"), str(step.get_status_display())), (_("Date"), _d(step.on))],
            )
        )
    for c in crossing.compensation.all():
        entries.append(
            Entry(
                f"{c.get_kind_display()} · {c.get_payer_display()}",
                [
                    (_("Claimed"), f"{_d(c.claimed_on)} {c.amount_claimed or ''}".strip()),
                    (_("Awarded"), f"{_d(c.awarded_on)} {c.amount_awarded or ''}".strip()),
                    (_("Received"), f"{_d(c.received_on)} {c.amount_received or ''}".strip()),
                ],
            )
        )
    for plan in crossing.repatriations.all():
        entries.append(
            Entry(
                _("Plan to return"),
                [
                    (_("Country of return"), str(plan.get_destination_display())),
                    (_("Status"), str(plan.get_status_display())),
                ],
            )
        )
    return [
        Section(
            "crossing",
            _("Crossing a border"),
            _("Services continue whatever you decide about staying or returning."),
            entries,
        ),
        Section("stages", _("Your rights at each stage"), entries=stages),
    ]


def _corrections(person: Person, vault: PersonVault) -> Section | None:
    rows = list(CorrectionRequest.objects.filter(person=person).order_by("requested_at"))
    if not rows:
        return None
    entries = []
    for r in rows:
        lines = [
            (_("Asked on"), _d(r.requested_at)),
            (_("What you said is wrong"), sealing.open_text(r, "wrong_sealed", vault=vault) or ""),
            (_("What you said is right"), sealing.open_text(r, "right_sealed", vault=vault) or ""),
            (_("Answer"), str(r.get_status_display())),
        ]
        if r.status == CorrectionStatus.REFUSED:
            lines.append((_("Why it was refused"), sealing.open_text(r, "refusal_sealed", vault=vault) or ""))
        entries.append(Entry(str(r.get_field_display()), lines))
    return Section("corrections", _("Corrections you asked for"), entries=entries)


def _shared(person: Person) -> Section:
    entries = []
    referrals = (
        care.Referral.objects.filter(case__person=person).select_related("receiver").order_by("sent_at")
    )
    labels = {
        "names": _("Names"),
        "aliases": _("Work names and other names"),
        "phone": _("Phone"),
        "age": _("Age"),
        "languages": _("Languages you speak"),
        "gender": _("Gender"),
        "needs": _("Needs"),
        "goals": _("Your goals"),
    }
    for r in referrals:
        lines = [
            (_("Sent on"), _d(r.sent_at)),
            (_("What was shared"), ", ".join(labels.get(f, f) for f in r.fields)),
            (_("Answer"), str(r.get_status_display())),
        ]
        if r.responded_at:
            lines.append((_("Answered on"), _d(r.responded_at)))
        entries.append(Entry(r.receiver.name if r.receiver_id else "—", lines))
    sharing = person.consents.filter(purpose=ConsentPurpose.SHARE_WITH_ORGANISATION).select_related(
        "receiver"
    )
    named = {r.receiver_id for r in referrals}
    for c in sharing:
        if c.receiver_id not in named:
            entries.append(
                Entry(c.receiver.name, [(_("Consent to share"), _("Agreed") if c.granted else _("Refused"))])
            )
    intro = (
        _("Your data went to these organisations only, as a copy of what you agreed to share.")
        if entries
        else _("Your data was not shared with any other organisation.")
    )
    return Section("shared", _("With whom it was shared"), intro, entries)


def _opened(person: Person) -> Section:
    """Roles and organisations that opened her record, by day, from the audit."""
    cases = list(care.Case.objects.filter(person=person).values_list("pk", flat=True))
    targets = Q(target_type="people.person", target_id=str(person.pk))
    if cases:
        targets |= Q(target_type="care.case", target_id__in=[str(c) for c in cases])
        referrals = care.Referral.objects.filter(case_id__in=cases).values_list("pk", flat=True)
        targets |= Q(target_type="care.referral", target_id__in=[str(r) for r in referrals])
    events = (
        AuditEvent.objects.filter(targets, action__in=OPENED, actor__isnull=False)
        .select_related("organisation", "actor")
        .order_by("-created_at")[:OPENINGS_SHOWN]
    )
    roles = {
        (m.user_id, m.organisation_id): m.role
        for m in Membership.objects.filter(user_id__in={e.actor_id for e in events})
    }
    seen, entries = set(), []
    for event in events:
        role = roles.get((event.actor_id, event.organisation_id), "")
        who = str(Role(role).label) if role in Role.values else _("Someone")
        if event.organisation.summary_names_workers:
            who += f" ({event.actor})"
        day = _d(event.created_at)
        key = (day, event.organisation_id, who)
        if key in seen:
            continue
        seen.add(key)
        entries.append(Entry(day, [(event.organisation.name, who)]))
    return Section(
        "opened",
        _("Who opened your record"),
        _("Each role and organisation that opened your record, by day."),
        entries,
    )


def _rights(person: Person) -> Section:
    org = person.organisation.name
    lines = [
        (
            _("See your record"),
            _("Ask any worker of %(org)s for this summary, in English, Bengali or Hindi.") % {"org": org},
        ),
        (
            _("Correct it"),
            _(
                "Tell a worker what is wrong and what is right. A supervisor answers; a refusal comes with "
                "its reason."
            ),
        ),
        (
            _("Erase it"),
            _(
                "Ask for your record to be erased. Its key is destroyed and nobody can read it again. An "
                "open court case where you are the complainant keeps it until the case is closed."
            ),
        ),
        (_("Withdraw a consent"), _("Tell any worker. It stops at once.")),
    ]
    return Section("rights", _("Your rights"), entries=[Entry("", lines)])
