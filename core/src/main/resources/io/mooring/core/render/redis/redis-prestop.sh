#!/bin/sh
# preStop of a Redis pod. A master asks the Sentinels to hand its role to a replica and waits for the
# switch before it stops: clients then see a planned failover instead of a dead master that Sentinel only
# notices after down-after-milliseconds.
set -u

WAIT_SECONDS=60

@@COMMON@@

[ -n "$SENTINEL_SERVICE" ] || exit 0
self="$POD_NAME.$HEADLESS_DOMAIN"
[ "$(cli "$(first_address "$self")" "$REDIS_PORT" ROLE | head -n 1)" = master ] || exit 0

log "$POD_NAME stops as master: handing over before stopping"
# Stop as soon as the Sentinels name another master: this node is then no longer written to, and on
# restart its start script makes it a replica of the new master.
fail_over_away_from "$self" "$WAIT_SECONDS" >/dev/null
