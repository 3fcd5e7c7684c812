"""Downloads: CSV with a BOM, XLSX, HXL, DHIS2; formulas neutralised; nothing under the threshold leaves."""

from __future__ import annotations

import csv
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from openpyxl import load_workbook

from sathi.evidence import catalogue, services
from sathi.evidence.exports import neutralise
from sathi.evidence.models import Release
from sathi.evidence.tests.world import cases

FORMULA = '=HYPERLINK("http://example.invalid","x")'
SPEC = [
    ("Kolkata", "woman", 6, 12),
    ("Kolkata", "man", 6, 2),
    ("Howrah", "woman", 6, 7),
    ("Howrah", "man", 6, 6),
    (FORMULA, "woman", 6, 5),
]


@pytest.fixture
def world(personas):
    cases(personas.supervisor, SPEC)
    return personas


def _frame(**kw):
    return catalogue.frame(table="care-outcomes", start="2026-06", end="2026-06", **kw)


def _cells(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_csv_whose_cell_begins_with_hyperlink_opens_as_text(world):
    made = services.download(
        actor=world.analyst, frame=_frame(columns=["gender"]), fmt="csv", purpose="funder"
    )
    labels = [row[0] for row in _cells(made.content)]
    assert "'" + FORMULA in labels and FORMULA not in labels


def test_an_xlsx_whose_cell_begins_with_hyperlink_holds_text(world):
    made = services.download(
        actor=world.analyst, frame=_frame(columns=["gender"]), fmt="xlsx", purpose="funder"
    )
    sheet = load_workbook(io.BytesIO(made.content)).active
    labels = [sheet.cell(row=r, column=1) for r in range(1, sheet.max_row + 1)]
    formula_cells = [c for c in labels if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert formula_cells and all(c.data_type == "s" and c.value.startswith("'") for c in formula_cells)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert neutralise(start + "1+1") == "'" + start + "1+1"
    assert neutralise(12) == 12 and neutralise("Kolkata") == "Kolkata"


def test_an_hxl_export_has_the_hashtag_row_and_no_cell_under_the_threshold(world):
    made = services.download(
        actor=world.analyst, frame=_frame(columns=["gender"]), fmt="hxl", purpose="partner"
    )
    rows = _cells(made.content)
    tags = rows[1]
    assert tags[:3] == ["#date +start", "#date +end", "#adm2 +name"]
    assert "#beneficiary +f" in tags and "#beneficiary +m" in tags and tags[-1] == "#beneficiary +total"
    numbers = [int(v) for row in rows[2:] for v in row[3:] if v.isdigit()]
    assert numbers and all(v == 0 or v >= 5 for v in numbers)


def test_file_names_are_neutral(world):
    made = services.download(actor=world.analyst, frame=_frame(), fmt="csv", purpose="funder")
    assert made.filename == "care-outcomes-2026-06-2026-06.csv"


def _map(world, *, missing_unit: str = ""):
    units = {"Kolkata": "OU_KOL", "Howrah": "OU_HOW", FORMULA: "OU_X"}
    units.pop(missing_unit, None)
    return services.dhis2_mapping_save(
        actor=world.org_admin,
        table="care-outcomes",
        org_units=units,
        cells={
            "woman": {"dataElement": "DE_CASES", "categoryOptionCombo": "COC_F"},
            "man": {"dataElement": "DE_CASES", "categoryOptionCombo": "COC_M"},
            **{
                g: {"dataElement": "DE_CASES", "categoryOptionCombo": f"COC_{g.upper()}"}
                for g in ("trans_woman", "trans_man", "non_binary", "undisclosed")
            },
        },
    )


def test_a_dhis2_payload_holds_no_value_under_the_threshold(world):
    _map(world)
    made = services.download(
        actor=world.analyst, frame=_frame(columns=["gender"]), fmt="dhis2", purpose="government"
    )
    values = json.loads(made.content)["dataValues"]
    assert values and all(int(v["value"]) == 0 or int(v["value"]) >= 5 for v in values)
    assert {v["period"] for v in values} == {"202606"}
    assert {
        "orgUnit": "OU_X",
        "dataElement": "DE_CASES",
        "categoryOptionCombo": "COC_F",
        "period": "202606",
        "value": "5",
    } in values


def test_a_dhis2_mapping_to_a_missing_code_is_refused_and_nothing_is_recorded(world):
    _map(world, missing_unit="Howrah")
    with pytest.raises(ValidationError) as caught:
        services.download(
            actor=world.analyst, frame=_frame(columns=["gender"]), fmt="dhis2", purpose="government"
        )
    assert "Howrah" in caught.value.message_dict["mapping"][0]
    assert not Release.objects.exists()


class _Dhis2(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, self.headers["Authorization"], json.loads(body)))
        answer = json.dumps({"status": "SUCCESS", "importCount": {"imported": 0, "updated": 0}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def dhis2_server():
    server = HTTPServer(("127.0.0.1", 0), _Dhis2)
    _Dhis2.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_dry_run_push_reaches_the_configured_dhis2_server(world, dhis2_server):
    _map(world)
    with override_settings(SATHI_DHIS2_URL=dhis2_server, SATHI_DHIS2_TOKEN="d2pat_test"):
        pushed = services.dhis2_dry_run(
            actor=world.analyst, frame=_frame(columns=["gender"]), purpose="government"
        )
    assert pushed.answer.status == 200 and pushed.answer.summary["status"] == "SUCCESS"
    path, auth, body = _Dhis2.received[0]
    assert "dryRun=true" in path and "idScheme=CODE" in path and path.startswith("/api/dataValueSets")
    assert auth == "ApiToken d2pat_test" and len(body["dataValues"]) == pushed.values
    assert Release.objects.get().door == "dhis2"


def test_no_push_without_a_configured_server(world):
    _map(world)
    with override_settings(SATHI_DHIS2_URL=""), pytest.raises(ValidationError):
        services.dhis2_dry_run(actor=world.analyst, frame=_frame(columns=["gender"]), purpose="government")
    assert not Release.objects.exists()
