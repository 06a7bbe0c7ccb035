# riskbot: run with a token and a volume, e.g.
#   docker build -t riskbot . && docker run --env-file .env -v riskbot-data:/data riskbot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RISKBOT_DB=/data/riskbot.db

WORKDIR /app

# Dependencies in a layer of their own: only pyproject.toml decides whether it is rebuilt.
COPY pyproject.toml README.md ./
RUN mkdir -p bot commands core/data \
    && touch bot/__init__.py commands/__init__.py core/__init__.py \
    && pip install . \
    && pip uninstall -y riskbot

COPY core ./core
COPY commands ./commands
COPY bot ./bot
RUN pip install --no-deps . \
    && useradd --system --uid 10001 --home-dir /app riskbot \
    && mkdir -p /data && chown riskbot /data

USER 10001
VOLUME /data
STOPSIGNAL SIGINT
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["riskbot", "health"]
CMD ["riskbot", "run"]
