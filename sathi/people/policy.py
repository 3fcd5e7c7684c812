"""The access policy: the one place that decides who may see or change what about a person.

decide(actor, action, person, field_class) -> ALLOW, MASK or HIDE (HIDE means the record does not exist
for this actor: views answer 404, never 403, so that nobody learns a person is held here).

An actor is a Membership: one user acting in one organisation in one role.
"""

from __future__ import annotations

import enum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sathi.accounts.models import Membership, Role


class FieldClass(enum.StrEnum):
    IDENTITY = "identity"  # names, phone, photos, documents
    LOCATION = "location"  # current address, shelter
    HEALTH = "health"
    LEGAL = "legal"
    VIOLENCE = "violence"  # violence history


class Decision(enum.Enum):
    ALLOW = "allow"
    MASK = "mask"
    HIDE = "hide"


class Action(enum.StrEnum):
    VIEW = "view"
    EDIT = "edit"


# Which classes each role sees decrypted; every other class is masked (DESIGN rules 4 and 5).
ROLE_CLASSES: dict[str, frozenset[FieldClass]] = {
    Role.PEER_WORKER: frozenset({FieldClass.IDENTITY, FieldClass.LOCATION}),
    Role.CASEWORKER: frozenset(
        {FieldClass.IDENTITY, FieldClass.LOCATION, FieldClass.LEGAL, FieldClass.VIOLENCE}
    ),
    Role.COUNSELLOR: frozenset({FieldClass.IDENTITY, FieldClass.HEALTH, FieldClass.VIOLENCE}),
    Role.LEGAL_ADVOCATE: frozenset({FieldClass.IDENTITY, FieldClass.LEGAL, FieldClass.VIOLENCE}),
    Role.BOARD_MEMBER: frozenset({FieldClass.IDENTITY, FieldClass.VIOLENCE}),
    Role.SUPERVISOR: frozenset(FieldClass),
    Role.ANALYST: frozenset(),
    Role.ORG_ADMIN: frozenset(),
    Role.AUDITOR: frozenset(),
}

# Roles that work with people. The analyst sees aggregates only; admins and auditors see no person.
PERSON_ROLES = frozenset(
    {
        Role.PEER_WORKER,
        Role.CASEWORKER,
        Role.COUNSELLOR,
        Role.LEGAL_ADVOCATE,
        Role.BOARD_MEMBER,
        Role.SUPERVISOR,
    }
)
# Roles that may open a record they are not assigned to, with a written reason (break glass).
BREAK_GLASS_ROLES = PERSON_ROLES - {Role.SUPERVISOR}


def can_register(actor: Membership) -> bool:
    return actor.role in PERSON_ROLES


def sees_people(actor: Membership) -> bool:
    return actor.role in PERSON_ROLES


def visible_people(actor: Membership, queryset: QuerySet, *, driving: bool = False) -> QuerySet:
    """Filter a Person queryset to those the actor may see: assigned, supervisor, or break glass open.

    Two plans for the same rule. By default each candidate row is tested with EXISTS, which is fastest when
    the query is already narrowed to a few people (one record, a search). `driving=True` starts from the
    worker's assignments instead, for lists that would otherwise test every person of a large organisation.
    """
    if actor.role not in PERSON_ROLES:
        return queryset.none()
    queryset = queryset.filter(organisation_id=actor.organisation_id)
    if actor.role == Role.SUPERVISOR:
        return queryset
    from sathi.people.models import Assignment, BreakGlass

    now = timezone.now()
    if driving:
        assigned = Assignment.objects.filter(user_id=actor.user_id).values("person_id")
        glass = BreakGlass.objects.filter(user_id=actor.user_id, expires_at__gt=now).values("person_id")
        return queryset.filter(pk__in=assigned.union(glass))
    assigned = Assignment.objects.filter(person=OuterRef("pk"), user_id=actor.user_id)
    glass = BreakGlass.objects.filter(person=OuterRef("pk"), user_id=actor.user_id, expires_at__gt=now)
    return queryset.filter(Q(Exists(assigned)) | Q(Exists(glass)))


def may_view(actor: Membership, person) -> bool:
    from sathi.people.models import Person

    if actor.role not in PERSON_ROLES or person.organisation_id != actor.organisation_id:
        return False
    return visible_people(actor, Person.objects.filter(pk=person.pk)).exists()


def decide(actor: Membership, action: Action, person, field_class: FieldClass | None = None) -> Decision:
    if not may_view(actor, person):
        return Decision.HIDE
    if field_class is None:
        return Decision.ALLOW
    if field_class in ROLE_CLASSES[actor.role]:
        return Decision.ALLOW
    # A masked class can be neither read nor overwritten.
    return Decision.MASK


def allowed_classes(actor: Membership) -> frozenset[FieldClass]:
    return ROLE_CLASSES[actor.role]


def may_break_glass(actor: Membership, person) -> bool:
    return actor.role in BREAK_GLASS_ROLES and person.organisation_id == actor.organisation_id
