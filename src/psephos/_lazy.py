"""Public names of a package imported on first use (PEP 562): the one rule behind ``psephos``
and the capability packages whose ``__init__`` would otherwise import every module of theirs,
so that a command imports only the modules it uses (``psephos allocate`` loads no projection
model or turnout table)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any


def lazy_names(
    namespace: dict[str, Any], home: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` for the names of ``home`` (public name ->
    the module that defines it), each imported from its module on first use and kept in
    ``namespace`` (the package's ``globals()``), so later look-ups cost nothing. Any other
    name is an ``AttributeError``, which lets ``from package import submodule`` import the
    submodule.

    A public name that is also the name of the submodule defining it (``project`` in
    :mod:`psephos.projection`, defined by ``psephos.projection.project``) keeps its meaning:
    importing the submodule names it on the package (the import system's rule), and the
    package then takes the name from the submodule instead, as an eager ``from .project import
    project`` in its ``__init__`` would."""
    package = str(namespace["__name__"])

    def __getattr__(name: str) -> Any:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *home})

    def __setattr__(self: ModuleType, name: str, value: Any) -> None:
        if (
            isinstance(value, ModuleType)
            and value.__name__ == home.get(name) == f"{package}.{name}"
        ):
            value = getattr(value, name)
        ModuleType.__setattr__(self, name, value)

    named = [name for name, module in home.items() if module == f"{package}.{name}"]
    if named:  # only where a name meets its submodule: other packages keep the plain type
        sys.modules[package].__class__ = type(
            "LazyPackage", (ModuleType,), {"__setattr__": __setattr__, "__module__": __name__}
        )
    return __getattr__, __dir__
