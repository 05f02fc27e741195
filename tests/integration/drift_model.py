"""A model the migrations do not know, to prove the drift check notices one."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class NotMigrated(Model):
    id = fields.IntField(primary_key=True)
    note = fields.CharField(max_length=20)

    class Meta:
        app = "facedrop"
        table = "not_migrated"
