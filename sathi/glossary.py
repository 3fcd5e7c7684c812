"""Help in her words (issue 15, item 11): the short names Sathi's pages and the offices around the work use,
each spelled out and said plainly, in the reader's language. Signed-in workers only: the list names the
work, and a phone seen by someone else should not.

Each main page also has a few plain sentences of help, folded away under "Help for this page" (base.html)
so that it costs no room on a phone. They are here, by the page's URL name, in one place."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sathi.accounts.decorators import actor_required
from sathi.people import policy
from sathi.people.policy import Kind

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

# fmt: off
PAGE_HELP = {
    "people:home": _(
        "This page shows what is due this week for the people you work with: follow-ups, reviews, plan "
        "targets and hearings. Open a group to see the codes; names are shown only on a person's own page. "
        "Find a person by a code, a phone number or any of their names."
    ),
    "people:find": _(
        "Type a whole code, a phone number, or any one of the person's names or work names. Spell it as it "
        "sounds, in Latin, Bengali or Devanagari letters: Mondal also finds Mondol. If nobody is found, you "
        "can register the person with what you typed."
    ),
    "people:register": _(
        "Search for the person first, so that nobody is registered twice. Names, phone and place are locked: "
        "only the workers assigned to the person can read them. Ask which name they want to be called by."
    ),
    "people:detail": _(
        "What Sathi holds about this person, shown only to the workers assigned to them. Record their "
        "consent "
        "before their data is used for a purpose; they can withdraw it at any time and it stops at "
        "once. From "
        "here you open a case, a screening or their relations."
    ),
    "care:mine": _(
        "The cases you work on and what is due in them. Open a case to see the person's own goals, "
        "their plan, "
        "their services and follow-ups."
    ),
    "care:case": _(
        "A case follows the person's own goals and the pathway they chose. Services never depend on leaving "
        "sex work. Record each follow-up by the safe way of contact the person agreed to. A flag tells your "
        "supervisor that something needs attention."
    ),
    "care:referrals": _(
        "Referrals you sent and received. A referral carries only what the person agreed to share."
    ),
    "care:providers": _(
        "Offices and organisations that give services. Choose a service to see who gives it, and keep your "
        "own organisation's entry up to date."
    ),
    "care:dashboard": _(
        "Your team's open cases, what is late, and the records opened in an emergency that wait for your "
        "review."
    ),
    "screening:boards": _(
        "The Self-Regulatory Boards of your areas: sex workers' own boards, which hear every new entrant and "
        "look for minors and for people brought against their will."
    ),
    "screening:board": _(
        "Record each new entrant who presents to the board, and each sitting. Sathi suggests whether the "
        "person may have been trafficked, and why; the board decides. Selling sex alone never makes someone "
        "trafficked."
    ),
    "screening:indicators": _(
        "The board's numbers by month or by year. Small counts are hidden so that nobody can be recognised."
    ),
    "violations:incidents": _(
        "Raids, violence and other incidents, with the people affected and what was done. An incident "
        "recorded by a peer worker waits for a caseworker's review."
    ),
    "violations:incident": _(
        "What happened, who was affected and what was done. Add each response, such as legal aid, medical "
        "care or a complaint, and how it ended."
    ),
    "relations:person": _(
        "The people and places in this person's life, what they brought, good or bad, and the events of "
        "their "
        "life. Before any return home, do the safety check: a return is refused while a danger has no plan."
    ),
    "prevention:home": _(
        "Work to stop trafficking before it happens: what makes people vulnerable in each place, what "
        "protects them, and what was asked of offices and whether they answered in time."
    ),
    "prevention:report": _(
        "What each office was asked, whether it answered in time, and its silences, for a meeting with the "
        "district. No person is named in it. To take every row on paper, open it for printing and print "
        "each part."
    ),
    "evidence:tables": _(
        "Counts for reports and funders, never a list of people. Choose a table, a period and a breakdown. "
        "Small counts are hidden, and so are others that could give them away; every table shown is recorded."
    ),
    "questionnaires:list": _(
        "The forms your organisation uses for interviews and surveys. Import an XLSForm, then fill it "
        "in here "
        "or on a phone with ODK Collect. Each answer is locked according to what it is about."
    ),
    "violations:report": _(
        "Numbers about the people picked up in raids, for a period and a district. Small counts are "
        "hidden so "
        "that nobody can be recognised."
    ),
    "audit:events": _(
        "Every reading and every change of a record: who did it, when, and to which record. Nobody can "
        "change "
        "or remove an event without it showing."
    ),
    "accounts:members": _(
        "The workers of your organisation and their roles. A role decides what a worker may see: give each "
        "the smallest role that fits their work. Deactivate a worker who leaves, at once."
    ),
    "accounts:tokens": _(
        "A token lets a phone app or another program, such as ODK Collect, work as you. Give each device its "
        "own token, and revoke it at once if the device is lost."
    ),
    "accounts:password": _(
        "Choose a long password that nobody can guess, and never share it. After it, Sathi always asks for "
        "your second step of sign-in as well."
    ),
    "accounts:security": _(
        "A passkey lets you do the second step of sign-in with your fingerprint instead of typing a code. "
        "Your password is always asked first. Remove a passkey at once if its phone is lost."
    ),
    "questionnaires:studies": _(
        "Studies, with their groups and sessions, and each participant's spoken consent."
    ),
    "questionnaires:results-index": _(
        "The results of each form, as counts and shares. Small counts are hidden so that nobody can be "
        "recognised."
    ),
}
# Home for the roles that see numbers, never people (the analyst, the auditor).
NUMBERS_HOME_HELP = _(
    "Your pages are the numbers: counts only, never a list of people. Small counts are hidden so that nobody "
    "can be recognised."
)
# fmt: on


def page_help(request) -> dict:
    """The context processor: this page's help, by its URL name (none for a page without any)."""
    match = getattr(request, "resolver_match", None)
    actor = getattr(request, "actor", None)
    if match is None or actor is None:
        return {}
    text = PAGE_HELP.get(match.view_name)
    if match.view_name == "people:home" and not policy.decide(actor, Kind.PERSON):
        text = NUMBERS_HOME_HELP
    return {"page_help": text} if text else {}


@actor_required()
def glossary(request):
    return render(request, "help/glossary.html", {"terms": TERMS})
