# Production image: gunicorn serves the portal, the same image runs the Celery worker and beat.
FROM node:20-bookworm-slim AS static
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=static /build/node_modules/bootstrap/dist/css/bootstrap.min.css /build/node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/bootstrap/
COPY --from=static /build/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js /build/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/
COPY --from=static /build/node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
RUN pybabel compile --use-fuzzy -d locale -D django \
    && DJANGO_SECRET_KEY=collectstatic-only DATABASE_URL=postgres://build/none python manage.py collectstatic --noinput -v 0
# The app's own bytecode, compiled once here (PYTHONDONTWRITEBYTECODE keeps the image read-only):
# otherwise gunicorn's master compiles it at every start.
RUN python -m compileall -q -j 0 accounts api assessments campaigns core dbi_portal demo enterprises reference reporting tenants
RUN useradd --system --uid 1000 portal && mkdir -p /app/media && chown portal /app/media
USER portal
ENV MEDIA_ROOT=/app/media
EXPOSE 8000
# For the web process (the default command): /healthz answers 200 when the database, the cache and
# the broker do. docker-compose.yml gives the worker and beat checks of their own and turns it off
# for the one-shot migrations.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0]}), timeout=4)"]
CMD ["gunicorn", "dbi_portal.wsgi:application"]
