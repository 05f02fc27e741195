"""Naming a cluster of unknown faces in the admin chat (/whois, /unclaimed) and claiming the
named child with its link in the private chat (``/start clm_<code>``).

Organizers' buttons carry ids only: the presser's right is asked of Telegram at each press
and the admin chat must still be the group's. The parent's buttons carry nothing: the claim
is read from the presser's own conversation, so a replayed button does nothing for anyone
else."""

from __future__ import annotations

import logging
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from aiogram import Bot, F, Router
from aiogram.enums import ChatAction, ChatType
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.consent import CLAIMED, details_row, mark_agreed, stated_keep
from bot.organizers import for_chosen_group, run_for_group
from bot.replies import answer, drop_buttons, pressed_message
from bot.states import ClaimChild, NameCluster, RenameUnclaimed
from bot.users import telegram_user
from domain.claims import texts, whois_answers
from domain.claims.links import ClaimLinks
from domain.claims.rules import LinkState, claim_waits
from domain.claims.service import (
    CLAIM_PREFIX,
    AnsweredClaim,
    ClaimOutcome,
    Claims,
    Link,
    NameOutcome,
    Naming,
)
from domain.claims.stores import ClaimGroup, ListedGroup
from domain.enrollment import texts as enrollment_texts
from domain.enrollment.rules import check_name
from domain.groups.stores import GroupView
from domain.infra.telegram.callbacks import (
    ClaimData,
    UnclaimedData,
    WhoisData,
    expand,
    inline_button,
    keyboard,
    short,
)
from domain.languages import texts as languages_texts
from domain.languages.chats import speaking_to, speaking_to_organizer
from domain.moderation import texts as moderation_texts
from domain.moderation.approvals import Approvals
from domain.moderation.audit import ANONYMOUS_ADMIN, Actor
from domain.moderation.linking import AdminChatLinking
from domain.moderation.organizers import Organizers
from domain.onboarding import texts as onboarding_texts
from domain.onboarding.service import Onboarding
from domain.privacy.notices import Notices

log = logging.getLogger(__name__)
# The admin chat's naming prompts answered, kept to answer a late reply (the newest few).
NAMED = "named_prompts"
NAMED_KEPT = 20


def _actor(user_id: int | None, name: str) -> Actor:
    return Actor(user_id, name) if user_id else ANONYMOUS_ADMIN


async def _link_text(bot: Bot, name: str, group: ClaimGroup, link: Link) -> str:
    me = await bot.me()
    url = f"https://t.me/{me.username}?start={link.payload}"
    return texts.claim_link_text(name, group.title, url, link.expires_at)


async def _can_write_to(bot: Bot, user_id: int) -> bool:
    """Whether the bot may write to this user privately (they started it and did not block
    it), asked of Telegram with a chat action: nothing is posted, so an organizer is told
    before naming, not after, that the link would have nowhere to go."""
    try:
        await bot.send_chat_action(user_id, ChatAction.TYPING)
    except (TelegramForbiddenError, TelegramBadRequest) as error:
        log.info("organizer %s not reachable privately: %s", user_id, error)
        return False
    return True


async def _hand_link(
    bot: Bot,
    message: Message,
    naming: Naming,
    organizer: Actor,
    name: str,
    group: ClaimGroup,
    link: Link,
    claim_links: ClaimLinks,
    claim_id: UUID,
    admin_linking: AdminChatLinking,
) -> None:
    """The link goes to the organizer who asked for it, in their private chat with the bot
    (members of the admin chat who are no organizers must not get it); the admin chat
    hears only that it was sent. Not deliverable, the link is dropped."""
    sent = False
    if organizer.user_id is not None:
        try:
            # Their language (else the group's); the group's time zone (the link's is its).
            async with speaking_to_organizer(organizer.user_id, group.chat_id):
                text = await _link_text(bot, name, group, link)
            posted = await bot.send_message(organizer.user_id, text)
            # Recorded: the message says so once the link stops working.
            await claim_links.said(claim_id, organizer.user_id, posted.message_id)
            sent = True
        except TelegramAPIError as error:  # never started the bot, or blocked it
            log.info("claim link not sent to the organizer: %s", error)
    if not sent:
        await naming.drop_link(link)
    kind = whois_answers.LINK_SENT if sent else whois_answers.LINK_NOT_SENT
    said = whois_answers.link_said(organizer.user_id)
    told = await message.answer(whois_answers.whois_text(kind, group.title, said, organizer.name))
    # Kept, as the /whois answers: a switch of the group's language redraws it.
    await admin_linking.keep_answer(group.id, told.chat.id, told.message_id, kind, said)


# ----- /whois: a cluster at a time --------------------------------------------------------


async def whois_command(message: Message, **data: Any) -> None:
    await run_for_group(message, "whois", data)


@for_chosen_group("whois")
async def show_whois(
    message: Message, shown: GroupView, user_id: int, data: dict[str, Any]
) -> None:
    organizers: Organizers = data["organizers"]
    if not await organizers.may_moderate(shown, user_id):
        await message.answer(texts.whois_not_organizer())
        return
    await _show_cluster(message, shown, data["naming"], 0, data["admin_linking"])


async def _show_cluster(
    message: Message,
    group: ClaimGroup,
    naming: Naming,
    position: int,
    admin_linking: AdminChatLinking,
) -> None:
    """The group of look-alike faces at ``position`` (or why none is shown); kept, so that a
    switch of the group's language redraws it in the new one (walk33 5)."""

    async def kept(sent: Message, kind: str, said: dict[str, Any]) -> None:
        await admin_linking.keep_answer(group.id, sent.chat.id, sent.message_id, kind, said)

    shown = await naming.cluster(group, position)
    if shown is None:
        # Too few faces for any group: how many it needs, not a wait that would show nothing.
        faces = await naming.too_few_faces(group)
        minutes = await naming.grouping_in(group) if faces is None else None
        if faces is not None:
            said: dict[str, Any] = {"faces": faces, "needed": naming.min_size}
            kind = whois_answers.TOO_FEW
        elif minutes is not None:  # faces posted lately are not grouped yet
            said, kind = {"minutes": minutes}, whois_answers.PENDING
        else:
            said = {"named_before": await naming.named_before(group)}
            kind = whois_answers.NONE
        await kept(
            await message.answer(whois_answers.whois_text(kind, group.title, said)), kind, said
        )
        return
    sheet = shown.sheet
    # Recorded before it is sent: its button, pressed at once, finds these faces.
    recorded = await naming.sheets.record(group.id, message.chat.id, sheet.face_ids)
    said = {
        "cluster": short(shown.cluster_id),
        "fp": sheet.fingerprint,
        "position": shown.position,
        "total": shown.total,
    }
    posted = await message.answer_photo(
        BufferedInputFile(sheet.image, "faces.jpg"),
        caption=texts.whois_sheet(
            group.title, shown.position + 1, shown.total, len(sheet.face_ids)
        ),
        reply_markup=keyboard(
            whois_answers.sheet_buttons(said["cluster"], sheet.fingerprint, shown.position)
        ),
    )
    await naming.sheets.posted(recorded, posted.message_id)  # it can be deleted now
    await kept(posted, whois_answers.SHEET, said)


async def _organizers_group(
    query: CallbackQuery, group: ClaimGroup | None, organizers: Organizers
) -> Message | None:
    """The pressed message when the press may act for ``group``; refused otherwise (before
    anything is read that could reveal something)."""
    message = pressed_message(query)
    if (
        message is None
        or group is None
        or not group.is_active
        or group.admin_chat_id != message.chat.id
    ):
        await answer(query, languages_texts.button_expired())
        return None
    if not await organizers.may_moderate(group, query.from_user.id):
        await answer(query, moderation_texts.not_an_organizer_button(), alert=True)
        return None
    return message


async def whois_pressed(
    query: CallbackQuery,
    callback_data: WhoisData,
    organizers: Organizers,
    naming: Naming,
    state: FSMContext,
    bot: Bot,
    admin_linking: AdminChatLinking,
) -> None:
    cluster_id = expand(callback_data.cluster)
    group = await naming.cluster_group(cluster_id) if cluster_id else None
    if group is None or cluster_id is None:  # regrouped meanwhile: its faces are elsewhere now
        await answer(query, texts.whois_changed(), alert=True)
        return
    message = await _organizers_group(query, group, organizers)
    if message is None:
        return
    if callback_data.act == "s":
        await answer(query)
        await _show_cluster(message, group, naming, callback_data.pos + 1, admin_linking)
        return
    shown = await naming.sheets.faces_of(message.chat.id, message.message_id, callback_data.fp)
    faces = await naming.still_shown(group, cluster_id, shown, callback_data.fp)
    if not faces:
        named = await naming.named_since(group, shown)
        said = texts.whois_changed() if named is None else texts.whois_named_since(named)
        await answer(query, said, alert=True)
        return
    # The link can only go to the namer privately: said now, before a name is typed.
    if not await _can_write_to(bot, query.from_user.id):
        await answer(query, texts.whois_start_me_first(), alert=True)
        return
    await answer(query)
    await state.set_state(NameCluster.name)
    await state.set_data(
        {
            "group": str(group.id),
            "faces": [str(face) for face in faces],
            "sheet": message.message_id,
        }
    )
    prompt = await message.answer(texts.whois_ask_name(group.title))
    await state.update_data(prompt=prompt.message_id)


async def name_given(
    message: Message,
    state: FSMContext,
    naming: Naming,
    organizers: Organizers,
    claim_links: ClaimLinks,
    bot: Bot,
    admin_linking: AdminChatLinking,
) -> None:
    data = await state.get_data()
    group = await _asked_in(message, organizers, data)
    user = message.from_user
    if group is None or user is None:
        await state.clear()
        return
    # Rights are asked of Telegram again at every action: demoted since the button, the
    # name names nothing.
    if not group.is_active or not await organizers.may_moderate(group, user.id):
        await state.clear()
        await message.answer(texts.whois_not_organizer())
        return
    checked = check_name(message.text or "")
    if checked.name is None:
        await message.answer(enrollment_texts.bad_name(checked.problem, checked.length))
        return
    same = await naming.look_alike(group, checked.name)
    if same is not None:  # asked again, in the same conversation
        await message.answer(texts.unclaimed_name_looks_like(checked.name, same))
        return
    named = await naming.name(
        group,
        [UUID(face) for face in data.get("faces", [])],
        checked.name,
        _actor(user.id, user.full_name),
    )
    await state.clear()
    if named.outcome != NameOutcome.NAMED or named.link is None or named.claim_id is None:
        await message.answer(texts.whois_changed())
        return
    if data.get("sheet"):
        await naming.named_from_sheet(
            message.chat.id,
            int(data["sheet"]),
            named.claim_id,
            named.name,
            [UUID(face) for face in data.get("faces", [])],
        )
    if data.get("prompt"):
        await _prompt_answered(bot, state, message.chat.id, int(data["prompt"]), named.name)
        # Kept with the claim: it says what became of the child once a claim is decided.
        await naming.prompt_answered(named.claim_id, message.chat.id, int(data["prompt"]))
    actor = _actor(user.id, user.full_name)
    await _hand_link(
        bot,
        message,
        naming,
        actor,
        named.name,
        group,
        named.link,
        claim_links,
        named.claim_id,
        admin_linking,
    )


def _named_prompts(state: FSMContext, chat_id: int) -> FSMContext:
    """The admin chat's naming prompts answered: {prompt's message id: the name given}."""
    return FSMContext(state.storage, _named_key(state.key.bot_id, chat_id))


def _named_key(bot_id: int, chat_id: int) -> StorageKey:
    return StorageKey(bot_id=bot_id, chat_id=chat_id, user_id=chat_id, destiny=NAMED)


async def prompts_in_language(bot: Bot, storage: BaseStorage, chat_id: int) -> None:
    """The admin chat's naming prompts answered say the name given in the chat's language
    now (its group's was switched: walk33 5)."""
    kept = await storage.get_data(_named_key(bot.id, chat_id))
    async with speaking_to(chat_id):
        for prompt_id, name in kept.items():
            with suppress(TelegramAPIError):  # deleted meanwhile, or too old to edit
                await bot.edit_message_text(
                    texts.whois_prompt_named(name), chat_id=chat_id, message_id=int(prompt_id)
                )


async def _prompt_answered(
    bot: Bot, state: FSMContext, chat_id: int, prompt_id: int, name: str
) -> None:
    """The prompt "Reply to this message with the child's name" no longer asks once the
    name was given (findings21 12): it says the name, and where to change it; a later reply
    to it is answered the same (``late_name``)."""
    with suppress(TelegramAPIError):  # deleted meanwhile
        await bot.edit_message_text(
            texts.whois_prompt_named(name), chat_id=chat_id, message_id=prompt_id
        )
    prompts = _named_prompts(state, chat_id)
    kept = await prompts.get_data()
    newest = [*kept.items()][-(NAMED_KEPT - 1) :]
    await prompts.set_data({**dict(newest), str(prompt_id): name})


async def _name_given_to(message: Message, state: FSMContext) -> str | None:
    """The name a naming prompt was given, for a reply to it; None: not one answered."""
    replied = message.reply_to_message
    if replied is None:
        return None
    name = await _named_prompts(state, message.chat.id).get_value(str(replied.message_id))
    return name if isinstance(name, str) else None


async def answered_prompt(message: Message, state: FSMContext) -> bool:
    """A reply to a naming prompt already answered."""
    return await _name_given_to(message, state) is not None


async def late_name(message: Message, state: FSMContext) -> None:
    """A name typed as a reply to a prompt already answered: named already, and where to
    rename (it went unanswered: findings21 12)."""
    named = await _name_given_to(message, state)
    if named is not None:
        await message.answer(texts.whois_prompt_named(named))


async def _asked_in(
    message: Message, organizers: Organizers, data: dict[str, Any]
) -> ClaimGroup | None:
    """The group a name is typed for, while this chat is still its admin chat."""
    group_id = data.get("group")
    group = await organizers.group(UUID(group_id)) if group_id else None
    return group if group is not None and group.admin_chat_id == message.chat.id else None


async def cancel_in_admin_chat(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(texts.naming_cancelled())


# ----- /unclaimed -----------------------------------------------------------------------


async def unclaimed_command(message: Message, **data: Any) -> None:
    await run_for_group(message, "unclaimed", data)


@for_chosen_group("unclaimed")
async def show_unclaimed(
    message: Message, shown: GroupView, user_id: int, data: dict[str, Any]
) -> None:
    organizers: Organizers = data["organizers"]
    if not await organizers.may_moderate(shown, user_id):
        await message.answer(texts.whois_not_organizer())
        return
    naming: Naming = data["naming"]
    text, markup = await _unclaimed_listing(naming, shown)
    sent = await message.answer(text, reply_markup=markup)
    await naming.list_shown(shown.id, sent.chat.id, sent.message_id)


async def _unclaimed_listing(
    naming: Naming, group: ListedGroup
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The /unclaimed list as it is now, with a row of buttons per child."""
    text, rows = await naming.listing(group)
    markup = [[inline_button(button) for button in row] for row in rows]
    return text, InlineKeyboardMarkup(inline_keyboard=markup) if markup else None


async def _refresh_listing(
    bot: Bot, naming: Naming, group: ClaimGroup, chat_id: int, message_id: int
) -> None:
    """A /unclaimed list says what is true now (a link made, revoked, a child renamed or
    deleted), not what was true when it was sent: the one pressed, and every other list of
    the group kept shown."""
    await redraw_unclaimed(bot, naming, group, also=(chat_id, message_id))


async def redraw_unclaimed(
    bot: Bot, naming: Naming, group: ListedGroup, *, also: tuple[int, int] | None = None
) -> None:
    """Every /unclaimed list of the group kept shown (and ``also``) is drawn again as the
    list is now, in its chat's language (findings19 13: after a claim was approved one
    kept "a link is out" and four buttons that only refused)."""
    shown = await naming.lists_shown(group.id)
    for chat_id, message_id in dict.fromkeys([*shown, *([also] if also else [])]):
        async with speaking_to(chat_id):
            text, markup = await _unclaimed_listing(naming, group)
        with suppress(TelegramBadRequest):  # unchanged, or deleted meanwhile
            await bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            )


async def redraw_unclaimed_of_claim(bot: Bot, naming: Naming, claim_id: UUID) -> None:
    """The /unclaimed lists of the claim's group, after a parent answered its link."""
    group = await naming.group_of_claim(claim_id)
    if group is not None:
        await redraw_unclaimed(bot, naming, group)


async def unclaimed_pressed(
    query: CallbackQuery,
    callback_data: UnclaimedData,
    organizers: Organizers,
    naming: Naming,
    claim_links: ClaimLinks,
    state: FSMContext,
    bot: Bot,
    admin_linking: AdminChatLinking,
) -> None:
    person_id = expand(callback_data.person)
    claim = await naming.claim_of(person_id) if person_id else None
    message = pressed_message(query)
    if claim is None:
        # Deleted (a claim rejected, or deleted from another list): said without a name,
        # and the list, when it is the admin chat of one group, as it is now.
        if message is not None and await naming.was_admin_chat(message.chat.id):
            only = await naming.admin_chat_group(message.chat.id)
            if only is None:
                await answer(query, texts.unclaimed_gone(), alert=True)
                return
            if await _organizers_group(query, only, organizers) is None:
                return  # refused, and said why
            await answer(query, texts.unclaimed_no_longer(), alert=True)
            await _refresh_listing(bot, naming, only, message.chat.id, message.message_id)
        else:
            await answer(query, languages_texts.button_expired())
        return
    group = claim.group
    message = await _organizers_group(query, group, organizers)
    if message is None or person_id is None:
        return
    if not claim.person_unclaimed:
        # Claimed since the list was sent (findings16 8: it kept "the claim waits for your
        # decision" and a Delete that refused): the popup says so, the list is as it is now.
        await answer(query, texts.unclaimed_claimed(claim.name), alert=True)
        await _refresh_listing(bot, naming, group, message.chat.id, message.message_id)
        return
    actor = _actor(query.from_user.id, query.from_user.full_name)
    if callback_data.act in ("l", "r", "n") and claim_waits(claim):
        # An older list's button, or a claim made since it was sent: the list says so now.
        await answer(query, texts.unclaimed_claim_waits(claim.name), alert=True)
        await _refresh_listing(bot, naming, group, message.chat.id, message.message_id)
        return
    if callback_data.act == "l":
        # Checked first: a link made for nowhere would end the one that is out.
        if not await _can_write_to(bot, query.from_user.id):
            await answer(query, texts.unclaimed_start_me_first(), alert=True)
            return
        name, link = await naming.new_link(group, person_id, actor)
        if link is None:
            await answer(query, texts.unclaimed_gone(), alert=True)
            return
        await answer(query)
        await claim_links.spent(claim.id, used=False)  # the link it replaces
        await _hand_link(
            bot, message, naming, actor, name, group, link, claim_links, claim.id, admin_linking
        )
    elif callback_data.act == "r":
        name, revoked = await naming.revoke(group, person_id, actor)
        if revoked is None:
            await answer(query, texts.unclaimed_gone(), alert=True)
            return
        if not revoked:  # an older list's button: a popup, and the list as it is now
            await answer(query, texts.unclaimed_no_link(name), alert=True)
            await _refresh_listing(bot, naming, group, message.chat.id, message.message_id)
            return
        await answer(query)
        await claim_links.spent(claim.id, used=False)
        await message.answer(texts.unclaimed_revoked(name))
    elif callback_data.act == "n":
        current = await naming.unclaimed_name(person_id)
        if current is None:  # a popup, as the other buttons' (findings19 13: a message)
            await answer(query, texts.unclaimed_gone(), alert=True)
            await _refresh_listing(bot, naming, group, message.chat.id, message.message_id)
            return
        await answer(query)
        await state.set_state(RenameUnclaimed.name)
        await state.set_data(
            {"group": str(group.id), "person": str(person_id), "listing": message.message_id}
        )
        await message.answer(texts.unclaimed_ask_rename(current))
        return
    elif callback_data.act == "d":
        # Told before the claim goes with its child (and where its link was handed).
        await claim_links.spent(claim.id, used=False)
        deleted = await naming.delete(group, person_id, actor)
        if deleted is None:
            await answer(query, texts.unclaimed_gone(), alert=True)
            return
        await answer(query)
        await message.answer(texts.unclaimed_deleted(deleted))
    else:
        await answer(query, languages_texts.button_expired())
        return
    await _refresh_listing(bot, naming, group, message.chat.id, message.message_id)


async def rename_given(
    message: Message, state: FSMContext, naming: Naming, organizers: Organizers, bot: Bot
) -> None:
    data = await state.get_data()
    group = await _asked_in(message, organizers, data)
    user = message.from_user
    if group is None or user is None or not data.get("person"):
        await state.clear()
        return
    if not group.is_active or not await organizers.may_moderate(group, user.id):
        await state.clear()
        await message.answer(texts.whois_not_organizer())
        return
    checked = check_name(message.text or "")
    if checked.name is None:
        await message.answer(enrollment_texts.bad_name(checked.problem, checked.length))
        return
    same = await naming.look_alike(group, checked.name, besides=UUID(data["person"]))
    if same is not None:  # asked again, in the same conversation
        await message.answer(texts.unclaimed_name_looks_like(checked.name, same))
        return
    old, new = await naming.rename(
        group, UUID(data["person"]), checked.name, _actor(user.id, user.full_name)
    )
    await state.clear()
    await message.answer(texts.unclaimed_renamed(old, new) if new else texts.unclaimed_gone())
    if data.get("listing"):
        await _refresh_listing(bot, naming, group, message.chat.id, int(data["listing"]))


# ----- the parent: /start clm_<code> ----------------------------------------------------


async def start_with_claim(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    claims: Claims,
    onboarding: Onboarding,
) -> None:
    assert message.from_user is not None
    opened = await claims.open(command.args or "", message.from_user.id)
    refusals = {
        LinkState.INVALID: texts.claim_invalid(),
        LinkState.EXPIRED: texts.claim_expired(opened.group),
        LinkState.USED: texts.claim_used(),
        LinkState.YOURS: texts.claim_yours(opened.name),
        LinkState.WAITING: texts.claim_still_waiting(opened.name, opened.group),
        LinkState.NAMER: texts.claim_namer(opened.name),
        LinkState.GROUP_GONE: texts.claim_group_gone(opened.group),
    }
    if opened.state != LinkState.OPEN:
        await message.answer(refusals[opened.state])
        return
    agreed_before = await onboarding.agreed(message.from_user.id)
    await state.set_state(ClaimChild.consent)
    await state.set_data(
        {
            "claim": str(opened.claim_id),
            "hash": opened.code_hash,
            # What the offer said, for saying "You agreed on ..." in it once agreed.
            "offer": [opened.group, agreed_before, opened.retention_days],
        }
    )
    await message.answer(
        texts.claim_offer(opened.group, agreed_before, opened.retention_days),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=texts.claim_agree(), callback_data=ClaimData(act="a").pack()
                    ),
                    InlineKeyboardButton(
                        text=texts.claim_not_now(), callback_data=ClaimData(act="x").pack()
                    ),
                ],
                details_row(),
            ]
        ),
    )


# Refused before the opener's consent was recorded (``Claims.agree``).
_NOT_AGREED = (
    ClaimOutcome.INVALID,
    ClaimOutcome.NAMER,
    ClaimOutcome.GROUP_GONE,
    ClaimOutcome.BANNED,
    ClaimOutcome.NOT_A_MEMBER,
)


async def claim_pressed(
    query: CallbackQuery,
    callback_data: ClaimData,
    state: FSMContext,
    claims: Claims,
    approvals: Approvals,
    claim_links: ClaimLinks,
    bot: Bot,
    naming: Naming,
    notices: Notices,
) -> None:
    """Read from the presser's own conversation: a button replayed by anyone else (or
    pressed again) finds no claim there and does nothing."""
    current = await state.get_state()
    data = await state.get_data()
    act = callback_data.act
    expected = ClaimChild.consent.state if act in ("a", "x") else ClaimChild.question.state
    if act == "i" and current == expected and callback_data.person not in data.get("own", []):
        # "It's my …" naming a person this sheet did not offer her (a forged button:
        # another family's child): refused, the sheet and its answers as they were.
        await answer(query, texts.claim_not_yours(), alert=True)
        return
    await drop_buttons(query)
    if current != expected or not data.get("claim") or act not in ("a", "x", "y", "s", "n", "i"):
        # A second tap after her yes, or the sheet's "No" pressed after it (findings16 7:
        # it said the link was revoked): her claim is stored; it says where it stands.
        answered = (
            await claims.answered_by(UUID(data["answered"]), query.from_user.id)
            if current is None and data.get("answered") and act in ("y", "s", "n", "i")
            else None
        )
        await answer(query, _answered_already(answered), alert=True)
        return
    await answer(query)
    await state.clear()
    claim_id, code_hash = UUID(data["claim"]), str(data.get("hash", ""))
    if act == "x":
        await bot.send_message(query.from_user.id, texts.claim_cancelled())
    elif act == "a":
        await _agreed(query, state, claims, bot, notices, claim_id, code_hash, data.get("offer"))
    else:
        shown = [UUID(face) for face in data.get("faces", [])]
        into = UUID(callback_data.person) if act == "i" else None
        await _answered(
            query,
            state,
            claims,
            approvals,
            claim_links,
            bot,
            claim_id,
            code_hash,
            shown,
            act,
            into,
        )
        # The group's /unclaimed lists say the claim waits (or the link is spent).
        await redraw_unclaimed_of_claim(bot, naming, claim_id)


async def _agreed(
    query: CallbackQuery,
    state: FSMContext,
    claims: Claims,
    bot: Bot,
    notices: Notices,
    claim_id: UUID,
    code_hash: str,
    offer: Any,
) -> None:
    """The opener agreed to the claim's terms: the sheet of the faces, "Is this your
    child?", or why not."""
    chat = query.from_user.id
    agreed = await claims.agree(claim_id, code_hash, telegram_user(query.from_user))
    if agreed.outcome not in _NOT_AGREED:  # agreeing to the claim was agreeing to the terms
        await mark_agreed(bot, state, chat)
        agreed_on = await _offer_agreed(query, offer)
        where = pressed_message(query)
        if agreed_on is not None and where is not None and agreed.group_id is not None:
            # It states the group's keep: a change of it redraws it (findings21 15).
            title, before, days = offer
            await stated_keep(
                state,
                CLAIMED,
                where,
                str(title),
                days,
                agreed.group_id,
                bool(before),
                agreed_on.isoformat(),
            )
    elif agreed.outcome == ClaimOutcome.NOT_A_MEMBER:
        # Consent is kept with a membership, and an outsider has none: not kept, and the
        # consent says so rather than look undecided.
        await _offer_agreed(query, offer, outsider=True)
    sheet = agreed.sheet
    if agreed.outcome != ClaimOutcome.CLAIMED or sheet is None:
        refused = await bot.send_message(chat, _refusal(agreed.outcome, agreed.name, agreed.group))
        if agreed.outcome == ClaimOutcome.BANNED and agreed.group_id is not None:
            # "The organizers have stopped…": made true at the unban, or their /forget, as
            # a link to the group refused while banned is (issue 32).
            await notices.banned(chat, refused.message_id, agreed.group_id)
        return
    await state.set_state(ClaimChild.question)
    await state.set_data(
        {
            "claim": str(claim_id),
            "hash": code_hash,
            "faces": [str(f) for f in sheet.face_ids],
            # The children of her own offered ("Yes, it's my Itai"): no other is taken.
            "own": [str(person) for person, _ in agreed.own],
        }
    )
    answers = [(texts.claim_yes(), "y"), (texts.claim_some(), "s"), (texts.claim_no(), "n")]
    mine = [
        [
            InlineKeyboardButton(
                text=texts.claim_mine(name),
                callback_data=ClaimData(act="i", person=str(person)).pack(),
            )
        ]
        for person, name in agreed.own
    ]
    recorded = None
    if agreed.group_id is not None:  # recorded first, as a /whois sheet is
        recorded = await claims.sheets.record(agreed.group_id, chat, sheet.face_ids, claim_id)
    posted = await bot.send_photo(
        chat,
        BufferedInputFile(sheet.image, "faces.jpg"),
        caption=_question(agreed.name, agreed.group, len(sheet.face_ids), bool(agreed.own)),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(text=text, callback_data=ClaimData(act=act).pack())
                    for text, act in answers
                ],
                *mine,
            ]
        ),
    )
    if recorded is not None:
        await claims.sheets.posted(recorded, posted.message_id)


def _question(name: str, group_title: str, faces: int, own: bool) -> str:
    """The claim's question; ``own``: it offers her own children too (their buttons)."""
    question = texts.claim_question(name, group_title, faces)
    return f"{question}\n\n{texts.claim_own_hint()}" if own else question


async def _answered(
    query: CallbackQuery,
    state: FSMContext,
    claims: Claims,
    approvals: Approvals,
    claim_links: ClaimLinks,
    bot: Bot,
    claim_id: UUID,
    code_hash: str,
    shown: list[UUID],
    act: str,
    into: UUID | None = None,
) -> None:
    """ "Is this your child?" answered: yes (or "some are", or "it's my Itai": ``into``)
    waits for the organizers, no tells them; the link works once either way."""
    chat = query.from_user.id
    result = await claims.answer(
        claim_id,
        code_hash,
        shown,
        telegram_user(query.from_user),
        yes=act in ("y", "s", "i"),
        one_by_one=act == "s",
        into=into,
    )
    if result.outcome in (ClaimOutcome.WAITING, ClaimOutcome.DECLINED):
        await claim_links.spent(claim_id, used=True)  # it works once
    if result.outcome != ClaimOutcome.WAITING:
        # The faces' crops stay in this chat only for a claim the organizers now check.
        await claims.drop_sheet(claim_id, chat)
    match result.outcome:
        case ClaimOutcome.WAITING:
            # A second tap of the same sheet reads which claim it answered.
            await state.set_data({"answered": str(claim_id)})
            # The question says what was answered (its buttons are gone).
            said = (
                texts.claim_some()
                if act == "s"
                else texts.claim_mine(result.name)
                if result.into
                else texts.claim_yes()
            )
            asked = pressed_message(query)
            if asked is not None:
                with suppress(TelegramAPIError):
                    await asked.edit_caption(
                        caption=texts.claim_question_answered(
                            result.named or result.name, result.group, len(shown), said
                        ),
                        reply_markup=None,
                    )
            waiting = texts.claim_waiting_into if result.into else texts.claim_waiting
            told = await bot.send_message(
                chat,
                waiting(
                    result.name,
                    result.group,
                    act == "s",
                    result.photos,
                    result.clips,
                    result.kept,
                    result.kept_clips,
                ),
            )
            if result.approval_id is not None:
                # Redrawn at the organizers' decision (walkhe4 10).
                await approvals.claim_waits(result.approval_id, chat, told.message_id)
                await approvals.announce([result.approval_id], tell=False)
        case ClaimOutcome.DECLINED:
            await bot.send_message(chat, texts.claim_declined(result.name))
            if result.admin_chat_id is not None:
                with suppress(TelegramAPIError):  # the bot may have left the admin chat
                    await bot.send_message(
                        result.admin_chat_id,
                        texts.claim_declined_for_organizers(result.name, result.group),
                    )
        case _:
            await bot.send_message(chat, _refusal(result.outcome, result.name, result.group))


async def _offer_agreed(
    query: CallbackQuery, offer: Any, *, outsider: bool = False
) -> datetime | None:
    """The claim's consent agreed to: it says so where it asked (the details stay);
    ``outsider``: by one who is no member of the group, that it waits for them to join.
    When it says they agreed (None: it does not)."""
    message = pressed_message(query)
    if message is None or not isinstance(offer, list) or len(offer) != 3:
        return None
    title, agreed_before, days = offer
    now = datetime.now(UTC)
    with suppress(TelegramAPIError):  # deleted by the user meanwhile
        await message.edit_text(
            texts.claim_offer(
                str(title),
                bool(agreed_before),
                days,
                agreed_on=None if outsider else now,
                outsider=outsider,
            ),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[details_row()]),
        )
    return None if outsider else now


def _answered_already(answered: AnsweredClaim | None) -> str:
    if answered is None:
        return texts.claim_invalid()
    if answered.approved:
        return texts.claim_answered_approved(answered.name, answered.group)
    return texts.claim_answered_waiting(answered.group)


def _refusal(outcome: ClaimOutcome, name: str, group_title: str) -> str:
    match outcome:
        case ClaimOutcome.NOT_A_MEMBER:
            return f"{onboarding_texts.not_a_member(group_title)}"
        case ClaimOutcome.BANNED:
            return texts.claim_banned(group_title)
        case ClaimOutcome.NAMER:
            return texts.claim_namer(name)
        case ClaimOutcome.NOTHING_LEFT:
            return texts.claim_nothing_left()
        case ClaimOutcome.GROUP_GONE:
            return texts.claim_group_gone(group_title)
        case ClaimOutcome.USED:
            return texts.claim_used()
        case ClaimOutcome.NOT_YOURS:
            return texts.claim_not_yours()
    return texts.claim_invalid()


def router() -> Router:
    routes = Router(name="claims")
    private = F.chat.type == ChatType.PRIVATE
    in_groups = F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP})
    routes.message.register(
        start_with_claim,
        private,
        CommandStart(deep_link=True, magic=F.args.startswith(CLAIM_PREFIX)),
    )
    routes.message.register(whois_command, in_groups, Command("whois"))
    routes.message.register(unclaimed_command, in_groups, Command("unclaimed"))
    routes.message.register(
        cancel_in_admin_chat,
        in_groups,
        Command("cancel"),
        NameCluster.name,
    )
    routes.message.register(
        cancel_in_admin_chat, in_groups, Command("cancel"), RenameUnclaimed.name
    )
    routes.message.register(name_given, in_groups, NameCluster.name, F.text)
    routes.message.register(rename_given, in_groups, RenameUnclaimed.name, F.text)
    routes.message.register(
        late_name, in_groups, StateFilter(None), F.text, F.reply_to_message, answered_prompt
    )
    routes.callback_query.register(whois_pressed, WhoisData.filter(), F.message)
    routes.callback_query.register(unclaimed_pressed, UnclaimedData.filter(), F.message)
    routes.callback_query.register(claim_pressed, ClaimData.filter())
    return routes
