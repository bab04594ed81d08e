#!/usr/bin/env bash
# Starts a throw-away Azurite (Microsoft's Azure Blob Storage emulator) on loopback for the Azure attachment handler's
# tests and benchmark: blob service only, in memory (no files), one custom account with a random key, on a port the OS
# picks. Ready in about 2 s.
#
#   tests/servers/azurite/start.sh [STATE_DIR]     (default: a new temporary folder)
#
# Azurite is pinned by package.json + package-lock.json beside this script; install it first with
#   npm ci --prefix tests/servers/azurite          (into tests/servers/azurite/node_modules, git-ignored; needs Node and npm)
#
# Settings (environment): AZURITE_ACCOUNT (default kazooatt), AZURITE_KEY (default: 64 random bytes, base64),
# AZURITE_EXTENT_MB (default 10240: the most megabytes of blob data kept in memory; Azurite frees deleted blobs only in a
# cleanup every 10 minutes, so a run that uploads a lot needs room for all of it; over the limit it answers 409
# MemoryExtentStoreAtSizeLimit).
#
# On success it writes STATE_DIR/env with the variables the tests read and prints the same lines on stdout:
#   KAZOO_AZURE_ENDPOINT=http://127.0.0.1:PORT/ACCOUNT  KAZOO_AZURE_ACCOUNT=…  KAZOO_AZURE_KEY=…  KAZOO_AZURE_STATE_DIR=STATE_DIR
# Stop it with tests/servers/azurite/stop.sh STATE_DIR.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
AZURITE="$HERE/node_modules/.bin/azurite-blob"
command -v node >/dev/null || { echo "azurite: node is missing (apt-get install nodejs npm)" >&2; exit 1; }
[ -x "$AZURITE" ] || { echo "azurite: not installed; run: npm ci --prefix tests/servers/azurite" >&2; exit 1; }

D=${1:-$(mktemp -d -t kazoo-azurite.XXXXXX)}
ACCOUNT=${AZURITE_ACCOUNT:-kazooatt}
KEY=${AZURITE_KEY:-$(head -c 64 /dev/urandom | base64 -w0)}
EXTENT_MB=${AZURITE_EXTENT_MB:-10240}

rm -rf "$D"
mkdir -p "$D"

# If anything below fails, stop what already started.
started=0
cleanup_on_error() {
  if [ "$started" -eq 0 ]; then
    echo "azurite: start failed; log in $D/azurite.log" >&2
    [ -f "$D/pid" ] && kill "$(cat "$D/pid")" 2>/dev/null || true
  fi
}
trap cleanup_on_error EXIT

# --blobPort 0: the OS picks a free port and Azurite's log line names it, so two runs never race for one.
# The key reaches Azurite through its environment only (never its command line, which any local user can read).
AZURITE_ACCOUNTS="$ACCOUNT:$KEY" setsid "$AZURITE" --blobHost 127.0.0.1 --blobPort 0 --inMemoryPersistence \
  --extentMemoryLimit "$EXTENT_MB" --silent --disableTelemetry </dev/null >"$D/azurite.log" 2>&1 &
echo $! >"$D/pid"

port=
for _ in $(seq 1 300); do
  port=$(sed -n 's#.*successfully listens on http://127\.0\.0\.1:\([0-9]*\).*#\1#p' "$D/azurite.log" | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$(cat "$D/pid")" 2>/dev/null || { cat "$D/azurite.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "azurite: no port announced after 30 s" >&2; exit 1; }

umask 077
cat > "$D/env" <<ENV
KAZOO_AZURE_ENDPOINT=http://127.0.0.1:$port/$ACCOUNT
KAZOO_AZURE_ACCOUNT=$ACCOUNT
KAZOO_AZURE_KEY=$KEY
KAZOO_AZURE_STATE_DIR=$D
ENV
started=1
cat "$D/env"
