"""The one thing pyproject.toml cannot say: ``blueprints/`` installs as ``hastack.blueprints``.

The repository keeps the shipped blueprints at its top level, but an installed distribution must
not own a generic top-level name (another package's ``blueprints/`` would overwrite it, and a
project's own ``blueprints/`` folder would shadow it). Everything else is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["hastack", "hastack.*"]), "hastack.blueprints"],
    package_dir={"hastack.blueprints": "blueprints"},
)
