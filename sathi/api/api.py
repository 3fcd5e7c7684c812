"""The JSON API under /api/v1/: one error shape, one authentication, each app's router mounted here."""

from __future__ import annotations

from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from sathi.api.auth import TokenAuth
from sathi.lib import text
from sathi.lib.errors import Conflict, Forbidden, NotFound


class UnstorableText(Exception):
    """Text that no field may hold (a lone surrogate, a control character...), at `path` in the input."""

    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


def check_text(data, path: str = "") -> None:
    """Refuse invalid Unicode anywhere in what was sent, keys included, before any schema sees it. Tab and
    line breaks pass here (a multi-line field may hold them); single-line fields refuse them in their
    cleaner (`clean_text(multiline=False)`)."""
    stack = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if not text.storable(value, multiline=True):
                raise UnstorableText(where or "__all__")
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and not text.storable(key, multiline=False):
                    raise UnstorableText(where or "__all__")
                stack.append((f"{where}.{key}" if where else str(key), item))
        elif isinstance(value, list | tuple):
            stack.extend((f"{where}.{i}" if where else str(i), item) for i, item in enumerate(value))


class TextCheckingParser(Parser):
    """Every JSON body, query string and form sent to the API passes `check_text`: one door for all."""

    def parse_body(self, request):
        data = super().parse_body(request)
        check_text(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        check_text({k: v for k, v in result.items() if isinstance(v, str | list)})
        return result


# The one error shape, declared for every answer an operation can give besides its success, so that a
# generated client knows each of them.
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": True},
            },
        }
    },
}
ERROR_ANSWERS = {
    400: "What was sent is not valid (the fields say why).",
    401: "No valid token.",
    403: "This role may not do this.",
    404: "Not found, or not visible to this organisation.",
    409: "Changed by someone else since it was read, or a possible duplicate.",
    413: "What was sent is larger than the server accepts (SATHI_MAX_REQUEST_BYTES).",
}
WRITES_ONLY = {409, 413}  # reads never conflict and send no body


class SathiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                for status, description in ERROR_ANSWERS.items():
                    if status in WRITES_ONLY and method == "get":
                        continue
                    operation["responses"][status] = {"description": description, "content": error}
        return schema


api = SathiAPI(
    title="Sathi API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    parser=TextCheckingParser(),
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


@api.exception_handler(RequestDataTooBig)
def _too_large(request, exc):
    return error(request, 413, "too_large", _("What you sent is too large. Nothing was saved."))


@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
def _too_many(request, exc):
    return error(request, 400, "invalid", _("What you sent has too many parts. Nothing was saved."))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return error(request, 401, "unauthenticated", _("A valid token is needed."))


def _unstorable(request, exc: UnstorableText):
    return error(
        request,
        400,
        "invalid",
        _("Some of what you sent is not valid."),
        {exc.path: [_("This contains characters that cannot be stored. Please retype it.")]},
    )


api.add_exception_handler(UnstorableText, _unstorable)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if isinstance(exc.__cause__, UnstorableText):  # ninja wraps what the body parser raises
        return _unstorable(request, exc.__cause__)
    if exc.status_code == 400:  # the body could not be parsed at all
        return error(request, 400, "invalid", _("What you sent could not be read. Send JSON in UTF-8."))
    return error(request, exc.status_code, "error", _("The request could not be handled."))


def _mount() -> None:
    from sathi.care.api import router as care_router
    from sathi.evidence.api import router as evidence_router
    from sathi.legal.api import router as legal_router
    from sathi.people.api import router as people_router
    from sathi.prevention.api import router as prevention_router
    from sathi.questionnaires.api import router as questionnaires_router
    from sathi.questionnaires.api_research import router as questionnaire_research_router
    from sathi.relations.api import router as relations_router
    from sathi.rights.api import router as rights_router
    from sathi.screening.api import router as screening_router
    from sathi.violations.api import router as violations_router

    api.add_router("/", people_router)
    api.add_router("/", care_router)
    api.add_router("/", legal_router)
    api.add_router("/", screening_router)
    api.add_router("/", relations_router)
    api.add_router("/", violations_router)
    api.add_router("/", questionnaires_router)
    api.add_router("/", questionnaire_research_router)
    api.add_router("/", prevention_router)
    api.add_router("/", evidence_router)
    api.add_router("/", rights_router)


_mount()
