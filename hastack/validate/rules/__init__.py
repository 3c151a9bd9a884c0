"""hastack's rule pack: high-availability and security checks written as cfn-lint rules.

One rule per module, the file named after the class, so that plain
``cfn-lint --append-rules <this folder>`` loads the same rules hastack runs in-process.
"""

from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent
"""The folder to hand to ``cfn-lint --append-rules``."""
