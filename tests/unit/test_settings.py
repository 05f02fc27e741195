from __future__ import annotations

from pathlib import Path

import pytest

from domain.errors import ConfigurationError
from domain.infra.telegram.client import make_bot
from domain.settings import load_settings, redact_url


@pytest.fixture(autouse=True)
def _in_empty_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_run_everything_embedded_under_var(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.data_dir == tmp_path / "var"
    assert settings.embedded == {"database": True, "redis": True, "qdrant": True, "blobs": True}
    assert settings.faces.pack == "buffalo_l"
    assert settings.faces.root == Path("~/.insightface/models").expanduser()
    assert settings.blob_dir == tmp_path / "var" / "blobs"


def test_fixed_variable_names_configure_each_component(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACEDROP_DATA_DIR", "/srv/facedrop")
    monkeypatch.setenv("FACEDROP_DATABASE_URL", "postgresql://fd:s3cr3t@db:5432/facedrop")
    monkeypatch.setenv("FACEDROP_REDIS_URL", "redis://redis:6379/0")
    monkeypatch.setenv("FACEDROP_QDRANT_URL", "http://qdrant:6333")
    monkeypatch.setenv("FACEDROP_BOT_TOKEN", "123456:real-looking-token")
    monkeypatch.setenv("FACEDROP_FACES__PACK", "buffalo_sc")
    monkeypatch.setenv("FACEDROP_FACES__ROOT", "/opt/models")
    monkeypatch.setenv("FACEDROP_BLOBS__S3_BUCKET", "photos")
    settings = load_settings()
    assert settings.data_dir == Path("/srv/facedrop")
    assert settings.database_url == "postgresql://fd:s3cr3t@db:5432/facedrop"
    assert settings.redis_url == "redis://redis:6379/0"
    assert settings.qdrant_url == "http://qdrant:6333"
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == "123456:real-looking-token"
    assert settings.faces.pack_dir == Path("/opt/models/buffalo_sc")
    assert settings.embedded == {"database": False, "redis": False, "qdrant": False, "blobs": False}


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("FACEDROP_FACES__PACK=buffalo_sc\nFACEDROP_MATCHING__AUTO=0.5\n")
    settings = load_settings()
    assert settings.faces.pack == "buffalo_sc"
    assert settings.matching.auto == 0.5


def test_environment_wins_over_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("FACEDROP_FACES__PACK=buffalo_sc\n")
    monkeypatch.setenv("FACEDROP_FACES__PACK", "antelopev2")
    assert load_settings().faces.pack == "antelopev2"


def test_secrets_never_show_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACEDROP_BOT_TOKEN", "123456:very-secret-token")
    settings = load_settings()
    assert "very-secret-token" not in repr(settings)
    assert "very-secret-token" not in str(settings.model_dump())


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (
            "FACEDROP_FACES__DET_SIZE",
            "big",
            "FACEDROP_FACES__DET_SIZE: Input should be a valid integer",
        ),
        (
            "FACEDROP_FACES__DET_SIZE",
            "650",
            "FACEDROP_FACES__DET_SIZE: Input should be a multiple of 32",
        ),
        ("FACEDROP_DATABASE_URL", "mysql://x/y", "FACEDROP_DATABASE_URL: must be a postgres"),
        ("FACEDROP_REDIS_URL", "http://x", "FACEDROP_REDIS_URL: must be a redis://"),
        ("FACEDROP_QDRANT_URL", "qdrant:6333", "FACEDROP_QDRANT_URL: must be an http"),
        ("FACEDROP_MATCHING__AUTO", "1.5", "FACEDROP_MATCHING__AUTO: Input should be less than 1"),
        ("FACEDROP_LOG_LEVEL", "LOUD", "FACEDROP_LOG_LEVEL: Input should be"),
    ],
)
def test_invalid_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    assert expected in str(caught.value)
    assert repr(value) in str(caught.value)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FACEDROP_BOT_TOKEN", "changeme"),
        ("FACEDROP_QDRANT_API_KEY", "secret"),
        ("FACEDROP_DATABASE_URL", "postgres://facedrop:password@db/facedrop"),
    ],
)
def test_placeholder_secrets_are_refused(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError, match="placeholder"):
        load_settings()


def test_placeholder_s3_secret_refused_only_when_s3_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FACEDROP_BLOBS__S3_SECRET_ACCESS_KEY", "minioadmin")
    assert load_settings().embedded["blobs"] is True
    monkeypatch.setenv("FACEDROP_BLOBS__S3_BUCKET", "photos")
    with pytest.raises(ConfigurationError, match="FACEDROP_BLOBS__S3_SECRET_ACCESS_KEY"):
        load_settings()


def test_redact_url_hides_only_the_password() -> None:
    assert redact_url("postgres://fd:s3cr3t@db:5432/x") == "postgres://fd:****@db:5432/x"
    assert redact_url("redis://redis:6379/0") == "redis://redis:6379/0"
    assert redact_url(None) is None


def test_a_webhook_needs_a_secret_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACEDROP_TELEGRAM__WEBHOOK_URL", "https://bot.example.org/telegram/webhook")
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    assert "FACEDROP_TELEGRAM__WEBHOOK_SECRET must be set" in str(caught.value)
    monkeypatch.setenv("FACEDROP_TELEGRAM__WEBHOOK_SECRET", "not allowed: spaces")
    with pytest.raises(ConfigurationError, match="FACEDROP_TELEGRAM__WEBHOOK_SECRET must be 1-256"):
        load_settings()
    monkeypatch.setenv("FACEDROP_TELEGRAM__WEBHOOK_SECRET", "Xq3_k9-LmZ")
    assert load_settings().telegram.webhook_secret is not None
    monkeypatch.delenv("FACEDROP_TELEGRAM__WEBHOOK_URL")
    monkeypatch.delenv("FACEDROP_TELEGRAM__WEBHOOK_SECRET")
    assert load_settings().telegram.webhook_url is None  # polling needs none


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://bot.example.org/telegram/webhook", "An HTTPS URL must be provided for webhook"),
        (
            "https://bot.example.org:8080/telegram/webhook",
            "Webhook can be set up only on ports 80, 88, 443 or 8443",
        ),
        ("https://bot.example.org:99999/hook", "invalid webhook URL specified"),
        ("ftp://bot.example.org/hook", "invalid webhook URL specified"),
    ],
)
def test_a_webhook_url_telegram_refuses_is_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, url: str, reason: str
) -> None:
    # telegram-bot-api WebhookActor.cpp: "An HTTPS URL must be provided for webhook",
    # "Webhook can be set up only on ports 80, 88, 443 or 8443"; Client.cpp do_set_webhook:
    # "invalid webhook URL specified".
    monkeypatch.setenv("FACEDROP_TELEGRAM__WEBHOOK_SECRET", "Xq3_k9-LmZ")
    monkeypatch.setenv("FACEDROP_TELEGRAM__WEBHOOK_URL", url)
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    said = str(caught.value)
    assert f"FACEDROP_TELEGRAM__WEBHOOK_URL {url!r} would be refused by Telegram: {reason}" in said
    assert "FACEDROP_TELEGRAM__API_URL" in said  # what to do about it
    # Through a self-hosted Bot API server (perhaps --local), the URL is its business.
    monkeypatch.setenv("FACEDROP_TELEGRAM__API_URL", "http://bot-api:8081")
    assert load_settings().telegram.webhook_url == url


@pytest.mark.parametrize(
    "url",
    [
        "https://bot.example.org/telegram/webhook",
        "https://bot.example.org:8443/telegram/webhook",
        "https://bot.example.org:88/telegram/webhook",
        "bot.example.org/telegram/webhook",  # https, as Telegram reads it
    ],
)
def test_a_webhook_url_telegram_takes_is_taken(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("FACEDROP_TELEGRAM__WEBHOOK_SECRET", "Xq3_k9-LmZ")
    monkeypatch.setenv("FACEDROP_TELEGRAM__WEBHOOK_URL", url)
    assert load_settings().telegram.webhook_url == url


def test_a_local_bot_api_server_is_read_from_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    # tdlib's telegram-bot-api --local answers getFile with a path on its disk: aiogram's
    # TelegramAPIServer.from_base(url, is_local=True) reads the file there.
    monkeypatch.setenv("FACEDROP_BOT_TOKEN", "123456:Xq3k9LmZrealtoken")
    monkeypatch.setenv("FACEDROP_TELEGRAM__API_LOCAL", "true")
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    assert "FACEDROP_TELEGRAM__API_LOCAL needs FACEDROP_TELEGRAM__API_URL" in str(caught.value)
    monkeypatch.setenv("FACEDROP_TELEGRAM__API_URL", "http://telegram-bot-api:8081")
    assert make_bot(load_settings()).session.api.is_local
    monkeypatch.setenv("FACEDROP_TELEGRAM__API_LOCAL", "false")
    assert not make_bot(load_settings()).session.api.is_local
    # compose passes an unset variable as "": Telegram's own servers.
    monkeypatch.setenv("FACEDROP_TELEGRAM__API_URL", "")
    assert load_settings().telegram.api_url is None
    assert (
        make_bot(load_settings()).session.api.base == "https://api.telegram.org/bot{token}/{method}"
    )


def test_max_prototypes_is_ten_unless_set_within_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().matching.max_prototypes == 10
    monkeypatch.setenv("FACEDROP_MATCHING__MAX_PROTOTYPES", "4")
    assert load_settings().matching.max_prototypes == 4
    for refused in ("2", "51", "many"):
        monkeypatch.setenv("FACEDROP_MATCHING__MAX_PROTOTYPES", refused)
        with pytest.raises(ConfigurationError, match="FACEDROP_MATCHING__MAX_PROTOTYPES"):
            load_settings()
