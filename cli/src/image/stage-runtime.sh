#!/usr/bin/env bash
# Stages the image's base layer in TARGET/image-root: a jlink'd Java runtime under /opt/java, the
# shared libraries it loads (from this machine's Debian), CA certificates, and /etc/passwd naming the
# non-root user 65532. A release build may replace this layer with a public base image (see README).
set -euo pipefail
target=${1:?usage: stage-runtime.sh TARGET_DIR [THIN_JAR]}
root="$target/image-root"
rm -rf "$root"
mkdir -p "$root/etc" "$root/tmp" "$root/home/mooring" "$root/app"
# The module's own jar, whose manifest names the dependencies Jib puts in /app/libs: `java -jar
# /app/mooring.jar` runs it as the shaded jar would.
if [ -n "${2:-}" ]; then
  cp "$2" "$root/app/mooring.jar"
fi

modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs,jdk.localedata
jlink --add-modules "$modules" --include-locales=en --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$root/opt/java"

# Debian's runtime links its trust store to the system's; the image carries a copy.
if [ -f /etc/ssl/certs/java/cacerts ]; then
  rm -f "$root/opt/java/lib/security/cacerts"
  cp -L /etc/ssl/certs/java/cacerts "$root/opt/java/lib/security/cacerts"
fi

# Every library the runtime's binaries and libraries load, and the resolver's plug-ins (loaded by
# name at run time, so ldd does not list them). The AWT, imaging and sound libraries of
# java.desktop (kept for java.beans) never load in a headless server: their X11 and image
# dependencies stay out.
libs=$(
  find "$root/opt/java" -type f \( -perm -u+x -o -name '*.so' \) \
    -not -regex '.*/lib\(awt\|awt_xawt\|awt_headless\|splashscreen\|fontmanager\|lcms\|javajpeg\|mlib_image\|jsound\|jawt\)\.so' -print0 |
    xargs -0 ldd 2>/dev/null |
    awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' |
    sort -u
)
arch_dir=$(dirname "$(ldd /bin/true | awk '$1 ~ /libc\.so/ { print $3 }')")
for extra in libnss_files.so.2 libnss_dns.so.2 libresolv.so.2; do
  [ -e "$arch_dir/$extra" ] && libs="$libs"$'\n'"$arch_dir/$extra"
done
for lib in $libs; do
  case "$lib" in "$root"*) continue ;; esac
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
mooring:x:65532:65532:mooring:/home/mooring:/sbin/nologin
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
mooring:x:65532:
GROUP
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
echo "staged $(du -sh "$root" | cut -f1) in $root"
