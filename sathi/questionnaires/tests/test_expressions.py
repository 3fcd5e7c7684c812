"""Expressions are checked with elementpath, ODK's functions registered (issue 12, item 1)."""

from __future__ import annotations

import pytest

from sathi.questionnaires.expressions import check
from sathi.questionnaires.refusals import XLSFormRefused

NAMES = {"a", "age", "colour"}


def _check(expression: str):
    return check(expression, names=NAMES, sheet="survey", row=7, column="relevant")


@pytest.mark.parametrize(
    "expression",
    [
        "instance('x')/root/item[name = current()/../a]",
        "if(selected(${colour}, 'red'), 1, 2)",
        "count-selected(${colour}) > 0 and coalesce(${a}, '') != ''",
        "jr:choice-name(${colour}, '${colour}')",
        "${last-saved#age} + 1",
        "format-date(today(), '%Y') - int(${age})",
        "pulldata('file', 'col', 'key', ${a})",
        "regex(., '^[0-9]{10}$') and string-length(.) = 10",
        "position(..) <= 3 and round(${age}, 1) > 0",
    ],
)
def test_odk_xform_functions_and_references_parse(expression):
    assert _check(expression) == set()


def test_an_unknown_function_is_refused_with_its_cell():
    with pytest.raises(XLSFormRefused) as caught:
        _check("frobnicate(${a})")
    assert (caught.value.sheet, caught.value.row, caught.value.column) == ("survey", 7, "relevant")
    assert "a function that XLSForms do not have" in caught.value.message


def test_the_position_of_a_syntax_error_is_counted_in_the_authors_own_text():
    with pytest.raises(XLSFormRefused) as caught:
        _check("${last-saved#age} = = 3")  # the reference is as long as the path that replaced it
    assert "(at character 21)" in caught.value.message


def test_cht_functions_parse_and_are_named():
    assert _check("difference-in-months(${age}, today())") == {"difference-in-months"}
