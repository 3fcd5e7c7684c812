"""The one upload pipeline: every file (evidence, legal documents, questionnaires...) is held in memory only,
so that no unsealed file ever touches the disk, and is accepted only through `accept_upload`."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile
from django.utils.translation import gettext as _

from sathi.lib import filetypes
from sathi.lib.filetypes import Accepted


class MemoryOnlyUploadHandler(MemoryFileUploadHandler):
    """Like Django's memory handler, but a file over the limit is dropped, not spilled to a temp file."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True  # always in memory; the limit is enforced per chunk below

    def new_file(self, *args, **kwargs):
        self.received = 0
        super().new_file(*args, **kwargs)  # raises StopFutureHandlers: this handler takes the file

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.SATHI_MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)


def read_upload(upload) -> bytes:
    """The uploaded file's bytes, never more than one byte past the limit (which `accept_upload` refuses)."""
    return upload.read(settings.SATHI_MAX_UPLOAD_BYTES + 1) if upload is not None else b""


def too_large_message() -> str:
    return _("The file is too large: at most %(mb)d MB.") % {
        "mb": settings.SATHI_MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def _message(reason: str) -> str:
    if reason == filetypes.TOO_LARGE:
        return too_large_message()
    return {
        filetypes.EMPTY: _("The file is empty."),
        filetypes.UNSUPPORTED: _("Only PDF, JPEG and PNG files can be attached."),
        filetypes.DAMAGED: _(
            "This image is damaged or incomplete and cannot be read. Attach a complete copy."
        ),
        filetypes.TOO_MANY_PIXELS: _("This image has too many pixels. Attach a smaller copy."),
        filetypes.PDF_DAMAGED: _("This PDF is damaged and cannot be read. Attach a complete copy."),
        filetypes.PDF_ACTIVE: _(
            "This PDF contains scripts, actions or attached files, which are not accepted. "
            "Print it to a new PDF and attach that."
        ),
        filetypes.PDF_LOCKED: _("This PDF is locked with a password. Attach an unlocked copy."),
    }[reason]


def accept_upload(content: bytes, *, field: str = "file") -> Accepted:
    """What may be stored of an uploaded file: a PDF without active content, or a JPEG or PNG decoded whole
    and rebuilt from its pixels (no GPS, camera, comment or anything appended survives). Otherwise a
    ValidationError on `field` in the user's language; nothing is written anywhere."""
    try:
        return filetypes.accept(
            content,
            max_bytes=settings.SATHI_MAX_UPLOAD_BYTES,
            max_pixels=settings.SATHI_MAX_UPLOAD_PIXELS,
        )
    except filetypes.Refused as exc:
        raise ValidationError({field: _message(exc.reason)}) from None


def add_too_large_error(request, form) -> None:
    """On a page: the handler dropped a file over the limit, so say so instead of "this field is required"."""
    if request.method == "POST" and getattr(request, "upload_too_large", False):
        form.add_error(None, too_large_message())
