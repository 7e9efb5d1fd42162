# policyapi: read-only API. Migrates, seeds, then `policyapi serve`: nginx on $PORT in front of
# gunicorn on a Unix socket (README "Serving"), both stopped together.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000

# nginx buffers slow clients away from gunicorn; tini reaps orphans as PID 1 and passes signals.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx=1.22.* tini=0.19.* \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
RUN useradd --create-home --uid 10001 policyapi

# The runtime dependencies alone, pinned with hashes (make lock), then the project itself.
COPY requirements-serve.lock ./
# PyTorch's CPU build (torch 2.13.0+cpu, for the suggester) comes from PyTorch's own CPU index.
RUN pip install --no-cache-dir --require-hashes \
        --extra-index-url https://download.pytorch.org/whl/cpu -r requirements-serve.lock
COPY pyproject.toml README.md alembic.ini ./
COPY policyapi ./policyapi
COPY migrations ./migrations
COPY seeds ./seeds
RUN pip install --no-cache-dir --no-deps . && chown -R policyapi:policyapi /app

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8000')}/readyz\", timeout=4)"]

# DATABASE_URL selects the database (default: SQLite in the instance folder, seeded on start).
ENTRYPOINT ["tini", "--"]
CMD ["sh", "-c", "policyapi db upgrade && policyapi seed load && exec policyapi serve --host 0.0.0.0 --port \"${PORT}\" --workers \"${WEB_CONCURRENCY:-2}\""]
