"""What deleting a photo's or a person's faces reaches, shared by a takedown
(``moderation.takedown.TakedownDeletion``) and an erasure (``privacy.erasure.Erasure``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.blobs import BlobStore
from domain.delivery.copies import Copies
from domain.recognition.face_index import FaceIndex
from domain.telegram import Messenger


@dataclass(frozen=True, slots=True)
class Purge:
    """The places faces are kept and shown (the face index, the blobs, the messages in
    Telegram, the delivered copies in guardians' chats, kept true), and how long a send
    under way is waited for before the deletion goes on (a job still sending may wait out
    Telegram's flood limits first)."""

    index: FaceIndex
    blobs: BlobStore
    messenger: Messenger
    copies: Copies
    in_flight_wait: timedelta
