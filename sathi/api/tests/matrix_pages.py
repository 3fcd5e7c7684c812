"""The permission matrix's page rows: each URL pattern, and the status each persona gets."""

from __future__ import annotations

from sathi.api.tests.matrix_evidence import with_evidence
from sathi.api.tests.matrix_field_pages import FIELD_PAGES
from sathi.api.tests.matrix_prevention import PREVENTION_PAGES, with_researcher
from sathi.api.tests.matrix_questionnaires import QUESTIONNAIRE_PAGES
from sathi.api.tests.matrix_rights import RIGHTS_PAGES
from sathi.api.tests.matrix_world import PERSONAS

PERSON_ROLES = {"peer_worker", "caseworker", "counsellor", "legal_advocate", "board_member", "supervisor"}


def expect(default, **overrides):
    table = dict.fromkeys(PERSONAS, default)
    table.update(overrides)
    return table


def roles(statuses: dict[str, int], **rest):
    """Person roles and outsider get `statuses` by name; analyst, admin and auditor 403; anonymous 302."""
    table = expect(403, anonymous=302)
    table.update(statuses)
    table.update(rest)
    return table


# Her record is registered by the caseworker: assigned to her; the supervisor sees all.
RECORD = roles(dict.fromkeys(PERSON_ROLES | {"outsider"}, 404), caseworker=200, supervisor=200)
ANY_PERSON_ROLE = roles(dict.fromkeys(PERSON_ROLES | {"outsider"}, 200))
SIGNED_IN = expect(200, anonymous=302)
# Board pages: board members and supervisors of the organisation (the outsider is a caseworker: 403).
BOARD = expect(403, board_member=200, supervisor=200, anonymous=302)
BOARD_404 = expect(403, board_member=404, supervisor=404, anonymous=302)

# Incidents: roles with the violence-history class. Without it a role is refused the list and a new incident
# (403) and finds no record (404); the outsider has her own organisation's list and none of its records.
VIOLENCE_ROLES = {"caseworker", "counsellor", "legal_advocate", "board_member", "supervisor"}
VIOLENCE_LIST = roles(dict.fromkeys(VIOLENCE_ROLES | {"outsider"}, 200), peer_worker=403)
VIOLENCE_RECORD = roles(dict.fromkeys(VIOLENCE_ROLES, 200), peer_worker=404, outsider=404)
# The raid report: numbers only, for the analyst too.
VIOLENCE_REPORT = {**VIOLENCE_LIST, "analyst": 200}

# (name, method, path, data) -> expected status per persona

PAGES = {
    "people:home": ("GET", "/", None, expect(200, org_admin=302, auditor=302, anonymous=302)),
    "people:find": ("POST", "/people/find/", {"query": "{code}"}, ANY_PERSON_ROLE),
    "people:register": ("GET", "/people/new/", None, ANY_PERSON_ROLE),
    "people:detail": ("GET", "/people/{person}/", None, RECORD),
    "people:edit": ("GET", "/people/{person}/edit/", None, RECORD),
    "people:age": ("GET", "/people/{person}/age/", None, RECORD),
    "people:consent": ("GET", "/people/{person}/consent/", None, RECORD),
    "people:consent-withdraw": (
        "POST",
        "/people/{person}/consent/{withdrawn_consent}/withdraw/",
        {},
        roles(dict.fromkeys(PERSON_ROLES | {"outsider"}, 404), caseworker=302, supervisor=302),
    ),
    "people:break-glass": (
        "GET",
        "/people/{person}/break-glass/",
        None,
        roles(dict.fromkeys(PERSON_ROLES, 200), supervisor=404, outsider=404),
    ),
    "people:break-glass-review": (
        "POST",
        "/people/break-glass/0/reviewed/",
        {},
        expect(403, supervisor=404, anonymous=302),
    ),
    "people:assign": (
        "POST",
        "/people/{person}/assign/",
        {"user": "0"},
        expect(403, supervisor=302, anonymous=302),
    ),
    "care:mine": ("GET", "/cases/", None, ANY_PERSON_ROLE),
    "care:dashboard": ("GET", "/cases/dashboard/", None, expect(403, supervisor=200, anonymous=302)),
    "care:case-open": ("GET", "/cases/open/{person}/", None, RECORD),
    "care:case": ("GET", "/cases/{case}/", None, RECORD),
    "care:case-status": ("GET", "/cases/{case}/status/", None, RECORD),
    "care:case-close": ("GET", "/cases/{case}/close/", None, RECORD),
    "care:case-reopen": ("GET", "/cases/{case}/reopen/", None, RECORD),
    "care:team-add": ("GET", "/cases/{case}/team/", None, RECORD),
    "care:goal-add": ("GET", "/cases/{case}/goals/", None, RECORD),
    "care:pathway-add": ("GET", "/cases/{case}/pathway/", None, RECORD),
    "care:need-add": ("GET", "/cases/{case}/needs/", None, RECORD),
    "care:need-edit": ("GET", "/cases/{case}/needs/{need}/", None, RECORD),
    "care:service-add": ("GET", "/cases/{case}/services/", None, RECORD),
    "care:plan-add": ("GET", "/cases/{case}/plan/", None, RECORD),
    "care:plan-done": ("GET", "/cases/{case}/plan/{plan_item}/done/", None, RECORD),
    "care:placement-add": ("GET", "/cases/{case}/placements/", None, RECORD),
    "care:placement-review": ("GET", "/cases/{case}/placements/{placement}/review/", None, RECORD),
    "care:placement-exit": ("GET", "/cases/{case}/placements/{placement}/exit/", None, RECORD),
    "care:follow-up": ("GET", "/cases/{case}/follow-ups/{follow_up}/", None, RECORD),
    "care:flag-raise": ("GET", "/cases/{case}/flags/", None, RECORD),
    "care:flag-resolve": ("GET", "/cases/{case}/flags/{flag}/resolve/", None, RECORD),
    "care:referral-add": ("GET", "/cases/{case}/referrals/new/", None, RECORD),
    "care:referrals": ("GET", "/cases/referrals/", None, ANY_PERSON_ROLE),
    # a referral is seen by the receiving organisation only (the outsider's, here)
    "care:referral": (
        "GET",
        "/cases/referrals/{referral}/",
        None,
        roles(dict.fromkeys(PERSON_ROLES, 404), outsider=200),
    ),
    "care:providers": ("GET", "/cases/providers/", None, ANY_PERSON_ROLE),
    "care:provider-save": ("GET", "/cases/providers/save/", None, ANY_PERSON_ROLE),
    "legal:proceeding-add": ("GET", "/cases/{case}/proceedings/", None, RECORD),
    "legal:document-add": ("GET", "/cases/{case}/proceedings/{proceeding}/documents/", None, RECORD),
    "legal:document": ("GET", "/cases/{case}/documents/{document}/", None, RECORD),
    "legal:proceeding-update": ("GET", "/cases/{case}/proceedings/{proceeding}/", None, RECORD),
    "screening:boards": ("GET", "/boards/", None, ANY_PERSON_ROLE),
    "screening:board-new": ("GET", "/boards/new/", None, BOARD),
    "screening:place-new": ("GET", "/boards/places/", None, BOARD),
    "screening:board": ("GET", "/boards/{board}/", None, BOARD),
    "screening:member-add": ("GET", "/boards/{board}/members/", None, BOARD),
    "screening:sitting-add": ("GET", "/boards/{board}/sittings/", None, BOARD),
    "screening:presentation-add": ("GET", "/boards/{board}/presentations/", None, BOARD),
    "screening:site-event-add": ("GET", "/boards/{board}/site-events/", None, BOARD),
    "screening:indicators": ("GET", "/boards/{board}/indicators/", None, {**BOARD, "analyst": 200}),
    "screening:screen": ("GET", "/boards/screen/{person}/", None, RECORD),
    "screening:screening": ("GET", "/boards/screenings/{screening}/", None, RECORD),
    # No alert 0: a board member or supervisor finds none (404); other roles are refused by role.
    "screening:alert-acknowledge": ("POST", "/boards/alerts/0/acknowledge/", {"version": "1"}, BOARD_404),
    "relations:person": ("GET", "/relations/{person}/", None, RECORD),
    "relations:relation-add": ("GET", "/relations/{person}/relations/", None, RECORD),
    "relations:event-add": ("GET", "/relations/{person}/events/", None, RECORD),
    "relations:site-add": ("GET", "/relations/{person}/sites/", None, RECORD),
    "relations:check-add": ("GET", "/relations/{person}/checks/", None, RECORD),
    "relations:check": ("GET", "/relations/{person}/checks/{safety_check}/", None, RECORD),
    "violations:incidents": ("GET", "/incidents/", None, VIOLENCE_LIST),
    "violations:incident-new": ("GET", "/incidents/new/", None, VIOLENCE_LIST),
    "violations:incident": ("GET", "/incidents/{incident}/", None, VIOLENCE_RECORD),
    "violations:raid": ("GET", "/incidents/{incident}/raid/", None, VIOLENCE_RECORD),
    "violations:source-add": ("GET", "/incidents/{incident}/sources/", None, VIOLENCE_RECORD),
    "violations:affected-add": ("GET", "/incidents/{incident}/affected/", None, VIOLENCE_RECORD),
    "violations:perpetrator-add": ("GET", "/incidents/{incident}/perpetrators/", None, VIOLENCE_RECORD),
    "violations:response-add": ("GET", "/incidents/{incident}/responses/", None, VIOLENCE_RECORD),
    "violations:evidence-attach": ("GET", "/incidents/{incident}/evidence/", None, VIOLENCE_RECORD),
    "violations:outcome-add": ("GET", "/incidents/affected/{affected}/outcomes/", None, VIOLENCE_RECORD),
    "violations:evidence-file": ("GET", "/incidents/evidence/{evidence}/", None, VIOLENCE_RECORD),
    "violations:report": ("GET", "/incidents/report/?start=2020-01-01&end=2030-12-31", None, VIOLENCE_REPORT),
    "violations:report-export": (
        "GET",
        "/incidents/report/export.csv?start=2020-01-01&end=2030-12-31",
        None,
        VIOLENCE_REPORT,
    ),
    "accounts:login": ("GET", "/accounts/login/", None, expect(200)),
    "accounts:second-factor": ("GET", "/accounts/second-factor/", None, SIGNED_IN),
    "accounts:enrol": ("GET", "/accounts/second-factor/setup/", None, expect(302)),  # already enrolled
    "accounts:choose-organisation": ("GET", "/accounts/organisation/", None, SIGNED_IN),
    "accounts:confirm": ("GET", "/accounts/confirm/", None, SIGNED_IN),
    "accounts:logout": ("POST", "/accounts/logout/", {}, expect(302)),
    "accounts:members": ("GET", "/accounts/members/", None, expect(403, org_admin=200, anonymous=302)),
    # without a fresh confirmation the admin is sent to confirm first
    "accounts:member-create": (
        "POST",
        "/accounts/members/new/",
        {},
        expect(403, org_admin=302, anonymous=302),
    ),
    "accounts:member-role": (
        "POST",
        "/accounts/members/{membership}/role/",
        {"role": "analyst"},
        expect(403, org_admin=302, anonymous=302),
    ),
    "accounts:member-deactivate": (
        "POST",
        "/accounts/members/{membership}/deactivate/",
        {},
        expect(403, org_admin=302, anonymous=302),
    ),
    "accounts:member-activate": (
        "POST",
        "/accounts/members/{membership}/activate/",
        {},
        expect(403, org_admin=302, anonymous=302),
    ),
    "accounts:member-reset-second-factor": (
        "POST",
        "/accounts/members/{membership}/reset-second-factor/",
        {},
        expect(403, org_admin=302, anonymous=302),
    ),
    "accounts:tokens": ("GET", "/accounts/tokens/", None, expect(200, anonymous=302)),
    "accounts:password": ("GET", "/accounts/password/", None, expect(200, anonymous=302)),
    "accounts:token-issue": ("POST", "/accounts/tokens/new/", {}, expect(302)),  # to confirm first
    # Passkeys: her own page; adding or removing one asks to confirm first (302); anyone else's is not there.
    "accounts:security": ("GET", "/accounts/security/", None, expect(200, anonymous=302)),
    "accounts:passkey-remove": ("POST", "/accounts/security/passkeys/1/remove/", {}, expect(302)),
    # Naming one needs no confirmation: an empty name is refused on her page (302, with why).
    "accounts:passkey-rename": ("POST", "/accounts/security/passkeys/1/rename/", {}, expect(302)),
    # The ceremonies answer JSON: refused (403) without a confirmation or a password first.
    "otp_webauthn:credential-registration-begin": (
        "POST",
        "/accounts/passkeys/registration/begin/",
        {},
        expect(403),
    ),
    "otp_webauthn:credential-registration-complete": (
        "POST",
        "/accounts/passkeys/registration/complete/",
        {},
        expect(403),
    ),
    "otp_webauthn:credential-authentication-begin": (
        "POST",
        "/accounts/passkeys/authentication/begin/",
        {},
        expect(200, anonymous=403),
    ),
    "otp_webauthn:credential-authentication-complete": (
        "POST",
        "/accounts/passkeys/authentication/complete/",
        {},
        expect(400, anonymous=403),
    ),
    # Confirming it is her with a passkey: the same ceremony, for a signed-in worker only.
    "otp_webauthn:confirmation-begin": (
        "POST",
        "/accounts/passkeys/confirmation/begin/",
        {},
        expect(200, anonymous=403),
    ),
    "otp_webauthn:confirmation-complete": (
        "POST",
        "/accounts/passkeys/confirmation/complete/",
        {},
        expect(400, anonymous=403),
    ),
    "otp_webauthn:js-i18n-catalog": ("GET", "/accounts/passkeys/words/", None, expect(200)),
    # the caseworker's token: hers and the admin's to revoke, not there for anyone else
    "accounts:token-revoke": (
        "POST",
        "/accounts/tokens/{token}/revoke/",
        {},
        expect(404, caseworker=302, org_admin=302, anonymous=302),
    ),
    "audit:events": ("GET", "/audit/", None, expect(403, auditor=200, supervisor=200, anonymous=302)),
    "quick-exit": ("POST", "/exit/", {}, expect(302)),
    "neutral": ("GET", "/recipes/", None, expect(200)),
    "glossary": ("GET", "/help/words/", None, SIGNED_IN),
    "healthz": ("GET", "/healthz", None, expect(200)),
    "set-language": ("POST", "/language/", {"language": "bn", "next": "/"}, expect(302)),
    "api:openapi-json": ("GET", "/api/v1/openapi.json", None, expect(200)),
    "api:api-root": ("GET", "/api/v1/", None, expect(404)),
}

PAGES.update(RIGHTS_PAGES)
with_researcher(PAGES, PREVENTION_PAGES)
PAGES.update(QUESTIONNAIRE_PAGES)
PAGES.update(FIELD_PAGES)
with_evidence(pages=PAGES)
