from __future__ import annotations

import uuid
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from sathi.api.vocab import vocab
from sathi.core.uploads import read_upload
from sathi.legal import services
from sathi.legal.models import ProceedingKind, ProceedingStatus

KindValue = vocab(ProceedingKind)
StatusValue = vocab(ProceedingStatus)

router = Router(tags=["legal"])


class ProceedingIn(Schema):
    kind: KindValue
    status: StatusValue = "pending"
    event_date: date | None = None
    next_date: date | None = None
    rescue_at: datetime | None = None
    lawyer_id: int | None = None
    lawyer_name: str = ""
    notes: str = ""


class ProceedingPatch(Schema):
    version: int
    status: StatusValue | None = None
    event_date: date | None = None
    next_date: date | None = None


class ProceedingOut(Schema):
    id: uuid.UUID
    case_id: int
    kind: KindValue
    status: StatusValue
    event_date: date | None
    next_date: date | None
    rescue_at: datetime | None
    version: int


@router.post("/cases/{case_id}/proceedings", response={201: ProceedingOut}, operation_id="proceedings_add")
def proceedings_add(request, case_id: int, payload: ProceedingIn):
    return Status(201, services.proceeding_add(actor=request.actor, case_id=case_id, **payload.dict()))


@router.patch("/proceedings/{proceeding_id}", response=ProceedingOut, operation_id="proceedings_update")
def proceedings_update(request, proceeding_id: uuid.UUID, payload: ProceedingPatch):
    changes = payload.dict(exclude_unset=True)
    return services.proceeding_update(actor=request.actor, proceeding_id=proceeding_id, **changes)


class DocumentOut(Schema):
    id: uuid.UUID
    proceeding_id: uuid.UUID
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


@router.post(
    "/proceedings/{proceeding_id}/documents", response={201: DocumentOut}, operation_id="documents_attach"
)
def documents_attach(request, proceeding_id: uuid.UUID, file: File[UploadedFile | None] = None):
    """Multipart: `file`, a PDF, JPEG or PNG. A photo is rebuilt from its pixels: no GPS, camera or comment
    is kept. Optional here so that access is checked before the file is."""
    document = services.document_attach(
        actor=request.actor,
        proceeding_id=proceeding_id,
        filename=file.name if file is not None else "",
        content=read_upload(file),
    )
    return Status(201, document)


@router.get("/documents/{document_id}/file", operation_id="documents_file")
def documents_file(request, document_id: uuid.UUID):
    """The bytes, as an attachment under a name that says nothing; never cached, never sniffed."""
    document, _name, content = services.document_open(actor=request.actor, document_id=document_id)
    response = HttpResponse(content, content_type=document.content_type)
    filename = f"document-{document.pk.hex[:8]}.{EXTENSIONS.get(document.content_type, 'bin')}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response
