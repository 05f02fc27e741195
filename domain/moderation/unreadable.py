"""A photo or clip posted in a group that cannot be read (recognition's ``MediaUnreadable``)
is answered in one sentence, never in the group (a class chat is not spammed with it): in
the admin chat, where the organizers can act, and to the poster privately when they have
started the bot. Told once: recognition publishes the event only from the run that failed
the post."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.events import MediaUnreadable
from domain.languages.chats import speaking_to
from domain.moderation import texts
from domain.moderation.takedown import AnswerKeeper, link_to
from domain.moderation.unreadable_store import UnreadablePost, UnreadableStore
from domain.states import MediaKind
from domain.telegram import ChatUnavailable, Messenger, RecipientUnreachable, TelegramUnavailable

log = logging.getLogger(__name__)

# The admin chat's answer kept (``AdminChatLinking.keep_answer``), redrawn in another language.
UNREADABLE = "unreadable"


class PosterNotices(Protocol):
    """Where what told a poster their post could not be read is kept, for a change of the
    group's zone to redraw and their /forget to drop (``domain.privacy.notices``)."""

    async def unreadable_told(
        self,
        chat_id: int,
        message_id: int,
        group_id: UUID,
        post: tuple[MediaKind, datetime],
        reason: str,
        longest_clip_s: float,
    ) -> None: ...


def told(post: UnreadablePost) -> list[int]:
    """The chats told of an unreadable post: its group's admin chat, if one is linked, and
    the poster's private chat, if they started the bot and it still takes messages; never
    the group."""
    chats = [post.admin_chat_id] if post.admin_chat_id is not None else []
    poster = post.poster
    if poster is not None and poster.started and poster.reachable:
        chats.append(poster.telegram_user_id)
    return chats


async def named(messenger: Messenger, post: UnreadablePost) -> UnreadablePost:
    """The post with its poster's name, as the group shows it, where nothing we keep says it
    (one who never started the bot); as it was when Telegram cannot say."""
    poster = post.poster
    if poster is None or poster.first_name:
        return post
    try:
        first_name = await messenger.member_name(post.group_chat_id, poster.telegram_user_id)
    except (ChatUnavailable, TelegramUnavailable) as error:
        log.info("poster of unreadable photo %s not named: %s", post.photo_id, error)
        return post
    return replace(post, poster=replace(poster, first_name=first_name))


def admin_said(post: UnreadablePost, reason: str, link: str | None) -> dict[str, Any]:
    """What the admin chat was told of an unreadable post, to keep (``admin_text`` says it
    again in another language, walk34 2): what, when, where and why, and who by their
    Telegram id alone: their name is read again where facedrop keeps it while they are a
    participant, so that their /forget leaves nothing here to name them by."""
    poster = post.poster
    return {
        "photo_id": str(post.photo_id),
        "media_kind": post.media_kind.value,
        "posted_at": post.posted_at.isoformat(),
        "group_chat_id": post.group_chat_id,
        "poster": None if poster is None else poster.telegram_user_id,
        "started": poster is not None and poster.started,
        "reason": reason,
        "link": link,
    }


async def admin_text(
    messenger: Messenger, store: UnreadableStore, title: str, said: dict[str, Any]
) -> str:
    """A kept ``admin_said``, in the current language, its poster named as now: a
    participant by the name facedrop keeps of them, one who never started the bot as the
    group shows them (``named``); one who was a participant and used /forget since, by no
    name ("a member")."""
    poster = None if said["poster"] is None else await store.poster(said["poster"])
    forgotten = poster is not None and said["started"] and not poster.started
    post = UnreadablePost(
        photo_id=UUID(said["photo_id"]),
        media_kind=MediaKind(said["media_kind"]),
        posted_at=datetime.fromisoformat(said["posted_at"]),
        group_title=title,
        group_chat_id=said["group_chat_id"],
        message_id=0,
        admin_chat_id=None,
        poster=None if forgotten else poster,
    )
    return texts.unreadable_for_admins(
        await named(messenger, post), said["reason"], said["link"], by_a_member=forgotten
    )


async def on_media_unreadable(
    messenger: Messenger,
    store: UnreadableStore,
    longest_clip_s: float,
    event: MediaUnreadable,
    *,
    answers: AnswerKeeper | None = None,
    notices: PosterNotices | None = None,
) -> None:
    """Tell each chat of ``told`` why the post could not be read, in its own language (the
    poster also what to do; ``longest_clip_s``: the longest clip read). A chat that cannot
    be reached is logged and skipped: the post stays failed with its reason, and a retry of
    the recognition does not tell anyone again. ``answers`` keeps what the admin chat was
    told, redrawn in another language; ``notices`` what the poster was told, its time
    redrawn in the group's zone once it changes (walk34 teacher #5: it stayed in UTC)."""
    post = await store.unreadable(event.photo_id)
    if post is None:
        return
    for chat_id in told(post):
        kept = None
        async with speaking_to(chat_id):
            if chat_id == post.admin_chat_id:
                link = link_to(post.group_chat_id, post.message_id) if post.message_id > 0 else None
                kept = admin_said(post, event.reason, link)
                text = texts.unreadable_for_admins(await named(messenger, post), event.reason, link)
            else:
                text = texts.unreadable_for_poster(
                    post.group_title, post.media_kind, post.posted_at, event.reason, longest_clip_s
                )
        try:
            sent = await messenger.send_text(chat_id, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("unreadable photo %s not told to %s: %s", post.photo_id, chat_id, error)
            continue
        if post.group_id is None:
            continue
        if kept is not None:
            if answers is not None:
                await answers.keep_answer(post.group_id, chat_id, sent, UNREADABLE, kept)
        elif notices is not None:
            await notices.unreadable_told(
                chat_id,
                sent,
                post.group_id,
                (post.media_kind, post.posted_at),
                event.reason,
                longest_clip_s,
            )
