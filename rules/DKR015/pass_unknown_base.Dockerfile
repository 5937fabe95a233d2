FROM ghcr.io/acme/runtime:1.0
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
