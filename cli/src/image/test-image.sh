#!/usr/bin/env bash
# Proves the container image runs, without a container runtime: unpacks the OCI image the `image`
# profile built (umoci), then runs its entrypoint in the unpacked root filesystem with chroot as
# the image's user: `--version` must print the version, and `serve --sandbox` must answer /healthz.
# Run as root (chroot, unshare). Usage: test-image.sh [IMAGE_TAR]
set -euo pipefail
cli=$(cd "$(dirname "$0")/../.." && pwd)
tar=${1:-$cli/target/mooring-image.tar}
work=$(mktemp -d)
server=
cleanup() {
  # The whole process group: the server runs as another user in a PID namespace of its own, past
  # the reach of unshare's --kill-child (the user change clears it), so killing the background job
  # alone would leave it holding its port.
  if [ -n "$server" ]; then kill -KILL -- "-$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir "$work/layout"
tar -xf "$tar" -C "$work/layout"
# Jib names the image by its full reference (registry/name:tag), which umoci does not take as a tag.
sed -i 's/"org.opencontainers.image.ref.name":"[^"]*"/"org.opencontainers.image.ref.name":"image"/' \
  "$work/layout/index.json"
umoci unpack --image "$work/layout:image" "$work/bundle" >/dev/null
rootfs="$work/bundle/rootfs"

# The entrypoint and user exactly as the image's configuration gives them.
config=$(tr -d '\n' <"$work/bundle/config.json")
mapfile -t entrypoint < <(grep -o '"args": *\[[^]]*\]' <<<"$config" | head -1 | sed 's/^"args": *\[//; s/\]$//' | grep -o '"[^"]*"' | tr -d '"')
uid=$(grep -o '"uid": *[0-9]*' <<<"$config" | head -1 | grep -o '[0-9]*$')
gid=$(grep -o '"gid": *[0-9]*' <<<"$config" | head -1 | grep -o '[0-9]*$')
echo "entrypoint: ${entrypoint[*]} (user $uid:$gid)"
[ "$uid" != 0 ] || { echo "the image runs as root" >&2; exit 1; }
[ "${entrypoint[-1]}" = serve ] || { echo "the entrypoint is not 'mooring serve'" >&2; exit 1; }

chroot=$(command -v chroot)
unshare=$(command -v unshare)
mkdir -p "$rootfs/proc"
# Only the image's environment, nothing of this machine's; a /proc of its own, as a container
# runtime mounts one (the dynamic loader finds the runtime's libraries through /proc/self/exe).
in_image() {
  env -i PATH=/opt/java/bin:/usr/bin:/bin XDG_STATE_HOME=/tmp HOME=/home/mooring \
    "$unshare" --mount --pid --fork --kill-child --mount-proc="$rootfs/proc" \
    "$chroot" --userspec="$uid:$gid" "$rootfs" "$@"
}

version=$(in_image "${entrypoint[@]}" --version)
echo "--version: $version"
grep -q '^mooring [0-9]' <<<"$version" || { echo "no version printed" >&2; exit 1; }

# A port nothing listens on: a random pick can meet another process of the machine.
free_port() {
  local candidate
  while :; do
    candidate=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
}
port=$(free_port)
set -m # the background job gets a process group of its own, which cleanup ends whole
in_image "${entrypoint[@]}" --sandbox --repo /tmp/no-repository --http-address 127.0.0.1 \
  --http-port "$port" --data-dir /tmp/data >"$work/serve.log" 2>&1 &
server=$!
set +m
for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
    echo "serve --sandbox answers /healthz on port $port"
    exit 0
  fi
  kill -0 "$server" 2>/dev/null || break
  sleep 0.5
done
echo "serve --sandbox did not answer /healthz; its output:" >&2
cat "$work/serve.log" >&2
exit 1
