FROM node:20-alpine
COPY scripts/ /tmp/scripts/
# the script may add curl: reported as a low-confidence info naming it
RUN sh /tmp/scripts/install-tools.sh
# expect: DKR015:17
HEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1
