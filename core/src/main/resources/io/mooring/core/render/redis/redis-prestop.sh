#!/bin/sh
# preStop of a Redis pod. A master asks the Sentinels to hand its role to a replica and waits for the
# switch before it stops: clients then see a planned failover instead of a dead master that Sentinel only
# notices after down-after-milliseconds.
set -u

WAIT_SECONDS=60

@@COMMON@@

[ -n "$SENTINEL_SERVICE" ] || exit 0
self="$POD_NAME.$HEADLESS_DOMAIN"
self_address=$(first_address "$self")
role() { cli "$self_address" "$REDIS_PORT" ROLE | head -n 1; }
[ "$(role)" = master ] || exit 0

for sentinel_address in $(addresses_of "$SENTINEL_SERVICE"); do
  if [ "$(cli "$sentinel_address" "$SENTINEL_PORT" SENTINEL failover "$MASTER_NAME")" = OK ]; then
    log "$POD_NAME asked the Sentinels to fail over before stopping"
    break
  fi
done

# Stop as soon as the Sentinels name another master: this node is then no longer written to, and on
# restart its start script makes it a replica of the new master.
waited=0
while [ "$waited" -lt "$WAIT_SECONDS" ]; do
  current=$(master_from_sentinels)
  if [ -n "$current" ] && [ "$current" != "$self" ] && [ "$current" != "$self_address" ]; then
    break
  fi
  sleep 1
  waited=$((waited + 1))
done
