"""Search by what a worker types, timed as the search page and the API do it (bench/run.py calls this).

Each kind (a code typed with a hyphen or in lower case, a phone typed with +91 or spaces, a full name) is
timed three ways, each beside its floor in the same run:
- `selectors.person_find(query=typed)`, the one call the page and the API make, against one raw SQL query
  that returns the same rows (the visible person, her key and her names) from the same index, the key
  normalised and its HMAC computed in Python as the application must;
- the page (POST /people/find/) and the API (POST /api/v1/people/find) through the test Client, against a
  bare view behind the same middleware and the same sign-in (a session, or a bearer token).
"""

from __future__ import annotations

from django.test import Client

from sathi.accounts import keys
from sathi.lib import crypto, pseudocode
from sathi.people import selectors
from sathi.people.services import NAME_INDEX, PHONE_INDEX

# The same rows the search returns (person, key and names), for a caseworker through her assignments.
FLOOR_SQL = """
SELECT p.id, p.code, p.age_status, p.gender, p.version, k.wrapped, n.value_sealed, n.kind
  FROM people_person p JOIN people_personkey k ON k.person_id = p.id
  LEFT JOIN people_personname n ON n.person_id = p.id
 WHERE p.organisation_id = %(org)s AND {match}
   AND (EXISTS (SELECT 1 FROM people_assignment a WHERE a.person_id = p.id AND a.user_id = %(user)s)
        OR EXISTS (SELECT 1 FROM people_breakglass g WHERE g.person_id = p.id AND g.user_id = %(user)s
                   AND g.expires_at > now()))
 ORDER BY p.code LIMIT 50
"""
MATCH = {
    "code": "p.code = %(key)s",
    "phone": "p.phone_index = %(key)s",
    "name": "p.id IN (SELECT person_id FROM people_personname WHERE name_index = %(key)s)",
}


def typed_texts(person: dict, i: int) -> dict[str, str]:
    """What a worker types for this person, alternating the ways each kind is written."""
    code = person["code"]
    digits = crypto.normalise_phone(person["phone"])
    return {
        "code": pseudocode.display(code) if i % 2 else code.lower(),
        "phone": f"+91 {digits[:5]} {digits[5:]}" if i % 2 else f"{digits[:5]} {digits[5:]}",
        "name": person["name"] if i % 2 else person["name"].lower(),
    }


# The floor of a variant name search: the exact blind-index lookup of the name as registered, for the same
# worker (her assignments) or for the whole organisation (a supervisor).
ORGANISATION_FLOOR_SQL = """
SELECT p.id, p.code, p.age_status, p.gender, p.version, k.wrapped, n.value_sealed, n.kind
  FROM people_person p JOIN people_personkey k ON k.person_id = p.id
  LEFT JOIN people_personname n ON n.person_id = p.id
 WHERE p.organisation_id = %(org)s AND {match}
 ORDER BY p.code LIMIT 50
"""


def variants(sample: list[dict], seed: int = 15) -> list[str]:
    """For each sampled person, a spelling of her name as a worker might type it (sathi.demo.spellings):
    Mondol for Mondal, Geeta for গীতা..., made once, before the clock starts."""
    import random

    from sathi.demo import spellings

    rng = random.Random(seed)  # noqa: S311 (synthetic queries)
    typed = []
    for person in sample:
        text = person["name"]
        for _attempt in range(5):
            text = spellings.typed_variant(person["name"], rng)
            if text != person["name"]:
                break
        typed.append(text)
    return typed


def floor_key(org_id: int, kind: str, typed: str) -> str:
    if kind == "code":
        return pseudocode.normalise(typed)
    if kind == "phone":
        return keys.blind_index(org_id, PHONE_INDEX, crypto.normalise_phone(typed))
    return keys.blind_index(org_id, NAME_INDEX, crypto.normalise_name(typed))


def signed_in_client(member) -> Client:
    from django_otp import DEVICE_ID_SESSION_KEY

    from sathi.accounts.middleware import SESSION_MEMBERSHIP
    from sathi.accounts.models import SealedTOTPDevice

    client = Client()
    client.force_login(member.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = SealedTOTPDevice.objects.get(user=member.user).persistent_id
    session[SESSION_MEMBERSHIP] = member.pk
    session.save()
    return client


def bench_search(
    bench, sample: list[dict], heavy_sample: list[dict], parts=("search", "variant", "search_http")
) -> None:
    """The parts of bench/run.py's stages asked for: "search" (person_find by kind, the heavy caseload),
    "variant" (bench_variant_names), "search_http" (the page and the API)."""
    from django.test.utils import override_settings

    from sathi.accounts.services import api_token_issue

    org_id = bench.org.pk
    n = len(sample)

    def expect_found(person: dict, rows) -> None:
        if person["id"] not in {row.id for row in rows}:
            raise AssertionError("the search did not find the sampled person")

    def find(actor, people: list[dict], kind: str, i: int) -> None:
        person = people[i % len(people)]
        expect_found(person, selectors.person_find(actor=actor, query=typed_texts(person, i)[kind]).rows)

    def floor(actor, people: list[dict], kind: str, i: int) -> None:
        person = people[i % len(people)]
        key = floor_key(org_id, kind, typed_texts(person, i)[kind])
        with bench.connection.cursor() as cursor:
            cursor.execute(
                FLOOR_SQL.format(match=MATCH[kind]), {"org": org_id, "user": actor.user_id, "key": key}
            )
            if person["id"] not in {row[0] for row in cursor.fetchall()}:
                raise AssertionError("the floor did not find the sampled person")

    load = f"caseload {bench.caseload}"
    for kind in ("code", "phone", "name") if "search" in parts else ():
        bench.record(
            f"search_{kind}",
            f"search typed {kind}: person_find, {load}",
            *bench.timed_pair(
                lambda i, kind=kind: find(bench.caseworker, sample, kind, i),
                lambda i, kind=kind: floor(bench.caseworker, sample, kind, i),
            ),
            "raw SQL: the same rows (person, key, names) from the same index, through her assignments",
        )
    if "search" in parts:
        bench.record(
            "search_code_heavy",
            f"search typed code: person_find, caseload {bench.heavy_caseload}",
            *bench.timed_pair(
                lambda i: find(bench.heavy, heavy_sample, "code", i),
                lambda i: floor(bench.heavy, heavy_sample, "code", i),
            ),
            "raw SQL: the same rows from the same index, through her assignments",
        )

    if "variant" in parts:
        bench_variant_names(bench, sample)
    if "search_http" not in parts:
        return

    page = signed_in_client(bench.caseworker)
    token = api_token_issue(membership=bench.caseworker, label="bench")
    api = Client(headers={"Authorization": f"Bearer {token}"})

    typed_variants = variants(sample)

    def typed_for(kind: str, i: int) -> str:
        return typed_variants[i % n] if kind == "variant" else typed_texts(sample[i % n], i)[kind]

    def post_page(kind: str, i: int) -> None:
        person = sample[i % n]
        response = page.post("/people/find/", {"query": typed_for(kind, i)})
        if response.status_code != 200 or pseudocode.display(person["code"]) not in response.content.decode():
            raise AssertionError(f"the search page answered {response.status_code} without the person")

    def post_api(kind: str, i: int) -> None:
        person = sample[i % n]
        response = api.post(
            "/api/v1/people/find", {"query": typed_for(kind, i)}, content_type="application/json"
        )
        if response.status_code != 200 or person["code"] not in {row["code"] for row in response.json()}:
            raise AssertionError(f"the search API answered {response.status_code} without the person")

    def bare(client: Client, url: str) -> None:
        if client.get(url).status_code != 200:
            raise AssertionError(f"{url} did not answer 200")

    with override_settings(ROOT_URLCONF="floor_urls"):
        page_floor = bench.timed(lambda i: bare(page, "/bench/floor/"))
        api_floor = bench.timed(lambda i: bare(api, "/bench/floor-api/"))
        for kind in ("code", "phone", "name", "variant"):
            bench.record(
                f"search_page_{kind}",
                f"search page POST /people/find/, typed {kind}",
                bench.timed(lambda i, kind=kind: post_page(kind, i)),
                page_floor,
                "bare view, same middleware and session sign-in (bench/floor_urls.py)",
            )
            bench.record(
                f"search_api_{kind}",
                f"search API POST /api/v1/people/find, typed {kind}",
                bench.timed(lambda i, kind=kind: post_api(kind, i)),
                api_floor,
                "bare view, same middleware and bearer token check (bench/floor_urls.py)",
            )


def bench_variant_names(bench, sample: list[dict]) -> None:
    """Variant-tolerant name search (issue 15): person_find with a variant of a sampled person's name, by
    the caseworker (her caseload) and by the supervisor (the whole organisation), each against the exact
    blind-index lookup of the registered name in the same run. Also how often she is among the first five."""
    org_id = bench.org.pk
    typed = variants(sample)
    n = len(sample)
    places = {"caseworker": [], "supervisor": []}

    def find(actor, role: str, i: int) -> None:
        person = sample[i % n]
        ids = [row.id for row in selectors.person_find(actor=actor, query=typed[i % n]).rows]
        if i < n and len(places[role]) < n:
            places[role].append(ids.index(person["id"]) if person["id"] in ids else None)

    def floor(sql: str, i: int, user_id: int | None) -> None:
        person = sample[i % n]
        key = floor_key(org_id, "name", person["name"])
        with bench.connection.cursor() as cursor:
            cursor.execute(sql.format(match=MATCH["name"]), {"org": org_id, "user": user_id, "key": key})
            found = {row[0] for row in cursor.fetchall()}
        # In the whole organisation more than 50 people may have her exact name: then the first 50 by code.
        if sql is FLOOR_SQL and person["id"] not in found:
            raise AssertionError("the floor did not find the sampled person")

    for role, actor, sql in (
        ("caseworker", bench.caseworker, FLOOR_SQL),
        ("supervisor", bench.supervisor, ORGANISATION_FLOOR_SQL),
    ):
        samples, floor_samples = bench.timed_pair(
            lambda i, actor=actor, role=role: find(actor, role, i),
            lambda i, sql=sql, actor=actor: floor(sql, i, actor.user_id),
        )
        found = places[role]
        bench.record(
            "search_variant" if role == "caseworker" else "search_variant_supervisor",
            f"search name variant: person_find, {role}"
            + (f", caseload {bench.caseload}" if role == "caseworker" else ", whole organisation"),
            samples,
            floor_samples,
            "raw SQL: the exact blind-index lookup of the registered name (same rows), same visibility",
            first_five=round(sum(1 for p in found if p is not None and p < 5) / max(len(found), 1), 3),
            found=round(sum(1 for p in found if p is not None) / max(len(found), 1), 3),
        )
