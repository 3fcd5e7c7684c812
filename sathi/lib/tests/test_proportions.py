"""Wilson and Newcombe intervals against their published worked examples."""

import pytest

from sathi.lib import proportions


def test_wilson_matches_newcombes_table_for_81_of_263():
    # Newcombe (1998), Statistics in Medicine 17:857, Table I: 81/263 -> 0.2553 to 0.3662.
    interval = proportions.wilson(81, 263)
    assert (round(interval.low, 4), round(interval.high, 4)) == (0.2553, 0.3662)


def test_wilson_stays_inside_zero_and_one():
    none, every = proportions.wilson(0, 10), proportions.wilson(10, 10)
    assert 0.0 <= none.low < 1e-12 and none.high < 0.31
    assert 1.0 - 1e-12 < every.high <= 1.0 and every.low > 0.69


def test_newcombes_hybrid_score_interval_matches_his_worked_example():
    # Newcombe (1998), Statistics in Medicine 17:873, method 10: 56/70 - 48/80 -> 0.0524 to 0.3339.
    interval = proportions.newcombe(56, 70, 48, 80)
    assert (round(interval.low, 4), round(interval.high, 4)) == (0.0524, 0.3339)


def test_two_proportion_z_test_of_equal_shares_is_not_significant():
    z, p = proportions.two_proportion_z(30, 60, 30, 60)
    assert z == 0 and p == pytest.approx(1.0)
    _z, p = proportions.two_proportion_z(56, 70, 48, 80)
    assert p < 0.05


def test_a_proportion_needs_trials():
    with pytest.raises(ValueError, match="trials"):
        proportions.wilson(1, 0)
