"""Conversations in the private chat, as aiogram state groups (FSM data holds ids only)."""

from aiogram.fsm.state import State, StatesGroup


class AddPerson(StatesGroup):
    name = State()
    photos = State()


class PersonEdit(StatesGroup):
    name = State()
    birth_date = State()


class JoinAsGuardian(StatesGroup):
    invited = State()  # an invitation was opened; FSM data holds its id


class NameCluster(StatesGroup):
    name = State()  # in an admin chat; FSM data: the group and the faces the sheet showed


class RenameUnclaimed(StatesGroup):
    name = State()  # in an admin chat; FSM data: the group and the unclaimed person


class ClaimChild(StatesGroup):
    consent = State()  # a claim link was opened; FSM data: the claim and its link's hash
    question = State()  # "Is this your child?" shown; FSM data adds the faces shown
