FROM alpine:3.20
LABEL source="https://github.com/example/app" created="2024-05-01T12:00:00.5+01:00"
LABEL licenses="(MIT OR Apache-2.0) AND LicenseRef-internal" revision="2dbfae9"
LABEL version="1.2.3-rc.1+build.5" maintainer="ops@example.com" title="anything"
# a value from a variable is known only at build time; a label outside the schema is not checked
LABEL created=$BUILD_DATE other="not-a-url"
