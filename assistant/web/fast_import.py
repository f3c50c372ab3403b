"""Make `import gradio` skip its type-stub writer (about half of the import's time).

Every class Gradio defines through its `ComponentMeta` calls
`gradio.component_meta.create_or_modify_pyi`, which re-parses the component's
source file with `ast` and rewrites the `.pyi` stub next to it when it differs.
That is a tool for Gradio's own development: the installed stubs ship with the
wheel. Measured on 2 cores: `import gradio` 5.4–6.8 s, 2.3–3.2 s without it.

`skip_gradio_stub_writing()` installs an import hook that replaces the function
with a no-op right after `gradio.component_meta` is executed, before any
component class exists. It changes nothing when Gradio is already imported, and
nothing when a future Gradio no longer has the function.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

_MODULE = "gradio.component_meta"
_FUNCTION = "create_or_modify_pyi"


def _no_stub(*_args: Any, **_kwargs: Any) -> None:
    """Write no `.pyi` stub."""


class _PatchingLoader(importlib.abc.Loader):
    """Executes the module with its own loader, then replaces the stub writer."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        if callable(getattr(module, _FUNCTION, None)):
            setattr(module, _FUNCTION, _no_stub)

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename, ... as before
        return getattr(self.loader, name)


class _Finder(importlib.abc.MetaPathFinder):
    """Finds `gradio.component_meta` as usual and hands it to `_PatchingLoader`."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _PatchingLoader(spec.loader)
        return spec


def skip_gradio_stub_writing() -> None:
    """Install the hook (once) unless Gradio's components are already defined."""
    if _MODULE in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
