#!/usr/bin/env bash
# A technician's session through a real terminal program: picocom on the simulator's
# pseudo-terminal, typed under tmux. Provisions a device, unlocks, calibrates, sets a value,
# saves, reboots, and checks the value is still set. Prints the terminal's transcript.
# Usage: picocom-session.sh <ec-sim.dll> <ec-provision.dll> <work folder>
# Needs: dotnet, tmux, picocom, socat. Exit 0 when the value survived the reboot.
set -euo pipefail
sim_dll=$1
provision_dll=$2
work=$3
mkdir -p "$work"
session="ec-console-$$"
# A tmux server of its own (-L), so a technician's or a colleague's tmux is never touched.
tm() { tmux -L "$session" "$@"; }
tty="$work/sim-001.pty"
cleanup() { tm kill-server 2>/dev/null || true; }
trap cleanup EXIT

dotnet "$provision_dll" create --site site1 --device sim-001 --keys "$work/site.keys.json" \
  --out "$work/site.devices/sim-001" --pin-file - <<< 2468 > "$work/provision.txt"

tm new-session -d -s "$session" -x 120 -y 200 \
  "dotnet '$sim_dll' console --device sim-001 --state '$work/site.devices' --pty '$tty' 2> '$work/sim.err'"
for _ in $(seq 1 300); do [ -e "$tty" ] && break; sleep 0.1; done
[ -e "$tty" ] || { echo "the simulator made no pseudo-terminal"; cat "$work/sim.err"; exit 1; }
tm new-window -t "$session" -n term "picocom -b 115200 '$tty'"

screen() { tm capture-pane -t "$session:term" -p -S - ; }
# Waits until the screen shows text (a fixed string; tmux trims trailing spaces) at least n times.
wait_for() {
  local text=$1 n=${2:-1}
  for _ in $(seq 1 600); do
    [ "$(screen | grep -cF -- "$text")" -ge "$n" ] && return 0
    sleep 0.1
  done
  echo "timed out waiting for: $text"; screen | grep -v '^$'; exit 1
}
type_line() { tm send-keys -t "$session:term" -l "$1"; tm send-keys -t "$session:term" Enter; }

# The banner may have gone out before picocom opened the line, and a key typed before picocom
# is ready is lost: once picocom says it is ready, press Enter until a prompt answers.
wait_for "Terminal ready"
for _ in $(seq 1 60); do
  tm send-keys -t "$session:term" Enter
  sleep 1
  screen | grep -qF "ec>" && break
done
wait_for "ec>"
type_line "key show";                     wait_for "fp="
type_line "unlock 2468";                  wait_for "lock_s="
type_line "calibrate current pv 10000";   wait_for "gain_ppm.0="
type_line "config set report_ms 5000";    wait_for "report_ms=5000"
type_line "config save";                  wait_for "saved=1"
type_line "reboot";                       wait_for "boot=2"
type_line "config get report_ms";         wait_for "report_ms=5000" 2
type_line "status";                       wait_for "settings=stored"

screen | sed -e 's/[[:space:]]*$//' | grep -v '^$'
screen | grep -A1 -F "ec> config get report_ms" | grep -qx "report_ms=5000"
