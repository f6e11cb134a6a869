#!/bin/sh
# The backup sidecar: wakes at the start of every minute, takes a backup when the schedule names that
# minute (UTC) and otherwise, with POINT_IN_TIME=1, archives the append-only files. The schedule comes
# as the values each cron field allows (CRON_MINUTES, CRON_HOURS, CRON_DAYS, CRON_MONTHS,
# CRON_WEEKDAYS with 0 for Sunday); CRON_EITHER_DAY=1 when a day matching either day field is due.
# On a replica both steps exit 3 and nothing is written: only the master backs up.
set -u

SCRIPTS=${SCRIPTS:-/etc/mooring-backup}

has() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }

due() {
  set -- $(date -u '+%M %H %d %m %w')
  minute=$(expr "$1" + 0) hour=$(expr "$2" + 0) day=$(expr "$3" + 0) month=$(expr "$4" + 0) weekday=$5
  has "$CRON_MINUTES" "$minute" && has "$CRON_HOURS" "$hour" && has "$CRON_MONTHS" "$month" || return 1
  if [ "${CRON_EITHER_DAY:-0}" = 1 ]; then
    has "$CRON_DAYS" "$day" || has "$CRON_WEEKDAYS" "$weekday"
  else
    has "$CRON_DAYS" "$day" && has "$CRON_WEEKDAYS" "$weekday"
  fi
}

while :; do
  now=$(date -u +%s)
  sleep $((60 - now % 60))
  if due; then
    sh "$SCRIPTS/redis-backup.sh" backup
  elif [ "${POINT_IN_TIME:-0}" = 1 ]; then
    sh "$SCRIPTS/redis-backup.sh" archive
  fi
done
