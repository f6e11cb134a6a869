# Appended to the start script of an app with ACL users or with Mooring's own users.
# The users: names and rules from the ConfigMap, passwords from the Secrets, written as SHA-256
# hashes so no password lies on the volume in clear. The file replaces every user, so it names the
# default user too, with the app's password (without it the default user would take no password at
# all). A previous password is there only while a rotation's overlap lasts.
ACL_USERS=/etc/mooring/acl-users
# Mooring's own users, one "<name> <variable holding its password> <rules>" line each.
MOORING_USERS=/etc/mooring/mooring-acl-users
acl_hash() { printf '%s' "$1" | sha256sum | cut -d ' ' -f 1; }
acl_passwords() {
  printf '#%s' "$(acl_hash "$1")"
  if [ -n "$2" ] && [ "$2" != "$1" ]; then printf ' #%s' "$(acl_hash "$2")"; fi
}
if [ -f "$ACL_USERS" ] || [ -f "$MOORING_USERS" ]; then
  {
    if [ -n "${REDIS_PASSWORD:-}" ]; then
      echo "user default on $(acl_passwords "$REDIS_PASSWORD" "${REDIS_PREVIOUS_PASSWORD:-}") ~* &* +@all"
    else
      echo "user default on nopass ~* &* +@all"
    fi
    if [ -f "$MOORING_USERS" ]; then
      while read -r name variable rules; do
        eval "password=\${$variable:-}"
        if [ -n "$password" ]; then
          echo "user $name on $(acl_passwords "$password" "") $rules"
        else
          log "Mooring's user $name has no password in the auth Secret; it is left out"
        fi
      done <"$MOORING_USERS"
    fi
    if [ -f "$ACL_USERS" ]; then
      i=0
      while read -r name rules; do
        eval "password=\${ACL_USER_PASSWORD_$i:-}"
        eval "previous=\${ACL_USER_PREVIOUS_PASSWORD_$i:-}"
        if [ -n "$password" ]; then
          echo "user $name on $(acl_passwords "$password" "$previous") $rules"
        else
          log "ACL user $name has no password in its Secret; it is left out"
        fi
        i=$((i + 1))
      done <"$ACL_USERS"
    fi
  } >"$DATA_DIR/users.acl.next"
  mv "$DATA_DIR/users.acl.next" "$DATA_DIR/users.acl"
fi
