from __future__ import annotations

import subprocess
import sys


def test_top_level_names_load_lazily_and_validate_is_both_function_and_package() -> None:
    code = (
        "import sys, hastack\n"
        "assert 'hastack.core.app' not in sys.modules\n"
        "from hastack import App, Stack, Blueprint\n"
        "v = hastack.validate\n"
        "import hastack.validate.api as api\n"
        "assert callable(hastack.validate) and callable(api.validate)\n"
        "assert callable(hastack.estimate)\n"
        "assert 'cfnlint' not in sys.modules and 'boto3' not in sys.modules\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_unknown_top_level_names_raise_attribute_error() -> None:
    import pytest

    import hastack

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        hastack.nope  # noqa: B018
