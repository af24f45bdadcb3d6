#!/bin/sh
# Builds the guest's root file system in DIR: Debian 12 with a kernel, SELinux's default
# policy, runc and conmon. Nothing here is specific to Skiff's test, so it is cached apart from
# the image and rebuilt only when the packages change (a few minutes from nothing).
# Usage: build-base.sh DIR   (as root; DIR must not exist)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(realpath -m "${1:?usage: build-base.sh DIR}")

# The archive apt is configured for on this host, which is the one known to be reachable.
sources=/etc/apt/sources.list.d/debian.sources

mirror() {
  uri=$(awk '/^URIs:/ { print $2; exit }' "$sources" 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# Packages are listed one a line in guest-packages; the first four come with debootstrap.
packages() {
  grep -v '^#' "$here/guest-packages"
}

unmount_all() {
  for dir in dev/pts dev sys proc; do
    if mountpoint -q "$root/$dir" 2>/dev/null; then umount -l "$root/$dir"; fi
  done
}

bootstrap() {
  base=$(packages | head -4 | paste -sd, -)
  debootstrap --variant=minbase --include="$base" bookworm "$root" "$(mirror)" >/dev/null
  # The chroot's apt sees the same suites as the host's (updates and security included), so the
  # versions that key the cache are the versions installed.
  if [ -f "$sources" ]; then
    cp "$sources" "$root/etc/apt/sources.list.d/debian.sources"
    rm -f "$root/etc/apt/sources.list"
  fi
  cp /etc/resolv.conf "$root/etc/resolv.conf"
}

# A small initrd: the guest only needs virtio and ext4 to find its root, and the default
# (every storage driver) doubles the time the emulated kernel takes to unpack it.
configure_initramfs() {
  mkdir -p "$root/etc/initramfs-tools/conf.d"
  printf 'MODULES=list\nCOMPRESS=gzip\n' >"$root/etc/initramfs-tools/conf.d/skiff.conf"
  printf 'virtio_pci\nvirtio_blk\next4\n' >>"$root/etc/initramfs-tools/modules"
}

install_packages() {
  mount -t proc proc "$root/proc"
  mount -t sysfs sysfs "$root/sys"
  mount --bind /dev "$root/dev"
  mount --bind /dev/pts "$root/dev/pts"

  rest=$(packages | tail -n +5 | paste -sd' ' -)
  chroot "$root" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends $rest >/dev/null"
  chroot "$root" apt-get clean
  unmount_all
}

main() {
  [ ! -e "$root" ] || { echo "build-base: $root exists" >&2; exit 1; }
  trap unmount_all EXIT
  trap 'exit 130' INT TERM

  bootstrap
  configure_initramfs
  install_packages
}

main
