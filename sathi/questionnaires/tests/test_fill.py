"""Filling a questionnaire in Sathi (issue 12, item 3): pages, required, constraint, relevant, choice_filter,
calculate, defaults, repeats, drafts and the three languages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from conftest import sign_in
from sathi.questionnaires import services
from sathi.questionnaires.models import Submission
from sathi.questionnaires.submissions import answers_system
from sathi.questionnaires.tests.workbooks import xlsx

pytestmark = pytest.mark.django_db

FORM = xlsx(
    [
        [
            "type",
            "name",
            "label::English (en)",
            "label::Bengali (bn)",
            "label::Hindi (hi)",
            "required",
            "relevant",
            "constraint",
            "constraint_message::English (en)",
            "constraint_message::Bengali (bn)",
            "constraint_message::Hindi (hi)",
            "calculation",
            "default",
            "choice_filter",
            "sathi::class",
        ],
        ["begin_group", "home", "Home", "বাড়ি", "घर", "", "", "", "", "", "", "", "", "", ""],
        [
            "select_one yn",
            "kids",
            "Are there children?",
            "শিশু আছে?",
            "बच्चे हैं?",
            "yes",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "none",
        ],
        [
            "integer",
            "count",
            "How many?",
            "কতজন?",
            "कितने?",
            "yes",
            "${kids} = 'yes'",
            ". < 20",
            "Fewer than 20",
            "২০-এর কম",
            "20 से कम",
            "",
            "",
            "",
            "none",
        ],
        ["text", "village", "Village", "গ্রাম", "गाँव", "", "", "", "", "", "", "", "Hasnabad", "", "location"],
        ["select_one state", "state", "State", "রাজ্য", "राज्य", "", "", "", "", "", "", "", "", "", "none"],
        [
            "select_one district",
            "district",
            "District",
            "জেলা",
            "ज़िला",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "state=${state}",
            "none",
        ],
        ["end_group", "home", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["begin_group", "ages", "Ages", "বয়স", "उम्र", "", "${kids} = 'yes'", "", "", "", "", "", "", "", ""],
        ["begin_repeat", "child", "Child", "শিশু", "बच्चा", "", "", "", "", "", "", "", "", "", ""],
        ["integer", "age", "Age", "বয়স", "उम्र", "yes", "", ". >= 0", "", "", "", "", "", "", "none"],
        ["end_repeat", "child", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["end_group", "ages", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["calculate", "double", "", "", "", "", "", "", "", "", "", "${count} * 2", "", "", "none"],
    ],
    choices=[
        ["list_name", "name", "label::English (en)", "label::Bengali (bn)", "label::Hindi (hi)", "state"],
        ["yn", "yes", "Yes", "হ্যাঁ", "हाँ", ""],
        ["yn", "no", "No", "না", "नहीं", ""],
        ["state", "wb", "West Bengal", "পশ্চিমবঙ্গ", "पश्चिम बंगाल", ""],
        ["state", "mh", "Maharashtra", "মহারাষ্ট্র", "महाराष्ट्र", ""],
        ["district", "n24", "North 24 Parganas", "উত্তর ২৪ পরগনা", "उत्तर 24 परगना", "wb"],
        ["district", "mum", "Mumbai", "মুম্বাই", "मुंबई", "mh"],
    ],
    settings=[["form_id", "form_title"], ["home_visit", "Home visit"]],
)


@pytest.fixture
def filling(personas):
    version = services.questionnaire_import(
        actor=None, organisation=personas.org, data=FORM, filename="home.xlsx"
    ).version
    client = Client()
    sign_in(client, personas.community_researcher)
    started = client.post(f"/questionnaires/versions/{version.pk}/fill/")
    assert started.status_code == 302
    draft = Submission.objects.get(complete=False)
    return client, draft, f"/questionnaires/fill/{draft.pk}"


def test_a_page_honours_required_constraint_relevant_and_its_message(filling):
    client, draft, base = filling
    first = client.get(f"{base}/1/")
    assert first.status_code == 200
    body = first.content.decode()
    assert "Are there children?" in body and "How many?" not in body  # not relevant yet
    assert 'value="Hasnabad"' not in body and "Hasnabad" in body  # the default, in the textarea
    refused = client.post(f"{base}/1/", {"go": "next"})
    assert refused.status_code == 400 and "needs an answer" in refused.content.decode()
    shown = client.post(f"{base}/1/", {"/data/home/kids": "yes", "go": "next"})
    assert shown.status_code == 400 and "How many?" in shown.content.decode()  # relevant now, required
    too_many = client.post(f"{base}/1/", {"/data/home/kids": "yes", "/data/home/count": "25", "go": "next"})
    assert too_many.status_code == 400 and "Fewer than 20" in too_many.content.decode()
    saved = client.post(f"{base}/1/", {"/data/home/kids": "yes", "/data/home/count": "3", "go": "next"})
    assert saved.status_code == 302 and saved["Location"].endswith(f"{draft.pk}/2/")
    draft.refresh_from_db()
    assert answers_system(draft)["/data/home/count"] == 3 and not draft.complete


def test_choices_are_filtered_and_a_repeat_takes_more_items_and_the_form_finishes_with_its_calculate(filling):
    client, draft, base = filling
    client.post(f"{base}/1/", {"/data/home/kids": "yes", "/data/home/count": "2", "/data/home/state": "wb"})
    page = client.get(f"{base}/1/").content.decode()
    assert "North 24 Parganas" in page and "Mumbai" not in page
    more = client.post(f"{base}/2/", {"/data/ages/child[1]/age": "4", "more": "1"})
    assert more.status_code == 302 and "items=2" in more["Location"]
    two = client.get(more["Location"]).content.decode()
    assert 'name="/data/ages/child[2]/age"' in two
    done = client.post(
        f"{base}/2/", {"/data/ages/child[1]/age": "4", "/data/ages/child[2]/age": "7", "go": "next"}
    )
    assert done.status_code == 302
    draft.refresh_from_db()
    answers = answers_system(draft)
    assert draft.complete and answers["/data/ages/child[2]/age"] == 7 and answers["/data/double"] == "4"


def test_the_form_is_shown_in_bengali_and_hindi(filling):
    client, _draft, base = filling
    for language, words in (("bn", "শিশু আছে?"), ("hi", "बच्चे हैं?")):
        client.cookies["sathi_lang"] = language
        with translation.override(language):
            assert words in client.get(f"{base}/1/", headers={"Accept-Language": language}).content.decode()
    translation.activate("en")


def test_someone_elses_draft_is_not_there(personas, filling):
    _client, _draft, base = filling
    other = Client()
    sign_in(other, personas.supervisor)
    assert other.get(f"{base}/1/").status_code == 404
