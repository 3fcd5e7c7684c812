"""Each of the six shared real XLSForms imports, with the warnings it deserves (issue 12, item 1)."""

from __future__ import annotations

import pytest

from sathi.questionnaires.models import Question
from sathi.questionnaires.services import questionnaire_import
from sathi.questionnaires.tests.workbooks import real_form

pytestmark = pytest.mark.django_db


def _import(personas, name: str):
    data = real_form(name)
    imported = questionnaire_import(
        actor=personas.supervisor, organisation=personas.org, data=data, filename=name
    )
    version = imported.version
    assert bytes(version.source) == data  # the form can go back out as it came
    assert version.xform.startswith("<?xml") and "<h:html" in version.xform
    assert version.questions.exclude(type__in=["group", "repeat"]).exists()
    return imported, [w["message"] for w in imported.warnings], imported.warnings


def test_xlsform_spec_test_imports_with_pyxforms_warnings(personas):
    imported, messages, _ = _import(personas, "xlsform_spec_test.xlsx")
    assert imported.version.questionnaire.form_id == "Spec test"
    assert sum("Choices should have a label" in m for m in messages) == 2
    assert any("max-pixels" in m for m in messages)
    labels = Question.objects.get(version=imported.version, name="skip_to_end").labels
    assert set(labels) == {"en"}  # "english" is English


def test_ucl_biomass_imports_and_warns_of_the_choices_header_with_a_trailing_space(personas):
    _imported, _messages, warnings = _import(personas, "UCL_Biomass_Plot_Form.xlsx")
    header = [w for w in warnings if "has spaces around it" in w["message"]]
    assert [(w["sheet"], w["row"], w["column"]) for w in header] == [("choices", 1, "B")]
    assert "“name ”" in header[0]["message"]


def test_cht_pregnancy_imports_with_its_meta_group_renamed(personas):
    imported, messages, warnings = _import(personas, "cht_pregnancy.xlsx")
    renamed = [w for w in warnings if "renamed “meta_group”" in w["message"]]
    assert [(w["sheet"], w["row"], w["column"]) for w in renamed] == [("survey", 282, "name")]
    assert Question.objects.filter(
        version=imported.version, path="/data/data/meta_group", type="group"
    ).exists()
    assert any(m.startswith("difference-in-months() is a function of CHT") for m in messages)
    assert any("“instance::tag” cannot be converted" in m for m in messages)
    # Its seven language columns (label::hi among them) are empty but for English: nothing is invented.
    languages = {
        code for labels in imported.version.questions.values_list("labels", flat=True) for code in labels
    }
    assert languages == {"en"}


def test_liberia_coverage_imports_with_duplicate_choice_names_allowed(personas):
    _imported, _messages, warnings = _import(personas, "liberiaCoverage.xlsx")
    duplicates = [w for w in warnings if "more than once" in w["message"]]
    assert duplicates and all(w["sheet"] == "choices" and w["column"] == "name" for w in duplicates)
    assert any("“district”" in w["message"] and "rows 125, 126" in w["message"] for w in duplicates)


def test_reach_msna_imports_with_its_unlabelled_repeats_warned(personas):
    imported, messages, warnings = _import(personas, "REACH_2024_MSNA.xlsx")
    repeats = [w for w in warnings if w["message"].startswith("Repeat has no label")]
    assert [w["row"] for w in repeats] == [32, 98, 269, 283]
    assert imported.version.questions.filter(type="repeat").count() == 4
    assert any("english, french" in m for m in messages)


def test_osm_buildings_xls_imports_with_yes_no_added_and_quotes_straightened(personas):
    imported, _messages, warnings = _import(personas, "osm_buildings.xls")
    assert imported.version.file_type == "xls"
    yes_no = [w for w in warnings if "“yes_no” is not on the choices sheet" in w["message"]]
    assert [(w["sheet"], w["row"], w["column"]) for w in yes_no] == [("survey", 34, "type")]
    quotes = [(w["row"], w["column"]) for w in warnings if w["message"].startswith("Curly quotes")]
    assert (36, "relevant") in quotes
    assert any(w["message"].startswith("The trigger refers to ${feature}") for w in warnings)
    power = Question.objects.get(version=imported.version, name="power")
    assert [c["name"] for c in power.choices] == ["yes", "no"]
    assert "’" not in imported.version.xform
