"""A submission from ODK Collect or Enketo: decrypted when it was encrypted on the phone, read, kept."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sathi.core.uploads import accept_upload
from sathi.lib import odk_encryption
from sathi.questionnaires import selectors
from sathi.questionnaires.formkeys import form_key_for, private_key
from sathi.questionnaires.instances import FormShape, SubmissionRefused, meta_of, parse_xml, xml_answers
from sathi.questionnaires.models import Submission
from sathi.questionnaires.submissions import Incoming, Kept, require_collect, submission_keep
from sathi.questionnaires.vocab import SubmissionSource


def odk_submission_receive(*, actor, xml: bytes, parts: dict[str, bytes]) -> Kept:
    """Keep one OpenRosa submission. Raises SubmissionRefused (400) with a message naming no answer, NotFound
    for a form the organisation does not have, Forbidden for a role that does not send answers."""
    require_collect(actor)
    root = parse_xml(xml)
    encrypted = odk_encryption.is_encrypted_manifest(root)
    form_id, form_version = root.get("id") or "", root.get("version")
    if not form_id:
        raise SubmissionRefused(_("The submission does not name its form."))
    version = selectors.version_by_form_id(actor=actor, form_id=form_id, form_version=form_version)
    media: dict[str, bytes] = {}
    if encrypted:
        try:
            opened = odk_encryption.open_submission(
                private_key(form_key_for(version.questionnaire)), xml, parts
            )
        except odk_encryption.EncryptedSubmissionRefused:
            # Which check failed stays in the server: a forger learns nothing from the answer.
            raise SubmissionRefused(
                _("The submission could not be decrypted with this form's key, or it was altered.")
            ) from None
        xml, media = opened.xml, opened.media
        root = parse_xml(xml)
        if (root.get("id") or "") != form_id or opened.instance_id != meta_of(root).get("instanceID"):
            raise SubmissionRefused(_("The encrypted submission does not match its manifest."))
    else:
        media = dict(parts)
    meta = meta_of(root)
    instance_id = meta.get("instanceID")
    if not instance_id:
        raise SubmissionRefused(_("The submission has no instance id (meta/instanceID)."))
    files = []
    for name, content in media.items():
        try:
            accepted = accept_upload(content)
        except ValidationError as exc:
            raise SubmissionRefused(" ".join(exc.messages)) from None
        files.append((name, accepted.content_type, accepted.content))
    incoming = Incoming(
        version=version,
        instance_id=instance_id,
        root_id=_root_id(actor, meta),
        answers=xml_answers(root, FormShape.of(version)),
        raw=xml.decode("utf-8", errors="replace"),
        source=SubmissionSource.ODK,
        encrypted=encrypted,
        files=tuple(files),
    )
    return submission_keep(actor=actor, incoming=incoming)


def _root_id(actor, meta: dict[str, str]) -> str:
    """An edit made in Collect carries the edited copy's id as deprecatedID: it continues that row."""
    if meta.get("rootUuid"):
        return meta["rootUuid"]
    deprecated = meta.get("deprecatedID")
    if deprecated:
        earlier = (
            Submission.objects.filter(organisation_id=actor.organisation_id, instance_id=deprecated)
            .values_list("root_id", flat=True)
            .first()
        )
        if earlier:
            return earlier
    return meta["instanceID"]
