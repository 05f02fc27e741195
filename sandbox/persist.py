"""The emulator's world kept in a directory, so a restarted sandbox finds its chats again.

``world.json`` holds the bots (with their update counters and pending updates), users,
chats with their members and messages, and the file index; ``files/`` holds each
file's bytes under its ``file_path``. The snapshot is written atomically (a temporary
file renamed over the old one) whenever it changed, and at stop. What is passing by
nature is not kept: callback queries, faults, the request log, statistics, webhooks.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from sandbox.models import Chat, StoredFile, StoredMessage, User
from sandbox.world import World

log = logging.getLogger(__name__)

VERSION = 1
SNAPSHOT = "world.json"
FILES = "files"


def snapshot(world: World) -> dict[str, Any]:
    """The world's durable state as JSON-ready data (file bytes excluded)."""
    return {
        "version": VERSION,
        "counters": world.counters(),
        "bots": [
            {
                "id": bot.id,
                "token": bot.token,
                "first_name": bot.first_name,
                "username": bot.username,
                "privacy_mode": bot.privacy_mode,
                "allowed_updates": bot.allowed_updates,
                "commands": bot.commands,
                "descriptions": bot.descriptions,
                "short_descriptions": bot.short_descriptions,
                "next_update_id": bot.next_update_id,
                "known_users": sorted(bot.known_users),
                "pending": world.queues[bot.id].pending(),
            }
            for bot in world.bots.values()
        ],
        "users": [
            {
                "id": user.id,
                "first_name": user.first_name,
                "username": user.username,
                "last_name": user.last_name,
                "language_code": user.language_code,
                "blocked_bot": user.blocked_bot,
                "started_bot": user.started_bot,
            }
            for user in world.users.values()
        ],
        "chats": [
            {
                "id": chat.id,
                "type": chat.type,
                "title": chat.title,
                "user_id": chat.user.id if chat.user else None,
                "members": [[member, status] for member, status in chat.members.items()],
                "restricted": sorted(chat.restricted),
                "migrated_to": chat.migrated_to,
                "username": chat.username,
                "pinned_message_id": chat.pinned_message_id,
                "next_message_id": chat.next_message_id,
                "messages": [
                    {
                        "data": stored.data,
                        "sender_id": stored.sender_id,
                        "from_bot": stored.from_bot,
                        "deleted": stored.deleted,
                        "start_link": stored.start_link,
                    }
                    for stored in chat.messages.values()
                ],
            }
            for chat in world.chats.values()
        ],
        "files": [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_path": stored.file_path,
                "kind": stored.kind,
                "width": stored.width,
                "height": stored.height,
                "file_name": stored.file_name,
                "mime_type": stored.mime_type,
                "family": [size.file_id for size in stored.family] if stored.family else None,
                "duration": stored.duration,
                "thumbnail": stored.thumbnail.file_id if stored.thumbnail else None,
            }
            for stored in world.files.all()
        ],
    }


def restore(world: World, data: dict[str, Any], files_dir: Path) -> None:
    """Put a snapshot back into an empty world."""
    if data.get("version") != VERSION:
        raise ValueError(f"unknown snapshot version {data.get('version')!r}")
    for entry in data["bots"]:
        bot = world.create_bot(
            entry["token"],
            first_name=entry["first_name"],
            username=entry["username"],
            privacy_mode=entry["privacy_mode"],
        )
        bot.allowed_updates = entry["allowed_updates"]
        bot.commands = entry["commands"]
        bot.descriptions = entry.get("descriptions", {})
        bot.short_descriptions = entry.get("short_descriptions", {})
        bot.next_update_id = entry["next_update_id"]
        bot.known_users = set(entry.get("known_users", []))
        world.queues[bot.id].restore_pending(entry["pending"])
    for entry in data["users"]:
        world.users[entry["id"]] = User(**entry)
    for entry in data["chats"]:
        chat = Chat(
            id=entry["id"],
            type=entry["type"],
            title=entry["title"],
            user=world.users[entry["user_id"]] if entry["user_id"] is not None else None,
            members={int(member): status for member, status in entry["members"]},
            restricted=set(entry["restricted"]),
            migrated_to=entry["migrated_to"],
            username=entry.get("username"),
            pinned_message_id=entry.get("pinned_message_id"),
            next_message_id=entry["next_message_id"],
        )
        for message in entry["messages"]:
            kept = StoredMessage(**message)
            chat.messages[kept.id] = kept
        world.chats[chat.id] = chat
    by_id: dict[str, StoredFile] = {}
    families: dict[str, list[str]] = {}
    thumbnails: dict[str, str] = {}
    for entry in data["files"]:
        family = entry.pop("family")
        thumbnail = entry.pop("thumbnail", None)
        path = files_dir / entry["file_path"]
        try:
            content = path.read_bytes()
        except OSError:
            log.warning("the emulator's file %s is missing; it is forgotten", path)
            continue
        file = StoredFile(data=content, **entry)
        by_id[file.file_id] = file
        if family:
            families[file.file_id] = family
        if thumbnail:
            thumbnails[file.file_id] = thumbnail
    for file_id, family in families.items():
        by_id[file_id].family = [by_id[member] for member in family if member in by_id]
    for file_id, thumbnail in thumbnails.items():
        by_id[file_id].thumbnail = by_id.get(thumbnail)
    for file in by_id.values():
        world.files.keep(file)
    world.set_counters(data["counters"])


class UnreadableWorld(Exception):
    """The snapshot in the directory cannot be read back (it is set aside, not deleted)."""


class WorldStore:
    """Keeps one world in one directory: ``load`` at start, ``save`` when it changed."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files_dir = directory / FILES
        self._last = ""
        self._written: set[str] = set()

    @property
    def path(self) -> Path:
        return self.directory / SNAPSHOT

    def load(self, world: World) -> bool:
        """Restore the world from the directory; False when there is nothing to restore."""
        self.files_dir.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            return False
        text = self.path.read_text(encoding="utf-8")
        try:
            restore(world, json.loads(text), self.files_dir)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            kept = self.path.with_name(f"{SNAPSHOT}.unreadable")
            os.replace(self.path, kept)
            raise UnreadableWorld(
                f"the emulator's world in {self.path} could not be read ({exc!r}); "
                f"it was kept as {kept.name} and a new world starts"
            ) from exc
        self._last = text
        self._written = {stored.file_path for stored in world.files.all()}
        return True

    def save(self, world: World) -> bool:
        """Write the world when it changed since the last write; True when it wrote."""
        for stored in world.files.all():
            if stored.file_path not in self._written:
                _write_atomically(self.files_dir / stored.file_path, stored.data)
                self._written.add(stored.file_path)
        text = json.dumps(snapshot(world), ensure_ascii=False, separators=(",", ":"))
        if text == self._last:
            return False
        _write_atomically(self.path, text.encode("utf-8"))
        self._last = text
        return True


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
