"""Search by what a worker types: classified as a code, a phone number or a name, each one indexed query."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sathi.accounts.services import api_token_issue
from sathi.lib import pseudocode
from sathi.people import selectors
from sathi.people.models import Person
from sathi.people.selectors import SearchKind, classify
from sathi.people.tests.factories import register

BODY = "KT4M9PX"
CODE = BODY + pseudocode._check_char(BODY)
WRONG_CODE = BODY + next(ch for ch in pseudocode.CHECK_ALPHABET if ch != CODE[-1])

# What a worker types for each kind, and what the key must be.
TYPED = {
    SearchKind.CODE: [CODE, CODE.lower(), f"{CODE[:4]}-{CODE[4:]}", f" {CODE[:4].lower()} {CODE[4:]} "],
    SearchKind.PHONE: ["+91 98300 12345", "98300-12345", "09830012345", "9830012345", "(+91) 98300 12345"],
    SearchKind.NAME: ["Rupa Mondal", "rupa  mondal", "RUPA MONDAL", "Pinky"],
}


def name_that_is_a_valid_code() -> str:
    """Eight letters whose last one happens to be the check character of the first seven."""
    return next(
        body + pseudocode._check_char(body)
        for body in ("KAMAKHY", "MADHABY", "SABNAMK", "PARBATY", "RANJANA", "KHADEJA", "BHAGYAS")
        if pseudocode._check_char(body).isalpha()
    )


@pytest.fixture
def rupa(personas):
    person = register(
        personas.caseworker, names=["Rupa Mondal"], aliases=["Pinky"], phone="+91 98300 12345", stated_age=24
    )
    Person.objects.filter(pk=person.pk).update(code=CODE)
    person.refresh_from_db()
    return person


@pytest.fixture
def api_find(personas):
    from django.test import Client

    token = api_token_issue(membership=personas.caseworker)

    def call(query):
        response = Client().post(
            "/api/v1/people/find",
            {"query": query},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200
        return [row["code"] for row in response.json()]

    return call


def test_typed_text_is_classified_as_one_kind_by_its_shape():
    for kind, texts in TYPED.items():
        for text in texts:
            assert set(classify(text).candidates) == {kind}, text
    assert classify("9830012345").candidates[SearchKind.PHONE] == "9830012345"
    assert classify("+91 98300 12345").candidates[SearchKind.PHONE] == "9830012345"
    assert classify(f"{CODE[:4]}-{CODE[4:]}").candidates[SearchKind.CODE] == CODE
    assert classify("rupa  MONDAL").candidates[SearchKind.NAME] == "rupa mondal"
    assert classify("১২৩৪৫৬৭৮৯০").candidates == {SearchKind.PHONE: "1234567890"}  # Bengali digits
    assert classify("   ").candidates == {}
    assert classify("98-").candidates == {}  # too few digits for a phone, digits so not a name


def test_a_name_shaped_like_a_valid_code_is_searched_as_both():
    letters = name_that_is_a_valid_code()
    assert set(classify(letters).candidates) == {SearchKind.CODE, SearchKind.NAME}


def test_a_name_shaped_like_a_valid_code_still_finds_the_people_of_that_name(personas):
    letters = name_that_is_a_valid_code()
    named = register(personas.caseworker, names=[letters.title()], stated_age=30)
    result = selectors.person_find(actor=personas.caseworker, query=letters)
    assert [r.code for r in result.rows] == [named.code]
    assert set(result.searched_as) == {SearchKind.CODE, SearchKind.NAME}


def test_a_code_of_letters_only_is_looked_up_on_its_own_index_alone(personas, django_assert_num_queries):
    letters = name_that_is_a_valid_code()
    coded = register(personas.caseworker, names=["Asha Begum"], stated_age=30)
    Person.objects.filter(pk=coded.pk).update(code=letters)
    selectors.person_find(actor=personas.caseworker, query=letters)  # keys unwrapped once per process
    with django_assert_num_queries(1):
        result = selectors.person_find(actor=personas.caseworker, query=letters.lower())
    assert [r.code for r in result.rows] == [letters] and result.searched_as == (SearchKind.CODE,)


def test_a_code_with_a_wrong_check_character_is_not_searched_as_a_code(personas, rupa, signed_in, api_find):
    typed = classify(f"{WRONG_CODE[:4]}-{WRONG_CODE[4:]}")
    assert typed.code_check_failed and typed.candidates == {}
    result = selectors.person_find(actor=personas.caseworker, query=WRONG_CODE)
    assert result.rows == [] and result.code_check_failed and result.hidden_code_match is None
    page = signed_in(personas.caseworker).post("/people/find/", {"query": WRONG_CODE}).content.decode()
    assert "one of its characters is wrong" in page and rupa.display_code not in page
    assert api_find(WRONG_CODE) == []
    # Letters only, like a name: then it is a name (eight letters whose check fails is not a code).
    assert set(classify("Kamaladi").candidates) >= {SearchKind.NAME}


def test_each_kind_is_found_by_the_page_and_the_api(personas, rupa, signed_in, api_find):
    client = signed_in(personas.caseworker)
    for kind, texts in TYPED.items():
        for text in texts:
            result = selectors.person_find(actor=personas.caseworker, query=text)
            assert [r.code for r in result.rows] == [CODE] and result.searched_as == (kind,), text
            page = client.post("/people/find/", {"query": text}).content.decode()
            assert rupa.display_code in page and "one of its characters is wrong" not in page, text
            assert api_find(text) == [CODE], text
    assert api_find("Rupa") == [CODE]  # a name token alone (sathi/people/tests/test_name_search.py)
    assert api_find("Mond") == [] and api_find("98300") == []  # never a part of a word or number


def test_search_still_goes_through_the_access_policy(personas, rupa, api_find):
    for text in (CODE, "9830012345", "Rupa Mondal"):
        assert selectors.person_find(actor=personas.counsellor, query=text).rows == []
        assert selectors.person_find(actor=personas.outsider, query=text).rows == []
        assert selectors.person_find(actor=personas.analyst, query=text).rows == []
        assert [r.code for r in selectors.person_find(actor=personas.supervisor, query=text).rows] == [CODE]
    # An unassigned worker typing the exact code learns only that she may break glass.
    assert selectors.person_find(actor=personas.counsellor, query=CODE).hidden_code_match == rupa


def test_a_search_is_one_query_for_the_people_their_keys_and_their_names(
    personas, rupa, django_assert_num_queries
):
    for texts in TYPED.values():
        selectors.person_find(actor=personas.caseworker, query=texts[0])  # keys unwrapped once per process
        for text in texts:
            with django_assert_num_queries(1):
                selectors.person_find(actor=personas.caseworker, query=text)
    with django_assert_num_queries(1):  # nothing to open, nothing found
        selectors.person_find(actor=personas.caseworker, query="Nobody Here")
    with django_assert_num_queries(2):  # a code she may not see: the miss, and the break-glass offer
        selectors.person_find(actor=personas.counsellor, query=CODE)


def _search_sql(actor, text) -> str:
    with CaptureQueriesContext(connection) as queries:
        selectors.person_find(actor=actor, query=text)
    return queries.captured_queries[0]["sql"]


def test_the_search_query_has_no_or_across_indexes(personas, rupa):
    """The only OR left is the access policy's own (assigned, or break glass open), as in reading a record."""
    policy_sql = str(selectors.person_queryset(personas.caseworker).filter(pk=rupa.pk).query)
    policy_ors = len(re.findall(r"\bOR\b", policy_sql))
    for actor, ors in ((personas.supervisor, 0), (personas.caseworker, policy_ors)):
        for texts in TYPED.values():
            sql = _search_sql(actor, texts[0])
            assert len(re.findall(r"\bOR\b", sql)) == ors, sql
    both = name_that_is_a_valid_code()  # no such code: the two kinds are then one UNION
    with CaptureQueriesContext(connection) as queries:
        selectors.person_find(actor=personas.supervisor, query=both)
    statements = [q["sql"] for q in queries.captured_queries]
    assert "UNION" in statements[1] and not [sql for sql in statements if re.search(r"\bOR\b", sql)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_each_kind_of_search_is_planned_on_its_index(personas, rupa):
    for i in range(30):  # others in the organisation, so that reading all of it is not the cheap plan
        register(personas.supervisor, names=[f"Other Person {i}"], phone=f"+91 90000 {i:05}", stated_age=30)
    key_condition = {
        SearchKind.CODE: r"Index Cond: .*\bcode\b",
        SearchKind.PHONE: r"Index Cond: .*\bphone_index\b",
        # a name: its candidates by their blind keys (sathi.people.namesearch)
        SearchKind.NAME: r"personnamekey_(lookup|person) on \w+[^\n]*\n\s*Index Cond: .*\bkey\b",
    }
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_person")
        cursor.execute("ANALYZE people_personname")
    for kind, texts in TYPED.items():
        sql = _search_sql(personas.caseworker, texts[0])
        with connection.cursor() as cursor:
            # Test tables are tiny: forbid the sequential scan, so that a search that cannot use its index
            # (one OR across indexes) shows as a filter over the whole organisation instead.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("RESET enable_seqscan")
        assert re.search(key_condition[kind], plan), plan
        assert not re.search(r"Filter: .*\b(code|phone_index|name_index)\b", plan), plan
