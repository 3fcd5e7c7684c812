"""Project-wide checks: migrations, translations, keys rotation, demo data, vendored assets."""

import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from sathi.accounts import keys
from sathi.lib import crypto
from sathi.people import selectors
from sathi.people.tests.factories import register

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as exc:
        pytest.fail(f"missing migrations:\n{out.getvalue()}" if exc.code else "")


@pytest.mark.parametrize("language", ["bn", "hi"])
def test_every_string_is_translated_and_compiled(language):
    po = ROOT / "sathi" / "locale" / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert po.exists() and mo.exists()
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S603,S607
        capture_output=True,
        text=True,
        check=True,
    )
    stats = result.stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats
    assert mo.stat().st_mtime >= po.stat().st_mtime - 1, "compile the messages (make messages)"


def test_no_string_is_missing_from_the_message_files(tmp_path, settings, monkeypatch):
    """Extract the strings afresh (as `make messages` does) into a copy: nothing may come out untranslated."""
    import shutil

    tree = tmp_path / "sathi"
    shutil.copytree(ROOT / "sathi", tree, ignore=shutil.ignore_patterns("tests", "__pycache__", "static"))
    settings.LOCALE_PATHS = [tree / "locale"]
    monkeypatch.chdir(tree)
    call_command("makemessages", locale=["bn", "hi"], no_location=True, no_obsolete=True, verbosity=0)
    for language in ("bn", "hi"):
        po = tree / "locale" / language / "LC_MESSAGES" / "django.po"
        result = subprocess.run(
            ["msgfmt", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S603,S607
            capture_output=True,
            text=True,
            check=True,
        )
        assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, (language, result.stderr)


def test_templates_mark_their_text_for_translation():
    """A crude guard: no bare English sentence between tags in templates."""
    offenders = []
    for template in (ROOT / "sathi" / "templates").rglob("*.html"):
        text = re.sub(r"{% blocktranslate.*?endblocktranslate %}", "\n", template.read_text(), flags=re.S)
        text = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", "\n", text)
        for line in text.splitlines():
            words = re.findall(r"[A-Za-z]{3,}", line)
            if len(words) >= 2 and line.strip() not in {"Sathi"}:
                offenders.append(f"{template.name}: {line.strip()[:60]}")
    assert offenders == []


def test_front_end_assets_are_vendored_and_nothing_loads_from_elsewhere():
    assert (ROOT / "sathi" / "static" / "vendor" / "htmx" / "htmx.min.js").exists()
    for template in (ROOT / "sathi" / "templates").rglob("*.html"):
        assert not re.search(r"(src|href)=\"(https?:)?//", template.read_text()), template.name


@pytest.mark.django_db
def test_rotate_keys_rewraps_without_losing_anything(personas, settings, tmp_path):
    path = tmp_path / "keys.json"
    path.write_bytes(Path(settings.SATHI_KEYS_FILE).read_bytes())
    settings.SATHI_KEYS_FILE = path
    keys.reset_caches()
    try:
        person = register(personas.caseworker, names=["Rotate Me"], phone="+91 90000 44444", stated_age=30)
        old_master = crypto.load_keys_file(path).active_master_id
        call_command("rotate_keys", "--new-master", "--new-organisation-keys", "--retire", stdout=StringIO())
        ring = crypto.load_keys_file(path)
        assert ring.active_master_id != old_master and old_master not in ring.masters
        keys.reset_caches()
        card = selectors.person_card(actor=personas.caseworker, person_id=person.pk)
        assert card.names == ["Rotate Me"] and card.phone == "+91 90000 44444"
        assert selectors.person_find(
            actor=personas.caseworker, phone="9000044444"
        ).rows  # indexes still match
        # The name-search keys are under the organisation's blind-index key, which rotation keeps.
        assert selectors.person_find(actor=personas.caseworker, name="Rotate").rows
        from sathi.accounts.models import SealedTOTPDevice
        from sathi.accounts.totp import current_code

        assert len(current_code(SealedTOTPDevice.objects.get(user=personas.caseworker.user))) == 6
    finally:
        keys.reset_caches()


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off():
    with pytest.raises(CommandError):
        call_command("seed_demo")


@pytest.mark.django_db
def test_seed_demo_makes_two_organisations_one_user_per_role_and_people(settings):
    from sathi.accounts.models import Membership, Organisation, Role
    from sathi.people.models import Person

    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--people", "12", stdout=out)
    assert Organisation.objects.count() == 2
    for organisation in Organisation.objects.all():
        assert {m.role for m in Membership.objects.filter(organisation=organisation)} == set(Role.values)
    assert Person.objects.count() == 25  # 12 each, and one who crossed a border (her rights, issue 13)
    assert "demo-" in out.getvalue()
    _the_demo_shows_the_work(Organisation.objects.get(name__startswith="Mahila"))
    call_command("seed_demo", stdout=StringIO())  # once only
    assert Person.objects.count() == 25


def _the_demo_shows_the_work(collective):
    """Issue 15, item 12: a newcomer finds the work on the pages: follow-ups due this week and one late, an
    overdue review, a plan target and a hearing, a board's month of presentations, a raid with a response."""
    from datetime import timedelta

    from django.utils import timezone

    from sathi.accounts.models import Membership, Role
    from sathi.care import selectors
    from sathi.screening.models import Presentation
    from sathi.violations.models import Incident, Response

    worker = Membership.objects.get(organisation=collective, role=Role.CASEWORKER)
    due = selectors.due_this_week(worker)
    kinds = {(item.kind, item.overdue) for item in due}
    assert {("follow_up", False), ("follow_up", True), ("cwc_review", True)} <= kinds, kinds
    assert {"plan_target", "hearing"} <= {kind for kind, _overdue in kinds}
    today = timezone.localdate()
    dates = set(
        Presentation.objects.filter(board__organisation=collective).values_list("presented_on", flat=True)
    )
    assert min(dates) <= today - timedelta(days=28) and max(dates) >= today - timedelta(days=1)
    assert Presentation.objects.filter(board__organisation=collective, screening__isnull=True).exists()
    raid = Incident.objects.get(organisation=collective, incident_type="raid")
    assert Response.objects.filter(incident=raid).exists() and raid.affected.count() == 2
