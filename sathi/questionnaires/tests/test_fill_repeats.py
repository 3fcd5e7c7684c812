"""Filling a repeat in Sathi (issue 12, item 3): `relevant`, `constraint` and `calculate` inside a repeat are
those of each item (its own `.` and `..`, `position(..)`), and `indexed-repeat()` reads a chosen item, as
ODK Collect does. The form is written here; the shared real forms that use repeats are filled page by page.
"""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import sign_in
from sathi.questionnaires import fill, services
from sathi.questionnaires.models import Submission
from sathi.questionnaires.submissions import answers_system
from sathi.questionnaires.tests.workbooks import real_form, xlsx

pytestmark = pytest.mark.django_db

NOT_MORE = "Not more than the age"
HEAD = ["type", "name", "label", "required", "relevant", "constraint", "constraint_message", "calculation"]
FORM = xlsx(
    [
        [*HEAD, "sathi::class"],
        ["begin_group", "people", "People", "", "", "", "", "", ""],
        ["begin_repeat", "member", "Member", "", "", "", "", "", ""],
        ["integer", "age", "Age", "yes", "", ". < 120", "", "", "none"],
        [
            "integer",
            "school",
            "Years in school",
            "",
            "${age} < 18",
            ". <= ${age}",
            "Not more than the age",
            "",
            "none",
        ],
        [
            "integer",
            "work",
            "Years of work",
            "",
            "../age >= 18",
            ". <= ../age",
            "Not more than the age",
            "",
            "none",
        ],
        ["calculate", "double", "", "", "", "", "", "${age} * 2", "none"],
        ["calculate", "number", "", "", "", "", "", "position(..)", "none"],
        ["calculate", "first_age", "", "", "", "", "", "indexed-repeat(${age}, ${member}, 1)", "none"],
        ["end_repeat", "member", "", "", "", "", "", "", ""],
        ["end_group", "people", "", "", "", "", "", "", ""],
        ["begin_group", "end", "The end", "", "", "", "", "", ""],
        ["text", "remarks", "Anything else?", "", "", "", "", "", "none"],
        ["end_group", "end", "", "", "", "", "", "", ""],
        ["calculate", "second_age", "", "", "", "", "", "indexed-repeat(${age}, ${member}, 2)", "none"],
        ["calculate", "members", "", "", "", "", "", "count(${member})", "none"],
    ],
    settings=[["form_id", "form_title"], ["household_repeat", "Household"]],
)
MEMBER = "/data/people/member"
SHARED_WITH_REPEATS = ["liberiaCoverage.xlsx", "UCL_Biomass_Plot_Form.xlsx", "REACH_2024_MSNA.xlsx"]


@pytest.fixture
def household(personas):
    version = services.questionnaire_import(
        actor=None, organisation=personas.org, data=FORM, filename="household.xlsx"
    ).version
    client = Client()
    sign_in(client, personas.community_researcher)
    assert client.post(f"/questionnaires/versions/{version.pk}/fill/").status_code == 302
    draft = Submission.objects.get(version=version, complete=False)
    return client, draft, f"/questionnaires/fill/{draft.pk}"


def _asked(response) -> dict[str, str]:
    return {q.at: q.error for q in response.context["questions"]}


def test_a_relevant_inside_a_repeat_is_worked_out_for_each_item(household):
    client, _draft, base = household
    sent = client.post(f"{base}/1/", {f"{MEMBER}[1]/age": "30", f"{MEMBER}[2]/age": "10", "more": "1"})
    assert sent.status_code == 302  # saved, one item more asked for
    asked = _asked(client.get(f"{base}/1/?items=2"))
    # The adult is asked about work (`../age >= 18`), the child about school (`${age} < 18`): each her own.
    assert f"{MEMBER}[1]/work" in asked and f"{MEMBER}[1]/school" not in asked
    assert f"{MEMBER}[2]/school" in asked and f"{MEMBER}[2]/work" not in asked


def test_a_constraint_inside_a_repeat_checks_the_items_own_answers(household):
    client, draft, base = household
    refused = client.post(
        f"{base}/1/",
        {
            f"{MEMBER}[1]/age": "30",
            f"{MEMBER}[1]/work": "12",
            f"{MEMBER}[2]/age": "10",
            f"{MEMBER}[2]/school": "11",  # more years in school than her own age
            "go": "next",
        },
    )
    assert refused.status_code == 400
    errors = _asked(refused)
    assert errors[f"{MEMBER}[2]/school"] == "Not more than the age"
    assert errors[f"{MEMBER}[1]/work"] == "" and errors[f"{MEMBER}[1]/age"] == ""
    assert "Not more than the age" in refused.content.decode()
    draft.refresh_from_db()
    assert answers_system(draft) == {}  # nothing is saved while a page has an error


def test_a_relative_path_constraint_inside_a_repeat_reads_its_own_item(household):
    client, _draft, base = household
    refused = client.post(
        f"{base}/1/",
        {f"{MEMBER}[1]/age": "20", f"{MEMBER}[1]/work": "25", f"{MEMBER}[2]/age": "40", "go": "next"},
    )
    # 25 years of work is more than item 1's age (20), though not more than item 2's (40): `../age` is hers.
    assert refused.status_code == 400 and _asked(refused)[f"{MEMBER}[1]/work"] == "Not more than the age"


def test_a_calculate_inside_a_repeat_is_worked_out_for_each_item_with_its_position(household):
    client, draft, base = household
    saved = client.post(
        f"{base}/1/",
        {f"{MEMBER}[1]/age": "30", f"{MEMBER}[2]/age": "10", f"{MEMBER}[3]/age": "4", "go": "next"},
    )
    assert saved.status_code == 302
    draft.refresh_from_db()
    answers = answers_system(draft)
    assert [answers[f"{MEMBER}[{n}]/double"] for n in (1, 2, 3)] == ["60", "20", "8"]
    assert [answers[f"{MEMBER}[{n}]/number"] for n in (1, 2, 3)] == ["1", "2", "3"]


def test_indexed_repeat_reads_the_chosen_item_inside_and_outside_the_repeat(household):
    client, draft, base = household
    client.post(f"{base}/1/", {f"{MEMBER}[1]/age": "30", f"{MEMBER}[2]/age": "10", "go": "next"})
    finished = client.post(f"{base}/2/", {"/data/end/remarks": "", "go": "next"})
    assert finished.status_code == 302
    draft.refresh_from_db()
    answers = answers_system(draft)
    assert draft.complete
    assert answers["/data/second_age"] == "10" and answers["/data/members"] == "2"
    assert answers[f"{MEMBER}[1]/first_age"] == "30" and answers[f"{MEMBER}[2]/first_age"] == "30"


def test_an_answer_made_irrelevant_in_one_item_is_dropped_from_that_item_only(household):
    client, draft, base = household
    client.post(f"{base}/1/", {f"{MEMBER}[1]/age": "12", f"{MEMBER}[1]/school": "6", f"{MEMBER}[2]/age": "9"})
    client.post(
        f"{base}/1/",
        {
            f"{MEMBER}[1]/age": "19",  # now an adult: school is no longer asked of her
            f"{MEMBER}[1]/school": "6",
            f"{MEMBER}[2]/age": "9",
            f"{MEMBER}[2]/school": "3",
        },
    )
    draft.refresh_from_db()
    answers = answers_system(draft)
    assert f"{MEMBER}[1]/school" not in answers and answers[f"{MEMBER}[2]/school"] == 3


@pytest.mark.parametrize(
    "name", ["liberiaCoverage.xlsx", "UCL_Biomass_Plot_Form.xlsx", "REACH_2024_MSNA.xlsx"]
)
def test_a_shared_form_with_repeats_shows_every_page_and_saves_its_first(personas, name):
    version = services.questionnaire_import(
        actor=None, organisation=personas.org, data=real_form(name), filename=name
    ).version
    draft = fill.draft_start(actor=personas.community_researcher, version_id=version.pk)
    form = fill.form_of(version)
    for page in form.pages:
        fill.shown(version, page, {}, "en", items=2, every=True)
    first = fill.page_save(
        actor=personas.community_researcher, draft=draft, number=1, posted=_empty_post(), language="en"
    )
    assert first is not None
    draft.refresh_from_db()
    assert not draft.complete


def _empty_post():
    from django.http import QueryDict

    return QueryDict("")
