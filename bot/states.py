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
