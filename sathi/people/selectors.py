"""Reads about people, through the access policy. Views and the API read only through these."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from sathi.accounts.models import Membership
from sathi.audit.services import log_action
from sathi.core.labels import labels_of
from sathi.lib import agerange, crypto, pseudocode
from sathi.lib.errors import NotFound
from sathi.people import compiled, namesearch, policy, sealing
from sathi.people.consent import consents_in_force
from sathi.people.models import AgeEvidence, Consent, Person, PersonKey, PersonName
from sathi.people.policy import FieldClass, Kind, Verb
from sathi.people.services import PHONE_INDEX
from sathi.people.vault import PersonVault, unwrap_person_key
from sathi.people.vocab import ConsentPurpose, ContactChannel, DocumentHeld, Language, NameKind

MASK = sealing.MASK


def person_queryset(actor: Membership, *, driving: bool = False) -> QuerySet:
    return policy.visible_people(actor, Person.objects.all(), driving=driving)


def as_person_id(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise NotFound from exc


def person_get(*, actor: Membership, person_id) -> Person:
    """The person if the actor may see her; NotFound otherwise (also for a malformed id).

    Her wrapped key comes in the same query (every reader of a record opens her vault). The query's SQL is
    compiled once per role (sathi.people.compiled): every page about her starts here."""
    values = _one_values(actor, as_person_id(person_id))
    query = _one_compiled(actor, "person")
    (rows,) = compiled.run([(query, values)])
    return _seen_or_404(actor, query, rows)


def _seen_or_404(actor: Membership, query: compiled.Compiled, rows: list) -> Person:
    people = query.instances(rows)
    if not people:
        raise NotFound
    policy.mark_seen(actor, people[0])
    return people[0]


# What reading one record selects, each through the access policy for this one person, so that nothing of
# someone the actor may not see is even read: the person with her wrapped key, her names, her age evidence
# and her consents (with whom each is shared and who took it), each in its model's own order.
def _one_person(actor: Membership, values: dict) -> QuerySet:
    people = policy.visible_people(actor, Person.objects.all(), now=values["now"])
    return people.filter(pk=values["id"])


_ONE = {
    "person": lambda actor, v: _one_person(actor, v).select_related("key"),
    "names": lambda actor, v: PersonName.objects.filter(person__in=_one_person(actor, v).values("pk")),
    "evidence": lambda actor, v: AgeEvidence.objects.filter(person__in=_one_person(actor, v).values("pk")),
    "consents": lambda actor, v: Consent.objects.filter(
        person__in=_one_person(actor, v).values("pk")
    ).select_related("receiver", "taken_by"),
}
_ONE_TYPES = {"org": int, "user": int, "now": datetime, "id": uuid.UUID}


@dataclass(frozen=True)
class Related:
    """Her records of another app that a page shows beside her card (her cases, her screenings), read in
    the card's round trip. Through the reverse relation on Person, since people stands below those apps and
    imports none of them, and through the access policy for this one person, as the card's own parts. The
    caller asks only for the kinds the actor's role may list."""

    relation: str  # the reverse relation's name on Person
    select_related: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ()
    limit: int | None = None

    def queryset(self, actor: Membership, values: dict) -> QuerySet:
        relation = Person._meta.get_field(self.relation)
        records = relation.related_model.objects.filter(
            organisation_id=values["org"],
            **{f"{relation.field.name}__in": _one_person(actor, values).values("pk")},
        )
        if self.select_related:
            records = records.select_related(*self.select_related)
        if self.order_by:
            records = records.order_by(*self.order_by)
        return records[: self.limit] if self.limit else records


def _one_values(actor: Membership, person_id: uuid.UUID) -> dict:
    return {"org": actor.organisation_id, "user": actor.user_id, "now": timezone.now(), "id": person_id}


def _one_compiled(actor: Membership, what: str | Related) -> compiled.Compiled:
    def build(values: dict) -> QuerySet:
        stand_in = policy.stand_in(actor, organisation_id=values["org"], user_id=values["user"])
        if isinstance(what, Related):
            return what.queryset(stand_in, values)
        return _ONE[what](stand_in, values)

    return compiled.compiled(("one", what, policy.query_shape(actor)), _ONE_TYPES, build)


@dataclass
class PersonRow:
    """One line of a list: identity shown only when the role may see it, and opened per row."""

    id: object
    code: str
    display_code: str
    names: list[str] | None  # None: masked
    age_status: str
    gender: str
    version: int


def _rows(actor: Membership, people: list[Person]) -> list[PersonRow]:
    open_identity = bool(policy.decide(actor, Verb.READ, field_class=FieldClass.IDENTITY))
    rows = []
    for person in people:
        names = None
        if open_identity:
            vault = PersonVault.open(person)
            names = [vault.open_field(n, "value", n.value_sealed) for n in person.prefetched_names]
        rows.append(
            PersonRow(
                id=person.pk,
                code=person.code,
                display_code=pseudocode.display(person.code),
                names=names,
                age_status=person.age_status,
                gender=person.gender,
                version=person.version,
            )
        )
    return rows


def _with_names(queryset: QuerySet, actor: Membership) -> QuerySet:
    queryset = queryset.select_related("key")
    if not policy.decide(actor, Verb.READ, field_class=FieldClass.IDENTITY):
        # Nothing to open, so nothing sealed is even read.
        return queryset.defer("phone_sealed", "location_sealed")
    return queryset.prefetch_related(
        Prefetch(
            "names",
            queryset=PersonName.objects.only("id", "person_id", "value_sealed", "kind", "position"),
            to_attr="prefetched_names",
        )
    )


def person_list(*, actor: Membership, limit: int = 50, offset: int = 0) -> list[PersonRow]:
    """Recently changed people the actor may see. Listing opens only what the role may see and is not audited
    as a view of any one record (no sealed field beyond names is opened)."""
    queryset = _with_names(person_queryset(actor), actor).order_by("-updated_at", "pk")[
        offset : offset + limit
    ]
    return _rows(actor, list(queryset))


class SearchKind(enum.StrEnum):
    CODE = "code"
    PHONE = "phone"
    NAME = "name"


# What a phone number may be typed with besides its digits: "+91 98300-12345", "(033) 2555 1234".
_PHONE_PUNCTUATION = frozenset(" +-().")
PHONE_DIGITS = range(6, 16)  # a local number at least; E.164 at most


@dataclass(frozen=True)
class Typed:
    """What a worker typed, read as each kind of key it can be. One indexed query per candidate."""

    candidates: dict[SearchKind, str]  # kind -> normalised key (a code, ten digits, a normalised name)
    # It has a code's shape but its check character does not match: a misread code, shown as such.
    code_check_failed: bool = False


def classify(text: str) -> Typed:
    """Decide what typed text can be: a code (its shape and check character), a phone number (digits and
    the punctuation numbers are written with), otherwise a name. A name has no digit, so it overlaps a code
    only when all eight characters are letters and the check character happens to match (then both are
    candidates: person_find looks the code up first, and the name when no code opens)."""
    text = text.strip()
    candidates: dict[SearchKind, str] = {}
    code = pseudocode.normalise(text)
    if code:
        candidates[SearchKind.CODE] = code
    has_digit = any(ch.isdigit() for ch in text)
    if has_digit and all(ch.isdigit() or ch in _PHONE_PUNCTUATION for ch in text):
        phone = crypto.normalise_phone(text)
        if len(phone) in PHONE_DIGITS:
            candidates[SearchKind.PHONE] = phone
    if not has_digit:
        name = crypto.normalise_name(text)
        if name:
            candidates[SearchKind.NAME] = name
    code_check_failed = not code and pseudocode.has_code_shape(text)
    return Typed(candidates=candidates, code_check_failed=code_check_failed)


def _lookup_value(org_id: int, kind: SearchKind, key: str) -> str:
    """What a kind is looked up by: the code itself, the phone's blind index (a name goes by its keys)."""
    from sathi.accounts import keys

    if kind is SearchKind.PHONE:
        return keys.blind_index(org_id, PHONE_INDEX, key)
    return key


FIND_LIMIT = 50


@dataclass
class FindResult:
    rows: list[PersonRow]
    # An exact code that exists in the organisation but is not open to the actor: she may break glass.
    hidden_code_match: Person | None = None
    # An exact code of a person whose record was erased: only the code remains, marked "erased".
    erased_code_match: Person | None = None
    searched_as: tuple[SearchKind, ...] = ()
    code_check_failed: bool = False
    too_short: bool = False  # one letter: nothing was searched, ask for more
    exact_only: bool = False  # a name in a script Sathi cannot compare by sound: searched as written
    name: str = ""  # the name as typed, to offer registering her with it when nobody is found


def person_find(
    *, actor: Membership, query: str = "", code: str = "", phone: str = "", name: str = ""
) -> FindResult:
    """Find by what was typed (`query`, classified), or by a key of a known kind. Never by partial text.

    A code or a phone is one query on its own index. A name is found by any of its tokens, spelt any common
    way, in Latin, Bengali or Devanagari letters (sathi.people.namesearch): the people who share the most
    sound keys, ranked. Several kinds are combined with UNION, never with one OR across unrelated indexes
    (which reads the whole organisation). The access policy filters the result. One query for the people,
    their keys and their names, its SQL compiled once per shape (sathi.people.compiled).
    """
    typed = classify(query) if query else Typed(candidates={})
    candidates = dict(typed.candidates)
    if code and (normal := pseudocode.normalise(code)):
        candidates[SearchKind.CODE] = normal
    if phone and (normal := crypto.normalise_phone(phone)):
        candidates[SearchKind.PHONE] = normal
    if name and (normal := crypto.normalise_name(name)):
        candidates[SearchKind.NAME] = normal
    result = FindResult(rows=[], searched_as=tuple(candidates), code_check_failed=typed.code_check_failed)
    named = None
    if SearchKind.NAME in candidates:
        named = namesearch.name_query(candidates[SearchKind.NAME])
        result.name = " ".join((name or query).split())
        result.exact_only = named.exact_only
        if named.too_short:
            del candidates[SearchKind.NAME]
            named = None
            result.too_short = not candidates
            result.searched_as = tuple(candidates)
    if not candidates:
        return result
    org_id = actor.organisation_id
    keys = sorted({namesearch.blind(org_id, k) for k in named.keys}) if named else []
    values = {"org": org_id, "user": actor.user_id, "now": timezone.now()}
    values.update({f"key{i}": key for i, key in enumerate(keys)})
    values.update({kind.value: _lookup_value(org_id, kind, key) for kind, key in candidates.items()})
    if {SearchKind.CODE, SearchKind.NAME} <= candidates.keys():
        # Eight letters whose check character matches: a code, as typed, far more often than a name (one
        # typed code in eleven is letters only). The code's own index first; her name is searched, with
        # the code again, only when no code opens, so a name that looks like a code still finds her.
        by_code = _found_rows(actor, (SearchKind.CODE,), 0, values)
        if by_code:
            result.rows, result.searched_as = by_code, (SearchKind.CODE,)
            return result
    result.rows = _found_rows(actor, tuple(candidates), len(keys), values)
    if named is not None and result.rows and result.rows[0].names is not None:
        exact = {candidates.get(SearchKind.CODE)}
        by_code = [r for r in result.rows if r.code in exact]
        others = [r for r in result.rows if r.code not in exact]
        result.rows = by_code + namesearch.rank(named, [(r, r.names) for r in others])
    normal_code = candidates.get(SearchKind.CODE)
    if normal_code and not any(r.code == normal_code for r in result.rows):
        candidate = Person.objects.filter(organisation_id=org_id, code=normal_code).first()
        if candidate is not None and candidate.erased_at is not None:
            if policy.decide(actor, Kind.PERSON):
                result.erased_code_match = candidate
        elif candidate is not None and policy.decide(actor, Verb.BREAK_GLASS, candidate):
            result.hidden_code_match = candidate
    return result


@dataclass
class PersonCard:
    """What one actor may see of one person, with masked classes as •••."""

    person: Person
    names: list[str] | str
    aliases: list[str] | str
    phone: str | None
    current_location: str | None
    age: agerange.Assessment
    age_range: tuple[int, int] | None
    evidence: list[AgeEvidence]
    consents: list[Consent]
    contact_channel: str | None
    classes: frozenset = field(default_factory=frozenset)
    related: dict[str, list] = field(default_factory=dict)  # by Related.relation, as the caller asked

    @property
    def contact_channel_label(self) -> str:
        return labels_of(ContactChannel).get(self.contact_channel, "") if self.contact_channel else ""

    @property
    def language_labels(self) -> list[str]:
        labels = labels_of(Language)
        return [labels[code] for code in self.person.languages if code in labels]

    @property
    def document_labels(self) -> list[str]:
        labels = labels_of(DocumentHeld)
        return [labels[code] for code in self.person.documents_held if code in labels]


def person_card(
    *, actor: Membership, person_id, today: date | None = None, related: tuple[Related, ...] = ()
) -> PersonCard:
    """Open one record for the actor. Writes exactly one audit event naming the sealed fields opened.

    The person, her names (when the role reads them), her age evidence, her consents and the `related`
    records asked for are read together: on PostgreSQL one round trip (sathi.people.compiled.run)."""
    values = _one_values(actor, as_person_id(person_id))
    today = today or timezone.localdate()
    classes = frozenset(c for c in FieldClass if policy.decide(actor, Verb.READ, field_class=c))
    parts: list = ["person", "evidence", "consents"] + (["names"] if FieldClass.IDENTITY in classes else [])
    parts += related
    queries = {what: _one_compiled(actor, what) for what in parts}
    fetched = dict(zip(parts, compiled.run([(queries[w], values) for w in parts]), strict=True))
    person = _seen_or_404(actor, queries["person"], fetched["person"])
    opened: list[str] = []
    names: list[str] | str = MASK
    aliases: list[str] | str = MASK
    phone: str | None = MASK
    location: str | None = MASK
    vault = PersonVault.open(person) if classes & {FieldClass.IDENTITY, FieldClass.LOCATION} else None
    if FieldClass.IDENTITY in classes:
        rows = queries["names"].instances(fetched["names"])
        names = [vault.open_field(n, "value", n.value_sealed) for n in rows if n.kind == NameKind.NAME]
        aliases = [vault.open_field(n, "value", n.value_sealed) for n in rows if n.kind == NameKind.ALIAS]
        phone = vault.open_field(person, "phone", person.phone_sealed)
        opened += ["names", "phone"]
    if FieldClass.LOCATION in classes:
        location = vault.open_field(person, "location", person.location_sealed)
        opened.append("current_location")
    evidence = queries["evidence"].instances(fetched["evidence"])
    assessment = agerange.Assessment(
        agerange.Status(person.age_status), person.born_earliest, person.born_latest, None
    )
    consents = queries["consents"].instances(fetched["consents"])
    in_force = consents_in_force(consents)
    contact = in_force.get((ConsentPurpose.CONTACT, None))
    channel = contact.channel if contact and contact.granted and contact.withdrawn_at is None else None
    log_action(
        actor=actor.user_id,
        organisation=person.organisation_id,
        action="person.viewed",
        target=person,
        fields=opened,
    )
    return PersonCard(
        person=person,
        names=names,
        aliases=aliases,
        phone=phone,
        current_location=location,
        age=assessment,
        age_range=assessment.age_range(today),
        evidence=evidence,
        consents=consents,
        contact_channel=channel,
        classes=classes,
        related={r.relation: queries[r].instances(fetched[r]) for r in related},
    )


def break_glass_to_review(*, actor: Membership) -> list:
    """Emergency openings in the organisation that no supervisor has reviewed yet (supervisors only)."""
    from sathi.people.models import BreakGlass

    if not policy.decide(actor, Verb.REVIEW_BREAK_GLASS):
        return []
    rows = (
        BreakGlass.objects.filter(person__organisation_id=actor.organisation_id, reviewed_at__isnull=True)
        .select_related("person__key", "user")
        .order_by("-created_at")[:100]
    )
    return sealing.reveal(actor, list(rows), "reason_sealed")


# --- the search's SQL, compiled once per shape (sathi.people.compiled) -------------------------


def _ids_query(real: Membership, kinds: tuple[SearchKind, ...], key_count: int, values: dict) -> QuerySet:
    """The ids of the people found, as the ORM and the access policy say: each kind one indexed condition
    (a code, a phone's blind index, a name's candidates), several combined with UNION, never OR-ed."""
    actor = policy.stand_in(real, organisation_id=values["org"], user_id=values["user"])
    conditions = []
    for kind in kinds:
        if kind is SearchKind.CODE:
            conditions.append(Q(code=values["code"]))  # person_unique_code (organisation, code)
        elif kind is SearchKind.PHONE:
            conditions.append(Q(phone_index=values["phone"]))  # person_phone_index
        else:
            wanted = [values[f"key{i}"] for i in range(key_count)]
            ids = namesearch.candidates_with_keys(actor, wanted, now=values["now"])
            conditions.append(Q(pk__in=ids))
    people = policy.visible_people(actor, Person.objects.all(), now=values["now"])
    if len(conditions) == 1:
        people = people.filter(conditions[0])
    else:
        ids = [Person.objects.filter(c, organisation_id=values["org"]).values("pk") for c in conditions]
        people = people.filter(pk__in=ids[0].union(*ids[1:]))
    return people.order_by("code").values("pk")[:FIND_LIMIT]


def _value_types(kinds: tuple[SearchKind, ...], key_count: int) -> dict[str, type]:
    types = {"org": int, "user": int, "now": datetime}
    types.update({kind.value: str for kind in kinds if kind is not SearchKind.NAME})
    types.update({f"key{i}": int for i in range(key_count)})
    return types


def _found_rows(actor: Membership, kinds: tuple, key_count: int, values: dict) -> list[PersonRow]:
    """One query: the people found with their keys and, when the role reads them, their names."""
    opens = bool(policy.decide(actor, Verb.READ, field_class=FieldClass.IDENTITY))
    ids = compiled.compiled(
        (policy.query_shape(actor), kinds, key_count),
        _value_types(kinds, key_count),
        lambda stand_in: _ids_query(actor, kinds, key_count, stand_in),
    )
    if ids.finds_nobody:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_rows_sql(opens).format(ids=ids.sql), ids.params(values))
        fetched = cursor.fetchall()
    rows: list[PersonRow] = []
    vault = None
    as_uuid = Person._meta.pk.to_python  # SQLite returns UUIDs as hex; they are bound into the AAD
    for pid, org_id, code, age_status, gender, version, wrapped, name_id, value in fetched:
        pid = as_uuid(pid)
        if not rows or rows[-1].id != pid:
            rows.append(
                PersonRow(
                    id=pid,
                    code=code,
                    display_code=pseudocode.display(code),
                    names=[] if opens else None,
                    age_status=age_status,
                    gender=gender,
                    version=version,
                )
            )
            if opens:
                if wrapped is None:
                    raise crypto.DecryptionError("the person's key has been destroyed")
                vault = PersonVault(None, unwrap_person_key(org_id, pid, wrapped))  # opens, never seals
        if opens and name_id is not None:
            rows[-1].names.append(vault.open_at(PersonName, as_uuid(name_id), "value", value))
    return rows


def _rows_sql(opens: bool) -> str:
    person, key, name = (m._meta for m in (Person, PersonKey, PersonName))
    qn = connection.ops.quote_name
    names = (
        f" LEFT JOIN {qn(name.db_table)} n ON n.{qn('person_id')} = p.{qn('id')}",
        f"n.{qn('id')}, n.{qn('value_sealed')}",
        f", n.{qn('position')}",
    )
    join, columns, order = names if opens else ("", "NULL, NULL", "")
    # Table and column names from the models, quoted; every value is a parameter.
    return (
        f"SELECT p.{qn('id')}, p.{qn('organisation_id')}, p.{qn('code')},"  # noqa: S608
        f" p.{qn('age_status')},"
        f" p.{qn('gender')}, p.{qn('version')}, k.{qn('wrapped')}, {columns}"
        f" FROM {qn(person.db_table)} p LEFT JOIN {qn(key.db_table)} k ON k.{qn('person_id')} = p.{qn('id')}"
        f"{join} WHERE p.{qn('id')} IN ({{ids}}) ORDER BY p.{qn('code')}{order}"
    )
