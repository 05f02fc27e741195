"""The handlers take their services from the one composition root: each parameter of a bot
handler is a field of ``Services`` (under its name, with its type) or something aiogram or
a filter gives, so the types mypy checks in a handler are the ones the root provides."""

from __future__ import annotations

import ast
import inspect
import typing
from collections.abc import Callable, Iterator
from typing import Any

from aiogram import Router

from bot.handlers import get_routers
from domain.composition.services import Services
from tests.conftest import REPO

SERVICES = typing.get_type_hints(Services)
# What aiogram, its middlewares and our filters hand a handler besides the services.
GIVEN_BY_AIOGRAM = {
    "bot",
    "callback_data",  # a CallbackData filter
    "command",  # Command()
    "event_chat",
    "event_from_user",
    "state",
    "raw_state",
    "fsm_storage",  # the FSM's storage (FSMContextMiddleware): other users' keys
}


def _routers(routers: list[Router]) -> Iterator[Router]:
    for router in routers:
        yield from router.chain_tail


def _handlers() -> Iterator[Callable[..., Any]]:
    for router in _routers(get_routers()):
        for observer in router.observers.values():
            for handler in observer.handlers:
                yield handler.callback


def _handler_parameters() -> Iterator[tuple[str, str, Any]]:
    """(handler, parameter, its type) of every handler's keyword parameters; the first
    parameter is the update itself."""
    for callback in _handlers():
        hints = typing.get_type_hints(callback)
        parameters = list(inspect.signature(callback).parameters.values())[1:]
        for parameter in parameters:
            if parameter.kind is inspect.Parameter.VAR_KEYWORD:
                continue
            yield callback.__qualname__, parameter.name, hints.get(parameter.name)


def test_every_handler_parameter_is_a_service_of_the_root_or_given_by_aiogram() -> None:
    handlers = list(_handlers())
    assert len(handlers) > 50
    wrong = [
        f"{handler}({name}: {hint})"
        for handler, name, hint in _handler_parameters()
        if name not in GIVEN_BY_AIOGRAM and SERVICES.get(name) != hint
    ]
    assert wrong == []


def test_every_service_a_handler_reads_from_the_data_is_one_of_the_root() -> None:
    """``organizers: Organizers = data["organizers"]`` in a handler taking ``**data``."""
    wrong = []
    for path in (REPO / "bot").rglob("*.py"):
        module = ast.parse(path.read_text())
        for node in ast.walk(module):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.value, ast.Subscript)
                and isinstance(node.value.value, ast.Name)
                and node.value.value.id == "data"
                and isinstance(node.value.slice, ast.Constant)
                and isinstance(node.value.slice.value, str)
            ):
                name, annotation = node.value.slice.value, ast.unparse(node.annotation)
                field = SERVICES.get(name)
                if name not in GIVEN_BY_AIOGRAM and getattr(field, "__name__", None) != annotation:
                    wrong.append(f"{path.name}:{node.lineno} {name}: {annotation}")
    assert wrong == []
