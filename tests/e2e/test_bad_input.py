"""Bad input gets a clear answer or is ignored, is logged, and never stops the bot or
the worker: after all of it, a real photo still reaches its guardian."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from domain.infra.models import Face, Photo
from domain.states import PhotoStatus
from tests.conftest import shared_photo
from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes

X, NOBODY = CAST["angelina"], CAST["strangers"]
CROWD = "trandinhnguyen_scrfd_onnx/images/worlds_largest_selfie_image.jpg"
NO_FACE = "deepinsight_insightface/cpp-package/inspireface/test_res/data/bulk/view.jpg"


def _big_jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 200)).save(out, format="JPEG", quality=60)
    return out.getvalue()


def _texts_since(journey: Journey, user: dict[str, Any], after: int) -> list[str]:
    return [
        m.get("text") or m.get("caption") or ""
        for m in journey.world.transcript(user["id"], after_id=after)
        if m["from"]["is_bot"]
    ]


async def test_bad_input_in_the_group(journey: Journey, collages: Collages) -> None:
    ann, poster = journey.user("Ann"), journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    world, gid, pid = journey.world, group["id"], poster["id"]

    await world.user_sends_media("sticker", gid, pid, photo_bytes(X["group"][0]), emoji="😀")
    await world.user_sends_media(
        "animation", gid, pid, b"GIF89a not really", file_name="fun.gif", mime_type="image/gif"
    )
    await world.user_sends_media(
        "video", gid, pid, b"\x00\x00\x00\x18ftypmp42", file_name="clip.mp4"
    )
    await world.user_sends_document(
        gid, pid, b"%PDF-1.4 menu", file_name="menu.pdf", mime_type="application/pdf"
    )
    await world.user_sends_document(
        gid, pid, photo_bytes(X["group"][0])[:5000], file_name="broken.jpg", mime_type="image/jpeg"
    )
    await world.user_sends_document(
        gid, pid, _big_jpeg(8000, 5000), file_name="huge.jpg", mime_type="image/jpeg"
    )
    await journey.post(group, poster, shared_photo(NO_FACE).read_bytes())
    crowd = await journey.post(group, poster, shared_photo(CROWD).read_bytes())
    chat = await world.user_sends_text(gid, pid, "look at this!")
    await world.user_edits(gid, pid, chat["message_id"], "look at these!")
    await world.user_sends_text(gid, pid, "/add Bob")  # a private command in the group
    await journey.settle(timeout=120)

    failed = {p.error for p in await Photo.filter(status=PhotoStatus.FAILED)}
    assert any("damaged" in (e or "") for e in failed), failed
    assert any("too large" in (e or "") and "megapixels" in (e or "") for e in failed), failed
    crowd_photo = await Photo.get(message_id=crowd[0]["message_id"])
    assert crowd_photo.status == PhotoStatus.DONE
    assert await Face.filter(photo=crowd_photo).count() > 100
    # The group saw nothing from the bot but its welcome; Ann got nothing so far.
    assert [m for m in world.transcript(gid) if m["from"]["is_bot"] and "pinned_message" not in m][
        1:
    ] == []
    assert journey.unique_ids(ann) == []

    # ... and both processes still work: a forwarded photo of Alice arrives once.
    (original,) = await journey.post(group, poster, collages.make(X["group"][1]))
    forwarded = await world.user_forwards(gid, pid, gid, original["message_id"])
    await journey.settle()
    assert sorted(journey.unique_ids(ann)) == sorted(
        [original["photo"][-1]["file_unique_id"], forwarded["photo"][-1]["file_unique_id"]]
    )


async def test_bad_input_in_the_private_chat(journey: Journey) -> None:
    ann, poster = journey.user("Ann"), journey.user("Poster")
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    world, aid = journey.world, ann["id"]

    assert (await journey.reply_to(ann, "/start not-a-real-group-link"))["text"].startswith(
        "This link doesn't work"
    )
    outsider = journey.user("Outsider")
    assert "need to be a member" in (await journey.reply_to(outsider, f"/start {payload}"))["text"]
    assert "Open the link I posted" in (await journey.reply_to(ann, "/add Alice"))["text"]
    await journey.join(ann, payload)

    assert (await journey.reply_to(ann, "/frobnicate"))["text"].startswith(
        "I don't know that command"
    )
    sticker = await world.user_sends_media(
        "sticker", aid, aid, photo_bytes(X["enroll"][0]), emoji="👍"
    )
    assert (await journey.replies(aid, sticker))[0]["text"].startswith("I only work with photos")
    photo = (await world.user_sends_photos(aid, aid, [photo_bytes(X["enroll"][0])]))[0]
    assert "send /add first" in (await journey.replies(aid, photo))[0]["text"]
    assert (await journey.reply_to(ann, "/done"))["text"] == (
        "There's no enrollment open to finish. To enroll someone, send /add."
    )

    # Enrollment: each unusable photo gets its own answer; nothing is accepted.
    asked = await journey.reply_to(ann, "/add")
    assert "name" in asked["text"]
    assert "photos" in (await journey.reply_to(ann, "Alice"))["text"]
    verdicts = []
    for data in (
        shared_photo(NO_FACE).read_bytes(),
        shared_photo("serengil_deepface/tests/unit/dataset/couple.jpg").read_bytes(),
        _tiny_face(),
    ):
        sent = (await world.user_sends_photos(aid, aid, [data]))[0]
        verdicts.append((await journey.replies(aid, sent))[0]["text"])
    broken = await world.user_sends_document(
        aid, aid, b"\xff\xd8\xff\xe0 broken", file_name="x.jpg", mime_type="image/jpeg"
    )
    verdicts.append((await journey.replies(aid, broken))[0]["text"])
    text_file = await world.user_sends_document(
        aid, aid, b"hello", file_name="notes.txt", mime_type="text/plain"
    )
    verdicts.append((await journey.replies(aid, text_file))[0]["text"])
    assert verdicts[0].startswith("❌ I couldn't find a face")
    assert verdicts[1].startswith("❌ I see several faces")
    assert verdicts[2].startswith("❌ The face is too small")
    assert verdicts[3].startswith("❌ I can't open this file")
    assert verdicts[4].startswith("Please send a photo")
    assert "at least 3" in (await journey.reply_to(ann, "/done"))["text"]
    assert (await journey.reply_to(ann, "/cancel"))["text"].startswith("Cancelled")
    await journey.settle()

    # After all that the bot still enrolls and answers.
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    assert "Alice" in (await journey.reply_to(ann, "/persons"))["text"]


def _tiny_face() -> bytes:
    """A real face, shrunk to a few dozen pixels on a large canvas."""
    face = Image.open(io.BytesIO(photo_bytes(X["group"][0]))).convert("RGB")
    face.thumbnail((70, 70))
    canvas = Image.new("RGB", (900, 700), (240, 240, 240))
    canvas.paste(face, (400, 300))
    out = io.BytesIO()
    canvas.save(out, format="JPEG", quality=95)
    return out.getvalue()
