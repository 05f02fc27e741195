"""The one settings object of every facedrop process.

Read from the environment (prefix ``FACEDROP_``, nested sections joined with
``__``) and from a ``.env`` file in the working directory. A component whose
URL is not set runs embedded under the data dir; see ``Settings.embedded``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.errors import ConfigurationError

ENV_PREFIX = "FACEDROP_"
NESTED_DELIMITER = "__"

# Values that people leave in example files. Refused wherever a real server is
# configured; only the embedded default may run without real secrets.
PLACEHOLDER_SECRETS = frozenset(
    {"", "changeme", "change-me", "change_me", "secret", "password", "minioadmin", "xxx", "todo"}
)
# The score a child's prototype loses per unit of growth beyond the first, between its photo
# and a new one (``domain/recognition/ages.py``): the default of ``matching.age_penalty``.
AGE_PENALTY = 0.15
# What Telegram accepts as a webhook's secret_token.
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
# The ports Telegram's own Bot API servers post a webhook to (telegram-bot-api's
# WebhookActor.cpp: "Webhook can be set up only on ports 80, 88, 443 or 8443").
WEBHOOK_PORTS = (80, 88, 443, 8443)


def telegram_refuses_webhook(url: str) -> str | None:
    """Why Telegram's own servers would refuse this webhook URL (Client.cpp's "invalid webhook
    URL specified", WebhookActor.cpp's "An HTTPS URL must be provided for webhook" and the
    port rule), or None. A URL without a scheme is https, as Telegram reads it."""
    try:
        parts = urlsplit(url if "://" in url else f"https://{url}")
        port = parts.port
    except ValueError:
        return "invalid webhook URL specified"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "invalid webhook URL specified"
    if parts.scheme.lower() == "http":
        return "An HTTPS URL must be provided for webhook"
    if (port or 443) not in WEBHOOK_PORTS:
        return "Webhook can be set up only on ports 80, 88, 443 or 8443"
    return None


class FacesSettings(BaseModel):
    """Where the face model pack lives and how inference runs."""

    model_config = ConfigDict(validate_default=True)

    pack: str = "buffalo_l"
    root: Path = Path("~/.insightface/models")
    det_size: int = Field(640, ge=160, le=1280, multiple_of=32)
    det_threshold: float = Field(0.5, gt=0, lt=1)
    max_pixels: int = Field(30_000_000, gt=0)
    max_bytes: int = Field(50 * 1024 * 1024, gt=0)
    max_faces: int = Field(200, gt=0)
    # A photo where no face is found is looked at again with surroundings (on a canvas
    # twice its size): a close-up whose face fills the frame is found then (issue 17).
    closeups: bool = True
    inference_threads: int = Field(1, ge=1, le=16)
    onnx_threads: int = Field(0, ge=0, le=64)
    # onnxruntime execution providers, in order of preference: e.g. ["CUDAExecutionProvider",
    # "CPUExecutionProvider"] on a GPU machine with `pip install facedrop[gpu]`.
    providers: list[str] = Field(default_factory=lambda: ["CPUExecutionProvider"], min_length=1)

    @field_validator("root")
    @classmethod
    def _expand_root(cls, value: Path) -> Path:
        return value.expanduser()

    @property
    def pack_dir(self) -> Path:
        return self.root / self.pack


class MatchingSettings(BaseModel):
    """Overrides of the active model pack's thresholds (unset means the pack's own), and
    how many prototypes a person is matched against."""

    auto: float | None = Field(None, gt=0, lt=1)
    suggest: float | None = Field(None, gt=0, lt=1)
    margin: float | None = Field(None, ge=0, lt=1)
    # Look for a person just enrolled (or known better after a "yes") in the photos already
    # posted: sure matches are offered to the guardians, never sent unasked.
    look_back: bool = True
    # At most this many prototypes a person (its enrollment photos always among them, even
    # past it), chosen for quality and diversity: ``domain/recognition/prototypes.py``.
    max_prototypes: int = Field(10, ge=3, le=50)
    # A child's prototype (with a birth date) loses this much score per unit of growth
    # between its photo and the new one, beyond the first (``domain/recognition/ages.py``);
    # 0: every prototype counts the same, whatever the child's age.
    age_penalty: float = Field(AGE_PENALTY, ge=0, le=0.5)


class TelegramSettings(BaseModel):
    """How the bot reaches Telegram: polling or a webhook, and how fast it may send."""

    api_url: str | None = None  # a self-hosted Bot API server, or the local emulator
    # The api_url server runs with --local (tdlib's telegram-bot-api): getFile has no 20 MB
    # limit and answers the file's absolute path on that server's disk, which the bot and
    # the workers read themselves (its directory mounted where it says).
    api_local: bool = False
    per_chat_per_s: float = Field(1.0, gt=0, le=30)
    # Paced: any 1.05 s holds at most this many; an album of 10 must fit in one second.
    global_per_s: int = Field(29, ge=10, le=30)
    max_retry_wait_s: float = Field(60.0, ge=0)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(8080, ge=1, le=65535)
    # Opening an /admin link adds the bot to the chat picked, and the client sends its
    # ``/start <token>`` there at once: a chat the bot just joined waits this long before
    # it is recorded and greeted as a photo group, so that a chat being linked as an admin
    # chat never shows a welcome nor gets a join link (domain/moderation/linking.py).
    joined_wait_s: float = Field(2.0, ge=0, le=30)
    membership_recheck_s: int = Field(6 * 3600, ge=0)

    @field_validator("api_url")
    @classmethod
    def _unset_when_empty(cls, value: str | None) -> str | None:
        return value or None  # compose passes an unset variable as ""

    @model_validator(mode="after")
    def _local_needs_its_server(self) -> TelegramSettings:
        if self.api_local and self.api_url is None:
            raise ValueError(
                f"{ENV_PREFIX}TELEGRAM__API_LOCAL needs {ENV_PREFIX}TELEGRAM__API_URL: the "
                "address of the Bot API server started with --local"
            )
        return self


class OpsSettings(BaseModel):
    """The operator's HTTP port of `facedrop run`, `bot` and `worker`: /healthz, /readyz
    and /metrics (not served by the sandbox). 0: any free port."""

    enabled: bool = True
    host: str = "127.0.0.1"  # 0.0.0.0 in a container, for the health checks and Prometheus
    # 9464: not Prometheus's own 9090, which often runs on the same host (the port
    # OpenTelemetry's Prometheus exporter uses).
    port: int = Field(9464, ge=0, le=65535)


class JobSettings(BaseModel):
    """The arq workers: time limits, concurrency, retries and the reconcile cron."""

    timeout_s: int = Field(120, ge=1)
    max_jobs: int = Field(10, ge=1)
    max_tries: int = Field(5, ge=1)
    reconcile_every_s: int = Field(60, ge=5)
    sending_stale_s: int = Field(600, ge=1)
    crops_keep_days: int = Field(30, ge=1, le=30)  # the consent text promises at most 30 days
    # An unanswered "Is this Alice?" expires (its message blanked) after this many days.
    questions_expire_days: int = Field(14, ge=1, le=30)
    # Questions gathered "once a day" (a guardian's /settings) go at this hour (UTC): the
    # evening in Europe, after a school day's photos, an hour after the photo digest.
    questions_hour_utc: int = Field(18, ge=0, le=23)
    # A guardian who gets questions as they come is sent at most this many in 24 hours;
    # past it a question waits on their sheet, shown once the count allows.
    questions_a_day: int = Field(10, ge=1, le=100)
    # An enrollment left unfinished (its conversation lost, or walked away from) is deleted,
    # with its faces and crops, once nothing was sent to it for this many hours.
    drafts_keep_h: int = Field(24, ge=1, le=24 * 30)


# The daily digest's hour (UTC), unless configured (``DeliverySettings.digest_hour_utc``).
DIGEST_HOUR_UTC = 17


class DeliverySettings(BaseModel):
    """How photos reach guardians: in a group sending each photo at once, a burst (photos
    recognized while a guardian's chat waits for its turn, about one message a second) goes
    as albums; groups in album or digest mode (an organizer's setting) gather theirs."""

    # Each photo at once: a guardian's photos that gathered while their chat was held go
    # together as one album (False: one message per photo, as they come).
    bursts_as_albums: bool = True
    # Each photo at once: a photo or video posted in an album (with others), once
    # recognized, waits at most this long for the album's others still being read, so that
    # a guardian's items of it go as one album (0: each goes as it is recognized).
    posted_album_wait_s: int = Field(60, ge=0, le=600)

    # Album: the photos recognized for one guardian within this many seconds of the first.
    album_window_s: int = Field(180, ge=1, le=3600)
    # Digest: once a day at this hour (UTC), the day's photos as albums.
    digest_hour_utc: int = Field(DIGEST_HOUR_UTC, ge=0, le=23)


class ClusterSettings(BaseModel):
    """Clusters of unknown faces (faces nobody holds in a group, grouped by likeness)."""

    min_size: int = Field(3, ge=2, le=50)  # faces in a cluster, at least
    # A full regrouping of a group this long after a photo arrived (one for a burst).
    regroup_after_s: int = Field(600, ge=1, le=86400)


# The longest clip read, unless configured (``VideoSettings.max_duration_s``).
LONGEST_CLIP_S = 30 * 60


class VideoSettings(BaseModel):
    """Reading clips: how densely frames are sampled and what is refused
    (docs/videos.md)."""

    # Frames examined per second of clip: measured on 2 cores so that a 60 s 720p clip is
    # read within a quarter of its length (docs/videos.md, "Reading and sampling rate").
    frames_per_s: float = Field(2.0, gt=0, le=30)
    # At most this many frames of one clip; a longer clip is sampled more sparsely, all of it.
    max_frames: int = Field(240, ge=10, le=5000)
    max_duration_s: float = Field(LONGEST_CLIP_S, gt=0)  # longer: refused
    # The second look (the frames halfway between the samples, around faces seen too briefly
    # to judge) reads at most this share of the first look's frames again; 0: none
    # (docs/videos.md, "A cap for the second look").
    second_look_share: float = Field(0.35, ge=0, le=1)
    # Larger frames are refused (8K is 33 Mpx): 4K UHD (8.3 Mpx) is the most a phone films.
    max_frame_pixels: int = Field(3840 * 2160, gt=0)


class BlobSettings(BaseModel):
    """Blob storage: S3 when a bucket is set, else a directory in the data dir."""

    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: SecretStr | None = None
    s3_secret_access_key: SecretStr | None = None
    local_dir: Path | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter=NESTED_DELIMITER,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
    )

    data_dir: Path = Path("var")
    database_url: str | None = None
    redis_url: str | None = None
    qdrant_url: str | None = None
    qdrant_api_key: SecretStr | None = None
    qdrant_collection: str = "faces"
    # The embedded face index when no Qdrant URL is set: Qdrant Edge (fast at 100k faces,
    # see docs/benchmarks.md) or Qdrant local mode (what facedrop used before; slow past
    # 10k faces). An existing local-mode store is moved into Edge on first open.
    qdrant_embedded: Literal["edge", "local"] = "edge"
    bot_token: SecretStr | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # text for people, json (one object a line, with the photo's id) for a log pipeline
    log_format: Literal["text", "json"] = "text"

    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    ops: OpsSettings = Field(default_factory=OpsSettings)
    jobs: JobSettings = Field(default_factory=JobSettings)
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)
    clusters: ClusterSettings = Field(default_factory=ClusterSettings)
    faces: FacesSettings = Field(default_factory=FacesSettings)
    matching: MatchingSettings = Field(default_factory=MatchingSettings)
    blobs: BlobSettings = Field(default_factory=BlobSettings)
    videos: VideoSettings = Field(default_factory=VideoSettings)

    @field_validator("data_dir")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        return value.expanduser().absolute()

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        if value and urlsplit(value).scheme not in ("postgres", "postgresql"):
            raise ValueError("must be a postgres:// or postgresql:// URL")
        return value or None

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value and urlsplit(value).scheme not in ("redis", "rediss", "unix"):
            raise ValueError("must be a redis://, rediss:// or unix:// URL")
        return value or None

    @field_validator("qdrant_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and urlsplit(value).scheme not in ("http", "https"):
            raise ValueError("must be an http:// or https:// URL")
        return value or None

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> Settings:
        checks: dict[str, str | None] = {
            "bot_token": _secret(self.bot_token),
            "qdrant_api_key": _secret(self.qdrant_api_key),
            "telegram__webhook_secret": _secret(self.telegram.webhook_secret),
            "database_url": urlsplit(self.database_url).password if self.database_url else None,
        }
        if self.blobs.s3_bucket:
            checks["blobs__s3_secret_access_key"] = _secret(self.blobs.s3_secret_access_key)
        for name, value in checks.items():
            if value is not None and value.strip().lower() in PLACEHOLDER_SECRETS:
                raise ValueError(
                    f"{ENV_PREFIX}{name.upper()} is a placeholder ({value!r}); set a real secret"
                )
        return self

    @model_validator(mode="after")
    def _webhook_needs_a_secret(self) -> Settings:
        """Without a secret token anyone who finds the URL could post forged updates."""
        telegram = self.telegram
        if telegram.webhook_url is None:
            return self
        secret = _secret(telegram.webhook_secret) or ""
        if not secret:
            raise ValueError(
                f"{ENV_PREFIX}TELEGRAM__WEBHOOK_SECRET must be set when "
                f"{ENV_PREFIX}TELEGRAM__WEBHOOK_URL is: without it anyone could post forged "
                "updates to the webhook (use 32+ random letters, digits, _ or -)"
            )
        if not WEBHOOK_SECRET_PATTERN.fullmatch(secret):
            raise ValueError(
                f"{ENV_PREFIX}TELEGRAM__WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, "
                "0-9, _ and - (Telegram refuses others)"
            )
        refused = telegram_refuses_webhook(telegram.webhook_url)
        # A self-hosted Bot API server (api_url) may run with --local, which takes any URL.
        if refused and telegram.api_url is None:
            raise ValueError(
                f"{ENV_PREFIX}TELEGRAM__WEBHOOK_URL {telegram.webhook_url!r} would be refused "
                f"by Telegram: {refused}. Telegram posts only to https:// on ports "
                f"{', '.join(map(str, WEBHOOK_PORTS[:-1]))} or {WEBHOOK_PORTS[-1]}; a "
                "self-hosted Bot API server started with --local takes any URL (set "
                f"{ENV_PREFIX}TELEGRAM__API_URL to it)"
            )
        return self

    @property
    def embedded(self) -> dict[str, bool]:
        """Which components run embedded under the data dir (nothing configured for them)."""
        return {
            "database": self.database_url is None,
            "redis": self.redis_url is None,
            "qdrant": self.qdrant_url is None,
            "blobs": self.blobs.s3_bucket is None,
        }

    @property
    def blob_dir(self) -> Path:
        return (self.blobs.local_dir or self.data_dir / "blobs").expanduser().absolute()

    def require_token(self) -> None:
        """The bot's token is set (the bot and the worker speak to Telegram with it)."""
        if self.bot_token is None:
            raise ConfigurationError(
                f"{ENV_PREFIX}BOT_TOKEN is not set (or run `facedrop sandbox`)"
            )


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def load_settings(**overrides: Any) -> Settings:
    """Build the settings, turning validation errors into one readable message.

    Each problem names the environment variable to fix, for example
    ``FACEDROP_FACES__DET_SIZE: Input should be a valid integer (got 'big')``.
    """
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigurationError(describe_validation_error(exc)) from None


def describe_validation_error(exc: ValidationError) -> str:
    lines = ["invalid configuration:"]
    for error in exc.errors():
        location = [str(part) for part in error["loc"] if not isinstance(part, int)]
        message = error["msg"].removeprefix("Value error, ")
        if location:
            variable = ENV_PREFIX + NESTED_DELIMITER.join(location).upper()
            got = error.get("input")
            shown = "" if isinstance(got, Mapping | BaseModel) else f" (got {got!r})"
            lines.append(f"  {variable}: {message}{shown}")
        else:
            lines.append(f"  {message}")
    return "\n".join(lines)


def redact_url(url: str | None) -> str | None:
    """The URL with its password replaced by ``****``, for logs and ``config show``."""
    if not url:
        return url
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return parts._replace(netloc=f"{user}:****@{host}").geturl()
