"""The release ledger: what went out is recorded, and nothing hidden can be worked back out of it all."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sathi.audit.models import AuditEvent
from sathi.evidence import catalogue, ledger
from sathi.evidence.models import Release
from sathi.evidence.tests.world import cases, ledger_entries, lp_recovered, subtraction_recovered
from sathi.lib.errors import Forbidden

# Jan to Jun: Kolkata large every month; Howrah small in June only, so June's Howrah cell is hidden.
SPEC = [
    ("Kolkata", "woman", 1, 6),
    ("Kolkata", "woman", 2, 5),
    ("Kolkata", "woman", 3, 7),
    ("Kolkata", "woman", 4, 5),
    ("Kolkata", "woman", 5, 6),
    ("Kolkata", "woman", 6, 2),
    ("Howrah", "woman", 1, 5),
    ("Howrah", "woman", 2, 6),
    ("Howrah", "woman", 3, 5),
    ("Howrah", "woman", 4, 5),
    ("Howrah", "woman", 5, 5),
    ("Howrah", "woman", 6, 1),
]


@pytest.fixture
def world(personas):
    cases(personas.supervisor, SPEC)
    return personas


def _release(actor, start, end, **kw):
    frame = catalogue.frame(table="care-outcomes", start=start, end=end, **kw)
    return ledger.release(actor=actor, frame=frame, door="download", fmt="csv", purpose="funder")


def test_release_of_january_to_june_then_january_to_may_leaves_june_unrecoverable(world):
    first = _release(world.analyst, "2026-01", "2026-06", columns=["month"])
    june = first.col_keys.index(("2026-06",))
    assert [row[june] for row in first.table.cells] == [None, None]  # 2 and 1: hidden, and each other's pair
    second = _release(world.analyst, "2026-01", "2026-05", columns=["month"])
    # Alone, January to May would publish both row totals, and each minus the first release's row total
    # gives a June cell. The ledger hid more of the second release instead.
    assert second.for_differencing > 0
    entries, n_atoms = ledger_entries(world.org, "care-outcomes")
    assert lp_recovered(entries, n_atoms) == []
    assert subtraction_recovered(entries) == []


def test_a_district_beside_its_months_totals_is_checked_across_breakdowns(world):
    _release(world.analyst, "2026-01", "2026-06", columns=["month"])
    _release(world.analyst, "2026-01", "2026-06", rows="month", columns=["gender"])
    _release(world.analyst, "2026-06", "2026-06")
    entries, n_atoms = ledger_entries(world.org, "care-outcomes")
    assert lp_recovered(entries, n_atoms) == []
    assert subtraction_recovered(entries) == []


def test_releases_by_district_beside_all_district_totals_are_checked_district_by_district(world):
    """The ledger's witness (the counts as they are now) solves every earlier release, so the check runs by
    district with the all-district totals as links, and finds what the check of the whole finds."""
    from sathi.lib import differencing

    _release(world.analyst, "2026-01", "2026-06", columns=["month"])
    _release(world.analyst, "2026-01", "2026-06", rows="month", columns=["gender"])
    frame = catalogue.frame(table="care-outcomes", start="2026-01", end="2026-05", columns=["gender"])
    built = catalogue.build(world.org, frame)
    earlier = list(Release.objects.filter(organisation=world.org))
    frames = [
        (
            catalogue.Frame.from_json(r.parameters),
            r.published["rows"],
            [tuple(c) for c in r.published["columns"]],
        )
        for r in earlier
    ] + [(frame, built.row_keys, built.col_keys)]
    atoms = ledger.Atoms(frames)
    entries = [e for i, r in enumerate(earlier) for e in atoms.entries(i, r.published, i)]
    alone = catalogue.protect(built, 5)
    entries += atoms.entries(len(earlier), ledger.published(alone, built.row_keys, built.col_keys), "new")
    witness = ledger._witness(world.org, built, atoms)
    by_district = differencing.exposed_by_blocks(entries, atoms.size, atoms.blocks(), witness)
    assert by_district is not None
    assert set(by_district) == set(differencing.exposed(entries, atoms.size))


def test_every_release_is_recorded_with_its_numbers_hash_who_and_why(world):
    released = _release(world.analyst, "2026-01", "2026-06")
    row = Release.objects.get()
    assert row.pk == released.release.pk
    assert row.released_by_id == world.analyst.user_id and row.purpose == "funder" and row.door == "download"
    assert row.published["grand_total"] == 58 and len(row.values_sha256) == 64
    assert row.parameters["start"] == "2026-01" and row.parameters["end"] == "2026-06"
    event = AuditEvent.objects.get(action="evidence.released")
    assert event.target_id == str(row.pk)


def test_a_period_that_ends_before_it_starts_is_refused_and_nothing_is_recorded(world):
    with pytest.raises(ValidationError) as caught:
        catalogue.frame(table="care-outcomes", start="2026-06", end="2026-01")
    assert "end" in caught.value.message_dict
    assert not Release.objects.exists()


def test_a_breakdown_so_fine_that_everything_is_hidden_is_not_recorded(world):
    frame = catalogue.frame(
        table="care-outcomes", start="2026-06", end="2026-06", columns=["gender", "age_band"]
    )
    released = ledger.release(actor=world.analyst, frame=frame, door="download", fmt="csv")
    assert released.everything_hidden
    assert released.release is None and not Release.objects.exists()


def test_a_role_that_does_not_read_the_table_is_refused(world):
    frame = catalogue.frame(table="care-outcomes", start="2026-01", end="2026-06")
    with pytest.raises(Forbidden):
        ledger.release(actor=world.peer_worker, frame=frame, door="page", fmt="html")
    assert not Release.objects.exists()


def test_a_download_so_fine_that_everything_is_hidden_says_so_and_suggests_a_coarser_one(world):
    from sathi.evidence import services

    frame = catalogue.frame(
        table="care-outcomes", start="2026-06", end="2026-06", columns=["gender", "age_band"]
    )
    with pytest.raises(services.EverythingHidden) as caught:
        services.download(actor=world.analyst, frame=frame, fmt="csv", purpose="funder")
    assert "coarser" in caught.value.message_dict["columns"][0]
    assert not Release.objects.exists()


def test_the_earlier_releases_entries_are_kept_per_ledger_state_and_built_again_after_a_release(world):
    ledger._EARLIER.clear()
    _release(world.analyst, "2026-01", "2026-06", columns=["month"])
    frame = catalogue.frame(table="care-outcomes", start="2026-01", end="2026-05", columns=["month"])
    tried = [
        ledger.release(actor=world.analyst, frame=frame, door="download", fmt="csv", record=False)
        for _ in range(2)
    ]
    assert tried[0].table.cells == tried[1].table.cells  # the same answer from the kept entries
    assert len(ledger._EARLIER) == 1  # one ledger state, one list of entries
    _release(world.analyst, "2026-01", "2026-05", columns=["month"])  # checked beside the same state
    assert len(ledger._EARLIER) == 1
    _release(world.analyst, "2026-01", "2026-06")  # beside both earlier releases: another state
    assert len(ledger._EARLIER) == 2
    entries, n_atoms = ledger_entries(world.org, "care-outcomes")
    assert lp_recovered(entries, n_atoms) == []
    assert subtraction_recovered(entries) == []


def test_the_new_tables_entries_and_merge_kept_per_ledger_state_equal_those_built_again(world):
    import numpy as np

    from sathi.lib import differencing

    ledger.forget_state()
    _release(world.analyst, "2026-01", "2026-06", columns=["month"])
    frame = catalogue.frame(table="care-outcomes", start="2026-01", end="2026-05", columns=["month"])
    tried = [
        ledger.release(actor=world.analyst, frame=frame, door="download", fmt="csv", record=False)
        for _ in range(2)
    ]
    assert tried[0].table.cells == tried[1].table.cells
    assert len(ledger._FRAMED) == 1  # one ledger state and frame: built once, used twice
    ((template, (full, group), _kept),) = ledger._FRAMED.values()
    (earlier_entries,) = ledger._EARLIER.values()
    fresh, fresh_group = differencing.merge([*earlier_entries, *template], len(group))
    assert (full != fresh).nnz == 0 and np.array_equal(group, fresh_group)
    ledger.forget_state()
    again = ledger.release(actor=world.analyst, frame=frame, door="download", fmt="csv", record=False)
    assert again.table.cells == tried[0].table.cells  # recomputed from nothing kept: the same answer
