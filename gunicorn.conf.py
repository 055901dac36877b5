"""gunicorn's settings for the portal: the Dockerfile, docker-compose.yml and bench/stats_api.py
all serve with them (gunicorn reads this file from the working directory)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers. Most pages are served from the cache and keep a core busy; one worker per core and
# one more for the moments a worker waits on the database. WEB_CONCURRENCY overrides.
workers = int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1)
accesslog = "-"
