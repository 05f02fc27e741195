import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from domain.states import RequestKind


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0041_face_shown_at")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="UserRequest",
            name="kind",
            field=fields.CharEnumField(
                description="DELETE_PERSON: delete_person\nFORGET_FACES: forget_faces\nFORGET_PARTICIPANT: forget_participant\nINDEX_PERSON: index_person\nTAKEDOWN: takedown\nCHOOSE_PROTOTYPES: choose_prototypes\nASK_NEXT_FAMILY: ask_next_family\nHELD_SENT: held_sent",
                enum_type=RequestKind,
                max_length=24,
            ),
        ),
        ops.AddField(
            model_name="UserRequest",
            name="waits_for",
            field=fields.JSONField(
                null=True, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
            ),
        ),
    ]
