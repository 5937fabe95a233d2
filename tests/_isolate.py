"""Run a browser (or a tool that drives one) where nothing it sends can leave the machine: a network
namespace of its own with only the loopback interface up, when the platform allows; otherwise as is
(the browser tests then point every request at a closed loopback port)."""

from __future__ import annotations

import functools
import shutil
import subprocess


@functools.cache
def available() -> bool:
    unshare = shutil.which("unshare")
    return (
        bool(unshare) and subprocess.run([unshare, "--net", "true"], capture_output=True, check=False).returncode == 0
    )


def isolated(cmd: list[str]) -> list[str]:
    if not available():
        return cmd
    return ["unshare", "--net", "sh", "-c", 'ip link set lo up 2>/dev/null; exec "$@"', "sh", *cmd]
