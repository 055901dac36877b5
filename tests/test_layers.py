"""The pure domain rules stand outside the ORM altogether (the apps' layers are checked by
lint-imports in `make lint`, against the contracts in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings


def test_scoring_tax_codes_and_sizes_load_without_the_orm() -> None:
    """The scoring engine, the tax-code rules and the size classes import nothing from Django's ORM:
    a fresh interpreter, with no settings, imports them and finds no django.db module loaded."""
    probe = (
        "import sys; import assessments.scoring, enterprises.taxcode, enterprises.sizing; "
        "print(sorted(m for m in sys.modules if m.startswith('django.db')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=settings.BASE_DIR, env={}, check=True
    )
    assert done.stdout.strip() == "[]"
