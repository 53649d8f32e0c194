# syntax=docker/dockerfile:1
#
# Serviceloop learning service image: one image runs the API (uvicorn), the
# background worker and the migrate Job; Kubernetes picks the command
# (see k8s/base/). Build from the repository root:
#
#   docker build -t serviceloop/learning:0.1.0 .
#
# The default command starts the API on port 8001.

############################ build stage ############################
FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

RUN python -m venv /opt/venv

WORKDIR /src

# Dependencies first, read from pyproject.toml, so this layer is reused while
# only the source changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt

# Then the project itself (`pip install .`); its dependencies are already there.
COPY services/ services/
RUN pip install --no-deps .

############################ runtime stage ############################
FROM python:3.11-slim

# PYTHONPATH=/app puts the source tree copied below ahead of the copy pip put
# in site-packages, so the data files that live beside the code (lesson
# content under services/learning/lessons/content/) are always found.
# Nothing writes bytecode at run time: the root filesystem is read-only in
# Kubernetes, and the .pyc files are compiled into the image below.
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
COPY pyproject.toml piccolo_conf.py ./
COPY frontend/ frontend/
COPY services/ services/
# Owned by root and read-only for the service user.
RUN python -m compileall -q /app/services /app/piccolo_conf.py

# Numeric so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001

EXPOSE 8001

CMD ["uvicorn", "services.learning.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8001", "--no-proxy-headers", "--no-access-log"]
