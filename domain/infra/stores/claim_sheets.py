"""The sheets of faces posted for naming and claiming (``domain.claims.stores.SheetStore``)
on tortoise and Postgres. Its records are its own dataclasses (it imports nothing of
``domain.claims``: ``claims.unclaimed`` still reads the database)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from uuid import UUID

from tortoise.expressions import Q

from domain.infra.models import ClaimSheet


@dataclass(frozen=True, slots=True)
class RecordedSheet:
    id: UUID
    chat_id: int
    message_id: int | None


def _recorded(sheets: Sequence[ClaimSheet]) -> list[RecordedSheet]:
    return [RecordedSheet(sheet.id, sheet.chat_id, sheet.message_id) for sheet in sheets]


class TortoiseSheetStore:
    """``SheetStore``: ``ClaimSheet`` rows, found by message or by fingerprint."""

    async def record(
        self,
        group_id: UUID,
        chat_id: int,
        face_ids: Sequence[UUID],
        fingerprint: str,
        claim_id: UUID | None,
    ) -> UUID:
        sheet = await ClaimSheet.create(
            group_id=group_id,
            claim_id=claim_id,
            chat_id=chat_id,
            fingerprint=fingerprint,
            face_ids=[str(face) for face in face_ids],
        )
        return sheet.id

    async def posted(self, sheet_id: UUID, message_id: int) -> None:
        await ClaimSheet.filter(id=sheet_id).update(message_id=message_id)

    async def faces_of(self, chat_id: int, message_id: int, fingerprint: str) -> list[UUID] | None:
        # One read: the sheet recorded as this message, or (pressed before its message's id
        # came back) one found by what its button carries. Read in two, a press between them
        # while its /whois recorded the id missed the sheet both ways ("These faces have
        # changed since", test_claims under load).
        found = await ClaimSheet.filter(
            Q(message_id=message_id) | Q(fingerprint=fingerprint, message_id__isnull=True),
            chat_id=chat_id,
        ).order_by("created_at")
        sheet = next((s for s in found if s.message_id == message_id), None) or next(
            iter(found), None
        )
        return None if sheet is None else [UUID(face) for face in sheet.face_ids]

    async def named_from(
        self, chat_id: int, message_id: int, claim_id: UUID, face_ids: Collection[UUID]
    ) -> list[int]:
        wanted = {str(face) for face in face_ids}
        open_sheets = await ClaimSheet.filter(
            chat_id=chat_id, claim_id__isnull=True, message_id__isnull=False
        ).exclude(message_id=message_id)
        others = [sheet for sheet in open_sheets if wanted & set(sheet.face_ids)]
        await ClaimSheet.filter(
            Q(message_id=message_id) | Q(id__in=[sheet.id for sheet in others]), chat_id=chat_id
        ).update(claim_id=claim_id)
        return [sheet.message_id for sheet in others if sheet.message_id is not None]

    async def showing(
        self, group_id: UUID | None, face_ids: Collection[UUID]
    ) -> list[RecordedSheet]:
        wanted = {str(face) for face in face_ids}
        sheets = ClaimSheet.all() if group_id is None else ClaimSheet.filter(group_id=group_id)
        return _recorded([s for s in await sheets if wanted & set(s.face_ids)])

    async def where(
        self,
        *,
        claim_id: UUID | None = None,
        chat_id: int | None = None,
        group_chat_id: int | None = None,
        claimed_person_id: UUID | None = None,
    ) -> list[RecordedSheet]:
        criteria = {
            "claim_id": claim_id,
            "chat_id": chat_id,
            "group__chat_id": group_chat_id,
            "claim__person_id": claimed_person_id,
        }
        wanted = {key: value for key, value in criteria.items() if value is not None}
        if not wanted:
            return []  # no criterion: no sheet, never every sheet
        return _recorded(await ClaimSheet.filter(**wanted))

    async def forget(self, sheet_id: UUID) -> None:
        await ClaimSheet.filter(id=sheet_id).delete()
