"""Exit 0 if a PostgreSQL server answers at the given URL (used by `make test`)."""

import sys

import psycopg

url = sys.argv[1].replace("postgres://", "postgresql://", 1)
base = url.rsplit("/", 1)[0] + "/postgres"
try:
    psycopg.connect(base, connect_timeout=2).close()
except psycopg.Error:
    sys.exit(1)
