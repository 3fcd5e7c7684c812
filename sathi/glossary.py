"""Help in her words (issue 15, item 11): the short names Sathi's pages and the offices around the work use,
each spelled out and said plainly, in the reader's language. Signed-in workers only: the list names the
work, and a phone seen by someone else should not."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sathi.accounts.decorators import actor_required

TERMS = [
    ("AHTU", _("Anti-Human Trafficking Unit: the police unit for trafficking cases in a district.")),
    ("BDO", _("Block Development Officer: the government officer for the schemes of a block.")),
    ("CWC", _("Child Welfare Committee: decides on the care and protection of a child under 18.")),
    ("DLSA", _("District Legal Services Authority: gives free legal aid and lawyers.")),
    ("FIR", _("First Information Report: the police's written record of a complaint; it starts a case.")),
    ("HIR", _("Home Investigation Report: a check of the family home before someone returns to it.")),
    ("ITPA", _("Immoral Traffic (Prevention) Act 1956: the law under which the police raid brothels.")),
    (
        "Palermo",
        _(
            "The UN Palermo Protocol: trafficking is an act, by a means such as force or fraud, for "
            "exploitation; for a child, no means is needed."
        ),
    ),  # fmt: skip
    ("RTI", _("Right to Information: a written request that a public office must answer within 30 days.")),
    (
        "SRB",
        _(
            "Self-Regulatory Board: sex workers' own board that screens new entrants for minors and for "
            "people brought against their will."
        ),
    ),  # fmt: skip
    (
        "VLCPC",
        _("Village Level Child Protection Committee: the village committee that should keep children safe."),
    ),  # fmt: skip
]


@actor_required()
def glossary(request):
    return render(request, "help/glossary.html", {"terms": TERMS})
