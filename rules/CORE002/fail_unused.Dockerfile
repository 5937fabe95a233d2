# expect: CORE002@3:22
FROM python:3.12-slim AS base
# deploylint: ignore[DKR001] pinned by the build system
FROM base
