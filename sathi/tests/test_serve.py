"""Sathi served as production serves it: gunicorn with gunicorn.conf.py, debug off, collectstatic and
whitenoise, fresh secret and keys, its own database (PostgreSQL when the suite runs on it). The pages, the
stylesheet with its hashed name, /healthz and the logs are read from the real server."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import pytest
from django.test import override_settings

from sathi.tests.serving import GUNICORN, ROOT, free_port, manage, production_env

# A name and a phone number that must never reach a log line.
NAME = "Zarinabanu Qoltestwala"
PHONE = "+91 98300 41772"

SETUP = """
from sathi.accounts.models import OrganisationKind, Role
from sathi.accounts.services import organisation_create, user_create
org = organisation_create(actor=None, name="Served collective", kind=OrganisationKind.SEX_WORKER_COLLECTIVE)
user_create(actor=None, organisation=org, username="caseworker-served", display_name="Caseworker",
            password="served horse battery staple 42", role=Role.CASEWORKER)
"""


def _served_database(folder) -> tuple[str, str | None]:
    """The server's own database: beside the suite's PostgreSQL when it runs there, else a SQLite file."""
    suite_url = os.environ.get("SATHI_DATABASE_URL", "")
    if not suite_url.startswith("postgres"):
        return f"sqlite:///{folder / 'sathi.sqlite3'}", None
    parts = urlsplit(suite_url)
    name = parts.path.lstrip("/") + "_served"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name)), name


def _drop(name: str) -> None:
    parts = urlsplit(os.environ["SATHI_DATABASE_URL"])
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def get(url: str, headers: dict | None = None, data: bytes | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {}, data=data)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    database_url, pg_name = _served_database(folder)
    port = free_port()
    env = production_env(folder, SATHI_DATABASE_URL=database_url, SATHI_BIND=f"127.0.0.1:{port}")
    for args in (
        ("migrate", "--noinput", "-v0"),
        ("collectstatic", "--noinput", "-v0"),
        ("shell", "-c", SETUP),
    ):
        result = manage(env, *args, timeout=600)
        assert result.returncode == 0, result.stderr
    token = manage(env, "issue_token", "--user", "caseworker-served").stdout.strip()
    log = folder / "server.log"
    with log.open("w") as log_handle:
        server = subprocess.Popen(  # noqa: S603
            [str(GUNICORN), "-c", "gunicorn.conf.py", "sathi.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer /healthz within 2 minutes"
            time.sleep(0.5)
        yield {"base": base, "token": token, "log": log}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        if pg_name:
            _drop(pg_name)


def test_with_debug_off_a_page_and_its_hashed_compressed_stylesheet_are_served(served):
    status, headers, body = get(served["base"] + "/accounts/login/")
    assert status == 200
    href = re.search(rb'<link rel="stylesheet" href="([^"]+)"', body).group(1).decode()
    assert re.fullmatch(r"/static/site/site\.[0-9a-f]{12}\.css", href), href
    status, headers, css = get(served["base"] + href, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]  # a hashed name never changes content
    # The unhashed name the issue found missing answers too.
    assert get(served["base"] + "/static/site/site.css")[0] == 200


def test_healthz_answers_ok_to_a_load_balancer_over_plain_http(served):
    status, headers, body = get(served["base"] + "/healthz")
    assert (status, body) == (200, b"ok")
    assert "no-store" in headers["Cache-Control"]


def test_no_personal_data_reaches_the_logs_for_a_request_that_carries_a_name(served):
    auth = {"Authorization": f"Bearer {served['token']}", "Content-Type": "application/json"}
    person = json.dumps({"names": [NAME], "phone": PHONE, "stated_age": 24}).encode()
    status, _, body = get(served["base"] + "/api/v1/people", auth, person)
    assert status == 201, body
    status, _, body = get(served["base"] + "/api/v1/people/find", auth, json.dumps({"query": NAME}).encode())
    assert status == 200 and len(json.loads(body)) == 1
    # In a query string and in a path that matches no route, too.
    assert get(served["base"] + "/accounts/login/?next=/people/%3Fq%3D" + quote(NAME))[0] == 200
    assert get(served["base"] + "/" + quote(NAME) + "/")[0] == 404

    time.sleep(0.5)  # the worker writes its line after answering
    lines = served["log"].read_text().splitlines()
    records = [json.loads(line) for line in lines]  # every line is JSON
    routes = {(r.get("method"), r.get("route"), r.get("status")) for r in records}
    assert ("POST", "api/v1/people", 201) in routes and ("POST", "api/v1/people/find", 200) in routes
    assert ("GET", None, 404) in routes
    text = "\n".join(lines).casefold()
    for secret in (NAME, *NAME.split(), PHONE, PHONE.replace(" ", ""), "98300"):
        for form in (secret, quote(secret)):
            # Whole tokens only: "98300" inside a timestamp's microseconds (16:27:35.983004) is not the phone.
            assert not re.search(rf"(?<![0-9a-z]){re.escape(form.casefold())}(?![0-9a-z])", text)


@pytest.mark.django_db
def test_healthz_answers_503_with_no_detail_when_the_queue_is_down(client):
    down = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=down, RQ_QUEUES={"default": {"URL": "redis://127.0.0.1:1/0"}}):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_keys_cannot_be_loaded(client, tmp_path, monkeypatch):
    from sathi.accounts import keys

    with override_settings(SATHI_KEYS_FILE=tmp_path / "gone.json"):
        keys.reset_caches()
        try:
            response = client.get("/healthz")
        finally:
            keys.reset_caches()
    assert (response.status_code, response.content) == (503, b"unavailable")


@pytest.mark.django_db
def test_healthz_is_exempt_from_the_https_redirect_and_refuses_writes(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/healthz").status_code == 200
        assert client.get("/accounts/login/").status_code == 301
    assert client.post("/healthz").status_code == 405
