FROM alpine:3.20
RUN mkdir -p /app
# expect: DKR050
RUN chown 1000 /app
RUN chmod 750 /app
RUN touch /app/.keep
COPY . /app
