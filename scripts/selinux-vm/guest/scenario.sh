#!/bin/sh
# The isolation scenario, run as root inside the SELinux guest. Every check prints one
# `SKIFF-CHECK PASS|FAIL name` line, and the last line is `SKIFF-VERDICT PASS` only if all held;
# the host reads them from the serial console. Usage: scenario.sh PAYLOAD_DIR
set -eu
payload=${1:?usage: scenario.sh PAYLOAD_DIR}
image=localhost/busybox
failed=0
total=0
finished=no
started=$(date +%s)

# Each container prints its own data, tries the other's, and says which label it ran with
# (attr/current ends in a NUL, which tr drops) and what its /etc/hostname, one of the files
# the engine bind-mounts into every container, says.
PROBE='cat /own/data; cat /other/data; echo "label=$(tr -d "[:cntrl:]" </proc/self/attr/current)"
  echo "hostname=$(cat /etc/hostname)"'

say() {
  echo "SKIFF-SELINUX [$(($(date +%s) - started))s] $*"
}

pass() {
  total=$((total + 1))
  echo "SKIFF-CHECK PASS $1"
}

fail() {
  total=$((total + 1))
  failed=$((failed + 1))
  echo "SKIFF-CHECK FAIL $1: $2"
}

# check NAME TEXT NEEDLE: TEXT holds NEEDLE.
check() {
  case $2 in
    *"$3"*) pass "$1" ;;
    *) fail "$1" "expected \"$3\" in: $(printf "%s" "$2" | tr '\n' '|')" ;;
  esac
}

# check_not NAME TEXT NEEDLE: TEXT lacks NEEDLE.
check_not() {
  case $2 in
    *"$3"*) fail "$1" "did not expect \"$3\" in: $(printf "%s" "$2" | tr '\n' '|')" ;;
    *) pass "$1" ;;
  esac
}

skiff() {
  "$payload/skiff/bin/skiff" "$@"
}

# json_field PATH: the field at PATH (dots between keys) of the JSON read from stdin.
json_field() {
  node -e 'let v = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const k of process.argv[1].split(".")) v = v?.[k];
    console.log(v ?? "")' "$1"
}

level_of() {
  printf "%s" "$1" | cut -d: -f4-
}

setup() {
  install -m 0755 "$payload/node" /usr/local/bin/node
  # Skiff looks for overlay in /proc/filesystems and falls back to vfs; nothing has loaded the
  # module yet on a fresh boot.
  modprobe overlay
  # The default seccomp profile, which Debian ships in a package this guest does without.
  mkdir -p /usr/share/containers
  cp "$payload/seccomp.json" /usr/share/containers/seccomp.json

  mkdir -p /srv/a /srv/b
  echo a-data >/srv/a/data
  echo b-data >/srv/b/data
  # Modes open to all, so that any denial is SELinux's and not the file modes'.
  chmod 0755 /srv/a /srv/b
  chmod 0644 /srv/a/data /srv/b/data

  skiff import "$payload/busybox-rootfs.tar" "$image" >/dev/null
  say "kernel $(uname -r), SELinux $(getenforce), scenario running as $(id -Z)"
}

check_auto_provider() {
  label_row=$(skiff plugin ls | grep '^label')
  say "$label_row"
  check 'auto chooses label-selinux' "$label_row" 'selinux (auto)'
}

# config.json of a running container holds both labels, as the kernel is to enforce them.
check_config_labels() {
  skiff run -d --name probe -v /srv/b:/own:Z "$image" sleep 600 >/dev/null
  explain=$(skiff inspect --explain --format json probe)
  config=$(printf "%s" "$explain" | json_field configPath)
  process_label=$(json_field process.selinuxLabel <"$config")
  mount_label=$(json_field linux.mountLabel <"$config")
  say "config.json: process.selinuxLabel=$process_label linux.mountLabel=$mount_label"
  check 'config.json has process.selinuxLabel' "$process_label" ':container_t:s0:c'
  check 'config.json has linux.mountLabel' "$mount_label" ':container_file_t:s0:c'
  # The root file system shows every file with the mount label, or container_t could not
  # execute a program from it.
  rootfs_context=$(grep ' overlay ' /proc/mounts | grep -o 'context="[^"]*"' || true)
  say "probe's root file system is mounted with $rootfs_context"
  check 'the root file system carries the mount label' "$rootfs_context" "context=\"$mount_label\""
  skiff rm -f -t 0 probe >/dev/null
}

create_pair() {
  skiff create --name b -v /srv/b:/own:Z -v /srv/a:/other "$image" sh -c "$PROBE" >/dev/null
  skiff create --name a -v /srv/a:/own:Z -v /srv/b:/other "$image" sh -c "$PROBE" >/dev/null
  # A first start of B gives /srv/b its level before A looks at it; A's start gives /srv/a
  # its level before B's second start looks at that.
  skiff start -a b >/dev/null 2>&1 || true
}

# avc_between SCONTEXT LEVEL: the kernel's denial of SCONTEXT on a file at LEVEL. kauditd
# logs asynchronously, so it is waited for a little.
avc_between() {
  for _ in 1 2 3 4 5; do
    line=$(dmesg 2>/dev/null | grep 'avc:  denied' | grep -F "scontext=$1 " |
      grep -F "tcontext=system_u:object_r:container_file_t:$2 " | tail -1 || true)
    if [ -n "$line" ]; then
      echo "$line"
      return
    fi
    sleep 1
  done
}

# run_side SELF OTHER: start SELF, which must read its data, be denied OTHER's, and match inspect.
run_side() {
  self=$1
  other=$2
  output=$(skiff start -a "$self" 2>&1 || true)
  say "$self says: $(printf "%s" "$output" | tr '\n' '|')"

  inspected=$(skiff inspect "$self")
  process_label=$(printf "%s" "$inspected" | json_field 0.ProcessLabel)
  mount_label=$(printf "%s" "$inspected" | json_field 0.MountLabel)
  other_mount=$(skiff inspect "$other" | json_field 0.MountLabel)
  say "$self: ProcessLabel=$process_label MountLabel=$mount_label"

  check "$self reads its own data" "$output" "$self-data"
  check "$self is denied $other's data" "$output" "can't open '/other/data': Permission denied"
  check_not "$self never sees $other's data" "$output" "$other-data"
  check "$self runs as container_t" "$process_label" ':container_t:s0:c'
  check "inspect shows $self's level as the kernel reports it" "$output" "label=$process_label"
  short_id=$(printf "%s" "$inspected" | json_field 0.Id | cut -c1-12)
  check "$self reads the engine's /etc/hostname" "$output" "hostname=$short_id"
  own_attr=$(getfattr --absolute-names --only-values -n security.selinux "/srv/$self" |
    tr -d '[:cntrl:]')
  check "/srv/$self carries $self's mount label" "$own_attr" "$mount_label"

  avc=$(avc_between "$process_label" "$(level_of "$other_mount")")
  if [ -n "$avc" ]; then
    echo "SKIFF-AVC $avc"
    pass "kernel logged the denial of $self's level on $other's"
  else
    fail "kernel logged the denial of $self's level on $other's" 'no such avc line in dmesg'
  fi
}

check_label_disable() {
  output=$(skiff run --rm --security-opt label=disable -v /srv/a:/own -v /srv/b:/other \
    "$image" sh -c "$PROBE" 2>&1 || true)
  say "label=disable says: $(printf "%s" "$output" | tr '\n' '|')"
  check 'label=disable reads a' "$output" 'a-data'
  check 'label=disable reads b' "$output" 'b-data'
  check_not 'label=disable is not confined' "$output" ':container_t:'
}

check_none_provider() {
  conf=/etc/skiff-label-none.conf
  printf '[skiff]\nlabel_provider = "none"\n' >"$conf"
  label_row=$(skiff --config "$conf" plugin ls | grep '^label')
  say "with label_provider = \"none\": $label_row"
  check 'label_provider none is used' "$label_row" 'none'

  # A's own flags: with the null provider the same cross read goes through.
  output=$(skiff --config "$conf" run --rm -v /srv/a:/own:Z -v /srv/b:/other \
    "$image" sh -c "$PROBE" 2>&1 || true)
  say "label-none container says: $(printf "%s" "$output" | tr '\n' '|')"
  check 'label-none reads its own data' "$output" 'a-data'
  check 'label-none reads the other data' "$output" 'b-data'
  check_not 'label-none is not confined' "$output" ':container_t:'
}

verdict() {
  skiff rm -f a b >/dev/null 2>&1 || true
  if [ "$finished" = yes ] && [ "$failed" -eq 0 ]; then
    echo "SKIFF-VERDICT PASS $total checks"
  elif [ "$finished" = no ]; then
    echo "SKIFF-VERDICT FAIL the scenario stopped early, after $total checks ($failed failed)"
  else
    echo "SKIFF-VERDICT FAIL $failed of $total checks failed"
  fi
}

main() {
  # Whatever fails below still ends in a verdict line, so the host never waits for nothing.
  trap 'say "scenario took $(($(date +%s) - started)) s"; verdict' EXIT
  setup
  check_auto_provider
  check_config_labels
  create_pair
  run_side a b
  run_side b a
  check_label_disable
  check_none_provider
  finished=yes
}

main
