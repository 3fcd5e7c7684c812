"""Each questionnaire's RSA key pair, for ODK's encrypted forms.

The private key is wrapped by the organisation's data key, which the master key in the keys file wraps: a
database dump opens nothing, and rotating or retiring master keys (which re-wraps organisation keys) covers
form keys without a step of its own. The public key goes into every XForm Sathi serves.
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import IntegrityError, transaction

from sathi.accounts import keys
from sathi.lib import crypto
from sathi.questionnaires.models import FormKey

RSA_BITS = 2048  # what ODK's documentation tells form authors to generate; Collect accepts it everywhere


def _aad(questionnaire_id: int) -> str:
    return f"questionnaires.formkey:{questionnaire_id}"


def form_key_for(questionnaire) -> FormKey:
    """The questionnaire's key pair, made on first use (an import, or the first download of an older form)."""
    existing = FormKey.objects.filter(questionnaire=questionnaire).first()
    if existing is not None:
        return existing
    private = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    der = private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    org_id = questionnaire.organisation_id
    version = keys.active_version(org_id)
    wrapped = crypto.seal(keys.data_key(org_id, version), f"o{version}", der, _aad(questionnaire.pk))
    try:
        with transaction.atomic():
            return FormKey.objects.create(
                questionnaire=questionnaire,
                public_key=base64.b64encode(public).decode("ascii"),
                private_wrapped=wrapped,
            )
    except IntegrityError:  # two first downloads at once: the other one's key stands
        return FormKey.objects.get(questionnaire=questionnaire)


def private_key(form_key: FormKey) -> rsa.RSAPrivateKey:
    org_id = form_key.questionnaire.organisation_id
    blob = bytes(form_key.private_wrapped)
    version = int(crypto.key_id_of(blob)[1:])
    der = crypto.unseal(keys.data_key(org_id, version), blob, _aad(form_key.questionnaire_id))
    return serialization.load_der_private_key(der, password=None)
