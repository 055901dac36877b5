"""The storage of static files in production: whitenoise's compressed, hashed files."""

from __future__ import annotations

import functools

from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Each file's hashed URL is worked out once per process: the manifest is read at start and does
    not change while the process runs (a deployment starts new ones), and every page asks for the
    same six files (templates/base.html)."""

    @functools.cache  # noqa: B019  # one storage per process, kept for its life anyway
    def url(self, name: str | None, force: bool = False) -> str:
        return super().url(name, force)
