"""The ``docker build`` (and ``buildx build``, ``podman build``) command line: which flags take a
value, so the words after them are not read as the build context."""

from __future__ import annotations

#: flags of ``docker build`` that take the next word as their value
BUILD_VALUE_FLAGS = frozenset(
    [
        "-f",
        "--file",
        "-t",
        "--tag",
        "--build-arg",
        "--target",
        "--platform",
        "--label",
        "--cache-from",
        "--cache-to",
        "--secret",
        "--ssh",
        "--network",
        "--output",
        "-o",
        "--progress",
        "--iidfile",
        "--build-context",
        "--add-host",
        "--shm-size",
        "--ulimit",
        "-m",
        "--memory",
        "--cpuset-cpus",
        "--builder",
        "--metadata-file",
        "--provenance",
        "--sbom",
        "--attest",
        "--annotation",
        "--allow",
        "--cgroup-parent",
        "--isolation",
        "--cpu-shares",
        "-c",
        "--memory-swap",
    ]
)


__all__ = ["BUILD_VALUE_FLAGS"]
