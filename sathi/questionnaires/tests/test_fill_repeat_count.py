"""A repeat's `repeat_count` fixes its number of items when a form is filled in Sathi (issue 12): a literal
count, or one worked out from the answers so far; no "Add another" beyond it; items beyond a count made
smaller are removed when the page is saved, and she is told; a count of 0 shows no item. Every door of
Sathi's own fill follows it: the page, the draft saved and resumed, the finish. The shared real forms that
use repeat_count are imported and filled here too.
"""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import sign_in
from sathi.questionnaires import fill, services
from sathi.questionnaires.fill import _calculate
from sathi.questionnaires.filling import REPEAT
from sathi.questionnaires.models import Submission
from sathi.questionnaires.submissions import Incoming, answers_system, submission_keep
from sathi.questionnaires.tests.workbooks import real_form, xlsx
from sathi.questionnaires.vocab import SubmissionSource

pytestmark = pytest.mark.django_db

HEAD = ["type", "name", "label", "required", "repeat_count", "sathi::class"]
FORM = xlsx(
    [
        HEAD,
        ["begin_group", "household", "Household", "", "", ""],
        ["integer", "hh_size", "How many people live here?", "yes", "", "none"],
        ["end_group", "household", "", "", "", ""],
        ["begin_group", "people", "People", "", "", ""],
        ["begin_repeat", "member", "Member", "", "${hh_size}", ""],
        ["integer", "age", "Age", "yes", "", "none"],
        ["end_repeat", "member", "", "", "", ""],
        ["end_group", "people", "", "", "", ""],
        ["begin_group", "visits", "Visits", "", "", ""],
        ["begin_repeat", "visit", "Visit", "", "2", ""],
        ["text", "place", "Place", "", "", "none"],
        ["end_repeat", "visit", "", "", "", ""],
        ["end_group", "visits", "", "", "", ""],
        ["begin_group", "children", "Children", "", "", ""],
        ["integer", "kids", "How many children?", "", "", "none"],
        ["begin_repeat", "child", "Child", "", "${kids}", ""],
        ["text", "school", "School", "", "", "none"],
        ["end_repeat", "child", "", "", "", ""],
        ["end_group", "children", "", "", "", ""],
    ],
    settings=[["form_id", "form_title"], ["counted_repeats", "Counted"]],
)
MEMBER, VISIT, CHILD = "/data/people/member", "/data/visits/visit", "/data/children/child"
SIZE = "/data/household/hh_size"
SHARED_WITH_COUNTS = [
    "REACH_2024_MSNA.xlsx",
    "UCL_Biomass_Plot_Form.xlsx",
    "cht_pregnancy.xlsx",
    "liberiaCoverage.xlsx",
    "xlsform_spec_test.xlsx",
]


@pytest.fixture
def counted(personas):
    version = services.questionnaire_import(
        actor=None, organisation=personas.org, data=FORM, filename="counted.xlsx"
    ).version
    client = Client()
    sign_in(client, personas.community_researcher)
    assert client.post(f"/questionnaires/versions/{version.pk}/fill/").status_code == 302
    draft = Submission.objects.get(version=version, complete=False)
    return client, draft, f"/questionnaires/fill/{draft.pk}"


def _asked(response) -> list[str]:
    return [q.at for q in response.context["questions"]]


def _ages(*ages) -> dict:
    return {f"{MEMBER}[{n}]/age": str(age) for n, age in enumerate(ages, start=1)}


def test_a_repeat_count_from_an_earlier_answer_fixes_the_number_of_items(counted):
    client, draft, base = counted
    assert client.post(f"{base}/1/", {SIZE: "3", "go": "next"}).status_code == 302
    page = client.get(f"{base}/2/?items=5")  # more items asked for than the count: not shown
    assert _asked(page) == [f"{MEMBER}[{n}]/age" for n in (1, 2, 3)]
    assert "Add another" not in page.content.decode()
    # A fourth item sent anyway is not kept; "more" adds none.
    sent = client.post(f"{base}/2/", {**_ages(30, 12, 8, 50), "more": "1"})
    assert sent.status_code == 302
    draft.refresh_from_db()
    kept = answers_system(draft)
    assert [kept.get(f"{MEMBER}[{n}]/age") for n in (1, 2, 3, 4)] == [30, 12, 8, None]
    assert _asked(client.get(sent["Location"])) == [f"{MEMBER}[{n}]/age" for n in (1, 2, 3)]


def test_a_literal_repeat_count_fixes_the_number_of_items(counted):
    client, draft, base = counted
    page = client.get(f"{base}/3/")
    assert _asked(page) == [f"{VISIT}[1]/place", f"{VISIT}[2]/place"]
    assert "Add another" not in page.content.decode()
    places = {f"{VISIT}[{n}]/place": f"place {n}" for n in (1, 2, 3)}
    assert client.post(f"{base}/3/", {**places, "go": "back"}).status_code == 302
    draft.refresh_from_db()
    kept = answers_system(draft)
    assert kept[f"{VISIT}[2]/place"] == "place 2" and f"{VISIT}[3]/place" not in kept


def test_a_repeat_count_of_zero_shows_no_item(counted):
    client, draft, base = counted
    client.post(f"{base}/1/", {SIZE: "0", "go": "next"})
    page = client.get(f"{base}/2/")
    assert _asked(page) == []
    assert "Nothing to answer on this page." in page.content.decode()
    assert client.post(f"{base}/2/", {**_ages(30), "go": "next"}).status_code == 302
    draft.refresh_from_db()
    assert f"{MEMBER}[1]/age" not in answers_system(draft)
    # No item asks anything: the required age of a member does not keep the form from finishing.
    client.post(f"{base}/3/", {"go": "next"})
    assert client.post(f"{base}/4/", {"go": "next"}).status_code == 302
    draft.refresh_from_db()
    assert draft.complete


def test_a_count_left_unanswered_shows_no_item(counted):
    client, _draft, base = counted
    assert _asked(client.get(f"{base}/2/")) == []


def test_items_beyond_a_smaller_count_are_removed_on_save_and_she_is_told(counted):
    client, draft, base = counted
    client.post(f"{base}/1/", {SIZE: "3", "go": "next"})
    client.post(f"{base}/2/", {**_ages(30, 12, 8), "go": "next"})
    made_smaller = client.post(f"{base}/1/", {SIZE: "2", "go": "next"}, follow=True)
    draft.refresh_from_db()
    kept = answers_system(draft)
    assert kept[SIZE] == 2
    assert [kept.get(f"{MEMBER}[{n}]/age") for n in (1, 2, 3)] == [30, 12, None]
    told = [str(m) for m in made_smaller.context["messages"]]
    assert told == ["There are fewer items now, so the answers of these were removed: “Member”, item 3."]
    assert _asked(made_smaller) == [f"{MEMBER}[1]/age", f"{MEMBER}[2]/age"]


def test_items_beyond_a_smaller_count_stay_while_the_page_that_changes_it_is_refused(counted):
    client, draft, base = counted
    client.post(f"{base}/1/", {SIZE: "3", "go": "next"})
    client.post(f"{base}/2/", {**_ages(30, 12, 8), "go": "next"})
    refused = client.post(f"{base}/2/", {**_ages(30, 12, "eight"), "go": "next"})
    assert refused.status_code == 400
    assert client.post(f"{base}/1/", {SIZE: "two", "go": "next"}).status_code == 400
    draft.refresh_from_db()  # nothing half-written: the count and the items are as they were
    kept = answers_system(draft)
    assert kept[SIZE] == 3 and kept[f"{MEMBER}[3]/age"] == 8


def test_a_count_made_larger_on_the_same_page_shows_that_page_again_with_its_new_items(counted):
    client, draft, base = counted
    assert _asked(client.get(f"{base}/4/")) == ["/data/children/kids"]
    grown = client.post(f"{base}/4/", {"/data/children/kids": "2", "go": "next"})
    assert grown.status_code == 302 and grown["Location"] == f"{base}/4/"  # not finished: new items
    draft.refresh_from_db()
    assert not draft.complete
    page = client.get(f"{base}/4/")
    assert _asked(page) == ["/data/children/kids", f"{CHILD}[1]/school", f"{CHILD}[2]/school"]


def test_a_resumed_draft_shows_and_finishes_with_the_items_its_count_fixes(counted, personas):
    client, draft, base = counted
    # A draft kept with more items than its count (written before the count was followed): resumed, the
    # page shows the count's items, and the finish keeps only those.
    answers = {SIZE: 2, **{f"{MEMBER}[{n}]/age": 20 + n for n in (1, 2, 3)}}
    submission_keep(
        actor=personas.community_researcher,
        incoming=Incoming(
            version=draft.version,
            instance_id=draft.instance_id,
            root_id=draft.root_id,
            answers=answers,
            raw="",
            source=SubmissionSource.SATHI,
            complete=False,
        ),
    )
    assert _asked(client.get(f"{base}/2/")) == [f"{MEMBER}[1]/age", f"{MEMBER}[2]/age"]
    draft = fill.draft_for(actor=personas.community_researcher, submission_id=draft.pk)
    finished, missing = fill.draft_finish(actor=personas.community_researcher, draft=draft, language="en")
    assert missing is None and finished.complete
    kept = answers_system(Submission.objects.get(pk=draft.pk))
    assert [kept.get(f"{MEMBER}[{n}]/age") for n in (1, 2, 3)] == [21, 22, None]


def test_every_item_a_count_fixes_must_be_answered_before_the_form_is_finished(counted):
    client, draft, base = counted
    client.post(f"{base}/1/", {SIZE: "2", "go": "next"})
    client.post(f"{base}/2/", {**_ages(30), "go": "next"})  # the second member's age is required
    assert client.post(f"{base}/2/", {**_ages(30), "go": "next"}).status_code == 400
    client.post(f"{base}/3/", {"go": "next"})
    last = client.post(f"{base}/4/", {"go": "next"})
    assert last.status_code == 302 and last["Location"] == f"{base}/2/"
    draft.refresh_from_db()
    assert not draft.complete


@pytest.mark.parametrize("name", SHARED_WITH_COUNTS)
def test_a_shared_form_with_repeat_counts_fills_as_many_items_as_its_count(personas, name):
    version = services.questionnaire_import(
        actor=None, organisation=personas.org, data=real_form(name), filename=name
    ).version
    form = fill.form_of(version)
    repeats = [f for f in form.fields if f.kind == REPEAT and f.count]
    assert repeats, f"{name} has a repeat_count"
    answers = {}
    for f in repeats:  # each count's question answered 2 (a literal count is worked out as a calculate)
        name_counted = f.count.strip().removeprefix("${").removesuffix("}")
        path = form.names.get(name_counted, "")
        outside = path and not any(path.startswith(r + "/") for r in form.repeats)
        if outside and next(q for q in form.fields if q.path == path).kind != "calculate":
            answers[path] = 2
    _calculate(form, answers)
    for f in repeats:
        if f.repeat:
            continue  # a repeat inside another: its items are counted in each outer item
        page = next(p for p in form.pages if any(q.path.startswith(f.path + "/") for q in _all(p.fields)))
        shown = fill.shown(version, page, answers, "en", items=5, every=True)
        items = {q.at[len(f.path) :].split("]")[0] for q in shown if q.at.startswith(f.path + "[")}
        assert items == {"[1", "[2"}, f"{name}: {f.path}"
    draft = fill.draft_start(actor=personas.community_researcher, version_id=version.pk)
    sent = fill.page_save(
        actor=personas.community_researcher, draft=draft, number=1, posted=_post(), language="en"
    )
    assert not sent.grown or sent.questions
    draft.refresh_from_db()
    assert not draft.complete


def _all(fields):
    for f in fields:
        yield f
        yield from _all(f.children)


def _post():
    from django.http import QueryDict

    return QueryDict("")
