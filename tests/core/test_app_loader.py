from __future__ import annotations

import textwrap

import pytest

from hastack.core.app_loader import is_app_target, load_app
from hastack.core.context import Context
from hastack.errors import AppLoadError, OptionsError

APP_FILE = """
from troposphere import Template
from troposphere.sns import Topic
from hastack import App, Stack

app = App("demo")
t = Template()
t.add_resource(Topic("Alerts"))
app.add(Stack(f"alerts-{app.context.env or 'dev'}", t,
              region=app.context.get("region", "us-east-1")))
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_targets_are_told_apart_from_template_files(tmp_path) -> None:
    assert is_app_target("app.py") and is_app_target("pkg.mod:app")
    assert not is_app_target("template.yaml") and not is_app_target("dir/t.json")


def test_an_app_file_sees_the_context_it_is_loaded_with(tmp_path) -> None:
    path = write(tmp_path, "app.py", APP_FILE)
    app = load_app(str(path), Context({"region": "eu-west-1"}, env="prod"))
    (stack,) = app.stacks
    assert stack.name == "alerts-prod" and stack.region == "eu-west-1"


def test_a_file_defining_only_a_blueprint_becomes_an_app(tmp_path) -> None:
    path = write(
        tmp_path,
        "bp.py",
        """
        from hastack.blueprints import NetworkTier
        net = NetworkTier("net-only")
    """,
    )
    app = load_app(str(path))
    assert [s.name for s in app.stacks] == ["net-only"]


def test_module_attr_targets_import_from_the_working_directory(tmp_path, monkeypatch) -> None:
    write(tmp_path, "myapp.py", APP_FILE)
    monkeypatch.chdir(tmp_path)
    app = load_app("myapp:app")
    assert app.name == "demo"
    with pytest.raises(AppLoadError, match="has no attribute 'missing'"):
        load_app("myapp:missing")
    with pytest.raises(AppLoadError, match="no module named 'nomodule'"):
        load_app("nomodule:app")


def test_errors_in_user_code_name_file_line_and_exception(tmp_path) -> None:
    path = write(tmp_path, "broken.py", "x = 1\nraise RuntimeError('boom')\n")
    with pytest.raises(AppLoadError) as caught:
        load_app(str(path))
    assert str(caught.value) == f"{path}: importing it failed on line 2: RuntimeError: boom"


def test_syntax_errors_and_missing_files_are_one_line(tmp_path) -> None:
    path = write(tmp_path, "syntax.py", "def (:\n")
    with pytest.raises(AppLoadError, match="syntax error on line 1"):
        load_app(str(path))
    with pytest.raises(AppLoadError, match="no such file"):
        load_app(str(tmp_path / "absent.py"))


def test_a_file_without_anything_to_synthesize_says_what_to_add(tmp_path) -> None:
    path = write(tmp_path, "empty.py", "x = 1\n")
    with pytest.raises(AppLoadError, match="defines no App, Stack or Blueprint"):
        load_app(str(path))


def test_option_errors_from_blueprints_pass_through_unchanged(tmp_path) -> None:
    path = write(
        tmp_path,
        "badopts.py",
        """
        from hastack.blueprints import HAWebApp
        app = HAWebApp("web", network={"az_count": 9})
    """,
    )
    with pytest.raises(OptionsError, match="network.az_count=9"):
        load_app(str(path))


def test_two_apps_without_one_named_app_is_an_error(tmp_path) -> None:
    path = write(
        tmp_path,
        "two.py",
        """
        from hastack import App
        first = App("a")
        second = App("b")
    """,
    )
    with pytest.raises(AppLoadError, match="defines several App objects"):
        load_app(str(path))


def test_several_blueprints_become_one_app_in_definition_order(tmp_path) -> None:
    path = write(
        tmp_path,
        "tiers.py",
        """
        from hastack.blueprints import NetworkTier
        b = NetworkTier("net-b")
        a = NetworkTier("net-a")
    """,
    )
    assert [s.name for s in load_app(str(path)).stacks] == ["net-b", "net-a"]
