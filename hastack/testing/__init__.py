"""Testing helpers for hastack users: pytest fixtures and template assertions."""
