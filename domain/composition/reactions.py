"""Who reacts to what: the one table of the domain's events (``domain.events``) and their
handlers, wired once by the composition root (``services.py``: ``build_services``).

The capability that acts publishes; the one that reacts is named only here, so it is never
imported by the one that acts, and the layers keep one direction (the layout test).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from uuid import UUID

from domain import earlier_photos
from domain.buttons import Buttons
from domain.claims import unclaimed
from domain.claims.sheets import Sheets
from domain.corrections import answered as answered_questions
from domain.corrections import batches as question_sheets
from domain.corrections import expired_faces, guardian_gone
from domain.corrections import menus as correction_menus
from domain.corrections import questions as open_questions
from domain.corrections import renamed as renamed_corrections
from domain.corrections.menus import CorrectionMenus
from domain.corrections.stores import (
    AnsweredQuestionStore,
    ExpiringQuestionStore,
    GoneGuardianQuestionStore,
)
from domain.delivery import batch_jobs, copies
from domain.delivery.copies import Copies
from domain.delivery.stores import HeldMedia
from domain.earlier_photos import shown as shown_offers
from domain.earlier_photos.stores import ShownOfferStore
from domain.events import (
    ClaimRejected,
    EventBus,
    ExpiredFacesDeleted,
    FacesExpired,
    FacesTakenDown,
    GroupGone,
    GuardianForgotten,
    GuardianJoined,
    GuardianshipEnded,
    HistoryChanged,
    InvitationEnded,
    MediaUnreadable,
    NoUndone,
    OfferWithdrawn,
    ParticipantForgotten,
    PersonApproved,
    PersonClaimed,
    PersonDeleted,
    PersonEnrolled,
    PersonFacesErased,
    PersonRejected,
    PersonRenamed,
    PersonsMerged,
    PhotoWaitsForAlbum,
    PrototypesChosen,
    TakenDownFacesDeleted,
    TakenDownPostedAgain,
    UnclaimedPersonsGoing,
)
from domain.jobs.queue import JobQueue
from domain.moderation import approvals, audit_view, takedown, unreadable
from domain.moderation.approval_store import ApprovalStore
from domain.moderation.audit_view import AuditView
from domain.moderation.takedown import AnswerKeeper
from domain.moderation.takedown_store import TakedownStore
from domain.moderation.unreadable_store import UnreadableStore
from domain.persons import answers as correction_answers
from domain.persons import cards as person_cards
from domain.persons import guardian_lists, history_view
from domain.persons.answers import CorrectionAnswers
from domain.persons.service import Persons
from domain.privacy import notices as forget_notices
from domain.privacy.notices import Notices
from domain.settings import LONGEST_CLIP_S
from domain.telegram import Messenger


def wire_events(
    bus: EventBus,
    *,
    messenger: Messenger,
    persons: Persons,
    jobs: JobQueue,
    album_window: timedelta,
    takedowns: TakedownStore,
    approval_cards: ApprovalStore,
    unreadable_posts: UnreadableStore,
    expiring_questions: ExpiringQuestionStore,
    copies_in_chats: Copies,
    claim_sheets: Sheets,
    longest_clip_s: float = LONGEST_CLIP_S,
    menus: CorrectionMenus | None = None,
    gone_guardian_questions: GoneGuardianQuestionStore | None = None,
    answers: CorrectionAnswers | None = None,
    answered: AnsweredQuestionStore | None = None,
    buttons: Buttons | None = None,
    offers: ShownOfferStore | None = None,
    notices: Notices | None = None,
    audits: AuditView | None = None,
    held_for: Callable[[UUID, int], Awaitable[HeldMedia]] | None = None,
    admin_answers: AnswerKeeper | None = None,
) -> EventBus:
    """Subscribe every reaction to the event it reacts to (in this order), and return the
    bus. ``album_window``: how long a guardian's album waits for more photos;
    ``copies_in_chats``: the delivered copies, kept true; ``claim_sheets``: the sheets of
    faces shown for naming and claiming; ``longest_clip_s``: the longest
    clip recognition reads (a poster is told it); ``menus``: the open "What's wrong with
    this photo" menus (the bot's: a rename is made there); ``gone_guardian_questions``: the
    questions asked of a guardian who left a person or was removed (the bot's too);
    ``answers``: the corrections' messages, whose Undo a merge may end, and that a rename
    re-words; ``answered``: the questions answered, that a rename re-words; ``buttons``:
    the single-use buttons, by which a rename finds the corrections' messages; ``offers``:
    the open offers of earlier photos, that a rename or a merge says again; ``notices``:
    the messages a /forget said in the past, that a rename re-words; ``held_for``: what is
    held of a person for a guardian (a Telegram user), that a takedown counts again;
    ``admin_answers``: where the admin chat's answers are kept, redrawn in another
    language (an unreadable post's)."""
    # moderation -> earlier photos: an approval looks back; a withdrawn sheet looks again.
    bus.subscribe(PersonApproved, partial(earlier_photos.on_person_approved, jobs))
    bus.subscribe(OfferWithdrawn, partial(earlier_photos.on_offer_withdrawn, jobs))
    # onboarding -> earlier photos: a guardian joining has their persons looked for there.
    bus.subscribe(GuardianJoined, partial(earlier_photos.on_guardian_joined, jobs))
    # moderation -> claims: a rejected claim, or a takedown, drops the sheets of faces.
    bus.subscribe(ClaimRejected, claim_sheets.on_claim_rejected)
    bus.subscribe(FacesTakenDown, claim_sheets.on_faces_taken_down)
    # groups -> claims: a group gone takes its unclaimed persons with it.
    bus.subscribe(GroupGone, unclaimed.on_group_gone)
    # privacy -> claims: faces expired, or a participant forgotten, drops the sheets.
    bus.subscribe(FacesExpired, claim_sheets.on_faces_expired)
    # privacy -> corrections: faces expired close the questions still open about them.
    bus.subscribe(
        FacesExpired, partial(expired_faces.on_faces_expired, messenger, expiring_questions)
    )
    # persons -> corrections: a guardian gone from a person has their questions about it
    # closed.
    if gone_guardian_questions is not None:
        bus.subscribe(
            GuardianshipEnded,
            partial(guardian_gone.on_guardianship_ended, messenger, gone_guardian_questions),
        )
        # privacy -> corrections: /forget closes the questions asked in their chat.
        bus.subscribe(
            ParticipantForgotten,
            partial(guardian_gone.on_participant_forgotten, messenger, gone_guardian_questions),
        )
    # privacy -> delivery: faces expired, once deleted, take their copies' "Not Alice?".
    bus.subscribe(ExpiredFacesDeleted, partial(copies.on_expired_faces_deleted, copies_in_chats))
    bus.subscribe(ParticipantForgotten, claim_sheets.on_participant_forgotten)
    # privacy -> claims: a person's faces erased take the sheets showing them.
    bus.subscribe(PersonFacesErased, claim_sheets.on_person_faces_erased)
    # persons -> moderation: a co-guardian gone takes the approval still asked about them.
    bus.subscribe(
        GuardianshipEnded,
        partial(approvals.on_guardianship_ended, messenger, approval_cards, notices=notices),
    )
    # persons -> moderation: a rename, a merge or its undo redraws the pending approval
    # cards that name the persons.
    bus.subscribe(PersonRenamed, partial(approvals.on_person_renamed, messenger, approval_cards))
    bus.subscribe(PersonsMerged, partial(approvals.on_persons_merged, messenger, approval_cards))
    if audits is not None:
        # persons/privacy -> moderation: an /audit shown naming a child a claim went into
        # names it as now (renamed, merged, deleted).
        bus.subscribe(PersonRenamed, partial(audit_view.on_person_renamed, audits, messenger))
        bus.subscribe(PersonsMerged, partial(audit_view.on_persons_merged, audits, messenger))
        bus.subscribe(PersonDeleted, partial(audit_view.on_person_deleted, audits, messenger))
        # moderation -> moderation: a takedown's faces deleted, what their corrections
        # taught went with them.
        bus.subscribe(
            TakenDownFacesDeleted,
            partial(audit_view.on_taken_down_faces_deleted, audits, messenger),
        )
    # claims -> moderation: unclaimed persons going take their claims' cards with them.
    bus.subscribe(
        UnclaimedPersonsGoing, partial(approvals.on_unclaimed_going, messenger, approval_cards)
    )
    # recognition -> moderation: a photo taken down, posted again, is deleted and told.
    bus.subscribe(TakenDownPostedAgain, partial(takedown.posted_again, messenger, takedowns))
    # recognition -> moderation: a post that cannot be read is told to the admin chat and
    # the poster.
    bus.subscribe(
        MediaUnreadable,
        partial(
            unreadable.on_media_unreadable,
            messenger,
            unreadable_posts,
            longest_clip_s,
            answers=admin_answers,
            notices=notices,
        ),
    )
    # recognition -> delivery: a photo waiting for its album has the album queued.
    bus.subscribe(PhotoWaitsForAlbum, partial(batch_jobs.on_photo_waiting, jobs, album_window))
    # persons -> delivery: a rename, a merge or its undo re-captions the copies already
    # delivered.
    bus.subscribe(PersonRenamed, partial(copies.on_person_renamed, copies_in_chats))
    bus.subscribe(PersonsMerged, partial(copies.on_persons_merged, copies_in_chats))
    # persons -> corrections: a rename, a merge or its undo closes the open menus that
    # name the old name.
    if menus is not None:
        bus.subscribe(PersonRenamed, partial(correction_menus.on_person_renamed, menus))
        bus.subscribe(PersonsMerged, partial(correction_menus.on_persons_merged, menus))
        # moderation -> corrections: a takedown closes the menus about its faces.
        bus.subscribe(FacesTakenDown, partial(correction_menus.on_faces_taken_down, menus))
        # privacy -> corrections: /forget closes the menus open in their chat.
        bus.subscribe(
            ParticipantForgotten, partial(correction_menus.on_participant_forgotten, menus)
        )
    # persons -> corrections: a rename re-words the questions answered about the person.
    if answered is not None:
        bus.subscribe(
            PersonRenamed, partial(answered_questions.on_person_renamed, messenger, answered)
        )
        # privacy -> corrections: /forget takes their name out of the others' copies of
        # the questions they answered.
        bus.subscribe(
            ParticipantForgotten,
            partial(answered_questions.on_participant_forgotten, messenger, answered),
        )
        bus.subscribe(
            ParticipantForgotten,
            partial(open_questions.on_participant_forgotten, messenger, answered),
        )
        # ... and the questions still open about it ask about the new name.
        bus.subscribe(PersonRenamed, partial(open_questions.on_person_renamed, messenger, answered))
        # ... and a "no" undone from /history: a pair's question left about the other child
        # says so.
        bus.subscribe(NoUndone, partial(open_questions.on_no_undone, messenger, answered))
        bus.subscribe(
            PersonRenamed, partial(question_sheets.on_person_renamed, messenger, answered)
        )
        # ... and a merge's (or its undo's) ask about the person they are about now.
        bus.subscribe(PersonsMerged, partial(open_questions.on_persons_merged, messenger, answered))
        bus.subscribe(
            PersonsMerged, partial(question_sheets.on_persons_merged, messenger, answered)
        )
    # persons -> earlier photos: a rename, a merge or its undo has the open offers ask about
    # the person they are about now, by its name.
    if offers is not None:
        bus.subscribe(PersonRenamed, partial(shown_offers.on_person_renamed, messenger, offers))
        bus.subscribe(PersonsMerged, partial(shown_offers.on_persons_merged, messenger, offers))
    # persons -> corrections: a rename re-words the corrections' messages naming the person.
    if buttons is not None:
        bus.subscribe(
            PersonRenamed,
            partial(renamed_corrections.on_person_renamed, buttons, persons, messenger),
        )
        # ... and the undo of a merge opens again those it closed (walken3 2).
        bus.subscribe(
            PersonsMerged,
            partial(renamed_corrections.on_merge_undone, buttons, persons, messenger),
        )
        # persons -> persons: a rename, or a takedown's faces deleted, redraw the /history
        # lists shown (their names, and the Undo buttons that still apply); privacy ->
        # persons for a deletion.
        bus.subscribe(
            PersonRenamed, partial(history_view.on_person_renamed, persons, buttons, messenger)
        )
        bus.subscribe(
            TakenDownFacesDeleted,
            partial(history_view.on_faces_deleted, persons, buttons, messenger),
        )
        # ... and a merge or its undo, or a person deleted (its changes, their Undo).
        bus.subscribe(
            PersonsMerged, partial(history_view.on_persons_merged, persons, buttons, messenger)
        )
        bus.subscribe(
            PersonDeleted, partial(history_view.on_person_deleted, persons, buttons, messenger)
        )
        # corrections, persons, recognition, earlier photos, claims -> persons: a change
        # /history lists (an answer, a correction, an undo, a match) marks the lists sent
        # before it in the chats of its persons' guardians (``SHOW_HISTORIES``).
        bus.subscribe(HistoryChanged, partial(history_view.on_history_changed, persons, jobs))
    # persons -> persons: a merge or its undo ends the Undo of corrections about either.
    if answers is not None:
        bus.subscribe(PersonsMerged, partial(correction_answers.on_persons_merged, answers))
        # moderation -> persons: a takedown's faces deleted end the corrections about them.
        bus.subscribe(
            TakenDownFacesDeleted,
            partial(correction_answers.on_taken_down_faces_deleted, answers),
        )
    # enrollment, moderation, recognition -> persons: a person learned (by the worker),
    # approved or rejected by its organizers, claimed (claims), or its prototypes chosen
    # again (their number changed), has its cards and lists shown say what it is now.
    bus.subscribe(PersonEnrolled, partial(person_cards.on_person_changed, persons, messenger))
    bus.subscribe(PersonApproved, partial(person_cards.on_person_changed, persons, messenger))
    bus.subscribe(PersonRejected, partial(person_cards.on_person_changed, persons, messenger))
    bus.subscribe(PersonClaimed, partial(person_cards.on_person_changed, persons, messenger))
    bus.subscribe(PrototypesChosen, partial(person_cards.on_person_changed, persons, messenger))
    bus.subscribe(
        GuardianForgotten, partial(person_cards.on_guardian_forgotten, persons, messenger)
    )
    # ... and their guardians lists still open list who guards it, and owns it, now; a
    # person deleted (privacy -> persons): they say it was, without buttons.
    if buttons is not None:
        bus.subscribe(
            GuardianForgotten,
            partial(guardian_lists.on_guardian_forgotten, persons, buttons, messenger),
        )
        bus.subscribe(PersonDeleted, partial(guardian_lists.on_person_deleted, buttons, messenger))
    # persons -> privacy: a rename re-words what a co-guardian's /forget said in the past.
    if notices is not None:
        bus.subscribe(
            PersonRenamed, partial(forget_notices.on_person_renamed, notices, persons, messenger)
        )
        # moderation -> privacy: an invitee who accepted while the organizers of none of
        # the person's groups had approved it reads what they decided since (walkhe2 8).
        for decided in (PersonApproved, PersonRejected):
            bus.subscribe(
                decided, partial(forget_notices.on_person_decided, notices, persons, messenger)
            )
        # ... and an invitation used, expired, or whose maker left the person, re-words the
        # "Accept?" of whoever opened its link and did not answer (issue 32).
        bus.subscribe(
            InvitationEnded, partial(forget_notices.on_invitation_ended, notices, messenger)
        )
        # persons -> privacy: a guardian who left or was removed reads that they were one,
        # and so do the other guardians told they get the photos (walken3 9); their used
        # invitations, and another's acceptance, are said so (walk37A A2, A4).
        bus.subscribe(
            GuardianshipEnded, partial(forget_notices.on_guardianship_ended, notices, messenger)
        )
        # enrollment -> privacy: one who guards someone again (an /add) no longer reads
        # they guard no one (walk35 2).
        bus.subscribe(
            PersonEnrolled, partial(forget_notices.on_person_enrolled, notices, messenger)
        )
        # persons -> privacy: a merge ends the invitations to the child merged away.
        bus.subscribe(PersonsMerged, partial(forget_notices.on_persons_merged, notices, messenger))
        # moderation -> privacy: a takedown's faces deleted have the offers of photos held
        # while their persons were paused count what is left (findings walken4 4).
        if held_for is not None:
            bus.subscribe(
                TakenDownFacesDeleted,
                partial(forget_notices.on_taken_down_faces_deleted, notices, messenger, held_for),
            )
    return bus
