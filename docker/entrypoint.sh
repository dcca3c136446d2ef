#!/bin/bash
# ThinkGate container entrypoint.
#
# Runs the JVM as a child and forwards SIGTERM/SIGINT to it, so Quarkus shuts down
# gracefully (in-flight streams finish within quarkus.shutdown.timeout). A JVM
# stopped by SIGTERM exits with 143; after a forwarded stop signal that is the
# expected, clean outcome, so the container exits 0 (like `tini -e 143`). Any
# other exit code (a crash, an OOM kill, a failed start) is passed through.
set -uo pipefail
cache_dir="${THINKGATE_MODEL_CACHE_DIR:-/var/cache/thinkgate}"
tmp_dir="$cache_dir/tmp"
# The cache may be a fresh emptyDir/tmpfs/volume: create what the JVM needs.
crash_dir="$cache_dir/crash"
mkdir -p "$tmp_dir" "$crash_dir" || { echo "entrypoint: cannot create $tmp_dir (mount a writable volume on $cache_dir)" >&2; exit 1; }

# A native fault in llama.cpp ends the JVM; its hs_err report goes to the cache volume, where an operator can
# read it after the restart, and never into the read-only working tree.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options on purpose
java ${JAVA_OPTS:-} -Djava.io.tmpdir="$tmp_dir" -XX:ErrorFile="$crash_dir/hs_err_pid%p.log" ${JAVA_OPTS_APPEND:-} \
    -jar /opt/thinkgate/quarkus-run.jar "$@" &
pid=$!

stopping=0
# Background jobs of a non-interactive shell ignore SIGINT, so INT is sent as TERM.
stop() { stopping=1; kill -TERM "$pid" 2>/dev/null || true; }
trap stop TERM INT

rc=0
while kill -0 "$pid" 2>/dev/null; do
  wait "$pid"; rc=$?        # returns early (>128) when a trapped signal arrives
done
wait "$pid" 2>/dev/null; rc=$?  # the JVM's own exit status

if [ "$stopping" = 1 ] && [ "$rc" -eq 143 ]; then
  rc=0
fi
exit "$rc"
