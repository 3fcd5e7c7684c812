"""What the incidents she was affected by say about her safety, registered with sathi.people.safety: a family
member or a partner among the perpetrators is a suspicion against her relatives (who, the register does not
say: perpetrators are never people in it), so no relative of that kind consents for her."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sathi.people.safety import ANY_RELATIVE, Suspicion, normalise, suspicion_source
from sathi.violations.models import Perpetrator
from sathi.violations.vocab import PerpetratorType

# How a guardian who is her partner may be written, in every language.
PARTNER_WORDS = (gettext_noop("Husband"), gettext_noop("Lover"), gettext_noop("Partner"))


def _partner_words() -> frozenset[str]:
    words = set()
    for word in PARTNER_WORDS:
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                words.add(normalise(_(word)))
    return frozenset(words)


@suspicion_source("violations.perpetrators")
def perpetrators_in_her_incidents(person) -> list[Suspicion]:
    found = set(
        Perpetrator.objects.filter(
            incident__affected__person=person,
            perpetrator_type__in=[PerpetratorType.FAMILY, PerpetratorType.PARTNER],
        ).values_list("perpetrator_type", flat=True)
    )
    suspicions = []
    if PerpetratorType.FAMILY in found:
        suspicions.append(
            Suspicion(
                kinds=frozenset({ANY_RELATIVE}),
                reason=_(
                    "The person's family is among the perpetrators of an incident they were affected by."
                ),
            )
        )
    if PerpetratorType.PARTNER in found:
        suspicions.append(
            Suspicion(
                kinds=_partner_words(),
                reason=_(
                    "The person's partner is among the perpetrators of an incident they were affected by."
                ),
            )
        )
    return suspicions
