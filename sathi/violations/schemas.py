"""The API's shapes for incidents, raids, persons affected, responses, evidence and the raid report."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ninja import Schema

from sathi.api.vocab import vocab
from sathi.people.vocab import Gender
from sathi.violations.vocab import (
    Act,
    AgeBand,
    Agency,
    Confidentiality,
    Consequence,
    DatePrecision,
    Degree,
    EvidenceKind,
    Force,
    HeldAt,
    IncidentType,
    ItpaSection,
    LegalBasis,
    OutcomeKind,
    OwnDecision,
    PerpetratorType,
    Reliability,
    ResponseAction,
    ResponseOutcome,
    SourceKind,
    Undertaking,
    Verification,
)

IncidentTypeValue = vocab(IncidentType)
PrecisionValue = vocab(DatePrecision)
PrecisionBlank = vocab(DatePrecision, blank=True)
VerificationValue = vocab(Verification)
ConfidentialityValue = vocab(Confidentiality)
LegalBasisValue = vocab(LegalBasis)
AgencyValue = vocab(Agency)
SectionValue = vocab(ItpaSection)
ForceValue = vocab(Force)
HeldAtValue = vocab(HeldAt)
SourceKindValue = vocab(SourceKind)
ReliabilityValue = vocab(Reliability)
GenderValue = vocab(Gender)
GenderBlank = vocab(Gender, blank=True)
AgeBandValue = vocab(AgeBand)
AgeBandBlank = vocab(AgeBand, blank=True)
ActValue = vocab(Act)
ConsequenceValue = vocab(Consequence)
OwnDecisionValue = vocab(OwnDecision)
UndertakingValue = vocab(Undertaking)
OutcomeKindValue = vocab(OutcomeKind)
PerpetratorTypeValue = vocab(PerpetratorType)
DegreeValue = vocab(Degree)
ActionValue = vocab(ResponseAction)
ResponseOutcomeValue = vocab(ResponseOutcome)
EvidenceKindValue = vocab(EvidenceKind)
EvidenceKindBlank = vocab(EvidenceKind, blank=True)


class Versioned(Schema):
    version: int


class IncidentIn(Schema):
    incident_type: IncidentTypeValue
    start_date: date
    place_id: int
    verification: VerificationValue
    start_precision: PrecisionValue = "day"
    end_date: date | None = None
    end_precision: PrecisionBlank = ""
    description: str = ""
    confidentiality: ConfidentialityValue = "internal"


class IncidentPatch(Versioned):
    verification: VerificationValue | None = None
    confidentiality: ConfidentialityValue | None = None
    description: str | None = None
    start_date: date | None = None
    start_precision: PrecisionValue | None = None
    end_date: date | None = None
    end_precision: PrecisionBlank | None = None
    place_id: int | None = None


class RaidIn(Schema):
    legal_basis: LegalBasisValue
    version: int | None = None  # null: the first record of this raid's details
    agencies: list[AgencyValue] = []
    agency_names: list[str] = []
    itpa_sections: list[SectionValue] = []
    warrant_shown: bool | None = None
    picked_up_known: int = 0
    picked_up_estimated: int | None = None
    minors_per_police: int | None = None
    minors_verified: int | None = None
    force_used: ForceValue = "not_known"
    held_at: list[HeldAtValue] = []
    held_hours: int | None = None
    phones_taken: int | None = None
    phones_returned: int | None = None
    money_taken: bool | None = None
    money_returned: bool | None = None
    legal_counsel: bool | None = None
    media_present: bool | None = None
    collective_told: bool | None = None


class SourceIn(Schema):
    kind: SourceKindValue
    reliability: ReliabilityValue
    note: str = ""


class AffectedIn(Schema):
    person_id: uuid.UUID | None = None  # null: an anonymous record (age band and gender only)
    gender: GenderBlank = ""
    age_band: AgeBandBlank = ""
    acts: list[ActValue] = []
    consequences: list[ConsequenceValue] = []
    own_decision: OwnDecisionValue = "not_asked"
    undertaking: UndertakingValue = "not_known"
    account: str = ""


class AffectedPatch(Versioned):
    age_band: AgeBandBlank | None = None
    acts: list[ActValue] | None = None
    consequences: list[ConsequenceValue] | None = None
    own_decision: OwnDecisionValue | None = None
    undertaking: UndertakingValue | None = None
    account: str | None = None


class OutcomeIn(Schema):
    kind: OutcomeKindValue
    on: date
    until: date | None = None
    against_her_wish: bool | None = None
    later_incident_id: uuid.UUID | None = None


class OutcomeEndIn(Schema):
    until: date


class PerpetratorIn(Schema):
    perpetrator_type: PerpetratorTypeValue
    degree: DegreeValue = "not_known"
    office: str = ""
    station: str = ""
    number: int = 1
    note: str = ""


class ResponseIn(Schema):
    action: ActionValue
    reported_at: datetime
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    outcome: ResponseOutcomeValue = "pending"
    affected_id: uuid.UUID | None = None
    note: str = ""


class ResponsePatch(Versioned):
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    outcome: ResponseOutcomeValue | None = None
    note: str | None = None


class UuidOut(Schema):
    id: str


class VersionedIdOut(UuidOut):
    version: int


class IncidentItem(Schema):
    id: uuid.UUID
    incident_type: IncidentTypeValue
    start_date: date
    start_precision: PrecisionValue
    district: str
    verification: VerificationValue
    confidentiality: ConfidentialityValue
    affected: int
    open_responses: int
    version: int


class IncidentSaved(Schema):
    id: uuid.UUID
    incident_type: IncidentTypeValue
    start_date: date
    start_precision: PrecisionValue
    end_date: date | None
    end_precision: PrecisionBlank
    verification: VerificationValue
    confidentiality: ConfidentialityValue
    version: int


class RaidOut(Schema):
    agencies: list[AgencyValue]
    agency_names: list[str]
    legal_basis: LegalBasisValue
    itpa_sections: list[SectionValue]
    warrant_shown: bool | None
    picked_up_known: int
    picked_up_estimated: int | None
    minors_per_police: int | None
    minors_verified: int | None
    force_used: ForceValue
    held_at: list[HeldAtValue]
    held_hours: int | None
    phones_taken: int | None
    phones_returned: int | None
    money_taken: bool | None
    money_returned: bool | None
    legal_counsel: bool | None
    media_present: bool | None
    collective_told: bool | None
    version: int


class SourceOut(Schema):
    id: uuid.UUID
    kind: SourceKindValue
    reliability: ReliabilityValue
    note: str | None


class OutcomeOut(Schema):
    id: int
    kind: OutcomeKindValue
    on: date
    until: date | None
    against_her_wish: bool | None
    later_incident_id: uuid.UUID | None


class AffectedOut(Schema):
    id: uuid.UUID
    person_code: str | None  # null: anonymous, or a person the reader may not open
    gender: GenderValue
    age_band: AgeBandValue
    picked_up: bool
    acts: list[ActValue]
    consequences: list[ConsequenceValue]
    own_decision: OwnDecisionValue
    undertaking: UndertakingValue
    account: str | None  # null: none, or hers and masked for this reader
    outcomes: list[OutcomeOut]
    version: int


class PerpetratorOut(Schema):
    id: uuid.UUID
    perpetrator_type: PerpetratorTypeValue
    degree: DegreeValue
    office: str
    station: str
    number: int
    note: str | None


class ResponseOut(Schema):
    id: uuid.UUID
    affected_id: uuid.UUID | None
    action: ActionValue
    reported_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    outcome: ResponseOutcomeValue
    note: str | None
    version: int


class EvidenceOut(Schema):
    id: uuid.UUID
    incident_id: uuid.UUID
    kind: EvidenceKindValue
    content_type: str
    size: int
    sha256: str
    metadata_stripped: bool
    uploaded_at: datetime


class EvidenceItem(EvidenceOut):
    name: str | None


class IncidentOut(IncidentSaved):
    place: str
    district: str
    description: str | None
    raid: RaidOut | None
    sources: list[SourceOut]
    affected: list[AffectedOut]
    perpetrators: list[PerpetratorOut]
    responses: list[ResponseOut]
    evidence: list[EvidenceItem]


class CountsOut(Schema):
    counts: dict[str, int | None]  # null: suppressed
    total: int | None


class RaidReportOut(Schema):
    start: date
    end: date
    district: str | None
    threshold: int
    raids: int | None
    picked_up: int | None
    documented: int | None
    police_record: CountsOut
    verified_age: CountsOut
    own_decision: CountsOut
    released: CountsOut
    undertakings: CountsOut
    violence: CountsOut
    phones: CountsOut
    legal_basis: CountsOut
    share_minors_police: float | None
    share_minors_verified: float | None
    share_own_decision: float | None
    share_returned: float | None
    share_signed: float | None
    share_violence: float | None
    persons_per_raid: float | None
    median_detention_hours: float | None


class ResponseIndicatorsOut(Schema):
    start: date
    end: date
    district: str | None
    threshold: int
    actions: CountsOut
    outcomes: CountsOut
    responded: int | None
    resolved: int | None
    median_hours_to_first_response: float | None
    median_days_to_resolution: float | None
