"""Name search that tolerates spelling and script, on blind keys: the register is never decrypted to search.

Each token of each of her names (and work names) is reduced to a sound key (sathi.lib.namekeys) and stored
as an HMAC under the organisation's blind-index key, truncated to SEARCH_KEY_BITS bits (PersonNameKey). A
search reduces what was typed the same way and asks for the people of the organisation, among those the
worker may see, who share the most keys; only those few candidates are opened and ranked by similarity
(rapidfuzz) for the worker. What these keys reveal to someone holding the database is in docs/search.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from rapidfuzz import fuzz

from sathi.accounts import keys
from sathi.accounts.models import Membership
from sathi.lib import crypto, namekeys
from sathi.people import policy
from sathi.people.models import Person, PersonName, PersonNameKey

SEARCH_KEY_BITS = 16  # 65,536 values per organisation: tokens share keys (docs/search.md)
SCHEME = 1  # bump when sathi.lib.namekeys changes what a key is; build_search_keys rewrites older rows
SOUND_PURPOSE = "name-sound"
TOKEN_PURPOSE = "name-token"  # a token of another script, kept as written
CANDIDATES = 50  # people opened and ranked at most


def blind_with(index_key: bytes, key: namekeys.TokenKey) -> int:
    purpose = SOUND_PURPOSE if key.sound else TOKEN_PURPOSE
    return crypto.blind_key(index_key, purpose, key.value, SEARCH_KEY_BITS)


def blind(org_id: int, key: namekeys.TokenKey) -> int:
    return blind_with(keys.index_key(org_id), key)


def keys_of_names(index_key: bytes, names: Iterable[str]) -> set[int]:
    """The blind keys of every token of these names (the bulk generator calls this with the key itself)."""
    return {blind_with(index_key, key) for name in names for key in namekeys.name_keys(name)}


def blind_keys(org_id: int, names: Iterable[str]) -> set[int]:
    return keys_of_names(keys.index_key(org_id), names)


# --- writing ------------------------------------------------------------------------------------


def name_keys_write(person: Person, names: Iterable[str]) -> None:
    """Her keys for these names, replacing any she had. Called inside the transaction that writes them."""
    PersonNameKey.objects.filter(person=person).delete()
    org_id = person.organisation_id
    PersonNameKey.objects.bulk_create(
        PersonNameKey(organisation_id=org_id, person=person, key=key, scheme=SCHEME)
        for key in sorted(blind_keys(org_id, names))
    )


def name_keys_build(*, batch: int = 500, rebuild: bool = False, progress=None) -> int:
    """Write the keys of everyone who has none of the current scheme (or, with `rebuild`, of everyone),
    a batch per transaction, in id order: stopped and started again, it goes on where it was.

    Decrypts her names in memory to compute the keys; nothing but the keys is written.
    """
    from sathi.people.vault import PersonVault

    done = 0
    last = None
    # Probed per person on (person, key): cheap however many rows are already written.
    current = PersonNameKey.objects.filter(person=OuterRef("pk"), scheme=SCHEME)
    while True:
        people = Person.objects.select_related("key").order_by("pk").only("pk", "organisation_id", "key")
        if last is not None:
            people = people.filter(pk__gt=last)
        if not rebuild:
            people = people.filter(~Exists(current))
        chunk = list(people[:batch])
        if not chunk:
            return done
        last = chunk[-1].pk
        names: dict = {}
        for row in PersonName.objects.filter(person__in=chunk).only("id", "person_id", "value_sealed"):
            names.setdefault(row.person_id, []).append(row)
        with transaction.atomic():
            rows = []
            PersonNameKey.objects.filter(person__in=chunk).delete()
            for person in chunk:
                try:
                    vault = PersonVault.open(person)
                except crypto.DecryptionError:
                    continue  # her key was destroyed: nothing of her names is left to find
                values = [vault.open_field(n, "value", n.value_sealed) for n in names.get(person.pk, [])]
                rows += [
                    PersonNameKey(
                        organisation_id=person.organisation_id, person=person, key=key, scheme=SCHEME
                    )
                    for key in sorted(blind_keys(person.organisation_id, values))
                ]
            PersonNameKey.objects.bulk_create(rows, batch_size=2000)
        done += len(chunk)
        if progress:
            progress(done)


# --- searching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameQuery:
    text: str
    keys: tuple[namekeys.TokenKey, ...]
    too_short: bool = False  # fewer than two letters: ask for more
    exact_only: bool = False  # a token in a script Sathi cannot compare by sound: searched as written


def name_query(text: str) -> NameQuery:
    if namekeys.letters(text) < namekeys.MIN_LETTERS:
        return NameQuery(text=text, keys=(), too_short=True)
    found = tuple(namekeys.name_keys(text))
    return NameQuery(text=text, keys=found, exact_only=any(not k.sound for k in found))


def candidate_ids(actor: Membership, query: NameQuery) -> QuerySet:
    """The ids of at most CANDIDATES people the actor may see who share keys with the query."""
    wanted = sorted({blind(actor.organisation_id, k) for k in query.keys})
    return candidates_with_keys(actor, wanted)


def candidates_with_keys(actor: Membership, wanted: list[int], *, now=None) -> QuerySet:
    """The ids of at most CANDIDATES people the actor may see who share these blind keys, most shared
    first. For a worker who sees only her own people, the lookup starts from them (her assignments), so it
    costs her caseload, not the organisation; a role that sees nobody gets nothing, not even a count.

    A role that may not read names gets only people who share every key (nothing is opened to rank them).
    """
    rows = PersonNameKey.objects.filter(organisation_id=actor.organisation_id, key__in=wanted)
    if not policy.sees_organisation(actor):
        visible = policy.visible_people(actor, Person.objects.all(), driving=True, now=now)
        rows = rows.filter(person_id__in=visible)
    # Each key once per person (the constraint personnamekey_once): a plain count, hashed, is the number of
    # keys she shares; DISTINCT would sort every row of a common name first.
    grouped = rows.values("person_id").annotate(hits=Count("key"))
    if not reads_names(actor):
        grouped = grouped.filter(hits=len(wanted))
    return grouped.order_by("-hits", "person_id").values("person_id")[:CANDIDATES]


def reads_names(actor: Membership) -> bool:
    return bool(policy.decide(actor, policy.Verb.READ, field_class=policy.FieldClass.IDENTITY))


def rank(query: NameQuery, people: list[tuple[object, list[str]]]) -> list[object]:
    """Order candidates (each with her opened names) for the worker: most typed tokens matched by sound,
    then the name that sounds closest as a whole (rapidfuzz on the sound keys, so that scripts and spellings
    compare, and an extra or missing name counts), then the closest Latin skeleton."""
    typed = set(query.keys)
    typed_sound = " ".join(k.value for k in query.keys)
    typed_text = namekeys.comparable(query.text)

    def score(item):
        _person, names = item
        keyed = [namekeys.name_keys(name) for name in names]
        hits = len(typed & {k for keys in keyed for k in keys})
        sounds = max(
            (fuzz.token_sort_ratio(typed_sound, " ".join(k.value for k in keys)) for keys in keyed), default=0
        )
        spelt = max((fuzz.ratio(typed_text, namekeys.comparable(n)) for n in names), default=0)
        return (-hits, -sounds, -spelt)

    return [person for _score, person in sorted(((score(item), item[0]) for item in people), key=_first)]


def _first(pair):
    return pair[0]
