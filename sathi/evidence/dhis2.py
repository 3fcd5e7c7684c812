"""DHIS2 `dataValueSets`: a released table as data values, and a dry-run push to a configured server.

Many health and social programmes in India report aggregate numbers to DHIS2. The organisation maps a
catalogue table's rows to organisation unit codes and its columns to a data element and a category option
combo (all by code: the push says idScheme=CODE). Hidden cells are not sent at all, and totals are never
sent (DHIS2 adds up what it holds). A table with a shown count under the threshold is refused
(exports.check_protected). Only one month at a time, with places down the side: DHIS2 periods are months
here ("202606").

The push is a dry run (`dryRun=true`): DHIS2 answers what it would import, and nothing is stored there. It
is made only when `SATHI_DHIS2_URL` is set, outside any transaction, with `SATHI_DHIS2_TOKEN` as a personal
access token.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sathi.evidence import catalogue
from sathi.evidence.catalogue import MONTH, PLACE
from sathi.evidence.exports import check_protected
from sathi.evidence.ledger import Released
from sathi.evidence.models import Dhis2Mapping

TIMEOUT_SECONDS = 15


def column_code(key: tuple[str, ...]) -> str:
    return "|".join(key)


def check_frame(frame: catalogue.Frame) -> None:
    if frame.rows != PLACE or MONTH in frame.columns or frame.start != frame.end:
        raise ValidationError({"table": _("DHIS2 takes one month at a time, with places down the side.")})


def payload(released: Released, mapping: Dhis2Mapping | None) -> dict:
    """The data values, or a ValidationError naming what the mapping lacks (nothing is sent then)."""
    check_frame(released.frame)
    check_protected(released)
    if mapping is None:
        raise ValidationError({"mapping": _("This table has no DHIS2 mapping yet.")})
    day = catalogue.month_of(released.frame.start)
    period = f"{day.year}{day.month:02d}"
    values = []
    missing: set[str] = set()
    for i, row_key in enumerate(released.row_keys):
        for j, col_key in enumerate(released.col_keys):
            value = released.table.cells[i][j]
            if value is None:
                continue
            unit = mapping.org_units.get(row_key)
            cell = mapping.cells.get(column_code(col_key)) or {}
            if not unit:
                missing.add(row_key)
            if not cell.get("dataElement") or not cell.get("categoryOptionCombo"):
                missing.add(column_code(col_key))
            if unit and cell.get("dataElement") and cell.get("categoryOptionCombo"):
                values.append(
                    {
                        "dataElement": cell["dataElement"],
                        "categoryOptionCombo": cell["categoryOptionCombo"],
                        "orgUnit": unit,
                        "period": period,
                        "value": str(value),
                    }
                )
    if missing:
        raise ValidationError(
            {
                "mapping": _("The DHIS2 mapping has no code for: %(keys)s.")
                % {"keys": ", ".join(sorted(missing))}
            }
        )
    return {"dataValues": values}


@dataclass(frozen=True)
class DryRun:
    status: int
    summary: dict


class PushFailed(Exception):
    """The DHIS2 server could not be reached or refused the dry run."""


def configured() -> bool:
    return bool(getattr(settings, "SATHI_DHIS2_URL", ""))


def dry_run(data: dict) -> DryRun:
    """POST the data values with dryRun=true to the configured server and return its import summary."""
    base = settings.SATHI_DHIS2_URL.rstrip("/")
    request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting, http or https)
        f"{base}/api/dataValueSets?dryRun=true&idScheme=CODE&importStrategy=CREATE_AND_UPDATE",
        data=json.dumps(data).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"ApiToken {settings.SATHI_DHIS2_TOKEN}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            body = answer.read()
            status = answer.status
    except urllib.error.HTTPError as exc:
        raise PushFailed(f"DHIS2 answered {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise PushFailed("DHIS2 could not be reached") from exc
    try:
        summary = json.loads(body or b"{}")
    except ValueError:
        summary = {}
    return DryRun(status=status, summary=summary if isinstance(summary, dict) else {})
