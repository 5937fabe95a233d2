# deploylint: ignore[DKR001] rebuilt nightly on purpose
FROM python:latest
# deploylint: ignore[shell-form-cmd] the wrapper script forwards signals
CMD ./start.sh \
  --verbose
