"""Buttons that change something (``domain.buttons``) over their store in memory
(``tests/fakes/buttons.py``): each acts once, only for whom and where it was shown, and
only while what it was shown for is unchanged."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from domain.buttons import Action, Buttons, Refusal
from tests.fakes.buttons import MemoryButtonStore

ANN, BEA = 11, 12  # Telegram user ids (their private chats have the same ids)
ADMIN_CHAT = -500


class World:
    """Ann, guardian of Alice; Bea, who has nothing to do with her."""

    def __init__(self) -> None:
        self.store = MemoryButtonStore()
        self.buttons = Buttons(self.store)
        self.ann = self.store.participant(ANN)
        self.bea = self.store.participant(BEA)
        self.alice = uuid4()
        self.store.persons[self.alice] = "active|Alice"
        self.store.guardians[(self.alice, self.ann.id)] = "owner"


async def test_a_button_acts_once_for_whom_and_where_it_was_shown() -> None:
    world = World()
    token = await world.buttons.issue(ANN, ANN, Action.DELETE_PERSON, world.alice)
    assert (await world.buttons.press(token, BEA, ANN)).refusal == Refusal.NOT_YOURS
    assert (await world.buttons.press(token, ANN, BEA)).refusal == Refusal.OTHER_CHAT
    pressed = await world.buttons.press(token, ANN, ANN)
    assert (pressed.refusal, pressed.action, pressed.subject) == (
        None,
        Action.DELETE_PERSON,
        world.alice,
    )
    assert (await world.buttons.press(token, ANN, ANN)).refusal == Refusal.EXPIRED
    issued = await world.buttons.look(token)
    assert issued is not None and issued.used and not issued.too_old


async def test_no_button_for_someone_facedrop_does_not_know() -> None:
    assert await World().buttons.issue(99, 99, Action.FORGET_ME) is None


async def test_pressed_twice_at_once_it_acts_once() -> None:
    world = World()
    token = await world.buttons.issue(ANN, ANN, Action.FORGET_FACES, world.alice)
    assert token is not None
    # The other press took the lock first and spent it.
    world.store.meanwhile.append(
        lambda: world.store.tokens.__setitem__(token, replace(world.store.tokens[token], used=True))
    )
    assert (await world.buttons.press(token, ANN, ANN)).refusal == Refusal.EXPIRED


async def test_a_button_expires_once_what_it_was_shown_for_changed() -> None:
    world = World()
    delete = await world.buttons.issue(ANN, ANN, Action.DELETE_PERSON, world.alice)
    ben = uuid4()
    world.store.persons[ben] = "active|Ben"
    world.store.guardians[(ben, world.ann.id)] = "owner"
    merge = await world.buttons.issue(ANN, ANN, Action.MERGE, world.alice, drop=ben)
    forget_me = await world.buttons.issue(ANN, ANN, Action.FORGET_ME)
    # Alice renamed; Bea made a guardian of Ben; Ann joined another group.
    world.store.persons[world.alice] = "active|Alicia"
    world.store.guardians[(ben, world.bea.id)] = "co_guardian"
    world.store.accounts[world.ann.id] = ["membership in Class 2B"]
    for token in (delete, merge, forget_me):
        assert (await world.buttons.press(token, ANN, ANN)).refusal == Refusal.EXPIRED
    still = await world.buttons.issue(ANN, ANN, Action.DELETE_PERSON, world.alice)
    assert (await world.buttons.press(still, ANN, ANN)).refusal is None


async def test_an_undo_expires_once_undone_and_its_persons_keep_it_true() -> None:
    world = World()
    event = uuid4()
    world.store.events[event] = (False, world.alice, None)
    undo = await world.buttons.issue(ANN, ANN, Action.UNDO, event)
    world.store.events[event] = (True, world.alice, None)  # undone meanwhile
    assert (await world.buttons.press(undo, ANN, ANN)).refusal == Refusal.EXPIRED
    world.store.events[event] = (False, world.alice, None)
    undo = await world.buttons.issue(ANN, ANN, Action.UNDO, event)
    del world.store.guardians[(world.alice, world.ann.id)]  # Ann is no longer her guardian
    assert (await world.buttons.press(undo, ANN, ANN)).refusal == Refusal.EXPIRED


async def test_an_anonymous_organizer_s_takedown_is_any_organizer_s_until_taken_down() -> None:
    world = World()
    photo = uuid4()
    world.store.photos[photo] = False
    shown = await world.buttons.issue_to(None, ADMIN_CHAT, Action.TAKEDOWN, photo)
    bound = await world.buttons.issue_to(BEA, ADMIN_CHAT, Action.TAKEDOWN, photo)
    assert await world.buttons.peek(shown) == (Action.TAKEDOWN, photo)
    assert (await world.buttons.press(bound, ANN, ADMIN_CHAT)).refusal == Refusal.NOT_YOURS
    world.store.photos[photo] = True  # taken down by someone else meanwhile
    assert (await world.buttons.press(shown, ANN, ADMIN_CHAT)).refusal == Refusal.EXPIRED
    assert (await world.buttons.press(bound, BEA, ADMIN_CHAT)).refusal == Refusal.EXPIRED


async def test_buttons_pressed_or_expired_long_ago_are_forgotten() -> None:
    world = World()
    old = await world.buttons.issue(ANN, ANN, Action.FORGET_ME)
    fresh = await world.buttons.issue(ANN, ANN, Action.FORGET_ME)
    pressed = await world.buttons.issue(ANN, ANN, Action.DELETE_PERSON, world.alice)
    assert old is not None and fresh is not None and pressed is not None
    await world.buttons.press(pressed, ANN, ANN)
    world.store.tokens[old] = replace(
        world.store.tokens[old], expires_at=datetime.now(UTC) - timedelta(days=8)
    )
    assert await world.buttons.tidy() == 1
    assert await world.buttons.look(old) is None
    assert await world.buttons.tidy(datetime.now(UTC) + timedelta(days=7, hours=1)) == 1  # pressed
    assert await world.buttons.look(fresh) is not None
    assert await world.buttons.peek(fresh) == (Action.FORGET_ME, None)
