"""Write a plain troposphere script that builds the same resources as a template.

The synth benchmark compares ``hastack synth`` against what a developer would write by hand
with troposphere alone: typed resource and property classes, intrinsic helpers, ``to_json()``.
troposphere's own ``cfn2py`` crashes on templates like ours, so this small generator walks the
template with troposphere's ``props`` metadata and emits constructor calls.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import troposphere

INTRINSICS = {
    "Ref": "Ref",
    "Fn::GetAtt": "GetAtt",
    "Fn::Sub": "Sub",
    "Fn::Join": "Join",
    "Fn::Select": "Select",
    "Fn::GetAZs": "GetAZs",
    "Fn::Base64": "Base64",
    "Fn::If": "If",
    "Fn::Split": "Split",
    "Fn::FindInMap": "FindInMap",
    "Fn::ImportValue": "ImportValue",
}


def _resource_classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(troposphere.__path__):
        if info.name in {"template_generator", "openstack"} or info.name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"troposphere.{info.name}")
        except Exception:  # noqa: BLE001 - optional modules with extra dependencies
            continue
        for value in vars(module).values():
            rtype = getattr(value, "resource_type", None)
            if isinstance(value, type) and isinstance(rtype, str) and rtype.startswith("AWS::"):
                found.setdefault(rtype, value)
    return found


class _Emitter:
    def __init__(self) -> None:
        self.imports: dict[str, set[str]] = {"troposphere": {"Template", "Parameter", "Output"}}

    def use(self, cls: type) -> str:
        self.imports.setdefault(cls.__module__, set()).add(cls.__name__)
        return cls.__name__

    def value(self, value: Any, expected: Any = None) -> str:
        if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in INTRINSICS:
            ((key, arg),) = value.items()
            name = INTRINSICS[key]
            self.imports["troposphere"].add(name)
            if key in {"Ref", "Fn::GetAZs", "Fn::Base64", "Fn::ImportValue"}:
                return f"{name}({self.value(arg)})"
            if key == "Fn::GetAtt":
                return f"{name}({arg[0]!r}, {arg[1]!r})"
            if key == "Fn::Sub" and isinstance(arg, list):
                variables = ", ".join(f"{k}={self.value(v)}" for k, v in arg[1].items())
                return f"{name}({arg[0]!r}, {variables})"
            if isinstance(arg, list):
                return f"{name}(" + ", ".join(self.value(a) for a in arg) + ")"
            return f"{name}({self.value(arg)})"
        tags_class = _tags_class(expected)
        if tags_class is not None and isinstance(value, list):
            pairs = ", ".join(f"{t['Key']!r}: {self.value(t['Value'])}" for t in value)
            return f"{self.use(tags_class)}(**{{{pairs}}})"
        if isinstance(expected, list) and expected and isinstance(value, list):
            return "[" + ", ".join(self.value(v, expected[0]) for v in value) + "]"
        if (
            isinstance(value, dict)
            and isinstance(expected, type)
            and issubclass(expected, troposphere.AWSProperty | troposphere.AWSAttribute)
        ):
            return self.obj(expected, value)
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k!r}: {self.value(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.value(v) for v in value) + "]"
        return repr(value)

    def obj(self, cls: type, props: dict[str, Any], title: str | None = None) -> str:
        args = [repr(title)] if title else []
        for key, val in props.items():
            expected = cls.props.get(key, (None,))[0]
            args.append(f"{key}={self.value(val, expected)}")
        return f"{self.use(cls)}(" + ", ".join(args) + ")"


def _tags_class(expected: Any) -> type | None:
    candidates = expected if isinstance(expected, tuple) else (expected,)
    for candidate in candidates:
        if isinstance(candidate, type) and candidate.__name__ == "Tags":
            return candidate
    return None


WRITE = "Path({path}).write_text({template}.to_json(indent=2) + '\\n')"
"""How the bare script writes a template: the same bytes as ``hastack synth``."""


def bare_script(body: dict[str, Any], stacks: int | None = None) -> str:
    """Source of a troposphere script building the same template.

    With ``stacks`` None it writes the template to the file named by the script's first
    argument. With a number, it builds the template that many times in a loop (as a developer
    writing N stacks by hand would) and writes each to ``<folder>/stack-<i>.template.json``, the
    folder being the script's first argument; each template is dropped once written, as synth
    does. Either way the text is troposphere's ``to_json(indent=2)`` plus a newline: the bytes
    synth writes (sorted keys, two-space indent), so both sides serialise the same text.
    """
    classes = _resource_classes()
    emitter = _Emitter()
    lines = ["t = Template()"]
    if "Description" in body:
        lines.append(f"t.set_description({body['Description']!r})")
    for name, param in body.get("Parameters", {}).items():
        lines.append(f"t.add_parameter(Parameter({name!r}, **{param!r}))")
    for name, res in body["Resources"].items():
        cls = classes[res["Type"]]
        call = emitter.obj(cls, res.get("Properties", {}), title=name)
        extras = {k: v for k, v in res.items() if k not in {"Type", "Properties"}}
        if extras:
            from troposphere.policies import CreationPolicy, UpdatePolicy

            policies = {"UpdatePolicy": UpdatePolicy, "CreationPolicy": CreationPolicy}
            call = (
                call[:-1]
                + ", "
                + ", ".join(f"{k}={emitter.value(v, policies.get(k))}" for k, v in extras.items())
                + ")"
            )
        lines.append(f"t.add_resource({call})")
    for name, out in body.get("Outputs", {}).items():
        args = ", ".join(f"{k}={emitter.value(v)}" for k, v in out.items())
        lines.append(f"t.add_output(Output({name!r}, {args}))")
    header = [
        f"from {module} import {', '.join(sorted(names))}"
        for module, names in sorted(emitter.imports.items())
    ]
    if stacks is None:
        write = [
            "import sys",
            "from pathlib import Path",
            *header,
            *lines,
            WRITE.format(path="sys.argv[1]", template="t"),
        ]
        return "\n".join(write) + "\n"
    loop = [
        "import sys",
        "from pathlib import Path",
        *header,
        "",
        "",
        "def build():",
        *(f"    {line}" for line in lines),
        "    return t",
        "",
        "",
        "folder = Path(sys.argv[1])",
        "folder.mkdir(parents=True, exist_ok=True)",
        f"for i in range({stacks}):",
        "    " + WRITE.format(path="folder / f'stack-{i}.template.json'", template="build()"),
    ]
    return "\n".join(loop) + "\n"
