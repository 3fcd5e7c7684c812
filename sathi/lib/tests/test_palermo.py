from sathi.lib.palermo import (
    Act,
    Classification,
    Control,
    Facts,
    Means,
    Purpose,
    Reading,
    Reason,
    classify,
    suggest,
)

NONE: frozenset = frozenset()


def facts(acts=NONE, means=NONE, purposes=NONE, **kw):
    return Facts(
        acts=frozenset(acts) if acts is not None else None,
        means=frozenset(means) if means is not None else None,
        purposes=frozenset(purposes) if purposes is not None else None,
        **kw,
    )


def test_adult_who_sells_sex_and_came_by_her_own_decision_is_never_classified_as_trafficked():
    # A peer brought her (an act), she came without force, nobody takes her earnings.
    for acts in (NONE, {Act.TRANSPORTATION}, {Act.RECRUITMENT, Act.RECEIPT}):
        result = classify(facts(acts=acts, came_without_force=True), Reading.ADULT)
        assert result.classification == Classification.ADULT_OWN_DECISION
        assert Reason.SELLING_SEX_IS_NOT_AN_ELEMENT in result.reasons


def test_trafficked_adult_needs_act_means_and_purpose():
    full = facts(acts={Act.RECRUITMENT}, means={Means.DECEPTION}, purposes={Purpose.SEXUAL_EXPLOITATION})
    assert classify(full, Reading.ADULT).classification == Classification.TRAFFICKED_ADULT
    no_means = facts(acts={Act.RECRUITMENT}, purposes={Purpose.SEXUAL_EXPLOITATION})
    assert classify(no_means, Reading.ADULT).classification == Classification.EXPLOITED_NOT_TRAFFICKED


def test_a_16_year_old_brought_by_a_brothel_keeper_is_a_trafficked_child_whatever_the_means():
    for means in (NONE, {Means.FORCE}, None):
        result = classify(
            facts(
                acts={Act.RECEIPT, Act.HARBOURING},
                means=means,
                purposes={Purpose.SEXUAL_EXPLOITATION},
                came_without_force=True,
            ),
            Reading.MINOR,
        )
        assert result.classification == Classification.TRAFFICKED_CHILD
        assert Reason.MEANS_IRRELEVANT_FOR_CHILD in result.reasons


def test_a_minor_without_the_elements_is_a_child_in_need_of_care_and_protection():
    result = classify(facts(came_without_force=True), Reading.MINOR)
    assert result.classification == Classification.CHILD_IN_NEED


def test_exploited_but_not_trafficked_means_or_exploitation_without_the_act():
    control = facts(control_since=frozenset({Control.TAKES_EARNINGS}))
    assert classify(control, Reading.ADULT).classification == Classification.EXPLOITED_NOT_TRAFFICKED
    means_only = facts(means={Means.THREAT})
    assert classify(means_only, Reading.ADULT).classification == Classification.EXPLOITED_NOT_TRAFFICKED


def test_control_since_arrival_completes_the_purpose():
    result = classify(
        facts(
            acts={Act.TRANSPORTATION}, means={Means.FRAUD}, control_since=frozenset({Control.DEBT_BONDAGE})
        ),
        Reading.ADULT,
    )
    assert result.classification == Classification.TRAFFICKED_ADULT
    assert Reason.CONTROL_SINCE in result.reasons


def test_smuggled_is_a_consensual_irregular_crossing():
    result = classify(
        facts(acts={Act.TRANSPORTATION}, irregular_crossing_consented=True, came_without_force=True),
        Reading.ADULT,
    )
    assert result.classification == Classification.SMUGGLED


def test_unknown_elements_give_not_enough_information_rather_than_a_guess():
    assert classify(Facts(), Reading.ADULT).classification == Classification.NOT_ENOUGH_INFORMATION
    partial = facts(acts={Act.RECRUITMENT}, means=None, purposes={Purpose.FORCED_LABOUR})
    assert classify(partial, Reading.ADULT).classification == Classification.NOT_ENOUGH_INFORMATION
    assert classify(Facts(), Reading.MINOR).classification == Classification.NOT_ENOUGH_INFORMATION


def test_she_says_she_was_forced_but_no_means_recorded_is_asked_again():
    result = classify(facts(came_without_force=False), Reading.ADULT)
    assert result.classification == Classification.NOT_ENOUGH_INFORMATION
    assert Reason.SAID_FORCED in result.reasons


def test_a_disputed_age_shows_both_readings():
    case = facts(acts={Act.RECRUITMENT}, purposes={Purpose.SEXUAL_EXPLOITATION}, came_without_force=True)
    readings = {s.reading: s.classification for s in suggest(case, "disputed")}
    assert readings == {
        Reading.MINOR: Classification.TRAFFICKED_CHILD,
        Reading.ADULT: Classification.EXPLOITED_NOT_TRAFFICKED,
    }
    assert len(suggest(case, "unknown")) == 2
    assert [s.reading for s in suggest(case, "adult")] == [Reading.ADULT]


def test_forced_labour_in_any_sector_is_exploitation_too():
    result = classify(
        facts(acts={Act.RECRUITMENT}, means={Means.ABUSE_OF_VULNERABILITY}, purposes={Purpose.FORCED_LABOUR}),
        Reading.ADULT,
    )
    assert result.classification == Classification.TRAFFICKED_ADULT
