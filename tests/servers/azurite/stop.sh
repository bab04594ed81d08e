#!/usr/bin/env bash
# Stops the Azurite started by start.sh (by the PID in STATE_DIR/pid) and removes its state folder.
#
#   tests/servers/azurite/stop.sh STATE_DIR
set -uo pipefail

D=${1:?usage: stop.sh STATE_DIR}
[ -d "$D" ] || exit 0

if [ -f "$D/pid" ]; then
  pid=$(cat "$D/pid")
  if kill "$pid" 2>/dev/null; then
    # Wait up to 10 s for it to exit (it takes about 2 s), then force it.
    alive=1
    for _ in $(seq 1 50); do
      if ! kill -0 "$pid" 2>/dev/null; then alive=0; break; fi
      sleep 0.2
    done
    if [ "$alive" -eq 1 ]; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
fi

rm -rf "$D"
