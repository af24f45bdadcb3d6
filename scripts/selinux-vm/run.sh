#!/bin/sh
# `npm run test:selinux`: proves that the labels Skiff writes are enforced by a real SELinux
# kernel. Builds (or takes from .cache/selinux-vm/) a Debian 12 guest with SELinux enforcing,
# boots it under QEMU with the built Skiff, Node and the busybox test image attached, and exits
# 0 only if the guest's scenario reports that every check held. Leaves nothing behind but the
# cache. Environment: SKIFF_SELINUX_TIMEOUT, seconds the guest may take (default 600:
# about 230 s on two idle cores under emulation, twice that when others share them).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache="$repo/.cache/selinux-vm"
timeout=${SKIFF_SELINUX_TIMEOUT:-600}
tmp=""
qemu_pid=""

# security=selinux because Debian's kernel starts AppArmor by default; panic=-1 with QEMU's
# -no-reboot turns a kernel panic into QEMU's exit rather than a wait for the time limit.
KERNEL_ARGS="root=/dev/vda rw console=ttyS0 security=selinux selinux=1 enforcing=1 audit=1 panic=-1"

say() {
  echo "test:selinux: $*"
}

# die REASON: the one line a user needs to see, then exit.
die() {
  echo "test:selinux: $*" >&2
  exit 1
}

cleanup() {
  if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
    kill "$qemu_pid" 2>/dev/null || true
    sleep 1
    kill -9 "$qemu_pid" 2>/dev/null || true
  fi
  if [ -n "$tmp" ]; then rm -rf "$tmp"; fi
}

free_mib() {
  mkdir -p "$1"
  df -Pm "$1" | awk 'NR == 2 { print $4 }'
}

check_prerequisites() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot and mounts need it)"
  for tool in qemu-system-x86_64:qemu-system-x86 debootstrap:debootstrap mkfs.ext4:e2fsprogs \
    apt-cache:apt busybox:busybox-static; do
    command -v "${tool%%:*}" >/dev/null ||
      die "${tool%%:*} not found: apt-get install ${tool#*:} (./scripts/setup.sh installs it)"
  done
  [ -f "$repo/packages/cli/bundle/cli.js" ] || die "Skiff is not built: run npm run build"
  [ -f /usr/share/containers/seccomp.json ] ||
    die "no /usr/share/containers/seccomp.json: apt-get install golang-github-containers-common"
}

check_space() {
  # A build holds the base tree, its copy and the disk image at once; a run only the payload
  # and QEMU's copy-on-write overlay of the disk.
  need=1024
  [ -f "$image_dir/disk.img" ] || need=6144
  for dir in "$cache" "${TMPDIR:-/tmp}"; do
    have=$(free_mib "$dir")
    [ "$have" -ge "$need" ] || die "not enough disk space: $dir has $have MiB free, $need needed"
  done
}

# The guest packages' versions in the archive apt is configured for, and the scripts that
# build from them: a new kernel, policy or build step makes a new key.
compute_keys() {
  packages=$(grep -v '^#' "$here/guest-packages")
  # shellcheck disable=SC2086
  versions=$(apt-cache show --no-all-versions $packages 2>/dev/null | grep -E '^(Package|Version):')
  [ -n "$versions" ] || die "apt-cache knows none of the guest packages: run apt-get update"

  base_key=$( (echo "$versions"; cat "$here/guest-packages" "$here/build-base.sh") |
    sha256sum | cut -c1-16)
  image_key=$( (echo "$base_key"; cat "$here/build-image.sh" "$here/policy/"* \
    "$here/guest/skiff-selinux-guest" "$here/guest/skiff-selinux-test.service") |
    sha256sum | cut -c1-16)
  base_dir="$cache/base-$base_key"
  image_dir="$cache/image-$image_key"
}

# remove_others PREFIX KEEP: older cache entries of one kind, which no key points at any more.
remove_others() {
  for entry in "$cache/$1"-*; do
    if [ -e "$entry" ] && [ "$entry" != "$2" ]; then rm -rf "$entry"; fi
  done
}

build_base() {
  say "building the base system (debootstrap, kernel, SELinux policy) in $base_dir"
  rm -rf "$base_dir.tmp"
  sh "$here/build-base.sh" "$base_dir.tmp/rootfs"
  mv "$base_dir.tmp" "$base_dir"
  remove_others base "$base_dir"
}

ensure_image() {
  if [ -f "$image_dir/disk.img" ]; then
    say "reusing the guest image $image_dir"
    return
  fi

  started=$(date +%s)
  [ -d "$base_dir/rootfs" ] || build_base
  say "building the guest image (policy module, labels, ext4) in $image_dir"
  rm -rf "$image_dir.tmp"
  sh "$here/build-image.sh" "$base_dir/rootfs" "$image_dir.tmp"
  mv "$image_dir.tmp" "$image_dir"
  remove_others image "$image_dir"
  say "image built in $(($(date +%s) - started)) s"
}

# The payload: what the guest runs, as a tar archive that becomes its second disk.
stage_payload() {
  stage="$tmp/payload"
  skiff="$stage/skiff"
  mkdir -p "$skiff/packages/cli" "$skiff/node_modules/@skiff"

  cp -a "$repo/bin" "$repo/package.json" "$skiff/"
  cp -a "$repo/packages/cli/package.json" "$repo/packages/cli/bundle" "$skiff/packages/cli/"
  ln -s ../../packages/cli "$skiff/node_modules/@skiff/cli"
  for plugin in "$repo"/plugins/*/; do
    name=$(basename "$plugin")
    mkdir -p "$skiff/plugins/$name"
    cp -a "$plugin/package.json" "$plugin/bundle" "$skiff/plugins/$name/"
    ln -s "../../plugins/$name" "$skiff/node_modules/@skiff/plugin-$name"
  done
  copy_runtime_modules

  cp "$(command -v node)" "$stage/node"
  cp /usr/share/containers/seccomp.json "$stage/"
  install -m 0755 "$here/guest/scenario.sh" "$stage/scenario.sh"
  sh "$repo/test/fixtures/make-busybox-rootfs.sh" "$stage/busybox-rootfs.tar" >/dev/null

  tar --numeric-owner -C "$stage" -cf "$tmp/payload.tar" .
  rm -rf "$stage"
}

# The bundles hold everything but the modules they load at run time: the native addons
# (better-sqlite3, node-unix-socket) and node-tar, with what those require.
copy_runtime_modules() {
  for module in tar @isaacs/fs-minipass chownr minipass minizlib yallist node-unix-socket \
    node-unix-socket-linux-x64-gnu bindings file-uri-to-path; do
    mkdir -p "$skiff/node_modules/$(dirname "$module")"
    cp -a "$repo/node_modules/$module" "$skiff/node_modules/$module"
  done

  # better-sqlite3 without its C sources, which are most of its size.
  sqlite="$skiff/node_modules/better-sqlite3"
  mkdir -p "$sqlite/build/Release"
  cp -a "$repo/node_modules/better-sqlite3/package.json" "$repo/node_modules/better-sqlite3/lib" \
    "$sqlite/"
  cp "$repo/node_modules/better-sqlite3/build/Release/better_sqlite3.node" "$sqlite/build/Release/"
}

# KVM only where the CPU really has it: /dev/kvm here can belong to a nested hypervisor
# (kvm_pvm) whose guests must be built for it, and the stock Debian kernel hangs there.
accel_options() {
  if [ -w /dev/kvm ] && grep -qE '\b(vmx|svm)\b' /proc/cpuinfo && [ ! -d /sys/module/kvm_pvm ]
  then
    echo "-accel kvm -cpu host"
  else
    echo "-accel tcg,thread=multi -cpu max"
  fi
}

# boot: runs the guest to power-off, or kills it at the time limit.
boot() {
  console="$tmp/console.log"
  accel=$(accel_options)
  say "booting the guest ($accel, at most $timeout s)"
  started=$(date +%s)

  # snapshot=on keeps the cached image as it is; the overlay lives in TMPDIR and goes with QEMU.
  # shellcheck disable=SC2086
  qemu-system-x86_64 $accel -m 1024 -smp 2 -display none -no-reboot -nic none \
    -monitor none -serial "file:$console" \
    -kernel "$image_dir/vmlinuz" -initrd "$image_dir/initrd.img" \
    -drive "file=$image_dir/disk.img,format=raw,if=virtio,snapshot=on" \
    -drive "file=$tmp/payload.tar,format=raw,if=virtio,readonly=on" \
    -append "$KERNEL_ARGS" \
    >"$tmp/qemu.log" 2>&1 &
  qemu_pid=$!

  while kill -0 "$qemu_pid" 2>/dev/null; do
    if [ $(($(date +%s) - started)) -ge "$timeout" ]; then
      cleanup_qemu_only
      report_console
      die "the guest did not finish within $timeout s; QEMU stopped"
    fi
    sleep 2
  done
  wait "$qemu_pid" || die "QEMU failed: $(tail -1 "$tmp/qemu.log")"
  qemu_pid=""
  say "guest booted, ran the scenario and powered off in $(($(date +%s) - started)) s"
}

cleanup_qemu_only() {
  kill "$qemu_pid" 2>/dev/null || true
  sleep 1
  kill -9 "$qemu_pid" 2>/dev/null || true
  qemu_pid=""
}

# The scenario's lines (the serial line adds carriage returns), or the console's end when the
# scenario never reported. The whole console stays in the cache, for a look after a failure.
report_console() {
  tr -d '\r' <"$console" >"$cache/console.log"
  if grep -q '^SKIFF-' "$cache/console.log"; then
    grep '^SKIFF-' "$cache/console.log"
  else
    tail -40 "$cache/console.log"
  fi
}

verdict() {
  report_console
  log="$cache/console.log"
  grep -q '^SKIFF-VERDICT PASS' "$log" && ! grep -q '^SKIFF-CHECK FAIL' "$log"
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM

  check_prerequisites
  compute_keys
  check_space
  ensure_image

  tmp=$(mktemp -d "${TMPDIR:-/tmp}/skiff-selinux.XXXXXX")
  stage_payload
  boot
  if verdict; then
    say "passed: Skiff's labels are enforced by SELinux"
  else
    die "failed: see the SKIFF-CHECK lines above and $cache/console.log"
  fi
}

main
