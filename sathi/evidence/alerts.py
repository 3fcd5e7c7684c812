"""Community alerts (issue 14, item 4), in the way of National Ugly Mugs: a warning about a danger, sent to
the collective's members in chosen areas, with the consent of the person it happened to and never naming her.

- An alert is written from an incident. Every recorded person affected by it must have consented to
  community alerts (sathi.people.consent); an incident with nobody who consented gives no alert.
- The text is refused when it carries any of their recorded names, work names or phone numbers, or any one
  word of them ("Rupa" alone, or "Mondal" alone, in an alert about Rupa Mondal). We never decrypt the
  register to check: every run of one to four words (and every run of digits long enough to be a phone
  number) is normalised and looked up in the blind indexes of the people affected, and every word's sound
  key in their name keys (sathi.people.namesearch), exactly as a search would find her: "Roopa" and রূপা
  are refused too. The keys are short, so a word may share one with her name by chance: then the text is
  refused, which is the side to err on.
- Recipients are chosen by area (districts or blocks); a member receives the alerts of the areas she is
  listed in (MemberArea) and of the places inside them. Alerts expire.
- Receipt is audited, not who read what: when a member's home or the API lists her alerts, one event says
  that she received alerts, with no alert named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sathi.accounts import keys
from sathi.audit.services import log_member_action
from sathi.core import dates
from sathi.core.cleaning import clean_choice, clean_text
from sathi.evidence.models import Alert, MemberArea
from sathi.evidence.vocab import AlertDanger
from sathi.lib import crypto, namekeys
from sathi.lib.errors import Forbidden
from sathi.people import namesearch, policy
from sathi.people.consent import consent_allows
from sathi.people.models import Person, PersonName, PersonNameKey
from sathi.people.policy import Kind, Verb
from sathi.people.services import NAME_INDEX, PHONE_INDEX
from sathi.people.vault import place
from sathi.people.vocab import ConsentPurpose
from sathi.places.models import Place, PlaceKind
from sathi.violations.models import AffectedPerson
from sathi.violations.services import incident_for

MAX_DAYS = 90
MAX_WORDS_IN_A_NAME = 4
_WORD = re.compile(r"\w+", re.UNICODE)
_DIGITS = re.compile(r"[\d][\d\s\-().+]{6,}[\d]")
AREA_KINDS = (PlaceKind.DISTRICT, PlaceKind.BLOCK)


def _phrases(text: str) -> set[str]:
    words = _WORD.findall(text)
    found = set()
    for size in range(1, MAX_WORDS_IN_A_NAME + 1):
        for start in range(len(words) - size + 1):
            found.add(crypto.normalise_name(" ".join(words[start : start + size])))
    return found


def _phones(text: str) -> set[str]:
    found = {crypto.normalise_phone(m) for m in _DIGITS.findall(text)}
    return {p for p in found if len(p) >= 8}


def identifies(org_id: int, people: list, text: str) -> bool:
    """Does the text carry a recorded name, work name or phone of any of these people? By blind index."""
    if not people:
        return False
    names = {keys.blind_index(org_id, NAME_INDEX, p) for p in _phrases(text)}
    if names and PersonName.objects.filter(person__in=people, name_index__in=names).exists():
        return True
    words = {w for w in namekeys.tokens(text) if namekeys.letters(w) >= namekeys.MIN_LETTERS}
    sounds = namesearch.blind_keys(org_id, words)
    if sounds and PersonNameKey.objects.filter(person__in=people, key__in=sounds).exists():
        return True
    phones = {keys.blind_index(org_id, PHONE_INDEX, p) for p in _phones(text)}
    return (
        bool(phones) and Person.objects.filter(pk__in=[p.pk for p in people], phone_index__in=phones).exists()
    )


def _affected_people(incident) -> list[Person]:
    rows = AffectedPerson.objects.filter(incident=incident, person__isnull=False).select_related("person")
    return [row.person for row in rows]


def alert_send(*, actor, incident_id, danger: str, text: str, area_ids: list, expires_on: date) -> Alert:
    """Send an alert to the members of the chosen areas. Each refusal says why; nothing is written then."""
    if not policy.decide(actor, Verb.WRITE_ALERT):
        raise Forbidden
    incident = incident_for(actor, incident_id)
    danger = clean_choice(danger, AlertDanger, field="danger")
    text = clean_text(text, field="text", max_length=1000)
    if not text:
        raise ValidationError({"text": _("Describe the danger.")})
    people = _affected_people(incident)
    if not people or not all(consent_allows(p, ConsentPurpose.COMMUNITY_ALERTS) for p in people):
        raise ValidationError(
            {"incident": _("Everyone recorded as affected must agree to community alerts first.")}
        )
    if identifies(actor.organisation_id, people, text):
        raise ValidationError(
            {"text": _("The text holds a name, work name or phone number of a person affected. Take it out.")}
        )
    ids = []
    for value in area_ids or []:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise ValidationError({"areas": _("Choose areas from the list.")}) from None
    areas = list(Place.objects.filter(pk__in=ids, kind__in=AREA_KINDS, organisation__isnull=True))
    if not areas or len(areas) != len(set(ids)):
        raise ValidationError({"areas": _("Choose at least one area to receive the alert.")})
    today = dates.today()
    expires_on = dates.clean_date(expires_on, "expires_on")
    if not today < expires_on <= today + timedelta(days=MAX_DAYS):
        raise ValidationError({"expires_on": _("An alert is shown for 1 to 90 days.")})
    with transaction.atomic():
        alert = Alert(
            organisation_id=actor.organisation_id,
            incident=incident,
            danger=danger,
            expires_on=expires_on,
            written_by_id=actor.user_id,
        )
        alert.text_sealed = keys.seal_for_organisation(actor.organisation_id, place(alert, "text"), text)
        alert.save(force_insert=True)
        alert.areas.set(areas)
        log_member_action(actor, "alert.sent", alert, fields=["danger", "text", "areas", "expires_on"])
    return alert


@dataclass(frozen=True)
class Shown:
    id: object
    danger: str  # its label, in the reader's language
    danger_code: str
    text: str
    areas: list[str]
    expires_on: date


def _member_places(actor) -> set[int]:
    """Her areas and every place inside them (a district's blocks and their villages...)."""
    found = set(MemberArea.objects.filter(membership=actor).values_list("place_id", flat=True))
    frontier = set(found)
    for _depth in range(5):
        frontier = set(Place.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        if not frontier:
            break
        found |= frontier
    return found


def for_member(actor) -> list[Shown]:
    """The alerts in force for this member: her organisation's, for one of her areas (or a place inside
    one), not expired. Receipt is audited once per listing, without naming an alert."""
    if not policy.decide(actor, Kind.ALERT):
        return []
    places = _member_places(actor)
    if not places:
        return []
    alerts = (
        Alert.objects.filter(organisation_id=actor.organisation_id, expires_on__gte=dates.today())
        .filter(Q(areas__in=places))
        .distinct()
        .prefetch_related("areas")
        .order_by("-written_at")[:20]
    )
    shown = []
    for alert in alerts:
        text = keys.open_for_organisation(actor.organisation_id, alert.text_sealed, place(alert, "text"))
        shown.append(
            Shown(
                alert.pk,
                alert.get_danger_display(),
                alert.danger,
                text,
                [a.name for a in alert.areas.all()],
                alert.expires_on,
            )
        )
    if shown:
        log_member_action(actor, "alerts.received", actor, fields=["count"])
    return shown


def member_areas_save(*, actor, membership_id, area_ids: list) -> list[Place]:
    """The areas a member receives alerts for (the organisation's admin or a supervisor sets them)."""
    if not (policy.decide(actor, Verb.MANAGE_MEMBERS) or policy.decide(actor, Verb.SUPERVISE)):
        raise Forbidden
    from sathi.accounts.models import Membership

    member = Membership.objects.filter(pk=membership_id, organisation_id=actor.organisation_id).first()
    if member is None:
        raise ValidationError({"member": _("Choose a member of the organisation.")})
    ids = [int(v) for v in area_ids or [] if str(v).isdigit()]
    areas = list(Place.objects.filter(pk__in=ids, kind__in=AREA_KINDS, organisation__isnull=True))
    with transaction.atomic():
        MemberArea.objects.filter(membership=member).delete()
        MemberArea.objects.bulk_create([MemberArea(membership=member, place=a) for a in areas])
        log_member_action(actor, "member_areas.saved", member, fields=["areas"])
    return areas
