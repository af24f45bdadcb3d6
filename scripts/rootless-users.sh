#!/bin/sh
# Creates the unprivileged users the rootless end-to-end suite runs as, as root. Idempotent.
#   skiff-rl-a     runs the suite; subordinate ids 200000-265535
#   skiff-rl-b     a second user whose store must stay apart; 300000-365535
#   skiff-rl-few   only 1000 subordinate ids, too few for an image with uid 65534
#   skiff-rl-nosub no subordinate ids at all
# skiff-rl-a may run commands as the other three through sudo, and never as root.
set -eu

add_user() {
  # Without -K, useradd would grant a range of its own choosing.
  id "$1" >/dev/null 2>&1 ||
    useradd --create-home --shell /bin/sh -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 "$1"
}

for user in skiff-rl-a skiff-rl-b skiff-rl-few skiff-rl-nosub; do add_user "$user"; done

# The test users' lines are rewritten whole, so that a rerun leaves exactly these ranges.
for file in /etc/subuid /etc/subgid; do
  touch "$file"
  grep -v '^skiff-rl-' "$file" >"$file.tmp" || true
  printf '%s\n' skiff-rl-a:200000:65536 skiff-rl-b:300000:65536 skiff-rl-few:400000:1000 >>"$file.tmp"
  chmod 644 "$file.tmp"
  mv "$file.tmp" "$file"
done

rule=/etc/sudoers.d/skiff-rootless-tests
printf '%s\n' 'skiff-rl-a ALL=(skiff-rl-b,skiff-rl-few,skiff-rl-nosub) NOPASSWD: ALL' >"$rule.tmp"
chmod 0440 "$rule.tmp"
visudo -cf "$rule.tmp" >/dev/null
mv "$rule.tmp" "$rule"
