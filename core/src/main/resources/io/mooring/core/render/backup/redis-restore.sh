#!/bin/sh
# Fills an empty Redis data directory from a backup before Redis first starts (the restore init
# container). Nothing is written into a directory that already holds data, every file is checked
# against its SHA-256 before it is used, and the files are moved into place only once all checks
# passed: a failed restore leaves the directory as empty as it found it, and the pod does not start.
# Environment: BACKUP_DIR (the source app's backups), DATA_DIR (the new app's data), BACKUP (latest
# or a backup's name), POINT_IN_TIME (empty, or an RFC 3339 time to replay the append-only file to)
# and POINT_IN_TIME_EPOCH (the same moment in seconds since the epoch, optional).
set -eu

DATA_DIR=${DATA_DIR:-/data}
BACKUP_DIR=${BACKUP_DIR:-/backups}
BACKUP=${BACKUP:-latest}
POINT_IN_TIME=${POINT_IN_TIME:-}
AOF_DIR_NAME=${AOF_DIR_NAME:-appendonlydir}
AOF_FILE_NAME=${AOF_FILE_NAME:-appendonly.aof}

log() { echo "redis-restore: $*" >&2; }
staging="$DATA_DIR/.restore-partial"
fail() { log "$*"; rm -rf "$staging"; exit 1; }


# Copies a sealed backup directory into the staging area and checks every file's checksum there.
fetch() {
  source=$1
  [ -f "$source/SHA256SUMS" ] || fail "$source has no SHA256SUMS: not a complete backup"
  mkdir -p "$staging"
  cp -R "$source/." "$staging/"
  if ! out=$(cd "$staging" && sha256sum -c SHA256SUMS 2>&1); then
    fail "backup $(basename "$source") is corrupted, refusing to restore it: $(echo "$out" | grep -v ': OK$' | tr '\n' ' ')"
  fi
}

leftover=$(ls -A "$DATA_DIR" 2>/dev/null | grep -v -e '^lost+found$' -e '^\.restore-partial$' || true)
if [ -n "$leftover" ]; then
  log "$DATA_DIR already holds data ($(echo "$leftover" | tr '\n' ' ')); a restore never overwrites an app's data"
  exit 2
fi
rm -rf "$staging"

if [ -n "$POINT_IN_TIME" ]; then
  # Mooring passes the moment in seconds too: BusyBox's date cannot read every RFC 3339 form.
  target=${POINT_IN_TIME_EPOCH:-$(date -u -d "$POINT_IN_TIME" +%s)} || fail "pointInTime $POINT_IN_TIME is not a time"
  # Names are UTC seconds that sort as text. The oldest archive taken at or after the moment holds
  # every write up to it and the least after it.
  target_name=$(date -u -d "@$target" +%Y%m%dT%H%M%SZ)
  chosen=""
  for name in $(ls -1 "$BACKUP_DIR/aof" 2>/dev/null | grep -E '^[0-9]{8}T[0-9]{6}Z$' | sort); do
    if [ ! "$name" \< "$target_name" ]; then chosen=$name; break; fi
  done
  [ -n "$chosen" ] || fail "no append-only archive was taken at or after $POINT_IN_TIME yet; try a later moment"
  fetch "$BACKUP_DIR/aof/$chosen"
  manifest=$(ls "$staging"/*.manifest | head -n 1)
  if ! out=$(redis-check-aof --truncate-to-timestamp "$target" "$manifest" 2>&1); then
    fail "redis-check-aof could not cut archive $chosen at $POINT_IN_TIME: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
  fi
  # A base written after the moment (an AOF rewrite) already holds later writes: cutting the
  # increments cannot remove them.
  base_time=$(echo "$out" | sed -n "s/.*AUX FIELD ctime = '\([0-9]*\)'.*/\1/p" | head -n 1)
  if [ -n "$base_time" ] && [ "$base_time" -gt "$target" ]; then
    fail "archive $chosen starts at a rewrite after $POINT_IN_TIME; no archive reaches back to that moment"
  fi
  mkdir -p "$staging/$AOF_DIR_NAME"
  for file in $(cd "$staging" && ls -1 | grep -v -e "^$AOF_DIR_NAME\$" -e '^SHA256SUMS$' -e '^BACKUP$'); do
    mv "$staging/$file" "$staging/$AOF_DIR_NAME/"
  done
  mv "$staging/$AOF_DIR_NAME" "$DATA_DIR/$AOF_DIR_NAME"
  rm -rf "$staging"
  log "restored archive $chosen up to $POINT_IN_TIME"
  exit 0
fi

if [ "$BACKUP" = latest ]; then
  BACKUP=$(ls -1 "$BACKUP_DIR" 2>/dev/null | grep -E '^[0-9]{8}T[0-9]{6}Z$' | sort | tail -n 1)
  [ -n "$BACKUP" ] || fail "$BACKUP_DIR holds no backup yet"
fi
[ -d "$BACKUP_DIR/$BACKUP" ] || fail "no backup named $BACKUP in $BACKUP_DIR"
fetch "$BACKUP_DIR/$BACKUP"
# With appendonly on, Redis 7 ignores dump.rdb when it finds no append-only manifest and starts
# empty: the snapshot also becomes the base of a fresh append-only directory.
mkdir -p "$staging/$AOF_DIR_NAME.new"
cp "$staging/dump.rdb" "$staging/$AOF_DIR_NAME.new/$AOF_FILE_NAME.1.base.rdb"
printf 'file %s.1.base.rdb seq 1 type b\n' "$AOF_FILE_NAME" > "$staging/$AOF_DIR_NAME.new/$AOF_FILE_NAME.manifest"
mv "$staging/$AOF_DIR_NAME.new" "$DATA_DIR/$AOF_DIR_NAME"
mv "$staging/dump.rdb" "$DATA_DIR/dump.rdb"
rm -rf "$staging"
log "restored backup $BACKUP"
