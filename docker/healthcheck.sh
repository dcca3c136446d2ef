#!/bin/bash
# Container health: GET /q/health/ready must answer 200 (the model is loaded).
# Pure bash (/dev/tcp), so it needs no curl/wget in the image.
port="${QUARKUS_HTTP_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /q/health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n' >&3
IFS= read -r -t 4 status <&3 || exit 1
exec 3<&- 3>&-
case "$status" in
  HTTP/1.?" 200"*) exit 0 ;;
  *) echo "not ready: ${status%$'\r'}"; exit 1 ;;
esac
