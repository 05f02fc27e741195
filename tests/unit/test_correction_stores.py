"""The corrections' rules over their store, in memory (``tests/fakes/corrections.py``),
without Postgres or Telegram: a question expires, its crop kept while anything still needs
it, the next family asked only after a "no" that leaves the face open, a guardian's
questions gathered on sheets and sent when due, a question asked at once or on a sheet,
siblings asked once."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from uuid import UUID, uuid4

import pytest
from PIL import Image

from domain.blobs import BlobStore
from domain.corrections import next_family
from domain.corrections.batches import SHEET_MAX, QuestionBatches, asked_today, gather
from domain.corrections.crops import drop_crop
from domain.corrections.expiry import QuestionExpiry
from domain.corrections.questions import ASKING_FOR, SuggestionSender
from domain.errors import BlobNotFound
from domain.infra.face_crops import PillowFaceCrops
from domain.infra.local_blobs import LocalBlobStore
from domain.languages.markup import plain
from domain.states import OfferStatus, PersonStatus, QuestionMode, SuggestionStatus
from domain.telegram import Messenger, TelegramUnavailable
from tests.fakes.corrections import MemoryCorrectionStore, MemoryQuestionChats
from tests.fakes.recognition import MemoryJobQueue

GROUP = uuid4()
ALICE, BOB = uuid4(), uuid4()
ANN, BEN = 501, 502  # Alice's mother and father
TODAY = date(2026, 11, 25)


class World:
    """A group's photo with a face nobody holds, its crop kept for the questions."""

    def __init__(self, tmp_path: Path) -> None:
        self.store = MemoryCorrectionStore()
        self.blobs: BlobStore = LocalBlobStore(tmp_path)
        self.chats = MemoryQuestionChats()
        self.languages: dict[int, str] = {}  # chat: its language, English if not here
        self.face = self.store.face(GROUP, TODAY, crop_key=f"crops/{uuid4()}.jpg")

    async def crop_kept(self) -> bool:
        key = self.store.faces[self.face].crop_key
        if key is None:
            return False
        try:
            await self.blobs.get(key)
        except BlobNotFound:
            return False
        return True

    async def with_crop(self) -> World:
        key = self.store.faces[self.face].crop_key
        assert key is not None
        await self.blobs.put(key, b"crop")
        return self

    def expiry(self) -> QuestionExpiry:
        return QuestionExpiry(
            cast(Messenger, self.chats),
            self.blobs,
            self.store,
            after=timedelta(days=14),
            language_of=self._language_of,
        )

    async def _language_of(self, chat_id: int) -> str:
        return self.languages.get(chat_id, "en")


@pytest.fixture
async def world(tmp_path: Path) -> World:
    return await World(tmp_path).with_crop()


def _days_ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


# A question expires


async def test_a_question_nobody_answered_in_time_expires_blanked_in_every_chat(
    world: World,
) -> None:
    world.languages[BEN] = "he"
    asked = world.store.question(
        world.face, ALICE, notified_at=_days_ago(15), sent_to=[(ANN, 11), (BEN, 12)]
    )
    expired = await world.expiry().run()
    assert (expired.questions, expired.messages) == (1, 2)
    assert world.store.questions[asked].status == SuggestionStatus.EXPIRED
    [(ann, at_ann, told_ann), (ben, at_ben, told_ben)] = world.chats.blanked
    assert (ann, at_ann, ben, at_ben) == (ANN, 11, BEN, 12)
    assert "nobody answered it within 14 days" in told_ann
    assert told_ben != told_ann  # in Ben's language
    assert not await world.crop_kept()  # nothing asks about the face any more
    again = await world.expiry().run()
    assert (again.questions, again.messages, len(world.chats.blanked)) == (0, 0, 2)


async def test_a_question_still_in_its_time_or_answered_first_is_left_as_it_is(
    world: World,
) -> None:
    recent = world.store.question(world.face, ALICE, notified_at=_days_ago(13), sent_to=[(ANN, 11)])
    answered = world.store.question(
        world.face,
        BOB,
        status=SuggestionStatus.ACCEPTED,
        notified_at=_days_ago(20),
        sent_to=[(ANN, 12)],
    )
    never_asked = world.store.question(world.face, uuid4())  # its person paused: not asked
    expired = await world.expiry().run()
    assert (expired.questions, expired.messages) == (0, 0)
    assert world.chats.blanked == []
    assert world.store.questions[recent].status == SuggestionStatus.PENDING
    assert world.store.questions[answered].status == SuggestionStatus.ACCEPTED
    assert world.store.questions[never_asked].status == SuggestionStatus.PENDING
    assert await world.crop_kept()


async def test_a_chat_that_refuses_the_blanking_does_not_count_but_the_question_expires(
    world: World,
) -> None:
    world.chats.refused.add((ANN, 11))
    asked = world.store.question(
        world.face, ALICE, notified_at=_days_ago(15), sent_to=[(ANN, 11), (BEN, 12)]
    )
    expired = await world.expiry().run()
    assert (expired.questions, expired.messages) == (1, 1)
    assert world.store.questions[asked].status == SuggestionStatus.EXPIRED


# The crop: kept while a question needs it


async def test_a_face_s_crop_stays_while_a_question_about_it_is_open_or_owed(
    world: World,
) -> None:
    open_ = world.store.question(world.face, ALICE)
    await drop_crop(world.blobs, world.store, world.face)
    assert await world.crop_kept()
    world.store.questions[open_].status = SuggestionStatus.REJECTED
    await world.store.ask_next_family(world.face)
    await drop_crop(world.blobs, world.store, world.face)
    assert await world.crop_kept()  # the next family will be shown it
    await world.store.mark_done(await world.store.asked(world.face))
    await drop_crop(world.blobs, world.store, world.face)
    assert not await world.crop_kept()
    assert world.store.faces[world.face].crop_key is None


# The next family: asked once, after a "no" that leaves the face open


async def _no(store: MemoryCorrectionStore, question: UUID) -> bool:
    """A guardian's "no" to the question, as the answer records it."""
    asked = store.questions[question]
    asked.status = SuggestionStatus.REJECTED
    return await next_family.ask(store, asked.face_id, paired=asked.pair_id is not None)


async def test_a_no_asks_the_next_family_once_when_no_other_question_is_open(
    world: World,
) -> None:
    first = world.store.question(world.face, ALICE)
    assert await _no(world.store, first)
    assert len(await world.store.asked(world.face)) == 1
    await world.store.mark_done(await world.store.asked(world.face))
    second = world.store.question(world.face, BOB)  # the next family's question
    assert not await _no(world.store, second)  # a face brings two questions at most
    assert await world.store.asked(world.face) == []


async def test_no_next_family_while_another_question_is_open_or_after_a_sibling_question(
    world: World,
) -> None:
    first = world.store.question(world.face, ALICE)
    world.store.question(world.face, BOB)  # still open
    assert not await _no(world.store, first)
    another = world.store.face(GROUP, TODAY)
    sibling = world.store.question(another, ALICE, pair_id=uuid4())
    assert not await _no(world.store, sibling)  # "Alice or Ally?": answered for both
    assert await world.store.asked(world.face) == []
    assert await world.store.asked(another) == []


# Questions on sheets: gathered, counted, sent when due


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 150, 120)).save(out, "JPEG")
    return out.getvalue()


class Sheets:
    """Ann, Alice's mother, who gets her questions "every 5" on sheets, in a group."""

    def __init__(self, world: World, mode: QuestionMode = QuestionMode.EVERY) -> None:
        self.world, self.store = world, world.store
        self.ann = self.store.guardian(ANN, mode, every=5)
        self.alice = self.store.child("Alice", self.ann)
        self.batches = QuestionBatches(
            cast(Messenger, world.chats),
            world.blobs,
            MemoryJobQueue(),
            self.store,
            pictures=PillowFaceCrops(),
            hour=18,
        )

    async def asked(self, count: int) -> list[UUID]:
        """``count`` new faces asked about Alice, each gathered on Ann's sheet."""
        faces = []
        for _ in range(count):
            face = self.store.face(GROUP, TODAY, crop_key=f"crops/{uuid4()}.jpg")
            await self.world.blobs.put(self.store.faces[face].crop_key or "", _jpeg())
            self.store.question(face, self.alice, notified_at=datetime.now(UTC))
            await gather(self.store, self.ann.id, (face, self.alice, 0.61234), GROUP)
            faces.append(face)
        return faces


async def test_questions_gather_on_sheets_of_ten_and_a_retry_adds_nothing(world: World) -> None:
    sheets = Sheets(world)
    faces = await sheets.asked(11)
    retried = (faces[-1], sheets.alice, 0.6)  # the last question's job, run again
    assert await gather(world.store, sheets.ann.id, retried, GROUP) == 11
    first, second = sorted(world.store.sheets.values(), key=lambda s: len(s.face_ids))[::-1]
    assert first.face_ids == [str(face) for face in faces[:SHEET_MAX]]
    assert second.face_ids == [str(faces[SHEET_MAX])]
    assert first.scores[str(faces[0])] == 0.6123


async def test_a_guardian_s_questions_of_the_day_count_only_those_sent_to_them(
    world: World,
) -> None:
    ann = world.store.guardian(ANN)
    ben = world.store.guardian(BEN)
    alice = world.store.child("Alice", ann, ben)
    now = datetime.now(UTC)

    def asked(ago: timedelta, sent_to: list[tuple[int, int]]) -> UUID:
        face = world.store.face(GROUP, TODAY)
        return world.store.question(face, alice, notified_at=now - ago, sent_to=sent_to)

    asked(timedelta(hours=1), [(ANN, 1)])
    asked(timedelta(hours=2), [(ANN, 2), (BEN, 3)])
    asked(timedelta(hours=3), [(BEN, 4)])  # Ben's only
    asked(timedelta(hours=25), [(ANN, 5)])  # yesterday's
    on_its_way = asked(timedelta(minutes=1), [])
    assert await asked_today(world.store, ann.id, ANN, now=now) == 3
    gathered = world.store.questions[on_its_way]
    await gather(world.store, ann.id, (gathered.face_id, alice, 0.6), GROUP)
    assert await asked_today(world.store, ann.id, ANN, now=now) == 2  # on her sheet
    # A burst: each question counts only those claimed before it.
    # Claimed before the one of 2 h 30 ago: yesterday's in its 24 hours, Ben's only.
    earlier = now - timedelta(hours=2, minutes=30)
    assert await asked_today(world.store, ann.id, ANN, before=(earlier, uuid4())) == 1
    assert await asked_today(world.store, ann.id, ANN, before=(now, uuid4())) == 2


async def test_a_sheet_of_every_five_goes_at_the_fifth_question_once(world: World) -> None:
    sheets = Sheets(world)
    await sheets.asked(4)
    assert await sheets.batches.send(sheets.ann.id) == 0
    await sheets.asked(1)
    assert await sheets.batches.send(sheets.ann.id) == 1
    [(chat, caption)] = world.chats.photos
    assert chat == ANN and "Alice" in caption and "5" in caption
    [sheet] = world.store.sheets.values()
    assert (sheet.status, sheet.sent_to) == (OfferStatus.PENDING, [(ANN, 2001)])
    assert await sheets.batches.send(sheets.ann.id) == 0  # shown once


async def test_a_sheet_waits_while_its_person_is_paused_and_closes_once_all_is_settled(
    world: World,
) -> None:
    sheets = Sheets(world)
    faces = await sheets.asked(5)
    world.store.persons[sheets.alice].status = PersonStatus.PAUSED
    assert await sheets.batches.send(sheets.ann.id) == 0
    assert [sheet.status for sheet in world.store.sheets.values()] == [OfferStatus.WAITING]
    world.store.persons[sheets.alice].status = PersonStatus.ACTIVE
    for face in faces:  # a co-guardian answered each meanwhile
        world.store.faces[face].person_id = sheets.alice
    assert await sheets.batches.send(sheets.ann.id) == 0
    assert [sheet.status for sheet in world.store.sheets.values()] == [OfferStatus.CLOSED]
    assert world.chats.photos == []


async def test_a_guardian_no_longer_receiving_the_group_s_photos_is_shown_nothing(
    world: World,
) -> None:
    sheets = Sheets(world)
    await sheets.asked(5)
    world.store.receivers[(sheets.alice, GROUP)] = set()  # waiting for the organizers' approval
    assert await sheets.batches.send(sheets.ann.id) == 0
    assert world.chats.photos == []
    [sheet] = world.store.sheets.values()
    assert sheet.status == OfferStatus.CLOSED


# Asking: at once, on a sheet, or once for siblings


class Asking:
    """Alice, with Ann (questions as they come) and Ben (once a day) as her guardians."""

    def __init__(self, world: World, *, a_day: int = 10) -> None:
        self.world, self.store = world, world.store
        self.ann = self.store.guardian(ANN)
        self.ben = self.store.guardian(BEN, QuestionMode.DAILY)
        self.alice = self.store.child("Alice", self.ann, self.ben)
        self.jobs = MemoryJobQueue()
        self.sender = SuggestionSender(
            cast(Messenger, world.chats),
            world.blobs,
            self.jobs,
            a_day=a_day,
            store=self.store,
            pictures=PillowFaceCrops(),
        )

    async def question(self, person: UUID | None = None, **state: Any) -> UUID:
        face = self.store.face(GROUP, TODAY, crop_key=f"crops/{uuid4()}.jpg")
        await self.world.blobs.put(self.store.faces[face].crop_key or "", _jpeg())
        return self.store.question(face, person or self.alice, **state)


async def test_a_question_goes_at_once_to_who_asked_for_that_and_on_a_sheet_to_the_others(
    world: World,
) -> None:
    asking = Asking(world)
    question = await asking.question()
    await asking.sender.send(question)
    [(chat, caption)] = world.chats.photos
    assert chat == ANN and "Alice" in caption
    assert world.store.questions[question].sent_to == [(ANN, 2001)]
    assert [sheet.participant_id for sheet in world.store.sheets.values()] == [asking.ben.id]
    await asking.sender.send(question)  # the job again: nobody is asked twice
    assert len(world.chats.photos) == 1 and len(world.store.sheets) == 1


async def test_past_the_day_s_questions_a_question_waits_on_the_guardian_s_sheet(
    world: World,
) -> None:
    asking = Asking(world, a_day=2)
    for _ in range(3):
        await asking.sender.send(await asking.question())
    assert [chat for chat, _ in world.chats.photos] == [ANN, ANN]
    gathered = {sheet.participant_id: len(sheet.face_ids) for sheet in world.store.sheets.values()}
    assert gathered == {asking.ann.id: 1, asking.ben.id: 3}


async def _ask_siblings(
    world: World, on_screen: tuple[float, float] | None = None
) -> dict[int, str]:
    """One face close to Alice and Bob (Ann guards both, Cara Bob; ``on_screen``: a clip's
    face, from when to when): what each chat was asked, plain text."""
    asking = Asking(world)
    cara = world.store.guardian(503)  # Bob's other guardian, not Alice's
    bob = world.store.child("Bob", asking.ann, cara)
    face = world.store.face(GROUP, TODAY, crop_key="crops/siblings.jpg")
    world.store.faces[face].clip, world.store.faces[face].on_screen = bool(on_screen), on_screen
    await world.blobs.put("crops/siblings.jpg", _jpeg())
    lead = world.store.question(face, asking.alice, score=0.7)
    world.store.questions[lead].pair_id = lead
    other = world.store.question(face, bob, score=0.65, pair_id=lead)
    await asking.sender.send(lead)
    await asking.sender.send(other)
    return {chat: plain(caption) for chat, caption in world.chats.photos}


async def test_siblings_ask_a_guardian_of_both_once_and_the_others_about_their_own_child(
    world: World,
) -> None:
    asked = await _ask_siblings(world)
    assert sorted(asked) == [ANN, 503]  # Ben: on his sheet
    assert "Alice" in asked[ANN] and "Bob" in asked[ANN]  # "Alice or Bob?", once
    assert "Bob" in asked[503] and "Alice" not in asked[503]


async def test_siblings_in_a_clip_are_asked_when_they_are_on_screen_as_one_child_is(
    world: World,
) -> None:
    asked = await _ask_siblings(world, on_screen=(0.2, 1.6))
    where = "(from 0:00 to 0:02 in the clip posted in Class 1A)"  # seen at 1.6s: until 0:02
    assert asked == {ANN: f"Is this Alice or Bob? {where}", 503: f"Is this Bob? {where}"}


async def test_a_question_whose_crop_is_gone_expires_and_a_paused_child_s_waits(
    world: World,
) -> None:
    asking = Asking(world)
    lost = await asking.question()
    await world.blobs.delete(world.store.faces[world.store.questions[lost].face_id].crop_key or "")
    await asking.sender.send(lost)
    assert world.store.questions[lost].status == SuggestionStatus.EXPIRED
    world.store.persons[asking.alice].status = PersonStatus.PAUSED
    waiting = await asking.question()
    await asking.sender.send(waiting)
    assert world.store.questions[waiting].notified_at is None  # asked on resume
    assert world.chats.photos == []


async def test_a_question_whose_crop_was_dropped_is_asked_on_its_photo_or_closed_unasked(
    world: World,
) -> None:
    """A pending question whose face's crop was dropped (its key emptied, as a "no" answered
    meanwhile did before it read the next family's request first) is asked on the posted
    photo, marked as always; with no photo from Telegram either it closes unasked. The send
    job failed here (``InvalidBlobKey('')``) and nobody was asked."""
    asking = Asking(world)
    dropped = await asking.question()
    face = world.store.faces[world.store.questions[dropped].face_id]
    await world.blobs.delete(face.crop_key or "")
    face.crop_key = None
    await asking.sender.send(dropped)  # Telegram cannot give the photo (the fake's download)
    assert world.store.questions[dropped].status == SuggestionStatus.EXPIRED
    assert world.chats.photos == []
    world.chats.downloadable = _jpeg()
    asked = await asking.question()
    face = world.store.faces[world.store.questions[asked].face_id]
    await world.blobs.delete(face.crop_key or "")
    face.crop_key = None
    await asking.sender.send(asked)
    assert [(chat, plain(caption)) for chat, caption in world.chats.photos] == [
        (ANN, "Is this Alice? (a photo in Class 1A)")
    ]
    assert world.store.questions[asked].status == SuggestionStatus.PENDING


async def test_some_are_asks_a_guardian_one_question_once_and_only_while_theirs(
    world: World,
) -> None:
    asking = Asking(world)
    question = await asking.question(notified_at=datetime.now(UTC))
    assert await asking.sender.send_one(question, asking.ben.id)
    assert not await asking.sender.send_one(question, asking.ben.id)  # once per chat
    assert world.store.questions[question].sent_to == [(BEN, 2001)]
    world.store.receivers[(asking.alice, GROUP)] = {asking.ben.id}  # Ann awaits approval
    assert not await asking.sender.send_one(question, asking.ann.id)
    blocked = await asking.question(notified_at=datetime.now(UTC))
    world.chats.unreachable.add(BEN)  # Ben blocked the bot
    assert not await asking.sender.send_one(blocked, asking.ben.id)
    assert world.store.questions[blocked].sent_to == []
    assert [chat for chat, _ in world.chats.photos] == [BEN]


async def test_every_message_a_question_went_as_is_kept_to_be_closed_with_it(
    world: World,
) -> None:
    """walkhe4 1: a parent back in the group is asked the questions owed to her on their own
    (``send_one``) while one was being sent to its guardians for the first time, to her
    too: its first sending wrote its messages over hers, and the one it dropped kept its
    "Yes"/"No" through a ban and her /forget (closing a question edits the messages kept)."""
    asking = Asking(world)
    question = await asking.question()
    sending, started = world.chats.send_photo, asyncio.Event()

    async def slow(chat_id: int, photo: bytes, caption: str, buttons: Any = ()) -> int:
        first = not started.is_set()
        started.set()
        await asyncio.sleep(0.05 if first else 0)  # Telegram answers the first one last
        return await sending(chat_id, photo, caption, buttons)

    world.chats.send_photo = slow  # type: ignore[method-assign]

    async def owed_to_ann() -> None:
        await started.wait()
        await asking.sender.send_one(question, asking.ann.id)

    await asyncio.gather(asking.sender.send(question), owed_to_ann())
    went_as = [(chat, n) for n, (chat, _) in enumerate(world.chats.photos, 2001)]
    assert sorted(world.store.questions[question].sent_to) == sorted(went_as)
    # ... and Ann is asked once (Ben gets his questions once a day): her chat is reserved
    # before its message goes, so whichever sender comes second leaves her be.
    assert [chat for chat, _ in world.chats.photos] == [ANN]
    assert world.store.questions[question].asking == []


async def test_a_chat_is_asked_again_when_its_question_could_not_go_there(world: World) -> None:
    """A message that could not go (Telegram down: the job retries) lets the chat go, and a
    sender that died holding one lets it go once ``ASKING_FOR`` has passed; a question
    closed meanwhile is sent nowhere."""
    asking = Asking(world)
    question = await asking.question()
    sending = world.chats.send_photo

    async def down(chat_id: int, photo: bytes, caption: str, buttons: Any = ()) -> int:
        raise TelegramUnavailable("down")

    world.chats.send_photo = down  # type: ignore[method-assign]
    with pytest.raises(TelegramUnavailable):
        await asking.sender.send_one(question, asking.ann.id)
    world.chats.send_photo = sending  # type: ignore[method-assign]
    assert await asking.sender.send_one(question, asking.ann.id)
    assert [chat for chat, _ in world.chats.photos] == [ANN]

    store, now = world.store, datetime.now(UTC)
    assert await store.reserve_chat(question, BEN, now - ASKING_FOR - timedelta(seconds=1))
    assert not await store.reserve_chat(question, ANN, now)  # asked there already
    assert await store.reserve_chat(question, BEN, now)  # the dead sender's lapsed
    assert not await store.reserve_chat(question, BEN, now)
    await store.release_chat(question, BEN)
    store.questions[question].status = SuggestionStatus.ACCEPTED
    assert not await store.reserve_chat(question, BEN, now)
