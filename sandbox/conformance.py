"""Checks what the emulator answers against the Bot API spec (``sandbox/spec/api.json``).

``Spec.check(value, "Array of ChatMember", path)`` lists every way ``value`` differs from
what the spec allows: a required field missing, a value of the wrong type (``null``
included: Telegram leaves an empty optional field out), a field the spec does not know,
a ``const`` field (``ChatMemberOwner.status`` is always ``"creator"``) with another
value. Abstract types (ChatMember, MessageOrigin, MaybeInaccessibleMessage, ...) fit
when one of their subtypes fits. Each violation names where it is, e.g.
``sendPhoto -> Message.chat.type: expected String, got Integer 5``.

``Conformance`` collects the violations of a running emulator (``Emulator(conformance=
True)``): every method's result against the method's ``returns``, every error's
``parameters`` against ``ResponseParameters``, every update against ``Update``.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from pathlib import Path
from typing import Any

SPEC_FILE = Path(__file__).resolve().parent / "spec" / "api.json"
ARRAY = "Array of "
PRIMITIVES = frozenset({"Integer", "Float", "String", "Boolean", "True", "InputFile"})

# Fields of Bot API versions newer than the vendored spec (10.1) that the emulator sends
# because aiogram (3.31, Bot API 10.3) requires them; each is checked as declared here.
LATER_FIELDS: dict[str, list[dict[str, Any]]] = {
    "ChatMemberAdministrator": [
        {"name": "can_send_welcome_messages", "types": ["Boolean"], "required": True},
    ],
}


def _optional(name: str, *types: str) -> dict[str, Any]:
    return {"name": name, "types": list(types), "required": False}


_THUMB = [_optional("thumb", "PhotoSize")]  # json_store_thumbnail: "thumbnail" and "thumb"

# Fields tdlib/telegram-bot-api's Client.cpp still writes though the documentation dropped
# them (the names older bots read); Telegram sends them, so a check must accept them, each
# with the type Client.cpp writes.
TELEGRAM_WRITES: dict[str, list[dict[str, Any]]] = {
    # JsonChatMember: object("can_manage_voice_chats", ...can_manage_video_chats_)
    "ChatMemberAdministrator": [_optional("can_manage_voice_chats", "Boolean")],
    # json_store_permissions: object("can_send_media_messages", ...)
    "ChatMemberRestricted": [_optional("can_send_media_messages", "Boolean")],
    "ChatPermissions": [_optional("can_send_media_messages", "Boolean")],
    # JsonChat (full): object("all_members_are_administrators", ...) for a basic group,
    # object("can_send_gift", td::JsonTrue()) for a user
    "ChatFullInfo": [
        _optional("all_members_are_administrators", "Boolean"),
        _optional("can_send_gift", "True"),
    ],
    # JsonMessage: the forward_* fields beside forward_origin, new_chat_participant and
    # new_chat_member beside new_chat_members, left_chat_participant, voice_chat_* beside
    # video_chat_*, user_shared beside users_shared
    "Message": [
        _optional("forward_from", "User"),
        _optional("forward_from_chat", "Chat"),
        _optional("forward_from_message_id", "Integer"),
        _optional("forward_signature", "String"),
        _optional("forward_sender_name", "String"),
        _optional("forward_date", "Integer"),
        _optional("new_chat_participant", "User"),
        _optional("new_chat_member", "User"),
        _optional("left_chat_participant", "User"),
        _optional("voice_chat_scheduled", "VideoChatScheduled"),
        _optional("voice_chat_started", "VideoChatStarted"),
        _optional("voice_chat_ended", "VideoChatEnded"),
        _optional("voice_chat_participants_invited", "VideoChatParticipantsInvited"),
        _optional("user_shared", "UserShared"),
    ],
    "Animation": _THUMB,
    "Audio": _THUMB,
    "Document": _THUMB,
    "Sticker": _THUMB,
    "Video": _THUMB,
    "VideoNote": _THUMB,
    # JsonStickerSet: object("contains_masks", ...)
    "StickerSet": [*_THUMB, _optional("contains_masks", "Boolean")],
}
# JsonUserShared: object("user_id", ...), object("request_id", ...)
TELEGRAM_TYPES: dict[str, dict[str, Any]] = {
    "UserShared": {
        "fields": [
            {"name": "user_id", "types": ["Integer"], "required": True},
            {"name": "request_id", "types": ["Integer"], "required": True},
        ]
    }
}


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"Boolean {json.dumps(value)}"
    if isinstance(value, int):
        return f"Integer {value}"
    if isinstance(value, float):
        return f"Float {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"String {json.dumps(shown, ensure_ascii=False)}"
    if isinstance(value, list):
        return f"Array of {len(value)}"
    if isinstance(value, dict):
        return "Object"
    return type(value).__name__


class Spec:
    """The types and methods of one Bot API version."""

    def __init__(
        self,
        data: dict[str, Any],
        *,
        later: dict[str, list[dict[str, Any]]] | None = None,
        extra_types: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.source: dict[str, Any] = data.get("source", {})
        self.types: dict[str, dict[str, Any]] = {**data["types"], **(extra_types or {})}
        self.methods: dict[str, dict[str, Any]] = data["methods"]
        for kind, fields in (later or {}).items():
            known = {field["name"] for field in self.types[kind]["fields"]}
            self.types[kind]["fields"] += [f for f in fields if f["name"] not in known]

    @classmethod
    def load(
        cls,
        path: Path = SPEC_FILE,
        *,
        later: dict[str, list[dict[str, Any]]] | None = None,
        extra_types: dict[str, dict[str, Any]] | None = None,
    ) -> Spec:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data, later=later, extra_types=extra_types)

    # ----- entry points -----------------------------------------------------

    def check_result(self, method: str, result: Any) -> list[str]:
        """What is wrong with ``result`` as the answer to ``method``."""
        spec = self.methods.get(method)
        if spec is None:
            return [f"{method}: not a Bot API method"]
        returns: list[str] = spec["returns"]
        if len(returns) == 1 and returns[0].startswith(ARRAY) and isinstance(result, list):
            item = returns[0].removeprefix(ARRAY)
            problems: list[str] = []
            for index, element in enumerate(result):
                problems += self.check(element, [item], f"{method} -> {item}[{index}]")
            return problems
        return self.check(result, returns, f"{method} -> {' | '.join(returns)}")

    def check_error_parameters(self, method: str, parameters: Any) -> list[str]:
        """An error's ``parameters`` (``retry_after``, ``migrate_to_chat_id``)."""
        return self.check(
            parameters, ["ResponseParameters"], f"{method} error -> ResponseParameters"
        )

    def check_update(self, update: Any) -> list[str]:
        return self.check(update, ["Update"], "update -> Update")

    # ----- the walk ---------------------------------------------------------

    def check(self, value: Any, types: list[str], path: str) -> list[str]:
        """``value`` against a union of spec type strings; [] when one of them fits."""
        best: list[str] | None = None
        for kind in types:
            problems = self._one(value, kind, path)
            if not problems:
                return []
            if best is None or len(problems) < len(best):
                best = problems
        if best is None:
            return [f"{path}: the spec gives no type"]
        if len(types) > 1 and len(best) == 1 and best[0].startswith(f"{path}: expected"):
            return [f"{path}: expected {' or '.join(types)}, got {_describe(value)}"]
        return best

    def _one(self, value: Any, kind: str, path: str) -> list[str]:
        if kind.startswith(ARRAY):
            if not isinstance(value, list):
                return [f"{path}: expected {kind}, got {_describe(value)}"]
            item = kind.removeprefix(ARRAY)
            problems: list[str] = []
            for index, element in enumerate(value):
                problems += self._one(element, item, f"{path}[{index}]")
            return problems
        if kind in PRIMITIVES:
            return (
                []
                if _fits_primitive(value, kind)
                else [f"{path}: expected {kind}, got {_describe(value)}"]
            )
        spec = self.types.get(kind)
        if spec is None:
            return [f"{path}: {kind} is not a type in the spec"]
        if "subtypes" in spec:
            return self._abstract(value, kind, spec["subtypes"], path)
        return self._object(value, kind, spec.get("fields", []), path)

    def _abstract(self, value: Any, kind: str, subtypes: list[str], path: str) -> list[str]:
        candidates = [name for name in subtypes if self._consts_match(value, name)]
        if not candidates:
            tags = sorted(
                {
                    f"{field['name']}={json.dumps(field['const'])}"
                    for name in subtypes
                    for field in self.types.get(name, {}).get("fields", [])
                    if "const" in field
                }
            )
            return [f"{path}: fits no {kind} subtype (one of {', '.join(tags)})"]
        best: list[str] | None = None
        for name in candidates:
            problems = self._one(value, name, path)
            if not problems:
                return []
            if best is None or len(problems) < len(best):
                best = [f"{problem} (as {name})" for problem in problems]
        return best or []

    def _consts_match(self, value: Any, kind: str) -> bool:
        fields = self.types.get(kind, {}).get("fields")
        if fields is None or not isinstance(value, dict):
            return True  # a primitive or array subtype (RichText), or not an object at all
        return all(
            value.get(field["name"]) == field["const"] for field in fields if "const" in field
        )

    def _object(self, value: Any, kind: str, fields: list[dict[str, Any]], path: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{path}: expected {kind}, got {_describe(value)}"]
        problems: list[str] = []
        known = set()
        for field in fields:
            name = field["name"]
            known.add(name)
            where = f"{path}.{name}"
            if name not in value:
                if field["required"]:
                    problems.append(f"{where}: missing required field")
                continue
            found = value[name]
            if found is None:
                problems.append(f"{where}: null where Telegram leaves the field out")
                continue
            if "const" in field and found != field["const"]:
                problems.append(
                    f"{where}: expected {json.dumps(field['const'])}, got {_describe(found)}"
                )
                continue
            problems += self.check(found, field["types"], where)
        for name in value:
            if name not in known:
                problems.append(f"{path}.{name}: a field the spec does not know")
        return problems


def _fits_primitive(value: Any, kind: str) -> bool:
    if kind == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "Boolean":
        return isinstance(value, bool)
    if kind == "True":
        return value is True
    return isinstance(value, str)  # String; an InputFile is never answered, only sent


@functools.cache
def default_spec() -> Spec:
    """The vendored spec with the later fields the emulator speaks, and what Telegram writes
    beyond the documentation (TELEGRAM_WRITES)."""
    later: dict[str, list[dict[str, Any]]] = {}
    for source in (LATER_FIELDS, TELEGRAM_WRITES):
        for kind, fields in source.items():
            later[kind] = later.get(kind, []) + fields
    return Spec.load(later=later, extra_types=TELEGRAM_TYPES)


class Conformance:
    """The violations an emulator's answers and updates showed, each once, with a count."""

    def __init__(self, spec: Spec | None = None) -> None:
        self.spec = spec or default_spec()
        self.seen: Counter[str] = Counter()

    @staticmethod
    def _as_sent(value: Any) -> Any:
        # What the bot receives is the JSON text: check that, not the Python objects.
        return json.loads(json.dumps(value))

    def result(self, method: str, value: Any) -> None:
        self.seen.update(self.spec.check_result(method, self._as_sent(value)))

    def error(self, method: str, parameters: Any) -> None:
        self.seen.update(self.spec.check_error_parameters(method, self._as_sent(parameters)))

    def update(self, update: Any) -> None:
        self.seen.update(self.spec.check_update(self._as_sent(update)))

    @property
    def violations(self) -> list[str]:
        return list(self.seen)

    def report(self) -> str:
        """One line per violation, for a failing test."""
        lines = [
            f"  {violation}" + (f"  (x{count})" if count > 1 else "")
            for violation, count in self.seen.items()
        ]
        return "the emulator answered outside the Bot API spec:\n" + "\n".join(lines)
