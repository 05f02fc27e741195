"""`facedrop emulator --port P` serves both sides; the README's curl session works."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from tests.clips import make_clip
from tests.conftest import REPO

README = REPO / "sandbox" / "README.md"


def _curl_session() -> list[str]:
    """The curl commands of the README's "A session with curl" block, continuation lines joined."""
    text = README.read_text()
    block = text.split("## A session with curl", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands, current = [], ""
    for line in block.splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            continue
        current += line.rstrip("\\").strip() + " "
        if not line.endswith("\\"):
            commands.append(current.strip())
            current = ""
    return commands


def test_readme_curl_session_against_facedrop_emulator() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACEDROP_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "cli", "emulator", "--port", "0"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        deadline = time.monotonic() + 30
        url = None
        while url is None and time.monotonic() < deadline:
            match = re.search(r"telegram emulator at (http://\S+)", server.stdout.readline())
            url = match.group(1) if match else None
        assert url, "the emulator did not say where it listens"

        commands = _curl_session()
        assert commands[0].startswith("E=")
        outputs = []
        for command in commands[1:]:
            result = subprocess.run(
                ["bash", "-c", f"E={url}; {command}"],
                capture_output=True,
                text=True,
                timeout=30,
                check=True,
            )
            outputs.append(json.loads(result.stdout))
        assert all("error" not in out for out in outputs if isinstance(out, dict))
        updates = next(
            o
            for o in outputs
            if isinstance(o, dict) and o.get("result") and isinstance(o["result"], list)
        )
        assert any(u.get("message", {}).get("text") == "hello" for u in updates["result"])
        transcript = outputs[-1]
        assert [m.get("text") for m in transcript if "text" in m] == ["hello", "hi"]
        assert transcript[-1]["from"]["is_bot"] is True

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=15) == 0
    finally:
        if server.poll() is None:
            server.kill()


async def test_facedrop_emulator_local_writes_downloads_under_its_dir(tmp_path: Path) -> None:
    # telegram-bot-api --local --dir D: getFile answers "D/<token, ':' as '~'>/videos/..."
    # (Client.cpp: "dir_ = parameters_->working_directory_ + suff"), the file written there.
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACEDROP_")}
    command = ["emulator", "--port", "0", "--local", "--dir", str(tmp_path)]
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli", *command,
        cwd=REPO, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        url = None
        while url is None and (line := await asyncio.wait_for(server.stdout.readline(), 60)):
            match = re.search(r"telegram emulator at (http://\S+)", line.decode())
            url = match.group(1) if match else None
        assert url, "the emulator did not say where it listens"
        token, clip = "123456:local-token", make_clip(64, 48)
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{url}/control/bots", json={"token": token}):
                pass
            async with http.post(f"{url}/control/users", json={"first_name": "Ann"}) as made:
                ann = (await made.json())["id"]
            form = aiohttp.FormData({"kind": "video", "chat_id": str(ann), "user_id": str(ann)})
            form.add_field("file", clip, filename="v.mp4")
            async with http.post(f"{url}/control/media", data=form) as posted:
                video = (await posted.json())["video"]
            get_file = f"{url}/bot{token}/getFile?file_id={video['file_id']}"
            async with http.get(get_file) as answer:
                path = Path((await answer.json())["result"]["file_path"])
        assert path.is_relative_to(tmp_path / "123456~local-token" / "videos")
        assert await asyncio.to_thread(path.read_bytes) == clip
        server.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(server.wait(), 15) == 0
    finally:
        if server.returncode is None:
            server.kill()
            await server.wait()


def test_the_conformance_suite_runs_alone() -> None:
    """`python -m sandbox conformance` runs tests/emulator with pytest against the emulator
    alone (options passed on: here one test), and says how it went."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACEDROP_")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sandbox",
            "conformance",
            "-k",
            "test_get_me_writes_every_field_telegram_writes",
            "-p",
            "no:cacheprovider",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b1 passed\b", result.stdout), result.stdout
    refused = subprocess.run(
        [sys.executable, "-m", "sandbox", "conformance", "-k", "no_such_test_anywhere"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 5  # pytest: no tests collected
