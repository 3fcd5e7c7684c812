"""ODK Collect and Enketo talk to Sathi (issue 12, item 4): form list, download, encrypted submission."""

from __future__ import annotations

import base64
import re
import uuid

import pytest
from defusedxml import ElementTree
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import sign_in
from sathi.accounts.services import api_token_issue
from sathi.lib.tests import samples
from sathi.questionnaires import services
from sathi.questionnaires.models import Submission, SubmissionFile
from sathi.questionnaires.submissions import MASK, answers_for
from sathi.questionnaires.tests.odk_phone import encrypt_submission
from sathi.questionnaires.tests.workbooks import xlsx

pytestmark = pytest.mark.django_db

FORM = xlsx(
    [
        ["type", "name", "label", "sathi::class"],
        ["begin_group", "about", "About", ""],
        ["text", "district", "District", "location"],
        ["integer", "people", "How many live there?", "none"],
        ["select_multiple needs", "needs", "What is needed?", "none"],
        ["image", "photo", "A photo of the building", "identity"],
        ["end_group", "about", "", ""],
    ],
    choices=[["list_name", "name", "label"], ["needs", "water", "Water"], ["needs", "school", "School"]],
    settings=[["form_id", "version", "form_title"], ["visit", "2026120101", "Village visit"]],
)
OTHER = xlsx(
    [["type", "name", "label"], ["text", "note", "Note"]],
    settings=[["form_id", "form_title"], ["other", "Other form"]],
)
LIST_NS = "{http://openrosa.org/xforms/xformsList}"


def _basic(membership, token) -> dict:
    pair = f"{membership.user.username}:{token}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


@pytest.fixture
def phone(personas):
    services.questionnaire_import(actor=None, organisation=personas.org, data=FORM, filename="visit.xlsx")
    researcher = personas.community_researcher
    return researcher, _basic(researcher, api_token_issue(membership=researcher, label="phone"))


def _download(headers) -> tuple[str, str]:
    """The form list, then the form: (its XForm, its public key), as Collect fetches them."""
    listed = Client().get("/odk/formList", headers={**headers, "X-OpenRosa-Version": "1.0"})
    assert listed.status_code == 200
    assert listed["X-OpenRosa-Version"] == "1.0"
    forms = ElementTree.fromstring(listed.content).findall(f"{LIST_NS}xform")
    assert [f.findtext(f"{LIST_NS}formID") for f in forms] == ["visit"]
    url = forms[0].findtext(f"{LIST_NS}downloadUrl")
    assert forms[0].findtext(f"{LIST_NS}hash").startswith("md5:")
    xform = Client().get(url, headers=headers)
    assert xform.status_code == 200
    manifest = Client().get(forms[0].findtext(f"{LIST_NS}manifestUrl"), headers=headers)
    assert manifest.status_code == 200
    text = xform.content.decode()
    ElementTree.fromstring(xform.content)  # still well-formed with Sathi's <submission>
    return text, re.search(r'base64RsaPublicKey="([^"]+)"', text).group(1)


def _instance(instance_id: str, district: str = "Qzlocatwyk") -> bytes:
    return (
        f'<data id="visit" version="2026120101"><about><district>{district}</district><people>7</people>'
        "<needs>water school</needs><photo>p.png</photo></about>"
        f"<meta><instanceID>{instance_id}</instanceID></meta></data>"
    ).encode()


def _post(headers, manifest: bytes, files: dict[str, bytes]):
    data = {"xml_submission_file": SimpleUploadedFile("submission.xml", manifest, "text/xml")}
    for name, content in files.items():
        data[name] = SimpleUploadedFile(name, content, "application/octet-stream")
    return Client().post("/odk/submission", data, headers={**headers, "X-OpenRosa-Version": "1.0"})


def test_openrosa_round_trip_an_encrypted_submission_is_decrypted_and_its_answers_are_in_sathi(
    personas, phone
):
    researcher, headers = phone
    xform, public_key = _download(headers)
    assert 'orx:auto-delete="true"' in xform
    instance_id = f"uuid:{uuid.uuid4()}"
    photo = samples.jpeg_with_gps()
    manifest, files = encrypt_submission(
        public_key_b64=public_key,
        form_id="visit",
        version="2026120101",
        instance_id=instance_id,
        xml=_instance(instance_id),
        media=[("p.png", photo)],
    )
    assert b"Qzlocatwyk" not in manifest and all(b"Qzlocatwyk" not in f for f in files.values())
    head = Client().head("/odk/submission", headers=headers)
    assert head.status_code == 204 and int(head["X-OpenRosa-Accept-Content-Length"]) > 0
    response = _post(headers, manifest, files)
    assert response.status_code == 201, response.content
    assert b"submit_success" in response.content
    submission = Submission.objects.get(instance_id=instance_id)
    assert submission.encrypted and submission.submitted_by_id == researcher.user_id
    answers = answers_for(personas.supervisor, submission)
    assert answers["/data/about/district"] == "Qzlocatwyk"
    assert answers["/data/about/people"] == 7
    assert answers["/data/about/needs"] == ["water", "school"]
    photo_row = SubmissionFile.objects.get(submission=submission)
    assert photo_row.content_type == "image/jpeg"
    assert b"safe house" not in bytes(photo_row.content_sealed)
    # The researcher reads no field class: the district is masked for her, the count is not.
    hers = answers_for(researcher, submission)
    assert "Qzlocatwyk" not in str(hers) and MASK in hers.values() and hers["/data/about/people"] == 7


def test_the_same_submission_sent_again_is_kept_once(phone):
    _researcher, headers = phone
    _xform, public_key = _download(headers)
    instance_id = f"uuid:{uuid.uuid4()}"
    sent = encrypt_submission(
        public_key_b64=public_key,
        form_id="visit",
        version="2026120101",
        instance_id=instance_id,
        xml=_instance(instance_id),
    )
    assert _post(headers, *sent).status_code == 201
    assert _post(headers, *sent).status_code == 202
    assert Submission.objects.filter(instance_id=instance_id).count() == 1


def test_a_submission_encrypted_for_another_key_is_refused(phone):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    _researcher, headers = phone
    _download(headers)
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    wrong_key = base64.b64encode(
        stranger.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    ).decode()
    instance_id = f"uuid:{uuid.uuid4()}"
    sent = encrypt_submission(
        public_key_b64=wrong_key,
        form_id="visit",
        version="2026120101",
        instance_id=instance_id,
        xml=_instance(instance_id),
    )
    response = _post(headers, *sent)
    assert response.status_code == 400
    assert b"could not be decrypted" in response.content
    assert not Submission.objects.exists()


@pytest.mark.parametrize("tamper", ["answers", "manifest_instance", "dropped_photo"])
def test_a_tampered_submission_is_refused(phone, tamper):
    _researcher, headers = phone
    _xform, public_key = _download(headers)
    instance_id = f"uuid:{uuid.uuid4()}"
    manifest, files = encrypt_submission(
        public_key_b64=public_key,
        form_id="visit",
        version="2026120101",
        instance_id=instance_id,
        xml=_instance(instance_id),
        media=[("p.png", samples.jpeg_with_gps())],
    )
    if tamper == "answers":
        body = bytearray(files["submission.xml.enc"])
        body[20] ^= 0x01  # one bit of one answer, changed on the way
        files["submission.xml.enc"] = bytes(body)
    elif tamper == "manifest_instance":
        manifest = manifest.replace(instance_id.encode(), f"uuid:{uuid.uuid4()}".encode())
    else:
        manifest = manifest.replace(b"<media><file>p.png.enc</file></media>", b"")
        del files["p.png.enc"]
    response = _post(headers, manifest, files)
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_a_submission_whose_instance_id_is_used_by_another_form_is_refused(personas, phone):
    _researcher, headers = phone
    services.questionnaire_import(actor=None, organisation=personas.org, data=OTHER, filename="o.xlsx")
    instance_id = f"uuid:{uuid.uuid4()}"
    assert _post(headers, _instance(instance_id), {}).status_code == 201  # a plain (unencrypted) one
    other = f'<data id="other"><note>x</note><meta><instanceID>{instance_id}</instanceID></meta></data>'
    response = _post(headers, other.encode(), {})
    assert response.status_code == 400
    assert b"another form" in response.content
    assert Submission.objects.count() == 1


def test_only_a_device_token_of_a_role_that_collects_opens_the_odk_doors(personas, phone):
    researcher, headers = phone
    assert Client().get("/odk/formList").status_code == 401
    assert "Basic" in Client().get("/odk/formList")["WWW-Authenticate"]
    signed_in = Client()
    sign_in(signed_in, researcher)  # a page's session is not a device credential
    assert signed_in.get("/odk/formList").status_code == 401
    token = headers["Authorization"].split()[1]
    _user, _c, secret = base64.b64decode(token).decode().partition(":")
    assert Client().get("/odk/formList", headers=_basic(personas.supervisor, secret)).status_code == 401
    worker = personas.caseworker
    caseworker = _basic(worker, api_token_issue(membership=worker))
    assert Client().get("/odk/formList", headers=caseworker).status_code == 403
    outsider = personas.outsider
    imported = services.questionnaire_import(
        actor=None, organisation=outsider.organisation, data=OTHER, filename="o.xlsx"
    )
    theirs = imported.version  # a form of another organisation is not there for her
    assert Client().get(f"/odk/forms/{theirs.pk}/form.xml", headers=headers).status_code == 404
    other = f'<data id="other"><note>x</note><meta><instanceID>uuid:{uuid.uuid4()}</instanceID></meta></data>'
    assert _post(headers, other.encode(), {}).status_code == 404
    assert not Submission.objects.exists()
