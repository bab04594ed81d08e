#!/usr/bin/env bash
# Stops the radosgw started by start.sh (by the PIDs in STATE_DIR/run) and removes its state folder.
#
#   tests/servers/radosgw/stop.sh STATE_DIR
set -uo pipefail

D=${1:?usage: stop.sh STATE_DIR}
[ -d "$D" ] || exit 0

pids=()
for f in rgw osd0 mon; do
  if [ -f "$D/run/$f.pid" ]; then
    pid=$(cat "$D/run/$f.pid")
    if kill "$pid" 2>/dev/null; then pids+=("$pid"); fi
  fi
done

# Wait up to 10 s for each daemon to exit, then force it.
for pid in "${pids[@]}"; do
  alive=1
  for _ in $(seq 1 50); do
    if ! kill -0 "$pid" 2>/dev/null; then alive=0; break; fi
    sleep 0.2
  done
  if [ "$alive" -eq 1 ]; then kill -9 "$pid" 2>/dev/null || true; fi
done

rm -rf "$D"
