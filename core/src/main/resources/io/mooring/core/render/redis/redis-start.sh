#!/bin/sh
# Runs before redis-server in every Redis pod. Decides whether this pod starts as master or as a
# replica and writes the redis.conf that redis-server runs with onto the data volume: Redis and Sentinel
# rewrite that file on every role change, so it must be writable and it outlives the pod. The master is
# never taken from a static setting: a stale node promoted on restart would make its replicas drop
# every write acknowledged since it failed.
set -eu

TEMPLATE=/etc/mooring/redis.conf
DATA_DIR=/data
# The master Service of the Mooring app this one is a read replica of; empty for an app of its own.
UPSTREAM=@@UPSTREAM@@

@@COMMON@@

config="$DATA_DIR/redis.conf"
self="$POD_NAME.$HEADLESS_DOMAIN"
ordinal="${POD_NAME##*-}"

is_self() { [ "$1" = "$self" ] || [ "$1" = "$(first_address "$self")" ]; }

# Replicas and Sentinels reach this pod by its DNS name; starting before it resolves would announce
# a name nobody can reach yet.
wait_for_own_name() {
  waited=0
  until resolves "$self"; do
    if [ "$waited" -ge 120 ]; then
      log "$self still does not resolve after 120 s"
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# The role this pod had when it stopped, as Redis and Sentinel last rewrote it into its config.
persisted_master() {
  [ -f "$config" ] || return 0
  line=$(grep -E '^(replicaof|slaveof) ' "$config" | tail -n 1) || line=""
  host=$(echo "$line" | awk '{ print $2 }')
  # Following the source app is this pod's role as a read replica's master, not a peer to follow.
  if [ -n "$line" ] && [ "$host" != "$UPSTREAM" ]; then
    printf '%s' "$host"
  else
    printf '%s' "$self"
  fi
}

# A pod without data of its own (new or lost volume) follows a live master among its peers rather than
# claiming the role itself. Peers are the ordinals whose names resolve: the replica count is not baked
# in, so scaling does not roll the pods.
master_from_peers() {
  i=0
  while [ "$i" -lt 1000 ]; do
    peer="$SET_NAME-$i.$HEADLESS_DOMAIN"
    if [ "$i" != "$ordinal" ]; then
      if ! resolves "$peer"; then
        [ "$i" -gt "$ordinal" ] && return 0
      elif [ "$(cli "$(first_address "$peer")" "$REDIS_PORT" ROLE | head -n 1)" = master ]; then
        printf '%s' "$peer"
        return 0
      fi
    fi
    i=$((i + 1))
  done
}

# The Sentinels still name this pod master, but its volume is empty (replaced or lost): starting as
# master would make every replica resync to nothing. Ask them to promote a replica and follow it.
hand_over_lost_master() {
  log "the Sentinels name $POD_NAME master but its data volume is empty; asking them to promote a replica"
  fail_over_away_from "$self" 60
}

wait_for_own_name
reason="the live Sentinels"
master=$(master_from_sentinels)
if [ -n "$master" ] && is_self "$master" && [ ! -f "$config" ]; then
  master=$(hand_over_lost_master)
fi
if [ -z "$master" ]; then
  reason="the role this pod had when it stopped"
  master=$(persisted_master)
fi
if [ -z "$master" ]; then
  reason="a live peer"
  master=$(master_from_peers)
fi
if [ -z "$master" ]; then
  reason="a new set starts with ordinal 0 as master"
  master="$SET_NAME-0.$HEADLESS_DOMAIN"
fi

umask 077
mkdir -p "$DATA_DIR"
cp "$TEMPLATE" "$config.next"
{
  echo "dir $DATA_DIR"
  echo "replica-announce-ip $(first_address "$self")"
  if [ -n "${REDIS_PASSWORD:-}" ]; then
    echo "requirepass $REDIS_PASSWORD"
  fi
  if [ -n "$UPSTREAM" ] && is_self "$master"; then
    # A read replica's master follows the source app's master, logged in with the source's password.
    if [ -n "${UPSTREAM_PASSWORD:-}" ]; then
      echo "masterauth $UPSTREAM_PASSWORD"
    fi
    echo "replicaof $UPSTREAM $REDIS_PORT"
  else
    if [ -n "${MOORING_REPLICATION_PASSWORD:-}" ]; then
      # Replication's own user: a rotation of the app's password never breaks the link.
      echo "masteruser mooring-replication"
      echo "masterauth $MOORING_REPLICATION_PASSWORD"
    elif [ -n "${REDIS_PASSWORD:-}" ]; then
      echo "masterauth $REDIS_PASSWORD"
    fi
    if ! is_self "$master"; then
      echo "replicaof $(first_address "$master") $REDIS_PORT"
    fi
  fi
} >>"$config.next"
mv "$config.next" "$config"

if is_self "$master"; then
  log "$POD_NAME starts as master, decided by $reason"
else
  log "$POD_NAME starts as replica of $master, decided by $reason"
fi
