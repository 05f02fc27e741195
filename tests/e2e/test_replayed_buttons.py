"""The buttons added for trust, replayed by a stranger and pressed twice: each refuses
without a name, changes nothing of anyone else's, and never ends in an error."""

from __future__ import annotations

from typing import Any

from domain.corrections import texts as corrections_texts
from domain.infra.models import EnrollmentPhoto, Participant, Person
from domain.infra.telegram.callbacks import (
    DismissData,
    HeldData,
    HistoryData,
    OwnPhotosData,
    short,
)
from domain.languages import texts
from domain.persons import texts as persons_texts
from tests.e2e.conftest import CAST, Journey, data_of, photo_bytes

Y = CAST["scarlett"]


async def test_a_stranger_replaying_the_new_buttons_learns_nothing_and_changes_nothing(
    journey: Journey,
) -> None:
    ann, _, _ = await journey.class_with_alice()
    alice = await Person.get(name="Alice")
    # Ann is enrolling a second child: her photo's "Remove this photo" button exists.
    await journey.reply_to(ann, "/add Bo")
    sent = (
        await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(Y["enroll"][0])])
    )[0]
    (accepted,) = await journey.replies(ann["id"], sent)
    remove_anns_photo = data_of(accepted, "Remove this photo")

    mallory = journey.user("Mallory")
    hello = await journey.reply_to(mallory, "/start")

    async def mallory_presses(data: str) -> str:
        answer = await journey.world.press_button(
            mallory["id"], mallory["id"], hello["message_id"], data
        )
        assert answer["answered"], data
        text = str(answer.get("text") or "")
        assert text != texts.something_went_wrong(), data
        return text

    replays: dict[str, str] = {
        remove_anns_photo: texts.button_expired(),  # ep: another user's enrollment photo
        HeldData(person=short(alice.id), yes=True).pack(): corrections_texts.not_yours(),  # hd:
        HeldData(person=short(alice.id), yes=False).pack(): corrections_texts.not_yours(),
        HistoryData(person=short(alice.id)).pack(): "",  # hs: answered quietly, see below
        OwnPhotosData(on=True).pack(): "Send me what I post too: on",  # op: her own
        DismissData().pack(): "",  # dx: nothing to keep, nothing changes
    }
    for data, expected in replays.items():
        for _ in range(2):  # and each pressed twice
            assert await mallory_presses(data) == expected, data
    await journey.settle()

    said = journey.world.transcript(mallory["id"], after_id=hello["message_id"])
    assert all("Alice" not in str(m) and "Bo" not in str(m) for m in said), said
    assert [m["text"] for m in said if m["from"]["is_bot"]] == [persons_texts.history([])] * 2
    # Nothing of Ann's changed: her enrollment photo and her setting are as they were.
    assert await EnrollmentPhoto.filter(person__name="Bo").count() == 1
    assert not (await Participant.get(telegram_user_id=ann["id"])).receive_own_photos
    assert (await Participant.get(telegram_user_id=mallory["id"])).receive_own_photos


async def test_no_keep_it_pressed_twice_says_so_once_and_raises_nothing(
    journey: Journey,
) -> None:
    ann, _, _ = await journey.class_with_alice()
    question = await journey.reply_to(ann, "/forget")
    no = data_of(question, "No, keep it")
    for _ in range(2):
        answer = await journey.world.press_button(ann["id"], ann["id"], question["message_id"], no)
        assert answer["answered"] and answer.get("text") != texts.something_went_wrong()
    assert (await journey.edited(question))["text"] == texts.kept()
    bot_says: list[dict[str, Any]] = [
        m for m in journey.world.transcript(ann["id"], after_id=question["message_id"])
    ]
    assert bot_says == []
    assert await Participant.exists(telegram_user_id=ann["id"])
