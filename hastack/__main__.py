"""``python -m hastack`` runs the CLI."""

from hastack.cli.main import run

run()
