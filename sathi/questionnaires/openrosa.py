"""The OpenRosa server API that ODK Collect and Enketo speak: form list, form download with its manifest, and
submission (multipart, with attachments).

A phone is set up with the server address `https://<sathi>/odk`, the worker's username and, as password, a
device token she issues on her tokens page (after signing in with her second factor). Her account password
never goes on a phone: a seized phone then holds one token her admin can revoke, and no password. Requests
answer as her membership: her organisation's questionnaires, and only if her role collects answers.
HTTPS is enforced for every request by the project's settings (SECURE_SSL_REDIRECT).

Every form is served with its own RSA public key in <submission base64RsaPublicKey>, so Collect encrypts a
finalised submission on the phone; `orx:auto-delete` has it removed from the phone once sent.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from xml.sax.saxutils import escape, quoteattr

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from sathi.api.auth import TokenAuth
from sathi.lib.errors import Forbidden, NotFound
from sathi.questionnaires import receive, selectors
from sathi.questionnaires.formkeys import form_key_for
from sathi.questionnaires.instances import SubmissionRefused
from sathi.questionnaires.submissions import require_collect

OPENROSA_VERSION = "1.0"
MODEL_END = re.compile(r"</model>")
SUBMISSION_ELEMENT = re.compile(r"<submission\b[^>]*/>|<submission\b[^>]*>.*?</submission>", re.DOTALL)


def _xml(body: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body,
        status=status,
        content_type="text/xml; charset=utf-8",
    )
    return _openrosa(response)


def _openrosa(response: HttpResponse) -> HttpResponse:
    response["X-OpenRosa-Version"] = OPENROSA_VERSION
    response["Date"] = http_date()
    response["Cache-Control"] = "no-store"
    return response


def _message(text: str, status: int, nature: str = "error") -> HttpResponse:
    return _xml(
        '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
        f"<message nature={quoteattr(nature)}>{escape(text)}</message></OpenRosaResponse>",
        status,
    )


def _challenge() -> HttpResponse:
    response = _message(_("Sign in with your username and a device token."), 401)
    response["WWW-Authenticate"] = 'Basic realm="Sathi", charset="UTF-8"'
    return response


def device_actor(request):
    """The membership whose device token is the Basic password (the username must be the token's own), or
    None. A session cookie is not a device credential: a page's sign-in opens nothing here."""
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value.strip() or len(value) > 600:
        return None
    try:
        pair = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        username, _colon, token = pair.partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    try:
        membership = TokenAuth().authenticate(request, token)
    except Forbidden:  # a read-only token sending a submission
        return False
    if membership is None or membership.user.get_username() != username:
        return None
    return membership


def _device(view):
    def wrapped(request, *args, **kwargs):
        actor = device_actor(request)
        if actor is None:
            return _challenge()
        if actor is False:
            return _message(_("This device token may only read."), 403)
        try:
            require_collect(actor)
            return view(request, actor, *args, **kwargs)
        except Forbidden:
            return _message(_("Your role does not send answers to questionnaires."), 403)
        except NotFound:
            return _message(_("There is no such form."), 404)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return csrf_exempt(wrapped)


def published_xform(version) -> str:
    """The XForm pyxform made, with the questionnaire's public key as its only <submission>: the form's own
    submission_url or public_key, if it had them, give way (Sathi could not decrypt for another key)."""
    key = form_key_for(version.questionnaire)
    xform = SUBMISSION_ELEMENT.sub("", version.xform)
    element = f'<submission base64RsaPublicKey="{key.public_key}" method="post" orx:auto-delete="true"/>'
    return MODEL_END.sub(lambda _m: element + "</model>", xform, count=1)


def _hash(xform: str) -> str:
    return "md5:" + hashlib.md5(xform.encode("utf-8")).hexdigest()  # noqa: S324 (OpenRosa's form hash)


@_device
@require_GET
def form_list(request, actor):
    """The latest version of each of the organisation's questionnaires."""
    items = []
    for version in selectors.published_versions(actor=actor):
        xform = published_xform(version)
        download = request.build_absolute_uri(reverse("openrosa:form", args=[version.pk]))
        manifest = request.build_absolute_uri(reverse("openrosa:manifest", args=[version.pk]))
        items.append(
            "<xform>"
            f"<formID>{escape(version.questionnaire.form_id)}</formID>"
            f"<name>{escape(version.questionnaire.title)}</name>"
            f"<version>{escape(version.form_version)}</version>"
            f"<hash>{_hash(xform)}</hash>"
            f"<downloadUrl>{escape(download)}</downloadUrl>"
            f"<manifestUrl>{escape(manifest)}</manifestUrl>"
            "</xform>"
        )
    return _xml('<xforms xmlns="http://openrosa.org/xforms/xformsList">' + "".join(items) + "</xforms>")


@_device
@require_GET
def form_download(request, actor, version_id):
    version = _version(actor, version_id)
    return _xml(published_xform(version).removeprefix('<?xml version="1.0"?>').lstrip())


@_device
@require_GET
def form_manifest(request, actor, version_id):
    """Sathi keeps no media files for a form (images in labels, CSV choice lists): the manifest is empty."""
    _version(actor, version_id)
    return _xml('<manifest xmlns="http://openrosa.org/xforms/xformsManifest"></manifest>')


@_device
@require_http_methods(["HEAD", "POST"])
def submission(request, actor):
    """HEAD: Collect asks first what it may send. POST: the multipart submission."""
    from django.conf import settings

    if request.method == "HEAD":
        response = _openrosa(HttpResponse(status=204))
        response["X-OpenRosa-Accept-Content-Length"] = str(settings.SATHI_MAX_UPLOAD_BYTES)
        return response
    if getattr(request, "upload_too_large", False):
        return _message(_("The submission is too large."), 413)
    main = request.FILES.get("xml_submission_file")
    if main is None:
        return _message(_("The submission has no xml_submission_file."), 400)
    parts = {upload.name: upload.read() for name, upload in request.FILES.items() if upload is not main}
    try:
        kept = receive.odk_submission_receive(actor=actor, xml=main.read(), parts=parts)
    except SubmissionRefused as exc:
        return _message(exc.full_message(), 400)
    status = 201 if kept.outcome != "unchanged" else 202
    return _message(_("Received."), status, nature="submit_success")


def _version(actor, version_id):
    return selectors.version_for(actor=actor, version_id=version_id, collecting=True)
