"""The local emulator: moto in-process, made to run hastack's highly available stacks.

``import hastack.deploy.local`` is cheap; moto is imported when an emulator starts or
``install_compat()`` is called.
"""

from hastack.deploy.local.emulator import (
    DUMMY_ACCESS_KEY_ID,
    DUMMY_SECRET_ACCESS_KEY,
    EmulatorError,
    LocalEmulator,
    PortInUseError,
    check_region,
)


def install_compat() -> None:
    """Register hastack's CloudFormation handlers and patches in moto (idempotent)."""
    from hastack.deploy.local.compat import install

    install()


__all__ = [
    "DUMMY_ACCESS_KEY_ID",
    "DUMMY_SECRET_ACCESS_KEY",
    "EmulatorError",
    "LocalEmulator",
    "PortInUseError",
    "check_region",
    "install_compat",
]
