# Sleutelnet: the bot in a slim image that runs as an unprivileged user.
#   docker build -t sleutelnet .
#   docker run --env-file sleutelnet.env -v ./config.toml:/etc/sleutelnet/config.toml:ro sleutelnet
# The config file sets [http] listen = "0.0.0.0:9090" for the health check below; the token and
# the database URL come from the environment (SLEUTELNET_TELEGRAM_TOKEN, SLEUTELNET_DATABASE_URL).

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
RUN groupadd --system --gid 10001 sleutelnet \
    && useradd --system --uid 10001 --gid 10001 --create-home --home-dir /var/lib/sleutelnet sleutelnet
COPY --from=build /install /usr/local
USER 10001:10001
WORKDIR /var/lib/sleutelnet
ENV SLEUTELNET_CONFIG=/etc/sleutelnet/config.toml \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
EXPOSE 9090
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:9090/readyz', timeout=4).status != 200)"]
ENTRYPOINT ["sleutelnet"]
CMD ["run"]
