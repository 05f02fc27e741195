"""The one composition root: every service built once, from the stack and the settings, the
same way in every process. The bot hands ``Services`` to its handlers (``bot/app.py``), the
worker puts it, with ``FaceWork``, in arq's typed context (``workers/app.py``), and the CLI
builds its own from here too.

``Services`` needs Postgres, Redis and the blobs, which every process opens; ``FaceWork``
needs the face index and the model too, which only the worker opens and loads (a bot
process runs without Qdrant)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from domain.blobs import BlobStore
from domain.buttons import Buttons
from domain.claims import whois_answers
from domain.claims.links import ClaimLinks
from domain.claims.service import ClaimDecisions, Claims, Naming
from domain.claims.sheets import Sheets
from domain.claims.unclaimed import scrub_names
from domain.clusters.service import Clusters
from domain.composition.reactions import wire_events
from domain.cooldown import (
    ALBUM_HINT_COOLDOWN_S,
    GROUP_HINT_COOLDOWN_S,
    REFUSAL_COOLDOWN_S,
    Cooldown,
)
from domain.corrections.batches import QuestionBatches, QuestionWithdrawal
from domain.corrections.expiry import QuestionExpiry
from domain.corrections.menus import CorrectionMenus
from domain.corrections.next_family import NextFamily
from domain.corrections.questions import SuggestionSender
from domain.corrections.service import Corrections
from domain.corrections.settings_cards import SettingsCards
from domain.delivery.album_notes import AlbumNotes
from domain.delivery.albums import Albums
from domain.delivery.batches import Batches
from domain.delivery.copies import Copies
from domain.delivery.purge import Purge
from domain.delivery.service import Deliveries
from domain.earlier_photos.service import EarlierPhotoAnswers, EarlierPhotoFinder
from domain.earlier_photos.shown import OffersNamedAgain
from domain.enrollment.drafts import StaleDrafts
from domain.enrollment.service import Enrollment, EnrollmentFaces
from domain.events import EventBus
from domain.groups.service import Groups
from domain.infra.cooldown import RedisCooldown
from domain.infra.face_crops import PillowFaceCrops
from domain.infra.images import face_sheet, shrink_jpeg
from domain.infra.stack import Stack
from domain.infra.stores.buttons import TortoiseButtonStore
from domain.infra.stores.claim_sheets import TortoiseSheetStore
from domain.infra.stores.claims import TortoiseClaimStore
from domain.infra.stores.clusters import TortoiseClusterStore
from domain.infra.stores.corrections import (
    TortoiseCorrectionStore,
    TortoiseExpiringQuestionStore,
    TortoiseGoneGuardianQuestionStore,
    TortoiseMenuStore,
)
from domain.infra.stores.delivery import TortoiseDeliveryStore
from domain.infra.stores.earlier_photos import TortoiseEarlierPhotoStore
from domain.infra.stores.enrollment import TortoiseEnrollmentStore
from domain.infra.stores.groups import TortoiseGroupStore
from domain.infra.stores.moderation_approvals import TortoiseApprovalStore
from domain.infra.stores.moderation_audit import TortoiseAuditStore
from domain.infra.stores.moderation_bans import TortoiseBanStore
from domain.infra.stores.moderation_groups import TortoiseLinkingStore, TortoiseOrganizerStore
from domain.infra.stores.moderation_pause import TortoisePauseStore
from domain.infra.stores.moderation_settings import TortoiseGroupSettingsStore
from domain.infra.stores.moderation_stats import TortoiseStatsStore
from domain.infra.stores.moderation_takedown import TortoiseTakedownStore
from domain.infra.stores.moderation_undo import TortoiseUndoStore
from domain.infra.stores.moderation_unreadable import TortoiseUnreadableStore
from domain.infra.stores.onboarding import TortoiseOnboardingStore
from domain.infra.stores.persons import (
    TortoiseGuardianStore,
    TortoisePersonStore,
    TortoiseShownStore,
)
from domain.infra.stores.privacy import (
    TortoiseErasureStore,
    TortoiseExportStore,
    TortoiseNoticeStore,
    TortoiseRetentionStore,
)
from domain.infra.stores.recognition import (
    TortoiseFaceSyncStore,
    TortoisePhotoIntakeStore,
    TortoisePrototypeStore,
    TortoiseRecognitionStore,
)
from domain.infra.stores.reconcile import TortoiseReconcileStore
from domain.infra.video_reader import PyAVVideoReader
from domain.jobs.queue import JobQueue
from domain.jobs.reconcile import Reconciler
from domain.moderation.admin_answers import AdminAnswers
from domain.moderation.approvals import Approvals
from domain.moderation.audit_view import AuditView
from domain.moderation.bans import Bans
from domain.moderation.linking import AdminChatLinking
from domain.moderation.organizers import Organizers
from domain.moderation.pause import Pauses
from domain.moderation.setting_redraws import SettingRedraws
from domain.moderation.settings import GroupSettings
from domain.moderation.stats import Statistics
from domain.moderation.takedown import TakedownDeletion, TakedownRequests
from domain.moderation.undo import Undo
from domain.onboarding.service import Onboarding
from domain.persons.answers import CorrectionAnswers
from domain.persons.guardians import Guardians
from domain.persons.invite_links import InviteLinks
from domain.persons.service import Persons
from domain.persons.shown import ShownCards
from domain.privacy.erasure import Erasure
from domain.privacy.export import DataExport
from domain.privacy.notices import Notices
from domain.privacy.retention import Retention, next_run
from domain.recognition.face_index import FaceIndex
from domain.recognition.face_sync import FaceSync
from domain.recognition.faces import FaceEngine
from domain.recognition.intake import PhotoIntake
from domain.recognition.prototype_choice import PrototypeChoice
from domain.recognition.service import Recognition
from domain.recognition.thresholds import MatchThresholds, thresholds_for
from domain.settings import Settings
from domain.telegram import Messenger
from domain.videos.clip_faces import ClipFaceReader
from domain.videos.stills import VideoStills


@dataclass(frozen=True)
class Services:
    """Every service that needs no face index nor model. A bot handler takes the ones it
    uses by their field names here (``tests/unit/test_services.py`` holds them to it)."""

    settings: Settings
    thresholds: MatchThresholds
    messenger: Messenger
    jobs: JobQueue
    blobs: BlobStore
    events: EventBus
    buttons: Buttons
    # What a handler says at most once in a while: the hint under a group photo, the
    # refusal of a non-organizer's command, the answer to an album sent outside /add.
    group_hints: Cooldown
    organizer_refusals: Cooldown
    album_hints: Cooldown
    # The bot's side: what the users' messages and buttons ask for.
    groups: Groups
    onboarding: Onboarding
    intake: PhotoIntake
    enrollment: Enrollment
    persons: Persons
    guardians: Guardians
    corrections: Corrections
    correction_menus: CorrectionMenus  # the open "What's wrong with this photo" menus
    correction_answers: CorrectionAnswers  # corrections' messages, their Undo kept true
    earlier_photo_answers: EarlierPhotoAnswers
    offers_named_again: OffersNamedAgain  # the ``ASK_OFFERS_AGAIN`` requests' work
    organizers: Organizers
    admin_linking: AdminChatLinking
    approvals: Approvals
    takedown_requests: TakedownRequests
    audits: AuditView  # /audit, and keeping every /audit shown true
    undo: Undo  # /audit's Undo button
    stats: Statistics  # /stats
    bans: Bans  # /ban, /unban
    pauses: Pauses  # /pause, /resume
    group_settings: GroupSettings  # /settings
    setting_redraws: SettingRedraws  # what a setting changed, or its undo, redraws
    naming: Naming
    claims: Claims
    claim_links: ClaimLinks  # the messages handing claim links, true once they stop working
    invite_links: InviteLinks  # the messages handing co-guardian invitations, once expired
    data_export: DataExport  # /export
    notices: Notices  # the messages a user's /forget makes true
    # The /settings cards in private chats, kept true: they say when and how many
    # questions a guardian is asked.
    settings_cards: SettingsCards
    # Both sides: deliveries are planned by the bot's answers and sent by the worker.
    deliveries: Deliveries
    # The worker's side: the jobs that need neither the index nor the model.
    albums: Albums
    copies: Copies  # the copies in guardians' chats, kept true after a change
    batches: Batches
    suggestions: SuggestionSender
    question_batches: QuestionBatches
    question_withdrawal: QuestionWithdrawal
    question_expiry: QuestionExpiry
    stale_drafts: StaleDrafts
    reconciler: Reconciler


@dataclass(frozen=True)
class FaceWork:
    """The worker's services that search the face index or run the model."""

    recognition: Recognition
    earlier_photo_finder: EarlierPhotoFinder
    enrollment_faces: EnrollmentFaces
    prototypes: PrototypeChoice
    next_family: NextFamily
    face_sync: FaceSync
    clusters: Clusters
    erasure: Erasure
    takedown_deletion: TakedownDeletion
    retention: Retention


def build_services(
    stack: Stack, settings: Settings, messenger: Messenger, jobs: JobQueue
) -> Services:
    """Every service of ``Services``, once, on the stack's Postgres, Redis and blobs."""
    assert stack.redis is not None
    assert stack.blobs is not None
    blobs, redis = stack.blobs, stack.redis
    organizers = Organizers(messenger, TortoiseOrganizerStore())
    # The /audit lists shown: kept true by the approvals too (a rejection asked again).
    audits = AuditView(TortoiseAuditStore())
    album_window = timedelta(seconds=settings.delivery.album_window_s)
    # Persons publish on the bus, and react to an enrollment learned (its cards shown).
    bus = EventBus()
    groups = Groups(TortoiseGroupStore(), bus)
    onboarding = Onboarding(messenger, TortoiseOnboardingStore(), groups, bus)
    # Persons ask it what /add would refuse, for an empty /persons list.
    enrollment = Enrollment(jobs, onboarding, blobs, messenger, TortoiseEnrollmentStore())
    persons = Persons(
        jobs, blobs, TortoisePersonStore(), ShownCards(TortoiseShownStore()), bus, enrollment
    )
    delivery_store = TortoiseDeliveryStore()
    copies = Copies(messenger, delivery_store, jobs)
    claim_sheets = Sheets(messenger, TortoiseSheetStore())
    menus = CorrectionMenus(TortoiseMenuStore(), messenger)
    buttons = Buttons(TortoiseButtonStore())
    answers = CorrectionAnswers(buttons, persons, messenger)
    notices = Notices(TortoiseNoticeStore())
    deliveries = Deliveries.configured(messenger, jobs, delivery_store, settings, groups)
    statistics = Statistics(TortoiseStatsStore())
    admin_linking = AdminChatLinking(
        organizers,
        TortoiseLinkingStore(),
        AdminAnswers(organizers, TortoiseUnreadableStore(), statistics),
    )
    events = wire_events(
        bus,
        messenger=messenger,
        persons=persons,
        jobs=jobs,
        album_window=album_window,
        takedowns=TortoiseTakedownStore(),
        approval_cards=TortoiseApprovalStore(),
        unreadable_posts=TortoiseUnreadableStore(),
        expiring_questions=TortoiseExpiringQuestionStore(),
        copies_in_chats=copies,
        claim_sheets=claim_sheets,
        longest_clip_s=settings.videos.max_duration_s,
        menus=menus,
        gone_guardian_questions=TortoiseGoneGuardianQuestionStore(),
        answers=answers,
        answered=TortoiseCorrectionStore(),
        buttons=buttons,
        offers=TortoiseEarlierPhotoStore(),
        notices=notices,
        audits=audits,
        held_for=deliveries.held_for,
        admin_answers=admin_linking,
    )
    questions = TortoiseCorrectionStore()
    claim_store = TortoiseClaimStore(scrub_names)
    naming = Naming(
        messenger,
        claim_store,
        PillowFaceCrops(),
        stills=VideoStills(PyAVVideoReader(settings.videos)),
        sheets=claim_sheets,
        regroup_after_s=settings.clusters.regroup_after_s,
        min_size=settings.clusters.min_size,
        events=events,
    )
    claim_links = ClaimLinks(messenger, claim_store, naming)
    approvals = Approvals(
        messenger,
        blobs,
        TortoiseApprovalStore(),
        events,
        ClaimDecisions(jobs, naming, blobs, claim_store, copies, events, claim_links),
        groups=groups,
        notices=notices,
        audits=audits,
    )
    bans = Bans(TortoiseBanStore(), notices=notices, held_for=deliveries.held_for)
    pauses = Pauses(TortoisePauseStore())
    group_settings = GroupSettings(
        TortoiseGroupSettingsStore(), digest_hour=settings.delivery.digest_hour_utc
    )
    settings_cards = SettingsCards(
        onboarding,
        persons.shown,
        messenger,
        hour=settings.jobs.questions_hour_utc,
        a_day=settings.jobs.questions_a_day,
    )
    setting_redraws = SettingRedraws(
        group_settings,
        organizers,
        deliveries,
        approvals,
        audits,
        notices,
        settings_cards,
        keep_applies_from=next_run,
    )
    return Services(
        settings=settings,
        thresholds=thresholds_for(settings.faces.pack, settings.matching),
        messenger=messenger,
        jobs=jobs,
        blobs=blobs,
        events=events,
        buttons=buttons,
        group_hints=RedisCooldown(redis, "facedrop:group-hint", GROUP_HINT_COOLDOWN_S),
        organizer_refusals=RedisCooldown(redis, "facedrop:refusal", REFUSAL_COOLDOWN_S),
        album_hints=RedisCooldown(redis, "facedrop:album-hint", ALBUM_HINT_COOLDOWN_S),
        settings_cards=settings_cards,
        groups=groups,
        onboarding=onboarding,
        intake=PhotoIntake(groups, TortoisePhotoIntakeStore(), jobs, events),
        enrollment=enrollment,
        persons=persons,
        guardians=Guardians(onboarding, jobs, TortoiseGuardianStore(), events, messenger),
        corrections=Corrections(
            jobs, questions, AlbumNotes(messenger, delivery_store), blobs, events
        ),
        correction_menus=menus,
        correction_answers=answers,
        earlier_photo_answers=EarlierPhotoAnswers(
            jobs, blobs, questions, TortoiseEarlierPhotoStore(), events
        ),
        offers_named_again=OffersNamedAgain(messenger, TortoiseEarlierPhotoStore()),
        organizers=organizers,
        admin_linking=admin_linking,
        approvals=approvals,
        takedown_requests=TakedownRequests(jobs, TortoiseTakedownStore()),
        audits=audits,
        undo=Undo(TortoiseUndoStore(), bans, pauses, group_settings, TortoiseApprovalStore()),
        stats=statistics,
        bans=bans,
        pauses=pauses,
        group_settings=group_settings,
        setting_redraws=setting_redraws,
        naming=naming,
        claims=Claims(onboarding, naming, claim_store),
        claim_links=claim_links,
        invite_links=InviteLinks(messenger, TortoiseGuardianStore(), events),
        data_export=DataExport(
            TortoiseExportStore(),
            blobs,
            questions_expire_after=timedelta(days=settings.jobs.questions_expire_days),
        ),
        notices=notices,
        deliveries=deliveries,
        albums=Albums(messenger, jobs, delivery_store),
        copies=copies,
        batches=Batches(
            messenger,
            jobs,
            deliveries,
            album_window=album_window,
            digest_hour=settings.delivery.digest_hour_utc,
        ),
        suggestions=SuggestionSender(
            messenger,
            blobs,
            jobs,
            a_day=settings.jobs.questions_a_day,
            members=deliveries.members,
            store=questions,
            pictures=PillowFaceCrops(),
        ),
        question_batches=QuestionBatches(
            messenger,
            blobs,
            jobs,
            questions,
            pictures=PillowFaceCrops(),
            hour=settings.jobs.questions_hour_utc,
            a_day=settings.jobs.questions_a_day,
        ),
        question_withdrawal=QuestionWithdrawal(messenger, questions),
        question_expiry=QuestionExpiry(
            messenger,
            blobs,
            questions,
            after=timedelta(days=settings.jobs.questions_expire_days),
        ),
        stale_drafts=StaleDrafts(
            jobs,
            blobs,
            TortoiseEnrollmentStore(),
            keep=timedelta(hours=settings.jobs.drafts_keep_h),
        ),
        reconciler=Reconciler(
            jobs,
            TortoiseReconcileStore(),
            sending_stale=timedelta(seconds=settings.jobs.sending_stale_s),
            buttons=buttons,
        ),
    )


def build_face_work(services: Services, index: FaceIndex, engine: FaceEngine) -> FaceWork:
    """The services of ``FaceWork``, once, on ``services`` and the face index and model."""
    settings, thresholds = services.settings, services.thresholds
    messenger, jobs, blobs = services.messenger, services.jobs, services.blobs
    crops_keep = timedelta(days=settings.jobs.crops_keep_days)
    # A job still sending to Telegram may wait out a 429 first: what deletes its photo waits
    # that long for it.
    in_flight_wait = timedelta(seconds=settings.telegram.max_retry_wait_s + 30)
    purge = Purge(index, blobs, messenger, services.copies, in_flight_wait)
    clips = ClipFaceReader(
        PyAVVideoReader(settings.videos),
        engine,
        max_duration_s=settings.videos.max_duration_s,
        second_look_share=settings.videos.second_look_share,
    )
    recognition = Recognition(
        engine,
        index,
        messenger,
        jobs,
        blobs,
        thresholds,
        store=TortoiseRecognitionStore(),
        events=services.events,
        clips=clips,
        crops_keep=crops_keep,
        age_penalty=settings.matching.age_penalty,
    )
    return FaceWork(
        recognition=recognition,
        earlier_photo_finder=EarlierPhotoFinder(
            recognition,
            engine,
            index,
            messenger,
            jobs,
            blobs,
            thresholds,
            store=TortoiseCorrectionStore(),
            offers=TortoiseEarlierPhotoStore(),
            face_sheet=face_sheet,
            stills=VideoStills(PyAVVideoReader(settings.videos)),
            # A clip's face cut as the face engine cuts a photo's (its margin and size).
            face_crop=partial(PillowFaceCrops().crop, margin=0.25, side=256),
            crops_keep=crops_keep,
            enabled=settings.matching.look_back,
        ),
        enrollment_faces=EnrollmentFaces(
            engine,
            index,
            messenger,
            blobs,
            thresholds,
            jobs,
            store=TortoiseEnrollmentStore(),
            approvals=services.approvals,
            shrink=shrink_jpeg,
            clips=clips,
            events=services.events,
            notices=services.notices,
        ),
        prototypes=PrototypeChoice(
            index,
            jobs,
            settings.matching.max_prototypes,
            TortoisePrototypeStore(),
            events=services.events,
        ),
        next_family=NextFamily(recognition, index, jobs, blobs, TortoiseCorrectionStore()),
        face_sync=FaceSync(index, TortoiseFaceSyncStore()),
        clusters=Clusters(
            index,
            jobs,
            join_at=thresholds.auto,
            regroup_after_s=settings.clusters.regroup_after_s,
            min_size=settings.clusters.min_size,
            store=TortoiseClusterStore(),
        ),
        erasure=Erasure(
            purge,
            TortoiseErasureStore(),
            audits=services.audits,
            approvals=services.approvals,
            events=services.events,
            answers=services.correction_answers,
            menus=services.correction_menus,
            jobs=jobs,
            notices=services.notices,
            enrollment=TortoiseEnrollmentStore(),
            claim_links_said=partial(
                whois_answers.organizer_forgotten, services.admin_linking, services.naming
            ),
        ),
        takedown_deletion=TakedownDeletion(
            purge,
            TortoiseTakedownStore(),
            events=services.events,
            jobs=jobs,
            answers=services.admin_linking,
            notices=services.notices,
        ),
        retention=Retention(
            index,
            blobs,
            TortoiseRetentionStore(),
            services.events,
        ),
    )
