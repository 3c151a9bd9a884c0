"""The wheel, installed in a fresh virtual environment outside the repository, runs the quick start.

What a pip user gets is not what the checkout imports: the repository keeps ``blueprints/`` at its
top level and ``setup.py`` maps it to ``hastack.blueprints``, so only a built wheel shows that
the distribution owns no generic top-level name, ships ``py.typed`` and its licence, and that the
README's quick start works there. The wheel is built without network (no build isolation) and
unpacked into a new venv, whose dependencies come from this environment's site-packages through
a ``.pth`` line: this environment's own ``hastack`` (an editable install) is not on that path.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCE = (".git", ".venv*", "build", "*.egg-info", "__pycache__", "*_cache", "hastack.out")


def _readme_block(language: str, after: str) -> str:
    text = (ROOT / "README.md").read_text()
    section = text[text.index(after) :]
    match = re.search(rf"```{language}\n(.*?)```", section, re.S)
    assert match, f"no ```{language} block after {after!r} in README.md"
    return match.group(1)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy: an in-tree build would reuse a stale build/ folder (files deleted from the source
    would still ship) and leave build/ and *.egg-info in the checkout."""
    copy = tmp_path_factory.mktemp("source") / "hastack"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    return copy


@pytest.fixture(scope="module")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(out), str(source)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PIP_NO_INDEX": "1"},
    )
    if build.returncode != 0 and "No module named" in build.stderr:
        pytest.skip(f"building a wheel needs setuptools and wheel here: {build.stderr[-300:]}")
    assert build.returncode == 0, build.stderr
    (path,) = out.glob("hastack-*.whl")
    return path


@pytest.fixture(scope="module")
def fresh_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(purelib)
    # Dependencies (troposphere, cfn-lint, ...) from this environment, without its hastack.
    Path(purelib, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_the_wheel_owns_only_hastack(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"hastack"}
    assert "hastack/blueprints/__init__.py" in names
    assert "hastack/py.typed" in names
    dist_info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
    assert f"{dist_info}/licenses/LICENSE" in names
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"{dist_info}/METADATA").decode()
    assert "License-Expression: Apache-2.0" in metadata
    core = [
        line
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    assert core and not [line for line in core if "moto" in line or "boto3" in line], core


def test_the_quick_start_runs_from_the_wheel(fresh_python: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTHON"))}
    env["NO_COLOR"] = "1"
    where = subprocess.run(
        [str(fresh_python), "-c", "import hastack.blueprints as b; print(b.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert where.returncode == 0, where.stderr
    assert str(fresh_python.parent.parent) in where.stdout, where.stdout

    generic = subprocess.run(
        [str(fresh_python), "-c", "import blueprints"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert "No module named 'blueprints'" in generic.stderr

    # A project's own blueprints/ folder (a common Flask layout) shadows nothing.
    (tmp_path / "blueprints").mkdir()
    (tmp_path / "blueprints" / "__init__.py").write_text("raise ImportError('the project one')\n")
    (tmp_path / "app.py").write_text(_readme_block("python", "## Quick start"))
    commands = [
        line.split("#")[0].split()
        for line in _readme_block("sh", "## Quick start").splitlines()
        if line.startswith("hastack ") and line.split()[1] in {"synth", "validate", "cost"}
    ]
    assert [c[1] for c in commands] == ["synth", "validate", "cost"]
    for command in commands:
        run = subprocess.run(
            [str(fresh_python), "-m", *command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert run.returncode == 0, f"{' '.join(command)}:\n{run.stdout}\n{run.stderr}"
        assert "Traceback" not in run.stderr
    assert (tmp_path / "out" / "manifest.json").is_file()
    assert list((tmp_path / "out").glob("shop-prod*.json"))


TYPED_USE = """\
from hastack import App
from hastack.blueprints import DatabaseOptions, HAWebApp

app = App("shop")
app.add(HAWebApp("shop-prod", region="eu-west-1",
                 database=DatabaseOptions(engine="aurora-mysql", readers=2),
                 dns={"domain_name": "shop.example.com"}))
HAWebApp("typo", databse={"engine": "aurora-mysql"})  # line 8
DatabaseOptions(engine="aurora-mysql", readers="two")  # line 9
HAWebApp("wrong", fleet=DatabaseOptions())  # line 10
"""


def test_mypy_reads_the_typed_options_of_the_installed_package(
    fresh_python: Path, tmp_path: Path
) -> None:
    """Editors and mypy see each option as a keyword (PEP 692) on the installed wheel."""
    pytest.importorskip("mypy")
    (tmp_path / "typed_app.py").write_text(TYPED_USE)
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--python-executable", str(fresh_python)]
        + ["--cache-dir", str(tmp_path / "cache"), "--no-error-summary", "typed_app.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    lines = sorted(int(line.split(":")[1]) for line in errors)
    assert lines == [8, 9, 10], run.stdout + run.stderr
    assert 'Unexpected keyword argument "databse"' in run.stdout


def test_the_sdist_carries_the_tests_docs_and_examples(source: Path, tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "setup.py", "-q", "sdist", "-d", str(tmp_path)],
        cwd=source,
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (archive_path,) = tmp_path.glob("hastack-*.tar.gz")
    with tarfile.open(archive_path) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for expected in (
        "LICENSE",
        "README.md",
        "setup.py",
        "blueprints/webapp.py",
        "examples/webapp.py",
        "docs/architecture.md",
        "tests/test_wheel.py",
        "hastack/py.typed",
        "hastack/components/userdata/health_agent.py",
    ):
        assert expected in names, expected
