# One image for every facedrop process (migrate, bot, worker); the command picks.
FROM python:3.11-slim

# opencv (pulled in by insightface) needs libGL and glib at import time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgl1 libglib2.0-0 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 facedrop
# The mount point of compose's `models` volume, the user's: an empty named volume takes
# the owner of the image's folder (a folder the image lacks would be root's, and the
# model pack could not be downloaded into it).
RUN mkdir /models && chown facedrop:facedrop /models
WORKDIR /app

COPY pyproject.toml README.md ./
COPY cli ./cli
COPY bot ./bot
COPY workers ./workers
COPY domain ./domain
COPY migrations ./migrations
COPY sandbox ./sandbox
RUN pip install --no-cache-dir .

USER facedrop
# Model packs live on a volume: /models/<pack>/*.onnx (buffalo_l is downloaded
# there on first start when the machine is online).
ENV FACEDROP_FACES__ROOT=/models \
    FACEDROP_DATA_DIR=/home/facedrop/var \
    PYTHONUNBUFFERED=1
ENTRYPOINT ["facedrop"]
CMD ["doctor"]
