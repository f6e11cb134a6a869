#!/bin/sh
# Starts one Sentinel. Its configuration lives in an emptyDir, so a restarted Sentinel remembers
# nothing: it takes the master from the other live Sentinels, else it surveys the Redis pods, which
# start from their own persisted roles. It never assumes ordinal 0, which after a failover would point
# every node at stale data.
set -eu

REPLICAS=@@REPLICAS@@
SENTINELS=@@SENTINELS@@
TEMPLATE=/etc/mooring/sentinel.conf
MOORING_USERS=/etc/mooring/mooring-acl-users
WORK_DIR=/sentinel
# After a full restart pods come back at different times: wait this long for every pod to answer
# before choosing among the ones that did.
SURVEY_SECONDS=30

@@COMMON@@

@@ACL_PASSWORDS@@

survey="$WORK_DIR/survey"

# Asks every pod for its replication state. Writes "claim <pod> <address> <replication id> <previous
# replication id> <offset>" for each pod that says it is master and "vote <master>" for each replica,
# naming the master it follows (known from its persisted config even while the link is down); prints
# how many pods answered at all.
survey_pods() {
  : >"$survey"
  answered=0
  i=0
  while [ "$i" -lt "$REPLICAS" ]; do
    pod="$SET_NAME-$i.$HEADLESS_DOMAIN"
    address=$(first_address "$pod")
    info=$(cli "$address" "$REDIS_PORT" INFO replication | tr -d '\r') || info=""
    field() { printf '%s\n' "$info" | sed -n "s/^$1://p"; }
    case "$(field role)" in
      master)
        answered=$((answered + 1))
        echo "claim $pod $address $(field master_replid) $(field master_replid2) $(field master_repl_offset)" >>"$survey"
        ;;
      slave)
        answered=$((answered + 1))
        echo "vote $(field master_host)" >>"$survey"
        ;;
    esac
    i=$((i + 1))
  done
  echo "$answered"
}

# After a failover Sentinel rewrote every reachable replica to follow the new master, so the claimant
# most replicas follow wins; a claimant whose replication id another claimant inherited
# (master_replid2) was failed over and is stale; the longest history breaks ties.
choose_master() {
  awk '
    $1 == "vote" { votes[$2]++ }
    $1 == "claim" { n++; name[n] = $2; address[n] = $3; id[n] = $4; previous[n] = $5; offset[n] = $6 + 0 }
    END {
      best = 0
      for (i = 1; i <= n; i++) {
        stale = 0
        for (j = 1; j <= n; j++) if (j != i && previous[j] == id[i]) stale = 1
        if (stale) continue
        score[i] = votes[name[i]] + (address[i] != name[i] ? votes[address[i]] : 0)
        if (best == 0 || score[i] > score[best] || (score[i] == score[best] && offset[i] > offset[best])) best = i
      }
      if (best) print name[best]
    }' "$survey"
}

# Other claimants become replicas of the chosen master; Redis keeps the role in its rewritten config.
demote_others() {
  chosen_address=$(first_address "$1")
  grep '^claim ' "$survey" | while read -r _ pod pod_address _; do
    if [ "$pod" != "$1" ]; then
      log "$pod also claims to be master; making it a replica of $1"
      cli "$pod_address" "$REDIS_PORT" REPLICAOF "$chosen_address" "$REDIS_PORT" >/dev/null || true
      cli "$pod_address" "$REDIS_PORT" CONFIG REWRITE >/dev/null || true
    fi
  done
}

discover_master() {
  waited=0
  while :; do
    known=$(master_from_sentinels)
    if [ -n "$known" ]; then
      printf '%s' "$known"
      return 0
    fi
    answered=$(survey_pods)
    chosen=$(choose_master)
    if [ -n "$chosen" ] && { [ "$answered" -ge "$REPLICAS" ] || [ "$waited" -ge "$SURVEY_SECONDS" ]; }; then
      demote_others "$chosen"
      printf '%s' "$chosen"
      return 0
    fi
    sleep 2
    waited=$((waited + 2))
  done
}

# A Sentinel that leaves stays in its peers' memory and still counts when they need a majority to
# authorise a failover: after a few replaced pods no failover could be authorised. Once this Sentinel
# has met its peers, each peer that remembers more Sentinels than exist is reset, one at a time, and
# relearns the live ones from their hello messages within seconds. Never while a failover runs.
forget_departed_sentinels() {
  sleep 10
  peers=$(cli "$POD_IP" "$SENTINEL_PORT" SENTINEL SENTINELS "$MASTER_NAME" | awk 'previous == "ip" { print } { previous = $0 }')
  for peer in $peers; do
    view=$(cli "$peer" "$SENTINEL_PORT" SENTINEL MASTER "$MASTER_NAME") || view=""
    others=$(printf '%s\n' "$view" | awk 'previous == "num-other-sentinels" { print } { previous = $0 }')
    flags=$(printf '%s\n' "$view" | awk 'previous == "flags" { print } { previous = $0 }')
    if [ "${others:-0}" -gt $((SENTINELS - 1)) ] && [ "$flags" = master ]; then
      log "Sentinel $peer remembers $others other Sentinels instead of $((SENTINELS - 1)); resetting it"
      cli "$peer" "$SENTINEL_PORT" SENTINEL RESET "$MASTER_NAME" >/dev/null || true
      sleep 10
    fi
  done
}

umask 077
mkdir -p "$WORK_DIR"
master=$(discover_master)
log "$POD_NAME monitors $master"

sed "s/\${MASTER_HOST}/$(first_address "$master")/" "$TEMPLATE" >"$WORK_DIR/sentinel.conf.next"
{
  echo "dir $WORK_DIR"
  # A Deployment's pod name is unique per pod: the same Sentinel keeps one id across its own restarts.
  echo "sentinel myid $(printf '%s' "$POD_NAME" | sha1sum | cut -c1-40)"
  echo "sentinel announce-ip $POD_IP"
  if [ -n "${REDIS_PASSWORD:-}" ]; then
    # Applications ask the Sentinels for the master with the app's password, and the Sentinels one
    # another: every one the Secret holds is taken (a rotation's too), the current one is used.
    echo "user default on $(acl_passwords_of REDIS_PASSWORD) ~* &* +@all"
    echo "sentinel sentinel-pass $REDIS_PASSWORD"
    if [ -n "${MOORING_SENTINEL_PASSWORD:-}" ]; then
      # The Sentinels' own user on the Redis pods: a rotation of the app's password never breaks it.
      echo "sentinel auth-user $MASTER_NAME mooring-sentinel"
      echo "sentinel auth-pass $MASTER_NAME $MOORING_SENTINEL_PASSWORD"
    else
      echo "sentinel auth-pass $MASTER_NAME $REDIS_PASSWORD"
    fi
  fi
  # Mooring's own users on this Sentinel, one "<name> <variable holding its password> <rules>" line
  # each, with every password the Secret holds for them.
  if [ -f "$MOORING_USERS" ]; then
    while read -r name variable rules; do
      eval "password=\${$variable:-}"
      if [ -n "$password" ]; then
        echo "user $name on $(acl_passwords_of "$variable") $rules"
      fi
    done <"$MOORING_USERS"
  fi
} >>"$WORK_DIR/sentinel.conf.next"
mv "$WORK_DIR/sentinel.conf.next" "$WORK_DIR/sentinel.conf"
rm -f "$survey"

forget_departed_sentinels &

exec redis-sentinel "$WORK_DIR/sentinel.conf"
