"""``python -m hastack`` runs the CLI."""

from hastack.cli.main import main

main()
