"""The JSON API under /api/v1/: one error shape, one authentication, each app's router mounted here."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from sathi.api.auth import TokenAuth
from sathi.lib.errors import Conflict, Forbidden, NotFound

api = NinjaAPI(
    title="Sathi API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url=None,  # the OpenAPI document is served; no interactive docs that load scripts from elsewhere
)


def error(request, status: int, code: str, message: str, fields: dict | None = None):
    return api.create_response(
        request, {"error": {"code": code, "message": str(message), "fields": fields or {}}}, status=status
    )


@api.exception_handler(NotFound)
def _not_found(request, exc):
    return error(request, 404, "not_found", _("Not found."))


@api.exception_handler(Forbidden)
def _forbidden(request, exc):
    return error(request, 403, "forbidden", _("You may not do this."))


@api.exception_handler(Conflict)
def _conflict(request, exc):
    return error(
        request,
        409,
        "conflict",
        _("Someone else changed this record. Nothing was saved. Read it again and retry."),
    )


@api.exception_handler(DjangoValidationError)
def _invalid(request, exc):
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return error(request, 400, "invalid", _("Some of what you sent is not valid."), fields)


@api.exception_handler(NinjaValidationError)
def _malformed(request, exc):
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = ".".join(str(part) for part in item.get("loc", ())[1:] if part != "payload") or "__all__"
        fields.setdefault(loc, []).append(_("This value is missing or has the wrong form."))
    return error(request, 400, "invalid", _("Some of what you sent is not valid."), fields)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return error(request, 401, "unauthenticated", _("A valid token is needed."))


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400:  # the body could not be parsed at all
        return error(request, 400, "invalid", _("What you sent could not be read. Send JSON in UTF-8."))
    return error(request, exc.status_code, "error", _("The request could not be handled."))


def _mount() -> None:
    from sathi.care.api import router as care_router
    from sathi.legal.api import router as legal_router
    from sathi.people.api import router as people_router
    from sathi.relations.api import router as relations_router
    from sathi.screening.api import router as screening_router
    from sathi.violations.api import router as violations_router

    api.add_router("/", people_router)
    api.add_router("/", care_router)
    api.add_router("/", legal_router)
    api.add_router("/", screening_router)
    api.add_router("/", relations_router)
    api.add_router("/", violations_router)


_mount()
