"""Every reader, registered: each URL pattern, API operation, due-list source and job that can show data.

A reader names its door, the record kind it shows (a `sathi.people.policy.Kind` value; its rows follow that
kind's policy) and the field classes it can show. The canary test walks every reader x class x role from
this table; a URL pattern, API operation or due source that is not here fails the suite
(sathi/tests/test_readers.py), so a new door cannot open without the policy's test walking through it.
Plain strings keep this module below the apps it describes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Door(enum.StrEnum):
    PAGE = "page"
    API = "api"
    EXPORT = "export"  # a file that leaves Sathi (CSV, XLSX)
    DUE = "due"  # a due-list source
    PICTURE = "picture"  # an SVG chart on a page
    PRINT = "print"
    JOB = "job"
    FORM = "form"  # a page or operation that only takes input (its answer repeats no record)


@dataclass(frozen=True)
class Reader:
    door: Door
    kind: str  # the record kind it shows ("" for a page that shows no record)
    shows: frozenset[str]  # field classes it can show
    # Made for the person herself, at her request (her own record, issue 13): every class it shows is hers,
    # so it shows them to whoever may produce it for her, whatever that worker's role masks elsewhere.
    for_her: bool = False


READERS: dict[str, Reader] = {}
ID, LOC, HEALTH, LEGAL, VIOL = "identity", "location", "health", "legal", "violence"


def register(door: Door, kind: str, *shows: str, for_her: bool = False):
    def add(*names: str) -> None:
        for name in names:
            if name in READERS:
                raise ValueError(f"reader registered twice: {name}")
            READERS[name] = Reader(door, kind, frozenset(shows), for_her)

    return add


# --- pages -----------------------------------------------------------------------------------------------
register(Door.PAGE, "")(
    "people:register",
    "accounts:login",
    "accounts:second-factor",
    "accounts:enrol",
    "accounts:choose-organisation",
    "accounts:confirm",
    "neutral",
    "glossary",
    "api:openapi-json",
    "api:api-root",
)
# Home shows what is due as counts and codes, never a name (issue 15).
register(Door.PAGE, "person")("people:home")
register(Door.PAGE, "person", ID, LOC)("people:detail", "people:edit")
register(Door.PAGE, "person")("people:age", "people:consent", "people:break-glass", "care:case-open")
register(Door.PAGE, "case")(
    "care:mine", "care:dashboard", "care:referrals", "care:referral", "care:providers"
)
register(Door.PAGE, "case", HEALTH, LEGAL)("care:case")
register(Door.PAGE, "case")(
    "care:case-status",
    "care:case-close",
    "care:case-reopen",
    "care:team-add",
    "care:goal-add",
    "care:pathway-add",
    "care:need-add",
    "care:need-edit",
    "care:service-add",
    "care:plan-add",
    "care:plan-done",
    "care:placement-add",
    "care:placement-review",
    "care:placement-exit",
    "care:follow-up",
    "care:flag-raise",
    "care:flag-resolve",
    "care:referral-add",
    "care:provider-save",
)
register(Door.PAGE, "legal_step")(
    "legal:proceeding-add", "legal:document-add", "legal:document", "legal:proceeding-update"
)
register(Door.PAGE, "screening")("screening:boards", "screening:screen")
# The screening's own page: the consent in the person's words, and a site described in words.
register(Door.PAGE, "screening", LOC, VIOL)("screening:screening")
register(Door.PAGE, "board")(
    "screening:board-new",
    "screening:place-new",
    "screening:board",
    "screening:member-add",
    "screening:sitting-add",
    "screening:presentation-add",
    "screening:site-event-add",
)
register(Door.PICTURE, "board_indicators")("screening:indicators")
register(Door.PAGE, "relation_map", VIOL)("relations:person")
register(Door.PAGE, "relation_map")(
    "relations:relation-add",
    "relations:quality-add",
    "relations:event-add",
    "relations:site-add",
    "relations:check-add",
    "relations:check",
)
register(Door.PAGE, "incident", VIOL)(
    "violations:incident",
    # changing what is recorded shows the texts being changed: the description, an account, a note
    "violations:incident-edit",
    "violations:affected-edit",
    "violations:response-edit",
)
register(Door.PAGE, "incident")(
    "violations:incidents",
    "violations:incident-new",
    "violations:raid",
    "violations:source-add",
    "violations:affected-add",
    "violations:perpetrator-add",
    "violations:response-add",
    "violations:evidence-attach",
    "violations:outcome-add",
    "violations:outcome-end",
    "violations:evidence-file",
)
register(Door.FORM, "incident")("violations:incident-review")
register(Door.PICTURE, "violation_report")("violations:report")
register(Door.EXPORT, "violation_report")("violations:report-export")
# Prevention: places, offices and asks; no person, so no field class is shown (notes and reasons are masked
# to every role that does not read identity, and name nobody the organisation serves).
register(Door.PAGE, "")("prevention:home", "prevention:places", "prevention:place")
register(Door.FORM, "")("prevention:place-new")
register(Door.PAGE, "prevention")(
    "prevention:session",
    "prevention:stakeholders",
    "prevention:stakeholder",
    "prevention:asks",
    "prevention:ask",
)
register(Door.FORM, "prevention")(
    "prevention:session-new",
    "prevention:rating-add",
    "prevention:vulnerability-add",
    "prevention:norm-add",
    "prevention:stakeholder-new",
    "prevention:stakeholder-edit",
    "prevention:ask-new",
    "prevention:answer-add",
    "prevention:ask-escalate",
    "prevention:committee-check",
    "prevention:choice-add",
)
register(Door.PRINT, "prevention")("prevention:report")
register(Door.PAGE, "prevention")("prevention:dialogues", "prevention:dialogue")
register(Door.FORM, "prevention")(
    "prevention:dialogue-new",
    "prevention:dialogue-participants",
    "prevention:dialogue-commitment",
    "prevention:assessment-new",
    "prevention:round-new",
    "prevention:round-value",
)
register(Door.PAGE, "prevention_numbers")("prevention:assessments")
register(Door.PICTURE, "prevention_numbers")("prevention:assessment")
# Asks about a case: with the case only, what they ask for the person and the reasons in the legal class.
register(Door.PAGE, "case", LEGAL)("prevention:case-asks")
register(Door.FORM, "case")(
    "prevention:case-ask-new", "prevention:case-ask-link", "prevention:case-ask-answer"
)
register(Door.PICTURE, "prevention_numbers")("prevention:profile", "prevention:grid", "prevention:chain")
register(Door.PAGE, "prevention_numbers")("prevention:models")
# Evidence (issue 14): catalogue tables are numbers through the gate and the ledger (each table keeps the
# kind of its own entry; the page's kind is the care numbers'); alerts name a danger, never a person.
register(Door.PAGE, "evidence")("evidence:tables")
register(Door.EXPORT, "evidence")("evidence:download")
register(Door.FORM, "evidence")("evidence:dhis2-push")
register(Door.PAGE, "release_ledger")("evidence:ledger")
register(Door.PAGE, "alert")("evidence:alerts")
register(Door.FORM, "alert")("evidence:alert-new")
register(Door.FORM, "")("evidence:member-areas")
# Codes of places and columns for DHIS2: no person, no number.
register(Door.FORM, "")("evidence:dhis2-mapping")
register(Door.PRINT, "evidence")("evidence:report")
register(Door.PAGE, "members")("accounts:members")
register(Door.PAGE, "")("accounts:security")  # her own passkeys: a device word and dates, nobody's record
# The organisation's forms: questions, choices and their classes, never an answer.
register(Door.PAGE, "questionnaire")("questionnaires:list", "questionnaires:upload", "questionnaires:version")
register(Door.FORM, "questionnaire")("questionnaires:classes")
# Filling a form in Sathi: the page shows back only the filler's own draft, whatever its classes.
register(Door.PAGE, "submission", ID, LOC, HEALTH, LEGAL, VIOL)("questionnaires:fill")
register(Door.FORM, "submission")(
    "questionnaires:fill-start", "questionnaires:import-new", "questionnaires:import-resume"
)
register(Door.PAGE, "submission")("questionnaires:import")  # counts and column names, never an answer
# Research pages: studies and sessions are counts and institutional words (no participant is named); the
# submissions list shows where each came from, never an answer; coding shows the open answers the role reads.
register(Door.PAGE, "study")("questionnaires:studies", "questionnaires:study")
register(Door.FORM, "study")(
    "questionnaires:study-new", "questionnaires:cohort-add", "questionnaires:session-new"
)
register(Door.PAGE, "submission")("questionnaires:submissions")
register(Door.FORM, "submission")("questionnaires:submission-link")
register(Door.PAGE, "submission", ID, LOC, HEALTH, LEGAL, VIOL)("questionnaires:answer-codes")
# Results: numbers through the disclosure gate, free text only where the role reads its class.
register(Door.PAGE, "questionnaire_results")("questionnaires:results-index")
register(Door.PAGE, "questionnaire_results", LOC, HEALTH, LEGAL, VIOL)("questionnaires:results")
register(Door.EXPORT, "submission", LOC, HEALTH, LEGAL, VIOL)("questionnaires:answers-download")
register(Door.EXPORT, "questionnaire")("questionnaires:xlsform-download")
# ODK Collect and Enketo (a device token): the forms as XForms, and the door answers come in by.
register(Door.PAGE, "questionnaire")("openrosa:form-list", "openrosa:form", "openrosa:manifest")
register(Door.FORM, "submission")("openrosa:submission")
register(Door.PAGE, "audit_log")("audit:events")
# Her rights (issue 13). Her own record holds every class of her data: it is printed for her.
register(Door.PRINT, "own_record", ID, LOC, HEALTH, LEGAL, VIOL, for_her=True)(
    "rights:own-record", "rights:own-record-pdf"
)
# Corrections show her words only where the role sees the corrected field's class.
register(Door.PAGE, "person", ID, LOC)("rights:corrections", "rights:correction-decide")
register(Door.FORM, "person")("rights:erase")
register(Door.PAGE, "")("rights:erasures")  # codes marked erased and codes due under the retention rule
# The crossing page and each of its forms show her wish to stay or return, in her words, beside the decision.
register(Door.PAGE, "crossing", ID)(
    "rights:crossing",
    "rights:wish-add",
    "rights:stage-add",
    "rights:protection-add",
    "rights:residence-add",
    "rights:compensation-add",
    "rights:compensation-edit",
    "rights:repatriation-add",
    "rights:repatriation-start",
)
register(Door.FORM, "")(
    "people:find",
    "people:consent-withdraw",
    "people:break-glass-review",
    "people:assign",
    "accounts:logout",
    "accounts:password",
    "accounts:member-create",
    "accounts:member-role",
    "accounts:member-deactivate",
    "accounts:member-activate",
    "accounts:member-reset-second-factor",
    "quick-exit",
    "set-language",
    "healthz",
    "accounts:tokens",
    "accounts:token-issue",
    "accounts:token-revoke",
    "screening:alert-acknowledge",
    # Passkeys (sathi/accounts/passkeys.py): the ceremonies take a signature and answer JSON with no record
    # in it; the words are the vendored script's.
    "accounts:passkey-remove",
    "accounts:passkey-rename",
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:confirmation-begin",
    "otp_webauthn:confirmation-complete",
    "otp_webauthn:js-i18n-catalog",
)

# --- API operations (by operation id) --------------------------------------------------------------------
register(Door.API, "person", ID)("api:people_list", "api:people_find")
register(Door.API, "person", ID, LOC)("api:people_get", "api:people_update")
register(Door.API, "person")(
    "api:people_register",
    "api:age_evidence_add",
    "api:consents_list",
    "api:consents_record",
    "api:consents_withdraw",
)
register(Door.API, "screening")("api:boards_list", "api:decisions_record")
register(Door.API, "screening", LOC)("api:screenings_record", "api:screenings_get")
register(Door.API, "board")(
    "api:boards_create",
    "api:boards_get",
    "api:board_members_add",
    "api:sittings_hold",
    "api:presentations_record",
    "api:site_events_record",
)
register(Door.API, "board_indicators")("api:board_indicators")
register(Door.API, "relation_map", VIOL)("api:relations_map")
register(Door.API, "relation_map")(
    "api:relations_add",
    "api:qualities_add",
    "api:sites_add",
    "api:events_add",
    "api:safety_checks_record",
    "api:safety_checks_decide",
)
register(Door.API, "case")(
    "api:cases_list",
    "api:cases_open",
    "api:cases_get",
    "api:cases_move",
    "api:cases_close",
    "api:cases_reopen",
    "api:pathways_record",
    "api:goals_record",
    "api:needs_add",
    "api:needs_update",
    "api:flags_raise",
    "api:flags_resolve",
    "api:services_record",
    "api:placements_start",
    "api:placements_review",
    "api:placements_exit",
    "api:follow_ups_record",
    "api:due_list",
    "api:referrals_send",
    "api:referrals_received",
    "api:referrals_get",
    "api:referrals_respond",
)
register(Door.API, "legal_step")(
    "api:proceedings_add", "api:proceedings_update", "api:documents_attach", "api:documents_file"
)
# A re-appearance alert names only that an earlier decision exists (and its board); it opens no record.
register(Door.API, "board")("api:alerts_list", "api:alerts_acknowledge")
register(Door.API, "incident", VIOL)("api:incidents_get")
register(Door.API, "incident")(
    "api:incidents_list",
    "api:incidents_record",
    "api:incidents_update",
    "api:raid_details_save",
    "api:sources_add",
    "api:affected_add",
    "api:affected_update",
    "api:outcomes_record",
    "api:outcomes_end",
    "api:perpetrators_add",
    "api:responses_add",
    "api:responses_update",
    "api:evidence_attach",
    "api:evidence_get",
    "api:evidence_file",
)
register(Door.API, "violation_report")("api:raid_report", "api:response_indicators")
register(Door.API, "questionnaire")(
    "api:questionnaires_import", "api:questionnaires_list", "api:questionnaire_versions_get"
)
register(Door.EXPORT, "violation_report")("api:raid_report_csv", "api:raid_report_xlsx")
register(Door.API, "")("api:prevention_places_list")
register(Door.FORM, "")("api:prevention_places_add")
register(Door.API, "prevention")(
    "api:research_sessions_list",
    "api:research_sessions_record",
    "api:ratings_record",
    "api:vulnerabilities_record",
    "api:norms_record",
    "api:stakeholders_list",
    "api:stakeholders_add",
    "api:stakeholders_get",
    "api:stakeholders_update",
    "api:asks_list",
    "api:asks_make",
    "api:asks_get",
    "api:answers_record",
    "api:asks_escalate",
    "api:committee_checks_record",
    "api:model_choices_record",
)
# Questionnaires' answers: each answer masked unless the role reads its question's class; downloads never
# carry the identity class; results are numbers through the disclosure gate.
register(Door.API, "submission", ID, LOC, HEALTH, LEGAL, VIOL)("api:submissions_list")
register(Door.EXPORT, "submission", LOC, HEALTH, LEGAL, VIOL)("api:answers_csv", "api:answers_xlsx")
register(Door.API, "submission")("api:submission_imports_get")
register(Door.FORM, "submission")(
    "api:submission_imports_start",
    "api:submission_imports_resume",
    "api:submissions_link",
    "api:submissions_feed",
    "api:answer_codes_add",
)
register(Door.API, "questionnaire_results")(
    "api:questionnaire_results", "api:questionnaire_crosstab", "api:study_participants"
)
register(Door.EXPORT, "questionnaire")("api:questionnaire_xlsform")
register(Door.API, "study")("api:studies_list")
register(Door.FORM, "study")("api:studies_create", "api:study_cohorts_add", "api:study_sessions_record")
register(Door.API, "evidence")("api:evidence_catalogue", "api:evidence_table")
register(Door.EXPORT, "evidence")("api:evidence_dhis2_dry_run")
register(Door.FORM, "")("api:evidence_dhis2_mapping_save")
register(Door.API, "release_ledger")("api:evidence_releases")
register(Door.API, "alert")("api:community_alerts_list")
register(Door.FORM, "alert")("api:community_alerts_send")
register(Door.FORM, "incident")("api:incidents_review")
register(Door.API, "own_record", ID, LOC, HEALTH, LEGAL, VIOL, for_her=True)("api:own_record_get")
register(Door.PRINT, "own_record", ID, LOC, HEALTH, LEGAL, VIOL, for_her=True)("api:own_record_pdf")
register(Door.FORM, "person")("api:corrections_request", "api:corrections_decide", "api:people_erase")
register(Door.API, "crossing", ID)("api:crossing_get")
register(Door.FORM, "crossing")(
    "api:crossing_save",
    "api:border_wishes_record",
    "api:stages_record",
    "api:protection_record",
    "api:residence_steps_add",
    "api:compensation_record",
    "api:compensation_update",
    "api:repatriation_plan",
    "api:repatriation_start",
)
register(Door.API, "prevention")(
    "api:dialogues_list",
    "api:dialogues_get",
    "api:dialogues_record",
    "api:commitments_record",
    "api:assessments_create",
    "api:rounds_record",
    "api:round_values_record",
)
register(Door.API, "prevention_numbers")("api:assessments_list", "api:assessment_comparison")
register(Door.API, "")("api:place_home")
register(Door.API, "case", LEGAL)(
    "api:case_asks_list", "api:case_asks_make", "api:case_asks_answer", "api:case_asks_link"
)
register(Door.API, "case")("api:case_asks_linkable")  # the ledger's asks, offices only: nothing of her
register(Door.API, "prevention_numbers")(
    "api:vulnerability_grid", "api:power_grid", "api:model_preferences", "api:chain_of_risk"
)

# --- the page that does each API write's work ----------------------------------------------------------
# A worker on a phone uses pages, not the API: every operation that writes has a page that does the same
# work through the same service (sathi/tests/test_every_write_has_a_page.py fails on a write without one).
PAGE_FOR_WRITE: dict[str, str] = {
    "api:people_register": "people:register",
    "api:people_find": "people:find",
    "api:people_update": "people:edit",
    "api:age_evidence_add": "people:age",
    "api:consents_record": "people:consent",
    "api:consents_withdraw": "people:consent-withdraw",
    "api:cases_open": "care:case-open",
    "api:cases_move": "care:case-status",
    "api:cases_close": "care:case-close",
    "api:cases_reopen": "care:case-reopen",
    "api:pathways_record": "care:pathway-add",
    "api:goals_record": "care:goal-add",
    "api:flags_raise": "care:flag-raise",
    "api:flags_resolve": "care:flag-resolve",
    "api:needs_add": "care:need-add",
    "api:needs_update": "care:need-edit",
    "api:services_record": "care:service-add",
    "api:placements_start": "care:placement-add",
    "api:placements_review": "care:placement-review",
    "api:placements_exit": "care:placement-exit",
    "api:follow_ups_record": "care:follow-up",
    "api:referrals_send": "care:referral-add",
    "api:referrals_respond": "care:referral",
    "api:proceedings_add": "legal:proceeding-add",
    "api:proceedings_update": "legal:proceeding-update",
    "api:documents_attach": "legal:document-add",
    "api:boards_create": "screening:board-new",
    "api:board_members_add": "screening:member-add",
    "api:sittings_hold": "screening:sitting-add",
    "api:presentations_record": "screening:presentation-add",
    "api:site_events_record": "screening:site-event-add",
    "api:screenings_record": "screening:screen",
    "api:decisions_record": "screening:screening",
    "api:alerts_acknowledge": "screening:alert-acknowledge",
    "api:relations_add": "relations:relation-add",
    "api:qualities_add": "relations:quality-add",
    "api:sites_add": "relations:site-add",
    "api:events_add": "relations:event-add",
    "api:safety_checks_record": "relations:check-add",
    "api:safety_checks_decide": "relations:check",
    "api:incidents_record": "violations:incident-new",
    "api:incidents_update": "violations:incident-edit",
    "api:raid_details_save": "violations:raid",
    "api:sources_add": "violations:source-add",
    "api:affected_add": "violations:affected-add",  # with a code, linked to the person's own record
    "api:affected_update": "violations:affected-edit",
    "api:outcomes_record": "violations:outcome-add",
    "api:outcomes_end": "violations:outcome-end",
    "api:perpetrators_add": "violations:perpetrator-add",
    "api:responses_add": "violations:response-add",
    "api:responses_update": "violations:response-edit",
    "api:evidence_attach": "violations:evidence-attach",
    "api:questionnaires_import": "questionnaires:upload",
    "api:prevention_places_add": "prevention:place-new",
    "api:research_sessions_record": "prevention:session-new",
    "api:ratings_record": "prevention:rating-add",
    "api:vulnerabilities_record": "prevention:vulnerability-add",
    "api:norms_record": "prevention:norm-add",
    "api:stakeholders_add": "prevention:stakeholder-new",
    "api:stakeholders_update": "prevention:stakeholder-edit",
    "api:asks_make": "prevention:ask-new",
    "api:answers_record": "prevention:answer-add",
    "api:asks_escalate": "prevention:ask-escalate",
    "api:committee_checks_record": "prevention:committee-check",
    "api:model_choices_record": "prevention:choice-add",
    "api:case_asks_make": "prevention:case-ask-new",
    "api:case_asks_answer": "prevention:case-ask-answer",
    "api:case_asks_link": "prevention:case-ask-link",
    "api:dialogues_record": "prevention:dialogue-new",
    "api:commitments_record": "prevention:dialogue-commitment",
    "api:assessments_create": "prevention:assessment-new",
    "api:rounds_record": "prevention:round-new",
    "api:round_values_record": "prevention:round-value",
    "api:submission_imports_start": "questionnaires:import-new",
    "api:submission_imports_resume": "questionnaires:import-resume",
    "api:studies_create": "questionnaires:study-new",
    "api:study_cohorts_add": "questionnaires:cohort-add",
    "api:study_sessions_record": "questionnaires:session-new",
    "api:submissions_link": "questionnaires:submission-link",  # to the session it was asked in
    "api:answer_codes_add": "questionnaires:answer-codes",
    "api:incidents_review": "violations:incident-review",
    "api:community_alerts_send": "evidence:alert-new",
    "api:evidence_dhis2_dry_run": "evidence:dhis2-push",
    "api:evidence_dhis2_mapping_save": "evidence:dhis2-mapping",
    "api:evidence_table": "evidence:tables",
    "api:border_wishes_record": "rights:wish-add",
    "api:stages_record": "rights:stage-add",
    "api:protection_record": "rights:protection-add",
    "api:residence_steps_add": "rights:residence-add",
    "api:compensation_record": "rights:compensation-add",
    "api:compensation_update": "rights:compensation-edit",
    "api:corrections_decide": "rights:correction-decide",
    "api:corrections_request": "rights:corrections",
    "api:crossing_save": "rights:crossing",
    "api:people_erase": "rights:erase",
    "api:repatriation_plan": "rights:repatriation-add",
    "api:repatriation_start": "rights:repatriation-start",
}

# Writes that have no page yet, each with why. The test fails on a write in neither table, so a new one
# is a decision someone writes down, not an oversight.
API_ONLY_WRITES: dict[str, str] = {
    "api:submissions_feed": "a device's feed (ODK/Kobo submissions), never typed by a worker",
}

# --- due-list sources and jobs ---------------------------------------------------------------------------
register(Door.DUE, "case")(
    "due:follow_ups_due", "due:reviews_due", "due:plan_targets_due", "due:age_outs_due"
)
register(Door.DUE, "legal_step")("due:proceedings_due")
register(Door.JOB, "case")("job:daily_checks")
# Erases closed records past the retention rule: it shows nothing, and writes only codes to the audit.
register(Door.JOB, "person")("job:retention_erasure")
register(Door.JOB, "")("job:lockout_cleanup")  # counters of failed sign-ins: digests, no record
register(Door.JOB, "")("job:once_cleanup")  # claimed form tokens: random strings, no record
register(Door.JOB, "submission")("job:import_submissions")  # a Kobo or Central export, kept sealed
