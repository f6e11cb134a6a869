#!/bin/sh
# Runs before redis-server in every Redis Cluster node. Writes the redis.conf redis-server runs with
# onto the data volume: the base config, the node's stable DNS name, which the cluster announces to
# clients and to the other nodes instead of an IP that changes with every new pod, the app's password
# and the replication user's login.
# Membership and slots live in nodes.conf beside it, which Redis itself writes; this script never
# assigns slots or joins nodes.
set -eu

TEMPLATE=/etc/mooring/redis.conf
DATA_DIR=/data
HEADLESS_DOMAIN=@@HEADLESS_DOMAIN@@

# Nodes find each other by stable DNS names. These two functions are the only place names are looked
# up, so a harness that runs the pods as processes on one host can map the names to its own addresses
# by replacing them.
resolves() { getent hosts "$1" >/dev/null 2>&1; }
addresses_of() { getent hosts "$1" | awk '{ print $1 }'; }

log() { echo "mooring: $*" >&2; }

config="$DATA_DIR/redis.conf"
nodes="$DATA_DIR/nodes.conf"
self="$POD_NAME.$HEADLESS_DOMAIN"

# Clients are redirected to this name; announcing it before it resolves would send them nowhere.
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

# nodes.conf records each known node as <ip>:<port>@<bus port>,<hostname>. After every pod of the
# cluster restarted on a new IP, all those addresses are stale and no node could reach another over
# the bus. The hostnames are stable: each entry is pointed at the address its name resolves to now.
# Entries whose name does not resolve are kept as they are.
refresh_node_addresses() {
  [ -f "$nodes" ] || return 0
  : >"$nodes.next"
  while IFS= read -r line; do
    endpoint=$(printf '%s\n' "$line" | awk '{ print $2 }')
    case "$endpoint" in
      *,?*)
        host=${endpoint#*,}
        address=${endpoint%%,*}
        ports=${address##*:}
        current=$(addresses_of "$host" | head -n 1) || current=""
        if [ -n "$current" ]; then
          line=$(printf '%s\n' "$line" | awk -v endpoint="$current:$ports,$host" '{ $2 = endpoint; print }')
        fi
        ;;
    esac
    printf '%s\n' "$line" >>"$nodes.next"
  done <"$nodes"
  mv "$nodes.next" "$nodes"
}

wait_for_own_name
umask 077
mkdir -p "$DATA_DIR"
refresh_node_addresses
cp "$TEMPLATE" "$config.next"
{
  echo "dir $DATA_DIR"
  echo "cluster-config-file $nodes"
  echo "cluster-announce-hostname $self"
  if [ -n "${REDIS_PASSWORD:-}" ]; then
    echo "requirepass $REDIS_PASSWORD"
  fi
  if [ -n "${MOORING_REPLICATION_PASSWORD:-}" ]; then
    # Replication's own user: a rotation of the app's password never breaks the link.
    echo "masteruser mooring-replication"
    echo "masterauth $MOORING_REPLICATION_PASSWORD"
  elif [ -n "${REDIS_PASSWORD:-}" ]; then
    echo "masterauth $REDIS_PASSWORD"
  fi
} >>"$config.next"
mv "$config.next" "$config"
if [ -f "$nodes" ]; then
  log "$POD_NAME rejoins its cluster as $self"
else
  log "$POD_NAME starts as a new, empty cluster node announced as $self"
fi
