#!/bin/sh
# Sets up Skiff on a Debian machine, as root: the system packages it drives (if missing), the
# npm dependencies, the build, `skiff` on the PATH, and a first real container.
set -eu
cd "$(dirname "$0")/.."

# runc runs containers; conmon monitors them; busybox-static makes the test image;
# golang-github-containers-common ships the default seccomp profile; attr sets SELinux labels.
# The tests also start a real registry (docker-registry, with htpasswd users from apache2-utils)
# and check interoperability against the reference clients skopeo and podman.
PACKAGES="runc conmon busybox-static golang-github-containers-common attr ca-certificates uidmap
  fuse-overlayfs sudo
  docker-registry apache2-utils skopeo podman bsdutils qemu-system-x86 qemu-utils debootstrap"

missing=""
for package in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing="$missing $package"
done
if [ -n "$missing" ]; then
  echo "setup: installing$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

npm ci --no-fund --no-audit
npm run build
ln -sf "$PWD/bin/skiff" /usr/local/bin/skiff

mkdir -p .cache
test/fixtures/make-busybox-rootfs.sh .cache/busybox-rootfs.tar >/dev/null
skiff import .cache/busybox-rootfs.tar localhost/busybox >/dev/null
skiff run --rm localhost/busybox echo "hello from a skiff container"
