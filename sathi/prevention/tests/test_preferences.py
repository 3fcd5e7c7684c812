"""Tables II and III of 003, reproduced from entered choices."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sathi.prevention import preferences, services
from sathi.prevention.models import ModelChoice

TODAY = timezone.localdate()
CRIME, ROOT, RIGHTS, CHAIN, LABOUR = (
    "crime_prevention",
    "root_causes",
    "rights_based",
    "chain_of_risk",
    "labour",
)

# 31 structured interviews with duty bearers, as 003 counts them: 27 men and 4 women.
MEN = [[CRIME, ROOT]] * 9 + [[RIGHTS, CHAIN]] * 3 + [[RIGHTS]] * 6 + [[CHAIN]] * 4 + [[LABOUR]] * 5
WOMEN = [[CRIME, ROOT], [CRIME, ROOT], [CRIME, ROOT, RIGHTS], [CHAIN]]


@pytest.fixture
def interviews(personas):
    admin, researcher = personas.by_role["org_admin"], personas.by_role["community_researcher"]
    state = services.shared_place_add(actor=admin, kind="state", name="West Bengal")
    district = services.shared_place_add(
        actor=admin, kind="district", name="North 24 Parganas", parent_id=state.pk
    )
    session = services.session_record(
        actor=researcher,
        place_id=district.pk,
        held_on=TODAY,
        source="interview",
        cohort="duty_bearers",
        respondents=31,
    )
    for gender, answers in (("man", MEN), ("woman", WOMEN)):
        for chosen in answers:
            preferences.model_choice_record(
                actor=researcher, session_id=session.pk, gender=gender, chosen=chosen
            )
    return researcher, session


@pytest.mark.django_db
def test_table_ii_of_003_is_reproduced_exactly_from_31_entered_duty_bearer_interviews(interviews):
    researcher, _session = interviews
    table = preferences.model_preferences(researcher, cohort="duty_bearers")
    assert table.genders == ["man", "woman"]
    assert table.respondents == 31
    assert table.rows == [
        (CRIME, [9, 3], 12),
        (ROOT, [9, 3], 12),
        (RIGHTS, [9, 1], 10),
        (CHAIN, [7, 1], 8),
        (LABOUR, [5, 0], 5),
    ]


# Table III's focus groups, each respondent's models in order, entered so that each group's first and second
# choices are 003's (ties kept: "Crime Prevention Model and Rights Based Model").
FGDS = {
    "survivors": [
        [[ROOT, CRIME], [ROOT, RIGHTS], [ROOT]],  # FGD 3
        [[CRIME, ROOT], [RIGHTS, CHAIN]],  # FGD 4
        [[ROOT, RIGHTS], [ROOT, RIGHTS], [CRIME, ROOT]],  # FGD 5
    ],
    "frontline_workers": [
        [[RIGHTS, CRIME], [RIGHTS, CRIME], [ROOT, RIGHTS]],  # FGD 1
        [[RIGHTS, CRIME], [RIGHTS, ROOT]],  # FGD 2
        [[ROOT, RIGHTS], [ROOT, RIGHTS], [RIGHTS, CRIME]],  # FGD 6
    ],
    # The two financiers interviewed: one, and one who named two models equally.
    "funders": [[[RIGHTS, ROOT]], [[CRIME, LABOUR], [LABOUR, CRIME]]],
}


@pytest.mark.django_db
def test_table_iii_of_003_is_reproduced_from_entered_first_and_second_choices_by_cohort(interviews):
    researcher, duty_session = interviews
    for cohort, groups in FGDS.items():
        for respondents in groups:
            session = services.session_record(
                actor=researcher,
                place_id=duty_session.place_id,
                held_on=TODAY,
                source="focus_group" if cohort != "funders" else "interview",
                cohort=cohort,
                respondents=len(respondents),
            )
            for chosen in respondents:
                preferences.model_choice_record(
                    actor=researcher, session_id=session.pk, gender="woman", chosen=chosen
                )
    table = {row.cohort: row for row in preferences.cohort_choices(researcher)}
    assert list(table) == ["survivors", "frontline_workers", "duty_bearers", "funders"]
    survivors, workers = table["survivors"], table["frontline_workers"]
    assert [(first, second) for _s, first, second in survivors.sessions] == [
        ([ROOT], [CRIME, RIGHTS]),
        ([CRIME, RIGHTS], [ROOT, CHAIN]),
        ([ROOT], [RIGHTS]),
    ]
    assert (survivors.first, survivors.second) == ([ROOT], [RIGHTS])
    assert [(first, second) for _s, first, second in workers.sessions] == [
        ([RIGHTS], [CRIME]),
        ([RIGHTS], [CRIME, ROOT]),
        ([ROOT], [RIGHTS]),
    ]
    assert (workers.first, workers.second) == ([RIGHTS], [CRIME])
    assert (table["duty_bearers"].first, table["duty_bearers"].second) == ([CRIME], [ROOT])
    funders = [(first, second) for _s, first, second in table["funders"].sessions]
    assert funders == [([RIGHTS], [ROOT]), ([CRIME, LABOUR], [CRIME, LABOUR])]


@pytest.mark.django_db
def test_tied_first_choices_in_a_focus_group_both_show(personas):
    admin, researcher = personas.by_role["org_admin"], personas.by_role["community_researcher"]
    state = services.shared_place_add(actor=admin, kind="state", name="West Bengal")
    fgd = services.session_record(
        actor=researcher,
        place_id=state.pk,
        held_on=TODAY,
        source="focus_group",
        cohort="survivors",
        respondents=4,
    )
    for chosen in ([CRIME, ROOT], [RIGHTS, CHAIN], [CRIME], [RIGHTS]):
        preferences.model_choice_record(actor=researcher, session_id=fgd.pk, gender="woman", chosen=chosen)
    (survivors,) = preferences.cohort_choices(researcher)
    assert survivors.sessions[0][1] == [CRIME, RIGHTS]  # "Crime Prevention Model and Rights Based Model"
    assert survivors.sessions[0][2] == [ROOT, CHAIN]


@pytest.mark.django_db
def test_the_analyst_sees_table_ii_through_the_disclosure_gate(interviews, personas):
    table = preferences.model_preferences(personas.analyst, cohort="duty_bearers")
    women = {code: counts[1] for code, counts, _total in table.rows}
    assert women[RIGHTS] is None and women[CHAIN] is None  # 1 and 1: hidden


@pytest.mark.django_db
def test_a_model_chosen_twice_or_more_respondents_than_took_part_is_refused(interviews):
    researcher, session = interviews
    before = ModelChoice.objects.count()
    with pytest.raises(ValidationError):
        preferences.model_choice_record(actor=researcher, session_id=session.pk, gender="man", chosen=[CRIME])
    other = services.session_record(
        actor=researcher,
        place_id=session.place_id,
        held_on=TODAY,
        source="interview",
        cohort="funders",
        respondents=2,
    )
    with pytest.raises(ValidationError):
        preferences.model_choice_record(
            actor=researcher, session_id=other.pk, gender="man", chosen=[CRIME, CRIME]
        )
    assert ModelChoice.objects.count() == before
