"""Writes of the evidence app: downloads and DHIS2 releases through the ledger, the DHIS2 mapping."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sathi.audit.services import log_member_action
from sathi.core.cleaning import clean_text
from sathi.evidence import catalogue, dhis2, exports, ledger
from sathi.evidence.catalogue import Frame
from sathi.evidence.models import Dhis2Mapping
from sathi.evidence.vocab import ReleaseDoor, ReleaseFormat
from sathi.lib.errors import Forbidden
from sathi.people import policy
from sathi.people.policy import Verb

CONTENT_TYPES = {
    ReleaseFormat.CSV: "text/csv; charset=utf-8",
    ReleaseFormat.HXL: "text/csv; charset=utf-8",
    ReleaseFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReleaseFormat.DHIS2: "application/json",
}
EXTENSIONS = {
    ReleaseFormat.CSV: "csv",
    ReleaseFormat.HXL: "csv",
    ReleaseFormat.XLSX: "xlsx",
    ReleaseFormat.DHIS2: "json",
}
CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,50}$")


class EverythingHidden(ValidationError):
    """The breakdown is so fine that no cell can be shown."""


def too_fine() -> EverythingHidden:
    return EverythingHidden(
        {
            "columns": _(
                "Every number of this breakdown would be hidden. Choose a coarser one: fewer columns, "
                "a longer period or districts instead of blocks."
            )
        }
    )


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    filename: str
    released: ledger.Released


def download(*, actor, frame: Frame, fmt: str, purpose: str) -> Download:
    """A file of one catalogue table, released through the ledger. Bad input, a table where everything is
    hidden or a DHIS2 mapping that lacks a code: a ValidationError, nothing recorded."""
    if fmt not in CONTENT_TYPES:
        raise ValidationError({"format": _("Choose CSV, XLSX, HXL or DHIS2.")})
    ledger.check_access(actor, frame, ReleaseDoor.DOWNLOAD)
    mapping = _mapping(actor, frame.table) if fmt == ReleaseFormat.DHIS2 else None
    made: dict = {}

    def render(released: ledger.Released) -> None:
        if released.everything_hidden:
            raise too_fine()
        if fmt == ReleaseFormat.CSV:
            made["content"] = exports.to_csv(exports.rows(released))
        elif fmt == ReleaseFormat.XLSX:
            made["content"] = exports.to_xlsx(exports.rows(released))
        elif fmt == ReleaseFormat.HXL:
            made["content"] = exports.to_csv(exports.hxl_rows(released))
        else:
            import json

            made["content"] = json.dumps(dhis2.payload(released, mapping), indent=1).encode()

    released = ledger.release(
        actor=actor, frame=frame, door=ReleaseDoor.DOWNLOAD, fmt=fmt, purpose=purpose, validate=render
    )
    return Download(
        made["content"], CONTENT_TYPES[fmt], exports.filename(released, EXTENSIONS[fmt]), released
    )


def _mapping(actor, table: str) -> Dhis2Mapping | None:
    return Dhis2Mapping.objects.filter(organisation_id=actor.organisation_id, table=table).first()


@dataclass(frozen=True)
class Pushed:
    released: ledger.Released
    answer: dhis2.DryRun
    values: int


def dhis2_dry_run(*, actor, frame: Frame, purpose: str) -> Pushed:
    """Release a table to the configured DHIS2 as a dry run. The release is recorded before the push (the
    numbers leave with it), and the push is made after the ledger's transaction has committed."""
    ledger.check_access(actor, frame, ReleaseDoor.DHIS2)
    if not dhis2.configured():
        raise ValidationError({"table": _("No DHIS2 server is configured.")})
    mapping = _mapping(actor, frame.table)
    made: dict = {}

    def check(released: ledger.Released) -> None:
        if released.everything_hidden:
            raise too_fine()
        made["payload"] = dhis2.payload(released, mapping)

    released = ledger.release(
        actor=actor,
        frame=frame,
        door=ReleaseDoor.DHIS2,
        fmt=ReleaseFormat.DHIS2,
        purpose=purpose,
        validate=check,
    )
    answer = dhis2.dry_run(made["payload"])
    log_member_action(actor, "evidence.dhis2_pushed", released.release, fields=["table", "status"])
    return Pushed(released, answer, len(made["payload"]["dataValues"]))


def dhis2_mapping_save(*, actor, table: str, org_units: dict, cells: dict) -> Dhis2Mapping:
    """Save where a table's rows and columns go in DHIS2: codes only, checked one by one."""
    if not policy.decide(actor, Verb.CONFIGURE_REPORTING):
        raise Forbidden
    if table not in catalogue.CATALOGUE:
        raise ValidationError({"table": _("Choose a table from the catalogue.")})
    clean_units: dict[str, str] = {}
    for key, code in (org_units or {}).items():
        clean_units[clean_text(str(key), field="org_units", max_length=200)] = _code(code, "org_units")
    clean_cells: dict[str, dict[str, str]] = {}
    for key, target in (cells or {}).items():
        if not isinstance(target, dict):
            raise ValidationError({"cells": _("Give a data element and a category option combo code.")})
        clean_cells[clean_text(str(key), field="cells", max_length=400)] = {
            "dataElement": _code(target.get("dataElement"), "cells"),
            "categoryOptionCombo": _code(target.get("categoryOptionCombo"), "cells"),
        }
    with transaction.atomic():
        mapping, _created = Dhis2Mapping.objects.update_or_create(
            organisation_id=actor.organisation_id,
            table=table,
            defaults={"org_units": clean_units, "cells": clean_cells, "updated_by_id": actor.user_id},
        )
        log_member_action(actor, "evidence.dhis2_mapping_saved", mapping, fields=["org_units", "cells"])
    return mapping


def _code(value, field: str) -> str:
    if not isinstance(value, str) or not CODE.match(value):
        raise ValidationError(
            {field: _("A DHIS2 code is 1 to 50 letters, digits, dots, dashes or underscores.")}
        )
    return value
