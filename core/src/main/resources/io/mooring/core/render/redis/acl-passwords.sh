# A user's passwords as ACL rules: the SHA-256 hash of each non-empty argument, once each, so that
# no password lies on a volume in clear.
acl_hash() { printf '%s' "$1" | sha256sum | cut -d ' ' -f 1; }
acl_passwords() {
  acl_rules=""
  for acl_password in "$@"; do
    [ -n "$acl_password" ] || continue
    acl_rule="#$(acl_hash "$acl_password")"
    case " $acl_rules " in
      *" $acl_rule "*) ;;
      *) acl_rules="${acl_rules:+$acl_rules }$acl_rule" ;;
    esac
  done
  printf '%s' "$acl_rules"
}
# Every password the Secret held at start for the user whose current one is in the variable named
# $1 (<NAME>_PASSWORD): that one and, while a rotation is in flight, its new one before the switch
# (<NAME>_NEXT_PASSWORD) and its old one during the overlap (<NAME>_PREVIOUS_PASSWORD). A server
# restarted mid-rotation so takes whichever its peers and clients use; the rotation's last step
# removes the old one live.
acl_passwords_of() {
  acl_base=${1%_PASSWORD}
  eval "acl_passwords \"\${$1:-}\" \"\${${acl_base}_NEXT_PASSWORD:-}\" \"\${${acl_base}_PREVIOUS_PASSWORD:-}\""
}
