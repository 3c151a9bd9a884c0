"""Loading a user's app: a ``.py`` file or ``module:attr`` that defines an App, Stack or Blueprint.

Any problem (missing file, an exception while importing it, nothing to synthesize) becomes an
:class:`~hastack.errors.AppLoadError` with one paragraph naming the file and the line, never a
traceback. Option errors raised by blueprints pass through unchanged: they already list every
bad field.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

from hastack.core.app import App
from hastack.core.blueprint import Blueprint
from hastack.core.context import Context, use_context
from hastack.core.stack import Stack
from hastack.errors import AppLoadError, HastackError


def is_app_target(target: str) -> bool:
    """A ``.py`` file or ``module:attr`` (anything else is read as a template file)."""
    if target.endswith(".py"):
        return True
    if ":" in target and not Path(target).exists():
        module, _, attr = target.partition(":")
        return bool(module) and bool(attr) and "/" not in module
    return False


def load_app(target: str, context: Context | None = None) -> Any:
    """Import ``target`` under ``context`` and return an :class:`~hastack.core.app.App`."""

    if not is_app_target(target):
        # "tpl.yaml" as a module name would import a tpl.py lying beside it: never run code
        # for a template file, whatever sits in the folder.
        raise AppLoadError(f"{target}: a template file, not an app (a .py file or module:attr)")
    ctx = context or Context()
    with use_context(ctx):
        if target.endswith(".py"):
            module = _import_file(Path(target))
            obj: Any = _find_default(module, target)
        else:
            module_name, _, attr = target.partition(":")
            module = _import_module(module_name, target)
            try:
                obj = getattr(module, attr)
            except AttributeError:
                raise AppLoadError(
                    f"{target}: module {module_name} has no attribute {attr!r}"
                ) from None
        return _as_app(obj, target, ctx, App)


def _import_file(path: Path) -> ModuleType:
    if not path.exists():
        raise AppLoadError(f"{path}: no such file")
    resolved = path.resolve()
    name = "hastack_app_" + "".join(c if c.isalnum() else "_" for c in resolved.stem)
    spec = importlib.util.spec_from_file_location(name, resolved)
    if spec is None or spec.loader is None:
        raise AppLoadError(f"{path}: cannot be imported as Python")
    module = importlib.util.module_from_spec(spec)
    folder = str(resolved.parent)
    added = folder not in sys.path
    if added:
        sys.path.insert(0, folder)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except HastackError:
        raise
    except SyntaxError as error:
        raise AppLoadError(f"{path}: syntax error on line {error.lineno}: {error.msg}") from None
    except BaseException as error:  # noqa: BLE001 - any failure of user code becomes one message
        if isinstance(error, KeyboardInterrupt):
            raise
        raise AppLoadError(_describe_failure(path, error)) from error
    finally:
        if added and folder in sys.path:
            sys.path.remove(folder)
    return module


def _import_module(module_name: str, target: str) -> ModuleType:
    cwd = str(Path.cwd())
    if cwd not in sys.path:
        sys.path.insert(0, cwd)
    try:
        return importlib.import_module(module_name)
    except HastackError:
        raise
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            raise AppLoadError(f"{target}: no module named {module_name!r}") from None
        raise AppLoadError(_describe_failure(Path(module_name), error)) from error
    except Exception as error:  # noqa: BLE001
        raise AppLoadError(_describe_failure(Path(module_name), error)) from error


_LIBRARY_DIRS = tuple(
    str(Path(p).resolve())
    for p in {
        Path(__file__).resolve().parent.parent,  # hastack itself
        Path(traceback.__file__).resolve().parent,  # the standard library
        *(Path(p) for p in sys.path if p.endswith(("site-packages", "dist-packages"))),
    }
)


def _describe_failure(path: Path, error: BaseException) -> str:
    """Where the user's code failed: the deepest frame outside hastack, the standard library
    and installed packages (a blueprint module the app imports, say), else the app file."""
    frames = traceback.extract_tb(error.__traceback__)
    where = ""
    for frame in reversed(frames):
        filename = str(Path(frame.filename).resolve())
        if frame.filename.startswith("<") or filename.startswith(_LIBRARY_DIRS):
            continue
        shown = Path(frame.filename)
        here = Path.cwd()
        label = shown.relative_to(here) if shown.is_relative_to(here) else shown
        where = (
            f" on line {frame.lineno}"
            if shown.resolve() == path.resolve()
            else (f" in {label} on line {frame.lineno}")
        )
        break
    return f"{path}: importing it failed{where}: {type(error).__name__}: {error}"


def _find_default(module: ModuleType, target: str) -> Any:
    public = {k: v for k, v in vars(module).items() if not k.startswith("_")}
    if isinstance(public.get("app"), App | Stack | Blueprint):
        return public["app"]
    apps = [v for v in public.values() if isinstance(v, App)]
    if len(apps) > 1:
        raise AppLoadError(f"{target}: defines several App objects; name the one to use app")
    if apps:
        return apps[0]
    for kind in (Stack, Blueprint):  # every one of them, in definition order
        found = [v for v in public.values() if isinstance(v, kind)]
        if found:
            return found
    raise AppLoadError(
        f"{target}: defines no App, Stack or Blueprint at module level "
        "(create one, e.g. app = App(); app.add(HAWebApp('web')))"
    )


def _as_app(obj: Any, target: str, ctx: Context, app_class: type) -> Any:
    if isinstance(obj, app_class):
        return obj
    items = obj if isinstance(obj, list) else [obj]
    if not all(isinstance(i, Stack | Blueprint) for i in items):
        raise AppLoadError(f"{target}: {type(obj).__name__} is not an App, Stack or Blueprint")
    app = app_class(Path(target.split(":")[0]).stem, context=ctx)
    for item in items:
        app.add(item)
    return app
