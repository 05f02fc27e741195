"""The /settings cards in participants' private chats: what each says, and every card kept
track of (``domain.persons.shown``) redrawn as the settings are now, so none says an old
value: after a press on one, a /language choice, or a time zone change of a group of the
reader (its "once a day, at 20:00 (Jerusalem)": walk34 5)."""

from __future__ import annotations

from collections.abc import Collection

from domain.corrections import texts as corrections_texts
from domain.corrections.batches import EVERY_CHOICES
from domain.delivery import texts
from domain.languages.chats import speaking_to
from domain.onboarding.service import Onboarding
from domain.persons.shown import ShownCards
from domain.states import QuestionMode
from domain.telegram import Button, ChooseQuestionMode, Edit, Messenger, ToggleOwnPhotos

# (mode, N) as the buttons offer them: as they come, once a day, every 5, every 10.
CHOICES: list[tuple[QuestionMode, int]] = [
    (QuestionMode.EACH, 0),
    (QuestionMode.DAILY, 0),
    *((QuestionMode.EVERY, n) for n in EVERY_CHOICES),
]


def card_buttons(
    own_photos: bool, mode: QuestionMode = QuestionMode.EACH, every: int = 5
) -> list[list[Button]]:
    """The own-photos toggle (pressing it sets the opposite of what it shows) and a row of
    the ways questions may arrive, the current one ticked."""
    toggle = ToggleOwnPhotos(not own_photos, texts.own_photos_button(own_photos))
    modes: list[Button] = [
        ChooseQuestionMode(
            choice.value,
            n,
            corrections_texts.question_mode_button(
                choice.value, n, choice == mode and (choice != QuestionMode.EVERY or n == every)
            ),
        )
        for choice, n in CHOICES
    ]
    return [[toggle], modes[:2], modes[2:]]


def card_text(own: bool, mode: QuestionMode, every: int, hour: int, a_day: int) -> str:
    """A settings card's words, in the language and time zone of the context."""
    questions = corrections_texts.question_mode_text(mode.value, every, hour, a_day)
    return f"{texts.settings_text(own)}\n\n{questions}"


class SettingsCards:
    """The settings cards shown in private chats, each kept saying the settings as now."""

    def __init__(
        self,
        onboarding: Onboarding,
        shown: ShownCards,
        messenger: Messenger,
        *,
        hour: int,
        a_day: int,
    ) -> None:
        self._onboarding = onboarding
        self._shown = shown
        self._messenger = messenger
        self.hour = hour  # UTC: when the once-a-day questions go
        self.a_day = a_day

    async def card(self, user_id: int) -> tuple[str, list[list[Button]]]:
        """The card the user reads now (the defaults for one I hold nothing about), in the
        language and time zone of the context."""
        held = await self._onboarding.settings_of(user_id)
        own, mode, every = held.receive_own_photos, held.question_mode, held.questions_every
        return card_text(own, mode, every, self.hour, self.a_day), card_buttons(own, mode, every)

    async def show(self, chat_id: int, pressed: int | None = None) -> None:
        """Every settings card in the user's private chat (and ``pressed``, one not kept
        track of), as the settings are now, in the language and zone of the context."""
        text, buttons = await self.card(chat_id)
        cards = {s.message_id for s in await self._shown.settings_in(chat_id)}
        if pressed is not None:
            cards.add(pressed)
        for message_id in sorted(cards):
            # Unchanged is no edit; a card deleted by hand is no longer kept track of.
            edit = await self._messenger.replace_text(chat_id, message_id, text, buttons)
            if edit == Edit.GONE:
                await self._shown.forget(chat_id, message_id)

    async def in_their_zone(self, chat_ids: Collection[int]) -> None:
        """A group's time zone changed: the settings cards of its members (``chat_ids``)
        write the hour of their questions in the zone of each reader's chat now, in their
        language."""
        for chat_id in chat_ids:
            async with speaking_to(chat_id):
                await self.show(chat_id)
