from sathi.lib.paging import MAX_LIMIT, MAX_OFFSET, window


def test_a_page_is_held_between_one_row_and_the_limit_and_its_offset_within_a_database_integer():
    assert window(50, 10) == {"limit": 50, "offset": 10}
    assert window(0, -5) == {"limit": 1, "offset": 0}
    assert window(10**30, 10**30) == {"limit": MAX_LIMIT, "offset": MAX_OFFSET}
