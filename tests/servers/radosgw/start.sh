#!/usr/bin/env bash
# Starts a throw-away Ceph radosgw (a real S3 server) on loopback for the S3 tests and benchmark: one monitor, one
# memstore OSD (RAM only, no disk) and radosgw, all writing into one state folder. Takes about 13 s.
#
#   tests/servers/radosgw/start.sh [STATE_DIR]     (default: a new temporary folder)
#
# Settings (environment): RGW_PORT (default 7480; the next free port is taken when busy), MON_PORT (default 3300, same),
# MEMSTORE_BYTES (default 3 GiB: room for the 1 GiB benchmark object twice over plus the tests),
# S3_ACCESS_KEY / S3_SECRET_KEY (defaults testkey / testsecret: a test-only user of this throw-away server).
#
# On success it writes STATE_DIR/env with the variables the tests read and prints the same lines on stdout:
#   KAZOO_S3_ENDPOINT=http://127.0.0.1:PORT  KAZOO_S3_ACCESS_KEY=…  KAZOO_S3_SECRET_KEY=…  KAZOO_S3_STATE_DIR=STATE_DIR
# Stop it with tests/servers/radosgw/stop.sh STATE_DIR. Needs the Debian packages radosgw, ceph-mon and ceph-osd.
set -euo pipefail

for tool in ceph-mon ceph-osd radosgw radosgw-admin ceph ceph-authtool monmaptool curl; do
  command -v "$tool" >/dev/null || { echo "radosgw: '$tool' is missing (apt-get install radosgw ceph-mon ceph-osd curl)" >&2; exit 1; }
done

D=${1:-$(mktemp -d -t kazoo-radosgw.XXXXXX)}
MEMSTORE_BYTES=${MEMSTORE_BYTES:-3221225472}
ACCESS_KEY=${S3_ACCESS_KEY:-testkey}
SECRET_KEY=${S3_SECRET_KEY:-testsecret}

# A port is taken when something accepts connections on it.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port=$1
  while port_busy "$port"; do port=$((port + 1)); done
  echo "$port"
}
RGW_PORT=$(free_port "${RGW_PORT:-7480}")
MON_PORT=$(free_port "${MON_PORT:-3300}")

rm -rf "$D"
mkdir -p "$D"/{mon,osd0,rgw,run,log}
FSID=$(cat /proc/sys/kernel/random/uuid)
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
C="$D/ceph.conf"

# If anything below fails, stop what already started.
started=0
cleanup_on_error() {
  if [ "$started" -eq 0 ]; then
    echo "radosgw: start failed; logs in $D/log" >&2
    for f in rgw osd0 mon; do
      [ -f "$D/run/$f.pid" ] && kill "$(cat "$D/run/$f.pid")" 2>/dev/null || true
    done
  fi
}
trap cleanup_on_error EXIT

cat > "$C" <<CONF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
mon initial members = a
public addr = 127.0.0.1
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pg bits = 3
osd pgp bits = 3
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = $MEMSTORE_BYTES
run dir = $D/run
admin socket = $D/run/\$name.asok
log file = $D/log/\$name.log
keyring = $D/keyring
ms bind ipv6 = false
mon data avail warn = 1
mon data avail crit = 0
osd max object name len = 460
osd max object namespace len = 64
[mon.a]
mon data = $D/mon
[osd.0]
osd data = $D/osd0
[client.rgw.a]
keyring = $D/rgw/keyring
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $D/rgw
rgw dns name = 127.0.0.1
log file = $D/log/rgw.log
# Deleted and overwritten objects (and aborted multipart parts) go to radosgw's garbage collector, which by default waits
# two hours: in RAM that would fill the store during the 1 GiB benchmark. Collect them within seconds instead.
rgw gc obj min wait = 0
rgw gc processor period = 5
rgw gc processor max time = 5
CONF

ceph-authtool --create-keyring "$D/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$D/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
monmaptool --create --addv a "[v2:127.0.0.1:$MON_PORT]" --fsid "$FSID" "$D/monmap" >/dev/null
ceph-mon -c "$C" --mkfs -i a --monmap "$D/monmap" --keyring "$D/keyring"
ceph-mon -c "$C" -i a --pid-file "$D/run/mon.pid"
ceph -c "$C" --connect-timeout 15 osd new "$OSD_UUID" >/dev/null
ceph-authtool --create-keyring "$D/osd0/keyring" --gen-key -n osd.0 >/dev/null
ceph -c "$C" auth add osd.0 osd 'allow *' mon 'allow profile osd' -i "$D/osd0/keyring" >/dev/null 2>&1
# The OSD prints two harmless lines on stderr ("Falling back to public interface", "log_to_monitors"): kept in its log.
ceph-osd -c "$C" -i 0 --mkfs --osd-uuid "$OSD_UUID" --keyring "$D/osd0/keyring" 2>>"$D/log/osd-stderr.log"
ceph-osd -c "$C" -i 0 --keyring "$D/osd0/keyring" --pid-file "$D/run/osd0.pid" 2>>"$D/log/osd-stderr.log"
ceph -c "$C" auth get-or-create client.rgw.a mon 'allow rw' osd 'allow rwx' -o "$D/rgw/keyring" >/dev/null
radosgw -c "$C" -n client.rgw.a --pid-file "$D/run/rgw.pid"

ready=0
for _ in $(seq 1 240); do
  if curl -s -o /dev/null "http://127.0.0.1:$RGW_PORT/"; then ready=1; break; fi
  sleep 0.5
done
[ "$ready" -eq 1 ] || { echo "radosgw: no answer on 127.0.0.1:$RGW_PORT after 120 s" >&2; exit 1; }
radosgw-admin -c "$C" user create --uid=test --display-name=test --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null

cat > "$D/env" <<ENV
KAZOO_S3_ENDPOINT=http://127.0.0.1:$RGW_PORT
KAZOO_S3_ACCESS_KEY=$ACCESS_KEY
KAZOO_S3_SECRET_KEY=$SECRET_KEY
KAZOO_S3_STATE_DIR=$D
ENV
started=1
cat "$D/env"
