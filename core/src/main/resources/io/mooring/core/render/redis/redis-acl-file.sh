# Appended to the start script of an app with ACL users or with Mooring's own users.
# The users: names and rules from the ConfigMap, passwords from the Secrets, written as SHA-256
# hashes so no password lies on the volume in clear. The file replaces every user, so it names the
# default user too, with the app's password (without it the default user would take no password at
# all). Each user gets every password its Secret holds: a rotation's new and previous ones too.
ACL_USERS=/etc/mooring/acl-users
# Mooring's own users, one "<name> <variable holding its password> <rules>" line each.
MOORING_USERS=/etc/mooring/mooring-acl-users
@@ACL_PASSWORDS@@
if [ -f "$ACL_USERS" ] || [ -f "$MOORING_USERS" ]; then
  {
    if [ -n "${REDIS_PASSWORD:-}" ]; then
      echo "user default on $(acl_passwords_of REDIS_PASSWORD) ~* &* +@all"
    else
      echo "user default on nopass ~* &* +@all"
    fi
    if [ -f "$MOORING_USERS" ]; then
      while read -r name variable rules; do
        eval "password=\${$variable:-}"
        if [ -n "$password" ]; then
          echo "user $name on $(acl_passwords_of "$variable") $rules"
        else
          log "Mooring's user $name has no password in the auth Secret; it is left out"
        fi
      done <"$MOORING_USERS"
    fi
    if [ -f "$ACL_USERS" ]; then
      i=0
      while read -r name rules; do
        eval "password=\${ACL_USER_PASSWORD_$i:-}"
        eval "next=\${ACL_USER_NEXT_PASSWORD_$i:-}"
        eval "previous=\${ACL_USER_PREVIOUS_PASSWORD_$i:-}"
        if [ -n "$password" ]; then
          echo "user $name on $(acl_passwords "$password" "$next" "$previous") $rules"
        else
          log "ACL user $name has no password in its Secret; it is left out"
        fi
        i=$((i + 1))
      done <"$ACL_USERS"
    fi
  } >"$DATA_DIR/users.acl.next"
  mv "$DATA_DIR/users.acl.next" "$DATA_DIR/users.acl"
fi
