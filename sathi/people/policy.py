"""The access policy as data (DESIGN rule 13): the table below, and `decide()`, the one function that asks it.

decide(actor, what, person=None, field_class=None) -> ALLOW, MASK or HIDE.
- `what` is a Kind (may she list and open records of this kind, of this person?), Verb.READ / Verb.WRITE with
  a field class (decrypted or masked?), or an action Verb (may she do this, to this person?).
- HIDE means the record does not exist for this actor: views answer 404, never 403, so that nobody learns a
  person is held here. A Decision is true only when it is ALLOW: `if decide(actor, Verb.REGISTER): ...`.
- With a person, the answer is HIDE unless she sees the person: her organisation's people for a role whose
  `sees` is ORGANISATION, otherwise those she is assigned to or has opened by break glass (still open).

An actor is a Membership: one user acting in one organisation in one role. Querysets are filtered by
`visible_people()`, the same rule in SQL.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sathi.accounts.models import Membership, Role


class FieldClass(enum.StrEnum):
    IDENTITY = "identity"  # names, phone, photos, documents
    LOCATION = "location"  # current address, shelter
    HEALTH = "health"
    LEGAL = "legal"
    VIOLENCE = "violence"  # violence history


class Kind(enum.StrEnum):
    """Record kinds a role may list and open."""

    PERSON = "person"  # her card, and everything about her that no other kind covers
    CASE = "case"  # cases, goals, needs, services, referrals, placements, follow-ups
    LEGAL_STEP = "legal_step"  # proceedings, hearings, statutory deadlines, legal documents
    SCREENING = "screening"
    INCIDENT = "incident"  # rights violations and raids
    RESTRICTED_INCIDENT = "restricted_incident"  # restricted incidents recorded by someone else
    RELATION_MAP = "relation_map"  # her relations, sites, life course and safety checks
    BOARD = "board"  # Self-Regulatory Boards, members, sittings, presentations and decisions
    BOARD_INDICATORS = "board_indicators"  # a board's numbers, through the disclosure gate: never rows
    VIOLATION_REPORT = "violation_report"  # the raid and response reports: numbers, never rows
    AUDIT_LOG = "audit_log"
    MEMBERS = "members"  # the organisation's users and their roles
    QUESTIONNAIRE = "questionnaire"  # the organisation's XLSForms, their versions and questions: no answers
    # Answers to the organisation's questionnaires (research, not a person's record): each answer is masked
    # unless the role reads its question's field class; a "none" answer is shown to every role listing them.
    SUBMISSION = "submission"
    STUDY = "study"  # studies, cohorts, sessions, counts of consent: who took part is a number, not a name
    QUESTIONNAIRE_RESULTS = "questionnaire_results"  # answers counted, through the disclosure gate: no row
    # Prevention (issue 11): places' vulnerability profiles, offices and their ratings, asks and answers.
    # About places and offices, never a person.
    PREVENTION = "prevention"
    PREVENTION_NUMBERS = "prevention_numbers"  # the heat grid and the power grid: numbers, never rows
    # Evidence (issue 14): the catalogue's care tables (numbers, never rows), the ledger of what went out,
    # the incidents a peer worker recorded herself (REAct: community members document), community alerts.
    EVIDENCE = "evidence"
    RELEASE_LEDGER = "release_ledger"
    OWN_INCIDENT = "own_incident"
    ALERT = "alert"
    # Her rights (issue 13). Her own record is printed for her at her request: every class of her data is in
    # it, whatever the worker's role masks, because it is hers (the worker hands it over).
    OWN_RECORD = "own_record"
    # Crossing a border: nationality, migration status, her wish to stay or return, the eight stages of
    # rights (EU framework, seed 002), repatriation plans, residence steps and compensation.
    CROSSING = "crossing"


class Verb(enum.StrEnum):
    READ = "read"  # a field class, decrypted (else masked)
    WRITE = "write"  # a field class
    REGISTER = "register"  # a new person
    WORK_ON_CASE = "work_on_case"  # open a case, record her goals, needs, services, follow-ups
    SCREEN = "screen"  # record a Palermo screening and its decision
    RECORD_INCIDENT = "record_incident"
    RESTRICT_INCIDENT = "restrict_incident"  # change the confidentiality of an incident someone else recorded
    RUN_BOARD = "run_board"  # set up a board, its places, members and site events
    RECORD_SITTING = "record_sitting"
    PRESENT_AT_BOARD = "present_at_board"  # a presentation and the board's decision about her
    ACT_ON_ALERT = "act_on_alert"  # acknowledge a re-appearance alert for someone the organisation removed
    BREAK_GLASS = "break_glass"  # open a record she is not assigned to, with a written reason
    REVIEW_BREAK_GLASS = "review_break_glass"
    REPRESENT = "represent"  # be named as her lawyer on a proceeding
    ASSIGN = "assign"  # assign a worker to a person
    SUPERVISE = "supervise"  # the organisation's caseload, due list and flags
    EXPORT = "export"  # a file of numbers (CSV, XLSX) leaving Sathi
    MANAGE_MEMBERS = "manage_members"
    IMPORT_QUESTIONNAIRE = "import_questionnaire"  # upload an XLSForm, choosing its questions' field classes
    COLLECT_ANSWERS = "collect_answers"  # send answers (ODK Collect, Enketo, Sathi's form, a Kobo import)
    RUN_STUDY = "run_study"  # studies, cohorts, sessions and their consent; code free text to vocabularies
    MANAGE_PLACES = "manage_places"  # add shared geography (blocks, panchayats, villages, wards)
    RECORD_RESEARCH = "record_research"  # vulnerability profiles, norms, offices, ratings, asks and answers
    REVIEW_INCIDENT = "review_incident"  # review what a peer worker recorded, and then see it in full
    WRITE_ALERT = "write_alert"  # warn the collective of a danger, from an incident with her consent
    CONFIGURE_REPORTING = "configure_reporting"  # the DHIS2 mapping of catalogue cells to codes
    REQUEST_CORRECTION = "request_correction"  # what she says is wrong, and what is right
    DECIDE_CORRECTION = "decide_correction"  # accept one (the record changes) or refuse with a reason
    ERASE = "erase"  # destroy her data key, at her request or under the retention rule (re-authenticated)


class Sees(enum.Enum):
    NOBODY = "nobody"
    ASSIGNED = "assigned"  # her assignments and open break-glass records
    ORGANISATION = "organisation"  # every person of her organisation


@dataclass(frozen=True)
class Rules:
    sees: Sees
    reads: frozenset[FieldClass] = frozenset()
    lists: frozenset[Kind] = frozenset()
    acts: frozenset[Verb] = frozenset()
    # None: the classes it reads. A masked class can be neither read nor overwritten.
    writes: frozenset[FieldClass] | None = None

    def __post_init__(self):
        for name in ("reads", "lists", "acts"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        object.__setattr__(self, "writes", self.reads if self.writes is None else frozenset(self.writes))


ID, LOC, HEALTH, LEGAL, VIOL = FieldClass  # noqa: N806 (short names keep the table on one screen)
WORKER = {Kind.PERSON, Kind.CASE, Kind.SCREENING, Kind.OWN_RECORD, Kind.CROSSING}
WORK = {Verb.REGISTER, Verb.WORK_ON_CASE, Verb.SCREEN, Verb.BREAK_GLASS, Verb.REQUEST_CORRECTION}
VIOLENCE_WORK = {Kind.INCIDENT, Kind.RELATION_MAP, Kind.VIOLATION_REPORT}  # needs VIOL: rows about violence
BOARD_WORK = {Verb.RUN_BOARD, Verb.RECORD_SITTING, Verb.PRESENT_AT_BOARD, Verb.ACT_ON_ALERT}

# THE POLICY. Listing a kind follows reading its class: legal steps need LEGAL, incidents and the relations
# map need VIOL. Numbers (indicators, reports) are for roles that see no row too.
# A peer worker documents (REAct): she records incidents and the people affected, writing their accounts
# (VIOL) without reading them back, and lists only the incidents she recorded; a caseworker or supervisor
# reviews them. Community alerts reach the collective's members and its workers, never the office roles.
POLICY: dict[str, Rules] = {
    Role.PEER_WORKER: Rules(
        Sees.ASSIGNED,
        {ID, LOC},
        WORKER | {Kind.OWN_INCIDENT, Kind.ALERT},
        WORK | {Verb.RECORD_INCIDENT, Verb.WRITE_ALERT},
        writes={ID, LOC, VIOL},
    ),
    Role.CASEWORKER: Rules(
        Sees.ASSIGNED,
        {ID, LOC, LEGAL, VIOL},
        WORKER | VIOLENCE_WORK | {Kind.LEGAL_STEP, Kind.ALERT},
        WORK | {Verb.RECORD_INCIDENT, Verb.EXPORT, Verb.REVIEW_INCIDENT},
    ),
    Role.COUNSELLOR: Rules(
        Sees.ASSIGNED,
        {ID, HEALTH, VIOL},
        WORKER | VIOLENCE_WORK | {Kind.ALERT},
        WORK | {Verb.RECORD_INCIDENT, Verb.EXPORT},
    ),
    Role.LEGAL_ADVOCATE: Rules(
        Sees.ASSIGNED,
        {ID, LEGAL, VIOL},
        WORKER | VIOLENCE_WORK | {Kind.LEGAL_STEP, Kind.ALERT},
        WORK | {Verb.RECORD_INCIDENT, Verb.REPRESENT, Verb.EXPORT},
    ),
    Role.BOARD_MEMBER: Rules(
        Sees.ASSIGNED,
        {ID, VIOL},
        WORKER | VIOLENCE_WORK | {Kind.BOARD, Kind.BOARD_INDICATORS, Kind.ALERT},
        WORK | BOARD_WORK | {Verb.RECORD_INCIDENT, Verb.EXPORT},
    ),
    Role.SUPERVISOR: Rules(
        Sees.ORGANISATION,
        set(FieldClass),
        set(Kind) - {Kind.MEMBERS},
        set(Verb) - {Verb.READ, Verb.WRITE, Verb.BREAK_GLASS, Verb.MANAGE_MEMBERS, Verb.MANAGE_PLACES},
    ),
    Role.ANALYST: Rules(
        Sees.NOBODY,
        lists={
            Kind.BOARD_INDICATORS,
            Kind.VIOLATION_REPORT,
            Kind.PREVENTION_NUMBERS,
            Kind.QUESTIONNAIRE_RESULTS,
            Kind.EVIDENCE,
            Kind.RELEASE_LEDGER,
        },
        acts={Verb.EXPORT},
    ),
    # Places are shared by every organisation: only an admin adds them (issue 11, item 1).
    Role.ORG_ADMIN: Rules(
        Sees.NOBODY,
        lists={Kind.MEMBERS, Kind.QUESTIONNAIRE},
        acts={Verb.MANAGE_MEMBERS, Verb.IMPORT_QUESTIONNAIRE, Verb.MANAGE_PLACES, Verb.CONFIGURE_REPORTING},
    ),
    Role.AUDITOR: Rules(Sees.NOBODY, lists={Kind.AUDIT_LOG, Kind.RELEASE_LEDGER}),
    # 003: research with the community, by it. She imports and fills the questionnaires and runs the studies;
    # she reads no field class, so every classed answer is masked for her (only "none" answers show).
    Role.COMMUNITY_RESEARCHER: Rules(
        Sees.NOBODY,
        lists={
            Kind.PREVENTION,
            Kind.PREVENTION_NUMBERS,
            Kind.QUESTIONNAIRE,
            Kind.SUBMISSION,
            Kind.STUDY,
            Kind.QUESTIONNAIRE_RESULTS,
        },
        acts={
            Verb.RECORD_RESEARCH,
            Verb.IMPORT_QUESTIONNAIRE,
            Verb.COLLECT_ANSWERS,
            Verb.RUN_STUDY,
            Verb.EXPORT,  # her study's de-identified answers, every classed answer masked
        },
    ),
}


class Decision(enum.Enum):
    ALLOW = "allow"
    MASK = "mask"
    HIDE = "hide"

    def __bool__(self) -> bool:
        return self is Decision.ALLOW


def decide(
    actor: Membership, what: Verb | Kind, person=None, field_class: FieldClass | None = None
) -> Decision:
    rules = POLICY[actor.role]
    if what is Verb.BREAK_GLASS:
        # For a person she does not see yet: only her own organisation's people.
        mine = person is None or person.organisation_id == actor.organisation_id
        return Decision.ALLOW if mine and what in rules.acts else Decision.HIDE
    if person is not None and not _sees(actor, person):
        return Decision.HIDE
    if what in (Verb.READ, Verb.WRITE):
        if field_class is None:
            raise TypeError("Verb.READ and Verb.WRITE ask about a field class")
        if rules.sees is Sees.NOBODY:
            return Decision.HIDE
        classes = rules.reads if what is Verb.READ else rules.writes
        return Decision.ALLOW if field_class in classes else Decision.MASK
    allowed = rules.lists if isinstance(what, Kind) else rules.acts
    return Decision.ALLOW if what in allowed else Decision.HIDE


def visible_people(
    actor: Membership, queryset: QuerySet, *, driving: bool = False, now: datetime | None = None
) -> QuerySet:
    """Filter a Person queryset to those the actor sees (the table's `sees`), as decide() does for one.

    Two plans for the same rule. By default each candidate row is tested with EXISTS, which is fastest when
    the query is already narrowed to a few people (one record, a search). `driving=True` starts from the
    worker's assignments instead, for lists that would otherwise test every person of a large organisation.
    """
    sees = POLICY[actor.role].sees
    if sees is Sees.NOBODY:
        return queryset.none()
    # An erased person is nobody's to open: her key is gone, only her code marked "erased" remains
    # (sathi.rights.erasure).
    queryset = queryset.filter(organisation_id=actor.organisation_id, erased_at__isnull=True)
    if sees is Sees.ORGANISATION:
        return queryset
    from sathi.people.models import Assignment, BreakGlass

    now = now or timezone.now()  # given by a search whose SQL is compiled once (sathi.people.compiled)
    if driving:
        assigned = Assignment.objects.filter(user_id=actor.user_id).values("person_id")
        glass = BreakGlass.objects.filter(user_id=actor.user_id, expires_at__gt=now).values("person_id")
        return queryset.filter(pk__in=assigned.union(glass))
    assigned = Assignment.objects.filter(person=OuterRef("pk"), user_id=actor.user_id)
    glass = BreakGlass.objects.filter(person=OuterRef("pk"), user_id=actor.user_id, expires_at__gt=now)
    return queryset.filter(Q(Exists(assigned)) | Q(Exists(glass)))


def query_shape(actor: Membership) -> str:
    """What the SQL of a query through this policy, and every decision about no one in particular (the main
    menu, policy.main_menu), depends on for this actor: her role's rules. sathi.people.compiled caches one
    compilation per shape."""
    return actor.role


def stand_in(actor: Membership, *, organisation_id: int, user_id: int) -> Membership:
    """An unsaved membership with the actor's rules and other ids, to compile a query's SQL with stand-in
    values (sathi.people.compiled) or render what her rules alone decide (the main menu); never saved,
    never signed in."""
    return Membership(role=actor.role, organisation_id=organisation_id, user_id=user_id)


def sees_organisation(actor: Membership) -> bool:
    """Her role sees every person of the organisation: a list need not test each one."""
    return POLICY[actor.role].sees is Sees.ORGANISATION


def roles_that(what: Verb | Kind) -> list[str]:
    """Roles the table allows `what` (a list of workers who may be assigned, a decorator's roles)."""
    return [role for role, rules in POLICY.items() if what in rules.acts or what in rules.lists]


# Set by a read that fetched the person through visible_people() for this actor (sathi.people.selectors):
# the same rule already answered in SQL, so asking again about that instance needs no second query.
SEEN_BY = "_sathi_seen_by"


def mark_seen(actor: Membership, person) -> None:
    setattr(person, SEEN_BY, actor.pk)


def _sees(actor: Membership, person) -> bool:
    from sathi.people.models import Person

    if person.organisation_id != actor.organisation_id:
        return False
    if getattr(person, SEEN_BY, None) == actor.pk:
        return True
    return visible_people(actor, Person.objects.filter(pk=person.pk)).exists()
