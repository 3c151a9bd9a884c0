"""CloudFormation YAML read into plain data, as CloudFormation reads it.

- Short-form intrinsics become their long form: ``!Ref X`` -> ``{"Ref": "X"}``,
  ``!Sub s`` -> ``{"Fn::Sub": "s"}``, ``!GetAtt A.B`` -> ``{"Fn::GetAtt": ["A", "B"]}``.
  ``!GetAtt [!Sub "Bucket${Id}", !Ref Attr]`` keeps its nested functions: cfn-flip's loader
  reads each item's bare scalar and returns ``["Bucket${Id}", "Attr"]``, which names a resource
  that does not exist (AWS::LanguageExtensions templates use this form).
- A key given twice in one mapping keeps its last value, as cfn-flip and the emulator do;
  ``hastack validate`` (cfn-lint's E0000) and the deploy gate report it with both lines.
- Dates stay strings: ``AWSTemplateFormatVersion: 2010-09-09`` is text to CloudFormation, not a
  ``datetime.date``.
"""

from __future__ import annotations

from typing import Any

import yaml

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_UNPREFIXED = frozenset({"Ref", "Condition"})


class CfnLoader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader for CloudFormation templates (see the module docstring)."""


def _mapping(loader: CfnLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _intrinsic(loader: CfnLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = suffix if suffix in _UNPREFIXED else f"Fn::{suffix}"
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = [loader.construct_object(item, deep=True) for item in node.value]
    elif isinstance(node, yaml.MappingNode):
        value = _mapping(loader, node)
    else:  # pragma: no cover - YAML has no other node kind
        raise yaml.constructor.ConstructorError(None, None, f"bad tag !{suffix}", node.start_mark)
    return {name: value}


def _text(loader: CfnLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


CfnLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
CfnLoader.add_constructor("tag:yaml.org,2002:timestamp", _text)
CfnLoader.add_multi_constructor("!", _intrinsic)


def load_cfn_yaml(text: str) -> Any:
    """The data of one CloudFormation YAML document, as plain dicts with string keys and lists
    (raises ``yaml.YAMLError``; ``RecursionError`` when nested too deeply)."""
    return _plain(yaml.load(text, Loader=CfnLoader))  # noqa: S506 - a SafeLoader subclass


def _plain(value: Any) -> Any:
    """Plain dicts with string keys (``1: x`` is the key "1" to CloudFormation), and lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
