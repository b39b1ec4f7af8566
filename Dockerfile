# certdir application image: gunicorn serving Django, static files through whitenoise.
#   docker build -t certdir .
#   docker run --env-file .env -p 8000:8000 certdir
# Migrations are a release step, run once per deploy before the new image takes traffic:
#   docker run --rm --env-file .env certdir python manage.py migrate --no-input
# and then the reference-data load; see docs/deploying.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The runtime lock only (requirements-dev.txt is for tests). Installed before the code is
# copied so that a code change reuses this layer. psycopg[binary] bundles libpq: no apt needed.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .

# Hashed, compressed static files for whitenoise's manifest storage. Settings need a secret
# and allowed hosts when DEBUG is off; these build-time values exist only in this RUN step
# and are not the runtime configuration (the container gets its own from the environment).
RUN DJANGO_DEBUG=false \
    DJANGO_SECRET_KEY=collectstatic-at-build-time-only-not-a-runtime-secret \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    DJANGO_STATIC_MANIFEST=true \
    python manage.py collectstatic --no-input

# Run as an unprivileged user that owns nothing in /app.
RUN useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin certdir
USER certdir

ENV DJANGO_DEBUG=false \
    DJANGO_STATIC_MANIFEST=true \
    GUNICORN_BIND=0.0.0.0:8000
EXPOSE 8000

# Liveness through the app itself (python's urllib: the slim image has no curl).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "ops.healthcheck"]

CMD ["gunicorn", "-c", "gunicorn.conf.py", "certdir.wsgi"]
