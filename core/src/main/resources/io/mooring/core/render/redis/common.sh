MASTER_NAME=@@MASTER_NAME@@
SET_NAME=@@SET_NAME@@
HEADLESS_DOMAIN=@@HEADLESS_DOMAIN@@
# Empty for a standalone Redis, which has no Sentinels.
SENTINEL_SERVICE=@@SENTINEL_SERVICE@@
REDIS_PORT=6379
SENTINEL_PORT=26379

# Pods find each other by stable DNS names (the headless Service and the Sentinel Service). These two
# functions are the only place names are looked up, so a harness that runs the pods as processes on one
# host can map the names to its own addresses by replacing them.
resolves() { getent hosts "$1" >/dev/null 2>&1; }
addresses_of() { printf '%s\n' "$1"; }

log() { echo "mooring: $*" >&2; }

# redis-cli reads the password from its environment, never from its arguments (visible in ps).
if [ -n "${REDIS_PASSWORD:-}" ]; then export REDISCLI_AUTH="$REDIS_PASSWORD"; fi
cli() {
  cli_host=$1
  cli_port=$2
  shift 2
  timeout 3 redis-cli --no-auth-warning -h "$cli_host" -p "$cli_port" --raw "$@" 2>/dev/null
}
first_address() { addresses_of "$1" | head -n 1; }

# The master the live Sentinels agree on, if any answers; they have seen every failover.
master_from_sentinels() {
  [ -n "$SENTINEL_SERVICE" ] || return 0
  for sentinel_address in $(addresses_of "$SENTINEL_SERVICE"); do
    answer=$(cli "$sentinel_address" "$SENTINEL_PORT" SENTINEL get-master-addr-by-name "$MASTER_NAME" | head -n 1) || answer=""
    case "$answer" in
      "" | *" "*) ;;
      *)
        printf '%s' "$answer"
        return 0
        ;;
    esac
  done
}

# Asks the Sentinels to promote a replica now: Sentinel $1 only when given, else each in turn. Prints
# the address of the one that accepted; false when none did.
request_failover() {
  for sentinel_address in ${1:-$(addresses_of "$SENTINEL_SERVICE")}; do
    if [ "$(cli "$sentinel_address" "$SENTINEL_PORT" SENTINEL failover "$MASTER_NAME")" = OK ]; then
      printf '%s' "$sentinel_address"
      return 0
    fi
  done
  return 1
}

# Has the Sentinels promote a replica in place of pod $1 and prints the new master, waiting at most
# $2 seconds; prints nothing when they never name another. A Sentinel refuses a failover while it has
# no fresh word from a replica (NOGOODSLAVE) and gives up one that no replica takes, and never tries
# again while the master is up: so the request is repeated until another master is named. Once a
# Sentinel accepted, only that one is asked again (it answers INPROG while its failover runs); asking
# another meanwhile would start a second, competing failover.
fail_over_away_from() {
  accepted=""
  left=$2
  while [ "$left" -gt 0 ]; do
    if answered=$(request_failover "$accepted"); then
      if [ -z "$accepted" ]; then
        log "$POD_NAME asked the Sentinels to fail over"
      fi
      accepted=$answered
    fi
    slice=5
    if [ "$left" -lt "$slice" ]; then slice=$left; fi
    moved=$(await_master_other_than "$1" "$slice")
    if [ -n "$moved" ]; then
      printf '%s' "$moved"
      return 0
    fi
    left=$((left - slice))
  done
}

# Prints the master as soon as the Sentinels name one other than pod $1, waiting at most $2 seconds;
# prints nothing when they never do.
await_master_other_than() {
  waited=0
  while [ "$waited" -lt "$2" ]; do
    current=$(master_from_sentinels)
    if [ -n "$current" ] && [ "$current" != "$1" ] && [ "$current" != "$(first_address "$1")" ]; then
      printf '%s' "$current"
      return 0
    fi
    sleep 1
    waited=$((waited + 1))
  done
}
