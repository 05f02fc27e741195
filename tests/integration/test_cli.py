"""The `facedrop` command, run as a user runs it: in its own process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.conftest import MODELS, REPO, T1, TEST_PACK, shared_photo


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACEDROP_")}
    env.update(
        {
            "FACEDROP_DATA_DIR": str(data_dir),
            "FACEDROP_FACES__ROOT": str(MODELS),
            "FACEDROP_FACES__PACK": TEST_PACK,
            **extra,
        }
    )
    return env


def facedrop(
    *args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=cwd or env["FACEDROP_DATA_DIR"],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _servers_of(data_dir: Path) -> list[psutil.Process]:
    """Postgres and Redis processes whose command line names this data dir."""
    found = []
    for process in psutil.process_iter(["name", "cmdline", "status"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        alive = process.info["status"] != psutil.STATUS_ZOMBIE
        if alive and str(data_dir) in cmdline and ("postgres" in cmdline or "redis" in cmdline):
            found.append(process)
    return found


def test_config_show_json_masks_secrets_and_shows_thresholds(tmp_path: Path) -> None:
    env = _env(
        tmp_path,
        FACEDROP_BOT_TOKEN="123456:AAE-very-secret",
        FACEDROP_DATABASE_URL="postgresql://fd:hunter2@db:5432/facedrop",
        FACEDROP_MATCHING__SUGGEST="0.36",
    )
    result = facedrop("config", "show", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert "very-secret" not in result.stdout
    assert "hunter2" not in result.stdout
    config = json.loads(result.stdout)
    assert config["bot_token"] == "**********"
    assert config["database_url"] == "postgresql://fd:****@db:5432/facedrop"
    assert config["data_dir"] == str(tmp_path)
    assert config["faces"]["pack"] == TEST_PACK
    assert config["components"]["database"] == "postgresql://fd:****@db:5432/facedrop"
    assert config["components"]["redis"].startswith("embedded")
    assert config["matching"]["pack"] == TEST_PACK
    assert config["matching"]["suggest"] == 0.36
    assert config["matching"]["auto"] > 0.36


def test_config_show_as_lines(tmp_path: Path) -> None:
    result = facedrop("config", "show", env=_env(tmp_path))
    assert result.returncode == 0
    assert f"faces.pack = {TEST_PACK}" in result.stdout.splitlines()


def test_invalid_setting_exits_2_naming_the_variable(tmp_path: Path) -> None:
    result = facedrop("config", "show", env=_env(tmp_path, FACEDROP_FACES__DET_SIZE="huge"))
    assert result.returncode == 2
    assert "FACEDROP_FACES__DET_SIZE" in result.stderr
    assert "Traceback" not in result.stderr


def test_faces_detect_finds_six_faces_in_t1(tmp_path: Path) -> None:
    t1 = shared_photo(T1)
    result = facedrop("faces", "detect", str(t1), env=_env(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    assert report["path"] == str(t1)
    assert len(report["faces"]) == 6
    for face in report["faces"]:
        assert set(face) == {"bbox", "det_score", "quality"}
        assert len(face["bbox"]) == 4


def test_faces_detect_with_embeddings_and_bad_files(tmp_path: Path) -> None:
    not_image = tmp_path / "notes.txt"
    not_image.write_text("not a photo")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    t1 = shared_photo(T1)
    result = facedrop(
        "faces",
        "detect",
        "--embeddings",
        str(not_image),
        str(t1),
        str(empty),
        str(tmp_path / "missing.jpg"),
        env=_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    reports = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert [r["path"] for r in reports] == [
        str(not_image),
        str(t1),
        str(empty),
        str(tmp_path / "missing.jpg"),
    ]
    assert reports[0] == {"path": str(not_image), "error": "the file is not an image"}
    assert len(reports[1]["faces"]) == 6
    embedding = reports[1]["faces"][0]["embedding"]
    assert len(embedding) == 512
    assert sum(v * v for v in embedding) == pytest.approx(1.0, abs=1e-3)
    assert reports[2]["error"] == "the file is empty"
    assert "cannot read" in reports[3]["error"]


def test_faces_detect_without_images_is_a_usage_error(tmp_path: Path) -> None:
    result = facedrop("faces", "detect", env=_env(tmp_path))
    assert result.returncode == 2
    assert "usage" in result.stderr


def test_faces_detect_with_a_missing_model_pack_fails_clearly(tmp_path: Path) -> None:
    # A pack insightface does not publish, so nothing tries to download it.
    env = _env(tmp_path, FACEDROP_FACES__PACK="licensed_pack")
    result = facedrop("faces", "detect", str(shared_photo(T1)), env=env)
    assert result.returncode == 1
    assert f"model pack 'licensed_pack' not found at {MODELS / 'licensed_pack'}" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_command_is_a_usage_error(tmp_path: Path) -> None:
    result = facedrop("frobnicate", env=_env(tmp_path))
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_doctor_on_a_fresh_data_dir_reports_every_component_healthy(tmp_path: Path) -> None:
    env = _env(tmp_path)
    del env["FACEDROP_DATA_DIR"]  # the default: var/ in the working directory
    result = facedrop("doctor", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert [line.split()[1] for line in lines] == ["database", "redis", "qdrant", "blobs", "models"]
    assert all(line.startswith("ok ") for line in lines), lines
    assert "schema up to date" in lines[0]
    assert (tmp_path / "var" / "postgres" / "PG_VERSION").is_file()
    # The embedded index is the worker's to create (with its lock held): a check only looks.
    qdrant = lines[2]
    assert "not created yet (the worker creates it)" in qdrant, qdrant
    assert not (tmp_path / "var" / "qdrant-edge").exists()
    assert not (tmp_path / "var" / "qdrant").exists()
    assert _servers_of(tmp_path) == []  # the embedded servers stopped with the doctor


def test_a_webhook_telegram_would_refuse_stops_the_doctor_and_the_bot(tmp_path: Path) -> None:
    # telegram-bot-api WebhookActor.cpp: "Webhook can be set up only on ports 80, 88, 443 or
    # 8443". Said at once, naming the setting, rather than when Telegram refuses it.
    env = _env(
        tmp_path,
        FACEDROP_TELEGRAM__WEBHOOK_URL="https://bot.example.org:8080/telegram/webhook",
        FACEDROP_TELEGRAM__WEBHOOK_SECRET="Xq3_k9-LmZ",
    )
    for command in ("doctor", "bot"):
        result = facedrop(command, env=env)
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stdout == ""
        assert (
            "FACEDROP_TELEGRAM__WEBHOOK_URL 'https://bot.example.org:8080/telegram/webhook' "
            "would be refused by Telegram: Webhook can be set up only on ports 80, 88, 443 or "
            "8443" in result.stderr
        ), result.stderr


def test_doctor_moves_no_faces_out_of_an_old_local_mode_store(
    tmp_path: Path, fresh_database: str
) -> None:
    # An install from before Qdrant Edge: its faces are in local mode until the worker's
    # first start moves them (and deletes the old store). The doctor leaves both alone.
    import asyncio

    from domain.infra.qdrant_index import QdrantFaceIndex

    async def old_store() -> None:
        index = QdrantFaceIndex.open(collection="faces", path=tmp_path / "qdrant")
        await index.ensure_ready()
        await index.close()

    asyncio.run(old_store())
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "qdrant").rglob("*"))
    result = facedrop("doctor", env=_env(tmp_path, FACEDROP_DATABASE_URL=fresh_database))
    assert result.returncode == 0, result.stdout + result.stderr
    qdrant = next(line for line in result.stdout.splitlines() if line.split()[1] == "qdrant")
    assert qdrant.startswith("ok "), qdrant
    assert "not created yet (the worker creates it on its first start, moving into it" in qdrant
    assert str(tmp_path / "qdrant") in qdrant
    assert not (tmp_path / "qdrant-edge").exists()
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "qdrant").rglob("*")) == before


def test_doctor_in_local_mode_creates_no_store_and_still_refuses_it_over_edge(
    tmp_path: Path, fresh_database: str
) -> None:
    env = _env(tmp_path, FACEDROP_QDRANT_EMBEDDED="local", FACEDROP_DATABASE_URL=fresh_database)
    result = facedrop("doctor", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    qdrant = next(line for line in result.stdout.splitlines() if line.split()[1] == "qdrant")
    assert "not created yet (the worker creates it)" in qdrant, qdrant
    assert not (tmp_path / "qdrant").exists()

    # The faces are in Qdrant Edge: local mode would not see them, and the doctor says so.
    (tmp_path / "qdrant-edge" / "faces").mkdir(parents=True)
    result = facedrop("doctor", env=env)
    assert result.returncode == 1
    qdrant = next(line for line in result.stdout.splitlines() if line.split()[1] == "qdrant")
    assert qdrant.startswith("FAIL") and "QDRANT_EMBEDDED=local would not see them" in qdrant


def test_doctor_reports_a_failing_component_and_exits_1(
    tmp_path: Path, fresh_database: str
) -> None:
    env = _env(
        tmp_path,
        FACEDROP_REDIS_URL="redis://127.0.0.1:1/0",  # nothing listens on port 1
        FACEDROP_FACES__ROOT=str(tmp_path / "no-models"),
        FACEDROP_DATABASE_URL=fresh_database,
    )
    result = facedrop("doctor", env=env)
    assert result.returncode == 1
    status = {line.split()[1]: line.split()[0] for line in result.stdout.strip().splitlines()}
    assert status == {
        "database": "ok",
        "redis": "FAIL",
        "qdrant": "ok",
        "blobs": "ok",
        "models": "FAIL",
    }
    assert "not found" in result.stdout


def test_migrate_applies_once(tmp_path: Path) -> None:
    env = _env(tmp_path)
    first = facedrop("migrate", env=env)
    assert first.returncode == 0, first.stderr
    migrations = sorted(p.stem for p in (REPO / "migrations").glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert f"applied {len(migrations)} migration(s): {', '.join(migrations)}" in first.stdout
    again = facedrop("migrate", env=env)
    assert again.stdout.strip() == "database is up to date"


def test_makemigrations_finds_nothing_to_write(tmp_path: Path) -> None:
    before = sorted((REPO / "migrations").glob("*.py"))
    try:
        result = facedrop("makemigrations", env=_env(tmp_path))
    finally:
        # A model changed without its migration: the one written into the checkout is taken
        # out again, or every test running beside this one finds its database a migration
        # behind ("the database lacks 1 migration(s)": 9 failures and 7 errors in one CI).
        written = sorted(set((REPO / "migrations").glob("*.py")) - set(before))
        for path in written:
            path.unlink()
    assert written == [], f"a model changed without its migration: {written}"
    assert result.returncode == 0, result.stderr
    assert "no changes" in result.stdout


def _start(
    args: list[str], env: dict[str, str], cwd: Path
) -> tuple[subprocess.Popen[str], list[str]]:
    """Start a long-running command; return it once it printed `ready` (and what it printed)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    assert process.stdout is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line)
        if line.rstrip().endswith("ready"):
            return process, output
    process.kill()
    raise AssertionError("never ready:\n" + "".join(output))


def _stop(process: subprocess.Popen[str], signum: int, output: list[str]) -> str:
    process.send_signal(signum)
    try:
        rest, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    output.append(rest)
    return "".join(output)


def _control(url: str, method: str, path: str, body: dict[str, object] | None = None) -> Any:
    import urllib.request

    request = urllib.request.Request(
        url + path, method=method, data=json.dumps(body).encode() if body is not None else None
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _emulator_url(output: list[str]) -> str:
    return next(
        line.split(" at ", 1)[1].strip() for line in output if "telegram emulator at" in line
    )


def _answered(url: str, chat_id: int, user_id: int, text: str) -> tuple[dict[str, Any], str]:
    """Say ``text`` in the chat; what was sent and the bot's answer (within 30 s)."""
    sent = _control(
        url, "POST", "/control/messages", {"chat_id": chat_id, "user_id": user_id, "text": text}
    )
    waited = _control(
        url,
        "GET",
        f"/control/chats/{chat_id}/wait?after_id={sent['message_id']}&count=1&timeout=30",
    )
    assert waited["complete"] is True, waited
    return sent, waited["messages"][0].get("text", "")


def test_a_sandbox_runs_everything_stops_cleanly_and_keeps_its_chats_when_restarted(
    tmp_path: Path,
) -> None:
    """One sandbox's life, as a user lives it (each fresh start migrates a new embedded
    Postgres: one start, one restart): started on a new data dir, used, stopped with
    SIGTERM (a service manager's stop), started again on the same data dir with its chats
    and users kept, stopped with SIGINT (Ctrl-C); the embedded servers stop with it."""
    env = _env(tmp_path)
    del env["FACEDROP_DATA_DIR"]
    data = tmp_path / "data"
    args = ["sandbox", "--port", "0", "--data-dir", str(data)]
    process, output = _start(args, env, tmp_path)
    url = _emulator_url(output)
    assert _servers_of(data)  # the embedded Postgres and Redis are up
    assert f"web chat at {url}/web/" in "".join(output)
    # The web chat's demo is there, beside the photos of ../shared/faces, not played yet.
    assert _control(url, "GET", "/control/demo") == {
        "playing": False,
        "step": "not played yet",
        "error": None,
    }
    ann = _control(url, "POST", "/control/users", {"first_name": "Ann"})
    group = _control(url, "POST", "/control/groups", {"title": "Class 1A", "creator_id": ann["id"]})
    _control(url, "POST", f"/control/groups/{group['id']}/bot", {"status": "administrator"})
    # The bot's welcome in the group: the update that added it was handled (one still in
    # hand at SIGTERM met a closed database: left to the next session, see the note).
    welcomed = _control(
        url, "GET", f"/control/chats/{group['id']}/wait?after_id=0&count=1&timeout=30"
    )
    assert welcomed["complete"] is True, welcomed
    _, answer = _answered(url, ann["id"], ann["id"], "/help")
    assert "/add" in answer
    before = _control(url, "GET", f"/control/chats/{ann['id']}/messages")
    text = _stop(process, signal.SIGTERM, output)
    assert process.returncode == 0, text
    assert "stopped" in text
    assert "Traceback" not in text
    assert _servers_of(data) == []

    process, output = _start(args, env, tmp_path)
    try:
        url = _emulator_url(output)
        # The private chat and the group are still there, with everything said in them.
        assert _control(url, "GET", f"/control/chats/{ann['id']}/messages") == before
        assert _control(url, "GET", f"/control/chats/{group['id']}/messages")
        # Ann is still someone who started the bot: it answers her, in the same chat.
        sent, answer = _answered(url, ann["id"], ann["id"], "/help")
        assert sent["message_id"] == before[-1]["message_id"] + 1
        assert "/add" in answer
        # The group still reaches the bot: a command there is answered.
        _answered(url, group["id"], ann["id"], "/help")
    finally:
        text = _stop(process, signal.SIGINT, output)
    assert process.returncode == 0, text
    assert "stopped" in text
    assert "Traceback" not in text
    assert _servers_of(data) == []


def test_sandbox_on_a_busy_port_says_so_in_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = _env(tmp_path)
        del env["FACEDROP_DATA_DIR"]
        result = facedrop(
            "sandbox",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path / "data"),
            env=env,
            cwd=tmp_path,
        )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"port {port} is in use; try `make run PORT=")
    suggested = int(lines[0].split("PORT=", 1)[1].rstrip("`"))
    assert suggested != port
    assert not result.stdout.rstrip().endswith("ready")
    assert _servers_of(tmp_path / "data") == []


def test_make_run_starts_the_sandbox_on_the_port_asked_for(tmp_path: Path) -> None:
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8090"], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert "facedrop sandbox --port 8090" in result.stdout
    default = subprocess.run(
        ["make", "-n", "run"], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert "facedrop sandbox --port 8081" in default.stdout


def test_sandbox_is_not_ready_while_the_worker_cannot_load_its_models(
    tmp_path: Path, fresh_database: str
) -> None:
    # A migrated database of the test server's: the embedded one is not what this is about
    # (made and migrated, 12 CPU-seconds; the sandbox's life test makes one).
    env = _env(
        tmp_path,
        FACEDROP_FACES__ROOT=str(tmp_path / "no-models"),
        FACEDROP_DATABASE_URL=fresh_database,
    )
    del env["FACEDROP_DATA_DIR"]
    result = facedrop(
        "sandbox",
        "--port",
        "0",
        "--data-dir",
        str(tmp_path / "data"),
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "telegram emulator at" in result.stdout
    said = (result.stdout + result.stderr).splitlines()
    assert not [line for line in said if line.rstrip().endswith("ready")]
    assert "Traceback" not in result.stderr
    assert _servers_of(tmp_path / "data") == []


def test_run_without_a_bot_token_says_what_is_missing(tmp_path: Path) -> None:
    for command in ("run", "bot", "worker"):
        result = facedrop(command, env=_env(tmp_path))
        assert result.returncode == 2
        assert "FACEDROP_BOT_TOKEN is not set" in result.stderr
        # Said at once: no database made and migrated first (20 s), no server started.
        assert not (tmp_path / "postgres").exists()
        assert _servers_of(tmp_path) == []


def test_bench_journey_prints_its_figures(tmp_path: Path, fresh_database: str) -> None:
    from tests.conftest import FACES

    result = facedrop(
        "bench",
        "journey",
        "--photos",
        "2",
        "--interval",
        "0",
        "--faces",
        str(FACES),
        env=_env(tmp_path, FACEDROP_DATABASE_URL=fresh_database),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("facedrop bench journey: 2 photos x 3 guardians")
    for step in ("posted -> delivered", "detect + embed", "match", "queue + send", "raw model"):
        assert any(line.strip().startswith(step) and "p50" in line for line in lines), step
    assert not list(tmp_path.glob("facedrop-bench-*"))


def test_bench_deliver_counts_what_went_under_telegrams_limits(
    tmp_path: Path, fresh_database: str
) -> None:
    """Nothing lost or doubled, the figures printed and written as JSON."""
    from tests.conftest import FACES

    figures = tmp_path / "deliver.json"
    result = facedrop(
        "bench", "deliver", "--guardians", "4", "--photos", "2", "--faces", str(FACES),
        "--json", str(figures), env=_env(tmp_path, FACEDROP_DATABASE_URL=fresh_database),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("facedrop bench deliver: 2 photos x 4 guardians")
    written = json.loads(figures.read_text())
    assert (written["expected"], written["sent"], written["lost"], written["doubled"]) == (
        8,
        8,
        0,
        0,
    )
    assert any(line.split() == ["lost", "0"] for line in lines)


def test_bench_recognize_compares_the_worker_with_the_raw_model(
    tmp_path: Path, fresh_database: str
) -> None:
    from tests.conftest import FACES

    figures = tmp_path / "recognize.json"
    result = facedrop(
        "bench", "recognize", "--photos", "3", "--faces", str(FACES),
        "--json", str(figures), env=_env(tmp_path, FACEDROP_DATABASE_URL=fresh_database),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("facedrop bench recognize: 3 group photos")
    assert [line.split()[0] for line in lines[2:4]] == ["worker", "raw"]
    written = json.loads(figures.read_text())
    assert written["photos"] == 3 and written["faces"] >= 6  # two to four faces each
    assert written["photos_per_s"] > 0 and written["raw_photos_per_s"] > 0
    assert not list(tmp_path.glob("facedrop-bench-*"))


@pytest.mark.timeout(660)  # the bench runs a whole sandbox: minutes under a loaded CI
def test_bench_video_reads_a_made_clip_of_one_face_as_one_track(
    tmp_path: Path, fresh_database: str
) -> None:
    """A 4 s clip made with one face: 2 frames a second sampled, the face followed as a
    track, every stage timed against the clip; posted in the sandbox, it reaches the
    guardian of the person enrolled; the made clip gone afterwards."""
    from tests.conftest import FACES

    figures = tmp_path / "video.json"
    # The bench's sandbox keeps its Postgres (and its socket) under TMPDIR: a Unix socket's
    # path has at most 107 bytes, more than pytest's tmp_path leaves under xdist, so the
    # temporary folder is a short one of its own.
    temp = Path(tempfile.mkdtemp(prefix="fdv-", dir="/tmp"))
    try:
        result = facedrop(
            "bench", "video", "--seconds", "4", "--faces", str(FACES), "--json", str(figures),
            env=_env(tmp_path, TMPDIR=str(temp), FACEDROP_DATABASE_URL=fresh_database),
            timeout=600,  # the journey gives up after bench_video.JOURNEY_LIMIT_S (300 s)
        )  # fmt: skip
        left = list(temp.glob("facedrop-bench-video-*"))
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("facedrop bench video: 4.0 s clip, 1280x720 at 30 fps")
    (journey,) = [line for line in lines if line.startswith("  post to delivery (emulator")]
    assert "x the clip, target 0.25x; " in journey
    written = json.loads(figures.read_text())
    assert written["clip"]["duration_s"] == pytest.approx(4.0, abs=0.1)
    assert abs(written["frames_sampled"] - 4.0 * written["frames_per_s"]) <= 1
    assert written["frames_sampled"] < written["frames_decoded"] <= 4 * 30
    assert written["tracks"] >= 1 and written["tracks_seen_3_times"] >= 1
    stages = written["stages"]
    assert all(stages[s]["wall_s"] > 0 for s in ("decode_sample", "detect_embed", "total"))
    parts = sum(stages[s]["wall_s"] for s in ("decode_sample", "detect_embed", "tracking"))
    assert parts <= stages["total"]["wall_s"]
    assert stages["total"]["ratio"] == pytest.approx(stages["total"]["wall_s"] / 4.0, rel=0.05)
    assert written["raw_model"]["wall_s"] > 0 and written["peak_memory_added_mb"] >= 0
    # The clip posted in the sandbox reaches the guardian of its face's person.
    assert written["journey"]["post_to_delivery_s"] is not None, written["journey"]
    assert written["journey"]["post_to_delivery_s"] > 0
    assert not left


def test_bench_video_on_a_missing_clip_is_a_usage_error(tmp_path: Path) -> None:
    result = facedrop("bench", "video", "--clip", "nowhere.mp4", env=_env(tmp_path))
    assert result.returncode == 2
    assert result.stdout.strip() == "facedrop: no clip at nowhere.mp4"


def test_bench_index_prints_a_row_per_option_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "index.json"
    # Each operation timed once: what this checks is the rows and figures written, not the
    # figures themselves (three times took 64 s on CI, most of it local mode's upserts).
    result = facedrop(
        "bench", "index", "--sizes", "500", "--searches", "1", "--json", str(out),
        env=_env(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [line.split() for line in result.stdout.splitlines() if "search" in line]
    assert [(row[0], row[1]) for row in rows] == [
        ("local", "500"),
        ("local-split", "500"),
        ("edge", "500"),
    ]
    runs = json.loads(out.read_text())["runs"]
    assert [run["option"] for run in runs] == ["local", "local-split", "edge"]
    for run in runs:
        assert {"search_prototypes", "upsert_1000", "delete_photo", "count_all"} <= set(run["ops"])
        assert run["rss_mb"] > 0


def _without_a_configured_pack(tmp_path: Path) -> dict[str, str]:
    """No FACEDROP_FACES__*, no .env, and a HOME with no ~/.insightface: nothing configured."""
    env = {k: v for k, v in _env(tmp_path).items() if not k.startswith("FACEDROP_FACES__")}
    env["HOME"] = str(tmp_path)
    del env["FACEDROP_DATA_DIR"]
    return env


def test_sandbox_alone_and_the_doctor_beside_it_use_the_pack_beside_the_checkout(
    tmp_path: Path, fresh_database: str
) -> None:
    # `facedrop sandbox` without `make` loads the same pack `make run` does, and `make doctor`
    # run on the same data dir while the sandbox is up finds every component healthy.
    # A migrated database of the test server's: the embedded one is not what this is about.
    env = {**_without_a_configured_pack(tmp_path), "FACEDROP_DATABASE_URL": fresh_database}
    data = tmp_path / "data"
    process, output = _start(["sandbox", "--port", "0", "--data-dir", str(data)], env, tmp_path)
    try:
        assert any(f"using {MODELS / TEST_PACK}" in line for line in output), output
        doctor = facedrop("doctor", env={**env, "FACEDROP_DATA_DIR": str(data)}, cwd=tmp_path)
        assert doctor.returncode == 0, doctor.stdout + doctor.stderr
        lines = doctor.stdout.strip().splitlines()
        assert all(line.startswith("ok ") for line in lines), lines
        models = next(line for line in lines if line.split()[1] == "models")
        assert str(MODELS / TEST_PACK) in models
    finally:
        text = _stop(process, signal.SIGTERM, output)
    assert process.returncode == 0, text


def test_a_configured_pack_is_never_replaced_by_the_one_beside_the_checkout(
    tmp_path: Path,
) -> None:
    env = {**_without_a_configured_pack(tmp_path), "FACEDROP_FACES__PACK": "licensed_pack"}
    result = facedrop("faces", "detect", str(shared_photo(T1)), env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert (
        f"model pack 'licensed_pack' not found at {tmp_path}/.insightface/models" in result.stderr
    )


def test_a_worker_serves_health_readiness_and_metrics_on_its_port(
    tmp_path: Path, fresh_database: str
) -> None:
    import re
    import urllib.error
    import urllib.request

    env = _env(
        tmp_path,
        FACEDROP_BOT_TOKEN="123456:worker-ops-test",
        FACEDROP_TELEGRAM__API_URL="http://127.0.0.1:1",  # never called: nothing to send
        FACEDROP_OPS__PORT="0",
        FACEDROP_DATABASE_URL=fresh_database,
    )
    process, output = _start(["worker"], env, tmp_path)
    assert process.stdout is not None
    while not any("health and metrics at" in line for line in output):
        output.append(process.stdout.readline())
    found = re.search(r"health and metrics at (http://\S+?)/ ", "".join(output))
    assert found is not None, output
    url = found.group(1)

    def get(path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(url + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode()

    assert get("/healthz") == (200, '{"ok": true}')
    deadline = time.monotonic() + 90
    while (ready := get("/readyz"))[0] != 200:  # the model loads meanwhile: 503 "loading"
        assert "loading the face model" in ready[1], ready
        assert time.monotonic() < deadline, ready
        time.sleep(0.5)
    assert json.loads(ready[1])["checks"] == {
        "database": "ok",
        "redis": "ok",
        "face_index": "ok",
        "blobs": "ok",
        "model": "ok",
    }
    # An idle worker drains its queue: the jobs due at its start (reconcile, a cron job
    # whose second came while the model loaded) are taken, and the gauge says so.
    while "facedrop_queue_depth 0.0" not in (scraped := get("/metrics"))[1]:
        assert scraped[0] == 200
        assert "facedrop_queue_depth " in scraped[1], scraped
        assert time.monotonic() < deadline, [
            line for line in scraped[1].splitlines() if line.startswith("facedrop_")
        ]
        time.sleep(0.5)
    status, metrics = get("/metrics")
    assert status == 200
    assert "facedrop_photos_received_total 0.0" in metrics
    text = _stop(process, signal.SIGTERM, output)
    assert process.returncode == 0, text


def test_a_busy_operators_port_is_said_in_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = facedrop(
            "worker",
            env=_env(
                tmp_path,
                FACEDROP_BOT_TOKEN="123456:worker-ops-test",
                FACEDROP_TELEGRAM__API_URL="http://127.0.0.1:1",
                FACEDROP_OPS__PORT=str(port),
            ),
            timeout=120,
        )
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"facedrop: the operator's port {port} is in use" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "postgres").exists()  # said at once: no database made first
    assert _servers_of(tmp_path) == []
