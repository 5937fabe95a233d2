FROM ghcr.io/acme/runtime:2.1
