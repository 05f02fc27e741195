"""What the thirty-third session's walk found untrue (findings-walk 1, 2, 3, 4, 7).

Carl, in Class 1A since before the bot came, accepted Ann's invitation to be Alice's other
guardian: he read "You're now a guardian of Alice. You'll get their photos and clips from
Class 1A, which you're in, once you open its link: <link>", and Ann "Carl is now also a
guardian of Alice: … They will get Alice's photos and clips once they open the link of a
group they are in; I'll tell you when they do." Both stayed so once he had opened it (as
Dan's "You're no longer in Class 1A… open my link there again" did not: "You had left
Class 1A; since then you came back and opened my link there again.")."""

from __future__ import annotations

from tests.e2e.conftest import Collages, Journey
from tests.e2e.steps import (
    beas_correction_menu,
    delete_person,
    forget_everything,
    reads_now,
    sent_starting,
)


async def test_opening_the_link_is_said_as_done(journey: Journey) -> None:
    ann, _poster, group = await journey.class_with_alice()
    carl = journey.user("Carl")
    journey.world.chats[group["id"]].members[carl["id"]] = "member"  # the bot is not told
    await journey.co_guardian(ann, "Alice", carl)
    (carls,) = sent_starting(journey, carl, "You're now a guardian of Alice")
    (anns,) = sent_starting(journey, ann, "Carl is now also a guardian of Alice")
    assert reads_now(journey, carls).startswith(
        "You're now a guardian of Alice. You'll get their photos and clips from Class 1A, "
        "which you're in, once you open its link:\n"
    )

    await journey.join(carl, journey.group_payload(group))
    await journey.settle()
    assert reads_now(journey, carls) == (
        "You're now a guardian of Alice. Since then you opened my link in Class 1A, so you "
        "get their photos and clips from there."
    )
    assert reads_now(journey, anns) == (
        "Carl is now also a guardian of Alice: they accepted an invitation, and since then "
        "opened my link in a group they are in."
    )

    # A rename says it so too, in the new name.
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Alicia"))["text"] == "Renamed to Alicia."
    await journey.until(lambda: "Alicia" in reads_now(journey, carls))
    await journey.settle()
    assert reads_now(journey, carls) == (
        "You're now a guardian of Alicia. Since then you opened my link in Class 1A, so you "
        "get their photos and clips from there."
    )
    assert reads_now(journey, anns) == (
        "Carl is now also a guardian of Alicia: they accepted an invitation, and since then "
        "opened my link in a group they are in."
    )


async def test_a_guardians_list_says_its_person_was_deleted(journey: Journey) -> None:
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (anns,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    (carls,) = await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Guardians")
    # Each one's "Stop getting Alice's photos and clips", as shown then.
    leave = {
        shown["message_id"]: next(
            b["callback_data"]
            for row in shown["reply_markup"]["inline_keyboard"]
            for b in row
            if b["text"] == "Stop getting Alice's photos and clips"
        )
        for shown in (anns, carls)
    }

    await delete_person(journey, ann, "Alice")
    gone = (
        "The guardians of Alice were listed here. Alice has since been deleted, with everything "
        "I had about them."
    )
    await journey.until(lambda: reads_now(journey, carls) == gone)
    assert reads_now(journey, anns) == gone
    for user, shown in ((ann, anns), (carl, carls)):
        assert not journey.now(shown).get("reply_markup", {}).get("inline_keyboard")
        # Its old button, pressed (as shown before): it says why it does nothing (without
        # her name, which went with her: session 36).
        answer = await journey.world.press_button(
            user["id"], user["id"], shown["message_id"], leave[shown["message_id"]]
        )
        assert answer["text"] == "That child was deleted, so that button does nothing now."
        assert reads_now(journey, shown) == gone


async def test_the_one_other_guardian_is_named_for_their_correction(
    journey: Journey, collages: Collages
) -> None:
    ann, bea, choices = await beas_correction_menu(journey, collages)
    assert (await journey.press(bea, choices, "That isn't Alice"))["text"] == "Done."
    await journey.settle()
    (gone,) = sent_starting(journey, ann, "Bea said a face")
    assert reads_now(journey, gone) == (
        "Bea said a face in a photo from Class 1A isn't Alice, so I deleted your copy of that "
        "photo."
    )
    assert (await journey.press(bea, journey.now(choices), "Undo"))["text"] == "Undone."
    await journey.settle()
    (back,) = sent_starting(journey, ann, "Bea undid their change")
    assert reads_now(journey, back) == (
        "Bea undid their change: that face in a photo from Class 1A is Alice's again, so I'm "
        "sending you the photo again."
    )

    # Said again at a rename, naming her while she is known; once she deleted her data
    # with me, as "another guardian".
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Alicia"))["text"] == "Renamed to Alicia."
    await journey.until(lambda: "Alicia" in reads_now(journey, back))
    await journey.settle()
    assert reads_now(journey, gone) == (
        "Bea said a face in a photo from Class 1A isn't Alicia, so I deleted your copy of that "
        "photo. Since then this was undone, and I sent it to you again."
    )
    await forget_everything(journey, bea)
    await journey.after_pressing(ann, await journey.card(ann, "Alicia"), "Rename")
    assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
    await journey.until(lambda: "Lia" in reads_now(journey, back))
    await journey.settle()
    assert reads_now(journey, back) == (
        "Another guardian of Lia undid their change: that face in a photo from Class 1A is "
        "Lia's again, so I'm sending you the photo again."
    )
