#!/bin/sh
# Backups of one Redis pod, run by the backup sidecar that shares the pod's data volume.
#   redis-backup.sh backup    an RDB snapshot (and, with POINT_IN_TIME=1, an archive as below)
#   redis-backup.sh archive   the append-only files only, so that a restore can stop at any second
#   redis-backup.sh list      what the backup volume holds, one line each, for Mooring to read
# The scripts keep to what both GNU coreutils and BusyBox offer (Debian and Alpine Redis images).
# Only a master backs up: on a replica the script exits 3 without writing anything, so that a backup
# never comes from a replica that may lag behind. Every backup is a directory named after the UTC
# second it was taken, holding plain Redis files and a SHA256SUMS that `sha256sum -c` checks.
# Environment: REDIS_HOST, REDIS_PORT, REDIS_USER (the user, if not the default one), REDISCLI_AUTH
# (the password, if any; REDIS_PASSWORD_FILE, the mounted Secret key, wins when it is readable),
# DATA_DIR, BACKUP_DIR,
# RETAIN (newest backups kept), POINT_IN_TIME (1 to copy the append-only files too).
set -eu

REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
DATA_DIR=${DATA_DIR:-/data}
BACKUP_DIR=${BACKUP_DIR:-/backups}
RETAIN=${RETAIN:-7}
POINT_IN_TIME=${POINT_IN_TIME:-0}
AOF_DIR_NAME=${AOF_DIR_NAME:-appendonlydir}

STARTED=$(date -u +%s)

log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) redis-backup: $*" >&2; }
# A failed backup or archive is counted on the backup volume, so that the count survives restarts of
# the sidecar and Mooring reads it with the list.
fail() {
  log "$*"
  failures=$(cat "$BACKUP_DIR/FAILURES" 2>/dev/null || echo 0)
  echo $((failures + 1)) > "$BACKUP_DIR/FAILURES" 2>/dev/null || true
  exit 1
}
# The password as its Secret holds it now: a mounted Secret follows a password rotation, where the
# environment keeps the value the container started with, which the rotation's overlap ends.
cli() {
  if [ -n "${REDIS_PASSWORD_FILE:-}" ] && [ -r "$REDIS_PASSWORD_FILE" ]; then
    REDISCLI_AUTH=$(cat "$REDIS_PASSWORD_FILE")
    export REDISCLI_AUTH
  fi
  if [ -n "${REDIS_USER:-}" ]; then
    redis-cli --no-auth-warning --user "$REDIS_USER" -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"
  else
    redis-cli --no-auth-warning -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"
  fi
}
info_field() { cli INFO "$1" | tr -d '\r' | sed -n "s/^$2://p"; }

require_master() {
  role=$(info_field replication role)
  if [ "$role" != master ]; then
    log "this Redis is ${role:-unreachable}, not the master: no backup taken here"
    exit 3
  fi
}

# The append-only directory as the manifest lists it: the manifest first, then its files. A rewrite
# that replaces files during the copy is detected by a file that is gone; the copy is tried again.
copy_aof() {
  target=$1
  for attempt in 1 2 3; do
    rm -rf "$target"
    mkdir -p "$target"
    manifest=$(ls "$DATA_DIR/$AOF_DIR_NAME"/*.manifest 2>/dev/null | head -n 1)
    [ -n "$manifest" ] || fail "no append-only manifest in $DATA_DIR/$AOF_DIR_NAME (is appendonly on?)"
    cp "$manifest" "$target/"
    complete=1
    for file in $(sed -n 's/^file \([^ ]*\) .*/\1/p' "$target/$(basename "$manifest")"); do
      cp "$DATA_DIR/$AOF_DIR_NAME/$file" "$target/" 2>/dev/null || complete=0
    done
    [ "$complete" = 1 ] && return 0
    log "append-only files changed during copy $attempt; copying again"
  done
  fail "append-only files kept changing; no consistent copy"
}

# Writes SHA256SUMS and BACKUP (name, time, size in bytes, whole seconds the run took) into a
# finished directory, then moves it into place: a directory without the .partial prefix is always
# complete.
seal() {
  work=$1 final=$2 name=$3
  (cd "$work" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | sort | xargs sha256sum > SHA256SUMS)
  size=$(find "$work" -type f -exec cat {} + | wc -c | tr -d ' ')
  printf 'name %s\ntime %s\nsize %s\nduration %s\n' "$name" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$size" \
    "$(($(date -u +%s) - STARTED))" > "$work/BACKUP"
  mv "$work" "$final"
}

# Keeps the newest RETAIN backups, and the append-only archives no older than the oldest kept backup.
prune() {
  total=$(ls -1 "$BACKUP_DIR" | grep -cE '^[0-9]{8}T[0-9]{6}Z$' || true)
  if [ "$total" -gt "$RETAIN" ]; then
    ls -1 "$BACKUP_DIR" | grep -E '^[0-9]{8}T[0-9]{6}Z$' | sort | head -n "$((total - RETAIN))" |
      while read -r old; do
        log "removing backup $old (retain $RETAIN)"
        rm -rf "${BACKUP_DIR:?}/$old"
      done
  fi
  oldest=$(ls -1 "$BACKUP_DIR" | grep -E '^[0-9]{8}T[0-9]{6}Z$' | sort | head -n 1)
  [ -d "$BACKUP_DIR/aof" ] && [ -n "$oldest" ] || return 0
  ls -1 "$BACKUP_DIR/aof" | grep -E '^[0-9]{8}T[0-9]{6}Z$' | sort | while read -r old; do
    if [ "$old" \< "$oldest" ]; then rm -rf "${BACKUP_DIR:?}/aof/$old"; fi
  done
  return 0
}

backup() {
  require_master
  # LASTSAVE counts seconds: a snapshot is only known to be ours once the count moves past now.
  before=$(date -u +%s)
  while [ "$(date -u +%s)" = "$before" ]; do sleep 0.2; done
  name=$(date -u +%Y%m%dT%H%M%SZ)
  work="$BACKUP_DIR/.partial-$name"
  rm -rf "$work"
  mkdir -p "$work"
  reply=$(cli BGSAVE SCHEDULE)
  case "$reply" in
    *ERR*) rm -rf "$work"; fail "BGSAVE refused: $reply" ;;
  esac
  while [ "$(cli LASTSAVE)" -le "$before" ] || [ "$(info_field persistence rdb_bgsave_in_progress)" != 0 ]; do
    sleep 0.2
  done
  [ "$(info_field persistence rdb_last_bgsave_status)" = ok ] || { rm -rf "$work"; fail "BGSAVE failed; see the Redis log"; }
  dbfilename=$(cli CONFIG GET dbfilename | sed -n 2p)
  cp "$DATA_DIR/${dbfilename:-dump.rdb}" "$work/dump.rdb"
  # A failover during the copy may have made this node a replica of a master that took writes the
  # snapshot lacks: such a backup is thrown away, and the new master takes the next one.
  if [ "$(info_field replication role)" != master ]; then
    rm -rf "$work"
    fail "this Redis stopped being the master during the backup; backup $name discarded"
  fi
  seal "$work" "$BACKUP_DIR/$name" "$name"
  # The append-only files go to aof/<name>, beside the archives taken between backups.
  if [ "$POINT_IN_TIME" = 1 ]; then
    archive "$name"
  fi
  prune
  log "backup $name taken ($(sed -n 's/^size //p' "$BACKUP_DIR/$name/BACKUP") bytes)"
  echo "$name"
}

archive() {
  require_master
  name=${1:-$(date -u +%Y%m%dT%H%M%SZ)}
  mkdir -p "$BACKUP_DIR/aof"
  work="$BACKUP_DIR/aof/.partial-$name"
  copy_aof "$work"
  rm -rf "${BACKUP_DIR:?}/aof/$name"
  seal "$work" "$BACKUP_DIR/aof/$name" "$name"
}

# One line per sealed backup, oldest first, then the failure count:
#   backup <name> <time> <size> <checksum> snapshot|aof <duration>
#   failures <count>
# The checksum is the SHA-256 of the backup's SHA256SUMS, which names the SHA-256 of every file in
# it: `sha256sum SHA256SUMS` in the backup's directory gives the same value.
list() {
  for kind in snapshot aof; do
    dir=$BACKUP_DIR
    [ "$kind" = aof ] && dir=$BACKUP_DIR/aof
    [ -d "$dir" ] || continue
    for name in $(ls -1 "$dir" | grep -E '^[0-9]{8}T[0-9]{6}Z$' | sort); do
      [ -f "$dir/$name/BACKUP" ] && [ -f "$dir/$name/SHA256SUMS" ] || continue
      time=$(sed -n 's/^time //p' "$dir/$name/BACKUP")
      size=$(sed -n 's/^size //p' "$dir/$name/BACKUP")
      duration=$(sed -n 's/^duration //p' "$dir/$name/BACKUP")
      checksum=$(sha256sum "$dir/$name/SHA256SUMS" | cut -d ' ' -f 1)
      echo "backup $name $time $size $checksum $kind ${duration:-0}"
    done
  done
  echo "failures $(cat "$BACKUP_DIR/FAILURES" 2>/dev/null || echo 0)"
}

mkdir -p "$BACKUP_DIR"
case "${1:-}" in
  backup) backup ;;
  archive) archive ;;
  list) list ;;
  *) log "usage: redis-backup.sh backup|archive|list"; exit 64 ;;
esac
