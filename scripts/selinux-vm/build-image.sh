#!/bin/sh
# Turns a base root file system (build-base.sh) into the bootable guest in OUT: Skiff's local
# policy module installed, SELinux enforcing, the boot-time test unit enabled, every file
# labelled, and all of it in a raw ext4 image beside the kernel and initrd it boots with.
# Usage: build-image.sh BASE_ROOTFS OUT   (as root; OUT must not exist)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
base=$(realpath "${1:?usage: build-image.sh BASE_ROOTFS OUT}")
out=$(realpath -m "${2:?usage: build-image.sh BASE_ROOTFS OUT}")
work="$out.tmp"
root="$work/rootfs"

# Half of the used space is kernel modules; the rest leaves room for the payload and the
# containers' layers. The file is sparse.
DISK_SIZE=3G

unmount_all() {
  if mountpoint -q "$root/proc" 2>/dev/null; then umount -l "$root/proc"; fi
}

cleanup() {
  unmount_all
  rm -rf "$work"
}

# A copy, so that the cached base stays as debootstrap and apt left it.
copy_base() {
  mkdir -p "$work"
  cp -a "$base" "$root"
}

configure_system() {
  sed -i 's/^SELINUX=.*/SELINUX=enforcing/; s/^SELINUXTYPE=.*/SELINUXTYPE=default/' \
    "$root/etc/selinux/config"
  echo '/dev/vda / ext4 defaults 0 1' >"$root/etc/fstab"
  echo skiff-selinux >"$root/etc/hostname"

  # Nobody logs in: the serial console is kept for the test's output.
  for unit in serial-getty@.service getty@.service; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit"
  done
}

install_test_unit() {
  install -m 0755 "$here/guest/skiff-selinux-guest" "$root/usr/local/sbin/skiff-selinux-guest"
  install -m 0644 "$here/guest/skiff-selinux-test.service" \
    "$root/etc/systemd/system/skiff-selinux-test.service"
  mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
  ln -sf ../skiff-selinux-test.service \
    "$root/etc/systemd/system/multi-user.target.wants/skiff-selinux-test.service"
}

# The module is compiled where it is installed, against the guest's own policy tools.
install_policy_module() {
  mkdir -p "$root/tmp/policy"
  cp "$here/policy/skiff_container.te" "$here/policy/skiff_container.fc" "$root/tmp/policy/"
  chroot "$root" sh -c 'cd /tmp/policy &&
    checkmodule -M -m -o skiff_container.mod skiff_container.te &&
    semodule_package -o skiff_container.pp -m skiff_container.mod -f skiff_container.fc &&
    semodule -i skiff_container.pp'
  rm -rf "$root/tmp/policy"
  # Made now, so that setfiles gives them the store's types and what Skiff creates inherits them.
  mkdir -p "$root/var/lib/skiff/layers"
}

# Labels are written now, so the guest boots enforcing with no relabelling boot. setfiles
# writes them through /proc/self/fd, hence the mount, which it must not descend into.
label_files() {
  mount -t proc proc "$root/proc"
  chroot "$root" setfiles -e /proc -F /etc/selinux/default/contexts/files/file_contexts /
  umount "$root/proc"
}

make_disk() {
  mkdir -p "$out"
  cp "$(ls "$root"/boot/vmlinuz-* | tail -1)" "$out/vmlinuz"
  cp "$(ls "$root"/boot/initrd.img-* | tail -1)" "$out/initrd.img"
  # mkfs.ext4 -d copies the security.selinux attributes along with the files.
  truncate -s "$DISK_SIZE" "$out/disk.img"
  mkfs.ext4 -q -F -L skiff-guest -d "$root" "$out/disk.img"
}

main() {
  [ ! -e "$out" ] || { echo "build-image: $out exists" >&2; exit 1; }
  trap cleanup EXIT
  trap 'exit 130' INT TERM

  copy_base
  configure_system
  install_test_unit
  install_policy_module
  label_files
  make_disk
}

main
