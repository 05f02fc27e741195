"""``facedrop eval``'s organizer and the parents who claim: after the posts a scenario lists
in ``whois_after_posts``, the poster (an organizer of every group) goes through /whois in
each group's admin chat, names each cluster most of whose faces are a child of one of the
group's guardians who is not enrolled, and skips the others; the guardian opens the claim
link, agrees, answers "Is this Tom, your child?" truthfully, and the organizer approves.

Only through the bot's messages and buttons, as people do; Postgres is read only to know
who the faces shown really are (the labels), as ``cli/eval.py`` does for questions."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cli.bench_sandbox import BenchSandbox
from cli.eval_chat import EvalError, press
from domain.claims import texts
from domain.infra.models import Face
from domain.infra.stores.claim_sheets import TortoiseSheetStore
from domain.moderation import texts as moderation_texts
from domain.recognition.scenarios import (
    Claimed,
    GroupSpec,
    Observed,
    PersonSpec,
    claim_answer,
)

Message = dict[str, Any]
LINK = re.compile(r"\?start=(clm_[A-Za-z0-9_-]+)")
ANSWERS = {"yes": texts.claim_yes(), "some": texts.claim_some(), "no": texts.claim_no()}


@dataclass
class Organizer:
    """The poster as the organizer of every group: each group's admin chat."""

    user: Message
    offices: dict[str, Message] = field(default_factory=dict)  # group title -> admin chat
    skipped: set[frozenset[str]] = field(default_factory=set)  # who sheets skipped showed


async def organizer(
    sandbox: BenchSandbox, poster: Message, groups: dict[str, Message]
) -> Organizer:
    """The poster starts the bot privately (claim links come there) and links an admin chat
    to each group."""
    script = sandbox.script
    await script.reply_to(poster, "/start")
    chats = {
        title: await script.admin_chat(group, poster, f"{title} office")
        for title, group in groups.items()
    }
    return Organizer(poster, chats)


def _last_id(sandbox: BenchSandbox, chat_id: int) -> int:
    transcript = sandbox.world.transcript(chat_id)
    return transcript[-1]["message_id"] if transcript else 0


SHEETS = TortoiseSheetStore()


async def _shown(chat_id: int, message_id: int, who_is: Any) -> dict[str, str | None]:
    """The faces a recorded sheet shows (their ids), and who each really is
    (``who_is(face)``: the labels)."""
    # Found by its message (no fingerprint read here): known just after it is posted.
    face_ids = await SHEETS.faces_of(chat_id, message_id, fingerprint="")
    for _ in range(100):
        if face_ids is not None:
            break
        await asyncio.sleep(0.1)
        face_ids = await SHEETS.faces_of(chat_id, message_id, fingerprint="")
    if face_ids is None:
        raise EvalError(f"a sheet of faces the bot did not record (chat {chat_id})")
    faces = await Face.filter(id__in=face_ids).prefetch_related("photo__group")
    return {str(face.id): who_is(face) for face in faces}


async def name_clusters(
    sandbox: BenchSandbox,
    boss: Organizer,
    group: GroupSpec,
    waiting: Sequence[PersonSpec],
    who_is: Any,
    observed: Observed,
) -> list[tuple[PersonSpec, str]]:
    """/whois in ``group``'s admin chat until no cluster is left: a cluster most of whose
    faces are one of ``waiting`` (children of the group's families not enrolled) is named
    as that child, any other skipped. The named persons with their claim links' payloads."""
    script, world = sandbox.script, sandbox.world
    office, user = boss.offices[group.title], boss.user
    by_identity = {person.identity: person for person in reversed(waiting)}
    named: list[tuple[PersonSpec, str]] = []
    sent = await script.says(user, "/whois", office["id"])
    (shown,) = await script.replies(office["id"], sent)
    while "photo" in shown:
        faces = await _shown(office["id"], shown["message_id"], who_is)
        known = Counter(identity for identity in faces.values() if identity is not None)
        top = known.most_common(1)[0][0] if known else None
        person = by_identity.pop(top, None) if top is not None else None
        before = _last_id(sandbox, office["id"])
        if person is None:
            # Shown again after a child is named, maybe with more faces (the unknown faces
            # are regrouped as they come): the same people, the same cluster.
            key = frozenset(str(identity) for identity in faces.values())
            if key not in boss.skipped:
                boss.skipped.add(key)
                observed.clusters_skipped += 1
            await press(sandbox, user, shown, texts.skip_cluster(), exact=True)
            (shown,) = await script.replies(office["id"], before)
            continue
        await press(sandbox, user, shown, texts.name_this_child(), exact=True)
        (prompt,) = await script.replies(office["id"], before)
        private = _last_id(sandbox, user["id"])
        # In privacy mode the bot reads only replies to it: the name answers its question.
        answer = await world.user_sends_text(
            office["id"], user["id"], person.name, reply_to_message_id=prompt["message_id"]
        )
        await script.replies(office["id"], answer)
        (link,) = await script.replies(user["id"], private)
        found = LINK.search(link.get("text", ""))
        if found is None:
            raise EvalError(f"naming {person.name} gave no claim link: {link.get('text')}")
        observed.clusters_named += 1
        named.append((person, found.group(1)))
        sent = await script.says(user, "/whois", office["id"])
        (shown,) = await script.replies(office["id"], sent)
    return named


async def claim(
    sandbox: BenchSandbox,
    boss: Organizer,
    group: GroupSpec,
    guardian: Message,
    guardian_name: str,
    person: PersonSpec,
    payload: str,
    who_is: Any,
    handled: set[tuple[int, int]],
    observed: Observed,
) -> bool:
    """The guardian opens the link, agrees, answers truthfully; the organizer approves a
    claim answered yes or some. True when the person is the guardian's now."""
    script = sandbox.script
    office = boss.offices[group.title]
    offer = await script.reply_to(guardian, f"/start {payload}")
    if not offer["text"].startswith("An organizer of"):
        raise EvalError(f"{guardian_name} opened {person.name}'s claim link: {offer['text']!r}")
    before = _last_id(sandbox, guardian["id"])
    await press(sandbox, guardian, offer, texts.claim_agree(), exact=True)
    (question,) = await script.replies(guardian["id"], before)
    if "photo" not in question:
        raise EvalError(f"{guardian_name}'s claim of {person.name}: {question.get('text')!r}")
    handled.add((guardian["id"], question["message_id"]))  # not a suggestion's question
    faces = await _shown(guardian["id"], question["message_id"], who_is)
    answer = claim_answer(person.identity, list(faces.values()))
    before, card_after = (
        _last_id(sandbox, guardian["id"]),
        _last_id(sandbox, office["id"]),
    )
    await press(sandbox, guardian, question, ANSWERS[answer], exact=True)
    await script.replies(guardian["id"], before)  # "Thank you..." / "...is not claimed"
    approved = answer != "no"
    if approved:
        (card,) = await script.replies(office["id"], card_after)
        if not card.get("text", "").startswith("Claim to check"):
            raise EvalError(f"no claim card in the admin chat: {card.get('text')!r}")
        await press(sandbox, boss.user, card, moderation_texts.approve_button(), exact=True)
    observed.claims.append(Claimed(guardian_name, person.name, len(faces), answer, approved))
    return approved
