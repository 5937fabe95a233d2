# deploylint: ignore[mutable-base-image, DL3007]
FROM python:latest
