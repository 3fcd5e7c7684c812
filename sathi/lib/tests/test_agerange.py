from datetime import date

from sathi.lib.agerange import Evidence, Kind, Status, assess

TODAY = date(2026, 11, 23)


def ev(kind, **kw):
    return Evidence(kind=kind, as_of=kw.pop("as_of", TODAY), **kw)


def test_police_estimate_of_17_against_her_stated_22_without_documents_is_disputed_not_minor():
    result = assess([ev(Kind.ESTIMATE, age_years=17), ev(Kind.SELF_STATED, age_years=22)], TODAY)
    assert result.status == Status.DISPUTED
    assert result.age_range(TODAY) == (17, 22)


def test_an_estimate_alone_never_decides():
    assert assess([ev(Kind.ESTIMATE, age_years=15)], TODAY).status == Status.UNKNOWN
    assert assess([ev(Kind.ESTIMATE, age_years=30)], TODAY).status == Status.UNKNOWN


def test_an_estimate_that_agrees_changes_nothing():
    result = assess([ev(Kind.ESTIMATE, age_years=25), ev(Kind.SELF_STATED, age_years=24)], TODAY)
    assert result.status == Status.ADULT


def test_school_certificate_comes_first_under_jj_act_section_94():
    evidence = [
        ev(Kind.SCHOOL_CERTIFICATE, date_of_birth=date(2010, 3, 1)),
        ev(Kind.MEDICAL_OPINION, age_years=20, margin_years=2),
        ev(Kind.SELF_STATED, age_years=22),
    ]
    result = assess(evidence, TODAY)
    assert result.status == Status.MINOR
    assert result.decided_by == Kind.SCHOOL_CERTIFICATE


def test_birth_certificate_used_only_without_school_certificate():
    evidence = [ev(Kind.BIRTH_CERTIFICATE, date_of_birth=date(2001, 1, 1)), ev(Kind.ESTIMATE, age_years=16)]
    assert assess(evidence, TODAY).status == Status.ADULT


def test_medical_opinion_only_without_documents_and_its_margin_can_make_a_dispute():
    medical = ev(Kind.MEDICAL_OPINION, age_years=19, margin_years=2)
    assert assess([medical, ev(Kind.SELF_STATED, age_years=25)], TODAY).status == Status.DISPUTED
    assert assess([ev(Kind.MEDICAL_OPINION, age_years=25, margin_years=2)], TODAY).status == Status.ADULT
    with_doc = [medical, ev(Kind.BIRTH_CERTIFICATE, date_of_birth=date(2000, 5, 5))]
    assert assess(with_doc, TODAY).status == Status.ADULT


def test_age_moves_with_time_and_counts_down_to_18():
    dob = date(2009, 6, 10)
    result = assess([ev(Kind.BIRTH_CERTIFICATE, date_of_birth=dob)], TODAY)
    assert result.status == Status.MINOR
    assert result.days_to_majority(TODAY) == ((date(2027, 6, 10) - TODAY).days,) * 2
    assert assess([ev(Kind.BIRTH_CERTIFICATE, date_of_birth=dob)], date(2027, 6, 10)).status == Status.ADULT


def test_stated_age_long_ago_is_aged_forward():
    # She said 16 three years ago: she is an adult now.
    result = assess([ev(Kind.SELF_STATED, age_years=16, as_of=date(2023, 11, 1))], TODAY)
    assert result.status == Status.ADULT


def test_no_evidence_is_unknown():
    assert assess([], TODAY).status == Status.UNKNOWN
