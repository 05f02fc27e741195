"""The job queue port: background work is enqueued by name with a deterministic id,
so enqueueing the same work twice runs it once."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

RECOGNIZE = "recognize_photo"
CHECK_ENROLLMENT_PHOTO = "check_enrollment_photo"
INDEX_PERSON = "index_person"
DELIVER = "deliver"
SEND_SUGGESTION = "send_suggestion"
SEND_QUESTIONS = "send_questions"  # a guardian's batch of questions: (participant id)
ASK_ONE = "ask_one"  # one open question to one guardian: (suggestion id, participant id, why)
# Why ``ASK_ONE`` asks: a sheet's "Some are" (at once); the one face left on a guardian's
# sheet of questions, which their schedule asks alone (at once, saying its post's day); an
# open question owed to a guardian back in the group (as their /settings say: on their
# next sheet when they chose batches, walk34 9).
ASKED_SOME = "some"
ASKED_ALONE = "alone"
ASKED_BACK = "back"
SYNC_FACE = "sync_face"
DELETE_PERSON = "delete_person"
FORGET_FACES = "forget_faces"
FORGET_PARTICIPANT = "forget_participant"
SEND_BATCH = "send_batch"  # a guardian's album from a group: (participant id, group id)
ALBUM_CORRECTIONS = "album_corrections"  # an album's "Not Alice?" message: (first delivery id)
REGROUP_CLUSTERS = "regroup_clusters"  # a group's clusters of unknown faces, afresh
FIND_EARLIER_PHOTOS = "find_earlier_photos"  # a person's earlier photos, offered
# A chat's copies owed an edit (``StaleCopy`` rows), shown as now: (chat id)
SHOW_COPIES = "show_copies"
# A chat's person cards shown as now once photos or clips were delivered to it: their
# "Photos delivered" count (findings13 1): (chat id), one per chat and second, at its end,
# so that a burst's deliveries are one edit (``domain.delivery.albums.cards_counted``)
SHOW_CARDS = "show_cards"
# "Sending 2 photos." (the answer to the held photos' offer) once they went: ("<chat id>:
# <message id>", its ``RequestKind.HELD_SENT`` request's subject)
HELD_SENT = "held_sent"
# A chat's /history lists sent before changes they do not list, saying so now
# (``domain.persons.history_view.mark_outdated``): (chat id)
SHOW_HISTORIES = "show_histories"
# The messages of questions settled without their reader closed now, as the cron does each
# minute (a sheet's answer settles questions a co-guardian was asked one by one)
WITHDRAW_QUESTIONS = "withdraw_questions"


class JobQueue(Protocol):
    async def enqueue(
        self,
        name: str,
        *args: str,
        job_id: str,
        delay: float | None = None,
        again: bool = True,
    ) -> bool:
        """Queue ``name(*args)`` unless a job with ``job_id`` is already queued (it does
        this request's work); one running runs again once it ends, as it may have read
        before what this request is about changed (``again``: false for a caller whose
        request is only about what was already there, the reconcile cron; and never for
        a request with a ``delay``, which the running job would not wait for). Whether
        a run is to come for this request."""


def job_id(name: str, entity: UUID) -> str:
    return f"{name}:{entity}"


async def enqueue_for(
    jobs: JobQueue, name: str, entity: UUID, delay: float | None = None, *, again: bool = True
) -> bool:
    """Queue the job that works on ``entity`` (its id is the argument and names the job)."""
    return await jobs.enqueue(
        name, str(entity), job_id=job_id(name, entity), delay=delay, again=again
    )


async def enqueue_for_chat(
    jobs: JobQueue, name: str, chat_id: int, delay: float | None = None, *, again: bool = True
) -> bool:
    """Queue the job that works on a chat (``<name>:<chat id>``, as ``enqueue_for``)."""
    return await jobs.enqueue(
        name, str(chat_id), job_id=f"{name}:{chat_id}", delay=delay, again=again
    )


# Upkeep: planned for later, when it is due no one waits for it (what is still going on,
# ``domain/infra/progress.py``, does not count it before it is due).
UPKEEP = (REGROUP_CLUSTERS,)
