"""The concurrency stage of `make bench`: gunicorn with production settings, `wrk` as 50 signed-in clients.

Each target runs for --load-seconds (60 by default; 0 skips the stage) after a short warm-up, beside a
signed-in bare view as its floor (bench/floor_urls.py, routed only by bench/settings_bench.py):
- the person page (GET /people/<id>/) and search by what is typed on the page (POST /people/find/) beside
  GET /bench/floor/: session sign-in with the second factor, nothing else;
- the API GET of a person and the API search beside GET /bench/floor-api/: the bearer-token check, nothing
  else.
Requests go only to 127.0.0.1. The signed-in caseworker's own people (her sample) are asked for in turn;
the search rotates through a code, a phone number and a name as a worker types them.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from search_bench import signed_in_client, typed_texts

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
# Requests per second at 50 clients, and at most this many times slower than the floor (issue 10).
LOAD_TARGETS = {
    "load_person_page": {"min_rps": 100, "max_ratio": 2},
    "load_api_person": {"min_rps": 200, "max_ratio": 2},
    "load_search_page": {"min_rps": 100},
    "load_search_api": {"min_rps": 100},
}

LUA = """
local requests = {}
for line in io.lines("%(requests)s") do
  local method, path, body = line:match("^(%%S+) (%%S+) ?(.*)$")
  table.insert(requests, {method, path, body})
end
wrk.headers["Cookie"] = "%(cookie)s"
%(headers)s
local i = 0
request = function()
  i = i + 1
  local r = requests[(i %% #requests) + 1]
  if r[3] ~= "" then
    return wrk.format(r[1], r[2], nil, r[3])
  end
  return wrk.format(r[1], r[2])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %%d, "duration_us": %%d, "status_errors": %%d, "socket_errors": %%d,' ..
    ' "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving the application with production settings on a loopback port."""

    def __init__(self, *, workers: int, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "settings_bench",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(BENCH_DIR)]),
            "SATHI_DEBUG": "0",
            "SATHI_ALLOWED_HOSTS": "127.0.0.1",
            "SATHI_SSL_REDIRECT": "0",  # plain HTTP on the loopback: no proxy terminates TLS here
            "SATHI_HSTS_SECONDS": "0",
            "SATHI_SECURE_COOKIES": "0",
            # Persistent connections with health checks, as a deployment runs (issue 10).
            "SATHI_DB_CONN_MAX_AGE": os.environ.get("SATHI_DB_CONN_MAX_AGE") or "600",
        }
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        self.log = log.open("w")
        # With debug off, pages name static files by their hashed names: collect them first, as deploys do.
        env["SATHI_STATIC_ROOT"] = str(log.parent / "bench-static")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            check=True,
        )
        self.process = subprocess.Popen(
            [
                gunicorn,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--backlog",
                "2048",
                "--timeout",
                "60",
                "--preload",  # the application loads once, before the first request is timed
                "sathi.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 180  # a loaded machine boots five workers slowly
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped (exit {self.process.returncode}); see {log}")
            try:
                urllib.request.urlopen(self.base + "/accounts/login/", timeout=30)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within 180 s; see {log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect to the sign-in page must show as a failure, not be followed


def check(base: str, method: str, path: str, body: str, headers: dict, expect: str) -> None:
    """One request before the load: it must answer 200 with what the page should show."""
    request = urllib.request.Request(base + path, data=body.encode() or None, method=method, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            text = response.read().decode()
    except urllib.error.HTTPError as exc:
        raise RuntimeError(f"{method} {path.split('/')[1]}... answered {exc.code} before the load") from exc
    if expect not in text:
        raise RuntimeError(f"{method} {path.split('/')[1]}... answered without the expected content")


def run_wrk(base: str, requests: list[tuple[str, str, str]], headers: dict, seconds: int, connections: int):
    with tempfile.TemporaryDirectory() as tmp:
        lines = Path(tmp, "requests.txt")
        lines.write_text("".join(f"{m} {p} {b}\n" for m, p, b in requests))
        extra = "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items() if k != "Cookie")
        script = Path(tmp, "load.lua")
        script.write_text(LUA % {"requests": lines, "cookie": headers.get("Cookie", ""), "headers": extra})
        command = ["wrk", "--threads", "2", "--connections", str(connections), "--duration", f"{seconds}s"]
        command += ["--timeout", "10s", "--script", str(script), base]
        output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120, check=True)
    line = next(x for x in output.stdout.splitlines() if x.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    seconds_run = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_run, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "errors": raw["status_errors"] + raw["socket_errors"],
        "seconds": round(seconds_run, 1),
    }


def bench_load(
    bench, sample: list[dict], *, seconds: int, connections: int, workers: int, only: set[str] | None = None
) -> list[dict]:
    """Each target beside its floor; `only` names some targets ("api_person"...), their floors still run."""
    from django.conf import settings

    from sathi.accounts.services import api_token_issue
    from sathi.lib import pseudocode

    if shutil.which("wrk") is None:
        print("  load stage skipped: `wrk` is not installed (Debian: apt-get install wrk)")
        return []
    member = bench.caseworker
    client = signed_in_client(member)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = secrets.token_hex(16)  # the cookie's secret; Django accepts it unmasked as the form's token too
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
    token = api_token_issue(membership=member, label="bench load")
    page_headers = {"Cookie": cookie}
    post_headers = {
        "Cookie": cookie,
        "X-CSRFToken": csrf,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    api_headers = {"Authorization": f"Bearer {token}"}
    api_post_headers = {**api_headers, "Content-Type": "application/json"}
    kinds = ("code", "phone", "name")
    people = [f"/people/{p['id']}/" for p in sample]
    api_people = [f"/api/v1/people/{p['id']}" for p in sample]
    from urllib.parse import urlencode

    searches = [
        typed_texts(p, i)[kinds[i % 3]] for i, p in enumerate(sample * 3)
    ]  # every person by each kind, in turn
    page_search = [("POST", "/people/find/", urlencode({"query": q})) for q in searches]
    api_search = [
        ("POST", "/api/v1/people/find", json.dumps({"query": q}, separators=(",", ":"))) for q in searches
    ]
    first = sample[0]
    targets = [
        # key, label, requests, headers, floor key, check: (method, path, body, expected text)
        (
            "load_floor",
            "signed-in bare view GET /bench/floor/",
            [("GET", "/bench/floor/", "")],
            page_headers,
            None,
            ("GET", "/bench/floor/", "", "ok"),
        ),
        (
            "load_person_page",
            "person page GET /people/<id>/",
            [("GET", p, "") for p in people],
            page_headers,
            "load_floor",
            ("GET", people[0], "", pseudocode.display(first["code"])),
        ),
        (
            "load_search_page",
            "search page POST /people/find/ (typed)",
            page_search,
            post_headers,
            "load_floor",
            (*page_search[0], pseudocode.display(first["code"])),
        ),
        (
            "load_api_floor",
            "token-checked bare view GET /bench/floor-api/",
            [("GET", "/bench/floor-api/", "")],
            api_headers,
            None,
            ("GET", "/bench/floor-api/", "", "ok"),
        ),
        (
            "load_api_person",
            "API GET /api/v1/people/<id>",
            [("GET", p, "") for p in api_people],
            api_headers,
            "load_api_floor",
            ("GET", api_people[0], "", first["code"]),
        ),
        (
            "load_search_api",
            "API POST /api/v1/people/find (typed)",
            api_search,
            api_post_headers,
            "load_api_floor",
            (*api_search[0], first["code"]),
        ),
    ]
    log = bench.var / "bench-gunicorn.log"
    print(
        f"Load: gunicorn ({workers} sync workers, production settings), wrk {connections} clients,"
        f" {seconds} s per target...",
        flush=True,
    )
    server = Server(workers=workers, log=log)
    results: dict[str, dict] = {}
    try:
        for key, label, requests, headers, floor_key, probe in targets:
            if only is not None and floor_key is not None and key.removeprefix("load_") not in only:
                continue
            check(server.base, probe[0], probe[1], probe[2], headers, probe[3])
            run_wrk(server.base, requests, headers, min(10, seconds), connections)  # warm-up
            result = {
                "key": key,
                "label": label,
                **run_wrk(server.base, requests, headers, seconds, connections),
            }
            if floor_key:
                floor = results[floor_key]
                result["floor"] = floor["label"]
                result["floor_rps"] = floor["rps"]
                result["ratio_rps"] = round(floor["rps"] / result["rps"], 2) if result["rps"] else None
            target = LOAD_TARGETS.get(key)
            if target:
                result["target"] = target
                met = result["rps"] >= target["min_rps"] and result["errors"] == 0
                if "max_ratio" in target:
                    met = (
                        met and result["ratio_rps"] is not None and result["ratio_rps"] <= target["max_ratio"]
                    )
                result["met"] = met
            results[key] = result
            print(
                f"  {label}: {result['rps']} req/s, p95 {result['p95_ms']} ms, {result['errors']} errors",
                flush=True,
            )
    finally:
        server.stop()
    return list(results.values())


def print_load(results: list[dict]) -> None:
    if not results:
        return
    head = f"{'load (50 clients)':46} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>6}"
    head += f" {'floor r/s':>9} {'x':>5}  target"
    print()
    print(head)
    print("-" * len(head))
    for r in results:
        target = r.get("target")
        words = "-"
        if target:
            words = f">={target['min_rps']}/s" + (
                f", <={target['max_ratio']}x" if "max_ratio" in target else ""
            )
            words += ": " + ("yes" if r["met"] else "NO")
        floor = f"{'-':>9} {'-':>5}"
        if "floor_rps" in r:
            ratio = f"{r['ratio_rps']:5.2f}" if r["ratio_rps"] is not None else f"{'-':>5}"
            floor = f"{r['floor_rps']:9.1f} {ratio}"
        print(
            f"{r['label'][:46]:46} {r['rps']:8.1f} {r['p50_ms']:7.1f} {r['p95_ms']:7.1f} {r['p99_ms']:7.1f}"
            f" {r['errors']:6d} {floor}  {words}"
        )
    print("(milliseconds; x = floor's req/s divided by the target's)")
