# policyapi: read-only API. Runs migrations, then gunicorn on $PORT.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000

WORKDIR /app
RUN useradd --create-home --uid 10001 policyapi

COPY pyproject.toml README.md alembic.ini ./
COPY policyapi ./policyapi
COPY migrations ./migrations
COPY seeds ./seeds
RUN pip install --no-cache-dir . && chown -R policyapi:policyapi /app

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8000')}/readyz\", timeout=4)"]

# DATABASE_URL selects the database (default: SQLite in the instance folder, seeded on start).
CMD ["sh", "-c", "policyapi db upgrade && policyapi seed load && exec gunicorn --config python:policyapi.gunicorn_conf --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-2} --threads 4 policyapi.wsgi:app"]
