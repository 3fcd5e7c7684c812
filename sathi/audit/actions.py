"""Every audit action code, registered once with the words the auditor reads.

`log_action` refuses a code that is not here, and a test collects every code the code base passes to it,
so the auditor's page never shows a bare code. Add a new code here (and its Bengali and Hindi words).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class UnknownAction(ValueError):
    """An audit action code that is not registered in sathi/audit/actions.py."""


ACTIONS: dict[str, Promise] = {
    # organisations, workers and access
    "organisation.created": _("Organisation created"),
    "user.created": _("Worker account created"),
    "user.password_changed": _("Password changed"),
    "user.second_factor_enrolled": _("Second sign-in step set up"),
    "user.second_factor_reset": _("Second sign-in step reset"),
    "user.passkey_added": _("Passkey added"),
    "user.passkey_removed": _("Passkey removed"),
    "user.passkey_renamed": _("Passkey renamed"),
    "user.passkey_signed_in": _("Second sign-in step done with a passkey"),
    "user.passkey_refused": _("Passkey refused"),
    "user.passkey_confirmed": _("Identity confirmed again with a passkey"),
    "membership.created": _("Worker added to the organisation"),
    "membership.role_changed": _("Worker's role changed"),
    "membership.activated": _("Worker's access turned on"),
    "membership.deactivated": _("Worker's access turned off"),
    "api_token.issued": _("API key issued"),
    "api_token.revoked": _("API key revoked"),
    # people
    "person.registered": _("Person registered"),
    "person.viewed": _("Person's record opened"),
    "person.updated": _("Person's record changed"),
    "person.break_glass": _("Emergency opening of a record"),
    "person.break_glass_reviewed": _("Emergency opening reviewed by a supervisor"),
    "age.evidence_added": _("Age evidence added"),
    "consent.granted": _("Consent given"),
    "consent.refused": _("Consent refused"),
    "consent.withdrawn": _("Consent withdrawn"),
    "assignment.added": _("Worker assigned to a person"),
    "population.generated": _("Synthetic people generated"),
    "population.cases_generated": _("Synthetic cases generated"),
    "place.added": _("Place added"),
    # questionnaires
    "questionnaire.imported": _("Questionnaire imported"),
    "questionnaire.classes_chosen": _("Field classes of a questionnaire's groups chosen"),
    "questionnaire.submission_created": _("Answers to a questionnaire received"),
    "questionnaire.submission_updated": _("A draft of answers saved"),
    "questionnaire.submission_replaced": _("Answers replaced by an edited copy"),
    "questionnaire.submissions_imported": _("Answers imported from an export"),
    "questionnaire.import_queued": _("An export of answers uploaded for import"),
    "questionnaire.answers_read": _("Answers to a questionnaire read"),
    "questionnaire.answers_exported": _("De-identified answers downloaded"),
    "study.created": _("Study created"),
    "study.cohort_added": _("Cohort added to a study"),
    "study.session_recorded": _("Study session recorded, with its participants counted"),
    "study.submission_linked": _("Answers linked to the session they were asked in"),
    "study.answers_coded": _("Free-text answers coded to a vocabulary"),
    "questionnaire.answers_fed": _("Answers fed into prevention records"),
    # prevention (places' vulnerability, offices, ratings, asks and answers)
    "prevention.session_recorded": _("Research session recorded"),
    "prevention.vulnerability_recorded": _("Vulnerability factor recorded for a place"),
    "prevention.norm_recorded": _("Protective norm recorded for a place"),
    "prevention.stakeholder_added": _("Office added"),
    "prevention.stakeholder_updated": _("Office changed"),
    "prevention.rating_recorded": _("Power and interest rating recorded"),
    "prevention.ask_made": _("Ask to an office recorded"),
    "prevention.answer_recorded": _("Office's answer recorded"),
    "prevention.committee_checked": _("Committee check recorded"),
    "prevention.model_choice_recorded": _("A respondent's choice of prevention models recorded"),
    "prevention.case_ask_linked": _("Ask to an office linked to a case"),
    "prevention.case_asks_viewed": _("Asks about a case viewed"),
    "prevention.dialogue_recorded": _("Community dialogue recorded"),
    "prevention.commitment_recorded": _("Commitment at a dialogue recorded"),
    "prevention.assessment_recorded": _("Resilience assessment recorded"),
    "prevention.round_recorded": _("Assessment round recorded"),
    "prevention.generated": _("Synthetic prevention records generated"),
    # boards and screening
    "board.created": _("Board created"),
    "board.member_added": _("Board member added"),
    "board.sitting_held": _("Board sitting recorded"),
    "board.presentation_recorded": _("Presentation to a board recorded"),
    "board.reappearance_alert": _("Alert: a person presented again"),
    "board.reappearance_alert_acknowledged": _("Alert that a person presented again acknowledged"),
    "board.site_event": _("Event at a site recorded"),
    "screening.recorded": _("Screening recorded"),
    "screening.decided": _("Screening decided"),
    "screening.consent_words_opened": _("Consent in the person's own words read"),
    # cases and care
    "case.opened": _("Case opened"),
    "case.wish_viewed": _("The person's stated wish, in their words, read beside a decision"),
    "case.viewed": _("Case opened for reading"),
    "case.member_added": _("Case team member added"),
    "case.status_changed": _("Case status changed"),
    "case.closed": _("Case closed"),
    "case.reopened": _("Case reopened"),
    "flag.raised": _("Flag raised by a worker"),
    "flag.resolved": _("Flag resolved"),
    "flag.raised_by_check": _("Flag raised by the system's checks"),
    "flag.closed_by_check": _("Flag closed by the system's checks"),
    "checks.daily_run": _("Daily checks run"),
    "goal.recorded": _("Person's goal recorded"),
    "pathway.recorded": _("Chosen pathway recorded"),
    "need.added": _("Need added"),
    "need.updated": _("Need changed"),
    "service.recorded": _("Service recorded"),
    "plan.item_added": _("Plan step added"),
    "plan.item_done": _("Plan step done"),
    "placement.started": _("Placement started"),
    "placement.reviewed": _("Placement reviewed"),
    "placement.ended": _("Placement ended"),
    "followup.scheduled": _("Follow-up scheduled"),
    "followup.recorded": _("Follow-up recorded"),
    "provider.saved": _("Service provider saved"),
    "referral.sent": _("Referral sent"),
    "referral.received": _("Referral received"),
    "referral.viewed": _("Referral opened"),
    "referral.accepted": _("Referral accepted"),
    "referral.declined": _("Referral declined"),
    # legal
    "proceeding.added": _("Legal proceeding added"),
    "proceeding.updated": _("Legal proceeding changed"),
    "document.attached": _("Legal document attached"),
    "document.viewed": _("Legal document opened"),
    # relations and the safety check
    "relation.added": _("Relation added"),
    "relation.quality_added": _("Quality of a relation added"),
    "relation.same_as": _("Two relations marked as the same person"),
    "relation.site_added": _("Site in the person's life added"),
    "relations.viewed": _("Relations map opened"),
    "life.event_added": _("Life event added"),
    "safety_check.recorded": _("Safety check recorded"),
    "safety_check.decided": _("Safety check decided"),
    # violations and raids
    "incident.recorded": _("Incident recorded"),
    "incident.updated": _("Incident changed"),
    "incident.viewed": _("Incident opened"),
    "incident.source_added": _("Source of an incident added"),
    "incident.affected_added": _("Person affected by an incident added"),
    "incident.affected_updated": _("Person affected by an incident changed"),
    "incident.perpetrator_added": _("Perpetrator added"),
    "raid.recorded": _("Raid details recorded"),
    "raid.updated": _("Raid details changed"),
    "raid_report.exported": _("Raid report exported"),
    "response.added": _("Response added"),
    "response.updated": _("Response changed"),
    "outcome.recorded": _("Outcome recorded"),
    "outcome.ended": _("Outcome ended"),
    "evidence.attached": _("Evidence attached"),
    "evidence.viewed": _("Evidence opened"),
    # evidence (the release ledger, community alerts, peers' incidents reviewed)
    "evidence.released": _("Figures released"),
    "evidence.dhis2_pushed": _("Figures sent to DHIS2 as a trial"),
    "evidence.dhis2_mapping_saved": _("DHIS2 mapping saved"),
    "alert.sent": _("Community alert sent"),
    "alerts.received": _("Community alerts received"),
    "member_areas.saved": _("Alert areas of a member saved"),
    "incident.reviewed": _("Incident recorded by a peer worker reviewed"),
    # her rights (issue 13)
    "own_record.produced": _("The person's own record produced for them"),
    "person.erased": _("Person erased: their data key destroyed"),
    "person.erasure_held": _("Erasure under the retention rule held back by an open proceeding"),
    "retention.run": _("Retention rule run: closed records past it erased"),
    "referral.erasure_notice_sent": _("Erasure notice sent with a referral"),
    "referral.erased": _("Referral copy erased by the sender's erasure notice"),
    "correction.requested": _("Correction asked for by the person"),
    "correction.accepted": _("Correction accepted: the record changed"),
    "correction.refused": _("Correction refused with a reason"),
    "crossing.saved": _("Border crossing record saved"),
    "crossing.wish_recorded": _("The person's wish to stay or return recorded"),
    "crossing.stage_recorded": _("Stage of rights recorded"),
    "crossing.protection_recorded": _("Witness protection recorded"),
    "crossing.residence_recorded": _("Residence step recorded"),
    "crossing.compensation_recorded": _("Compensation recorded"),
    "crossing.compensation_updated": _("Compensation changed"),
    "repatriation.planned": _("Repatriation plan recorded"),
    "repatriation.started": _("Repatriation started by the person's choice"),
}


def require(code: str) -> None:
    if code not in ACTIONS:
        raise UnknownAction(f"audit action {code!r} is not registered: add it to sathi/audit/actions.py")


def label(code: str) -> str:
    """The words for a code; an unknown one (never written by this version) shows as itself."""
    found = ACTIONS.get(code)
    return str(found) if found is not None else code
