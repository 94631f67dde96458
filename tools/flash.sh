#!/usr/bin/env bash
# Flashes an ESP32 edge controller with nanoff: the nanoFramework firmware for the board, the
# application image, and the device's files on its internal drive I:\: the board config and, when
# given, the settings record ec-provision wrote (settings.a/settings.b, copied byte for byte).
# tools/flash.ps1 is the same for Windows. See docs/build-and-flash.md.
set -euo pipefail

readonly EXIT_USAGE=2
readonly EXIT_NO_NANOFF=3
readonly EXIT_NO_BOARD=4
readonly EXIT_NO_PORT=5
readonly EXIT_NO_FILE=6
readonly EXIT_NOT_FLASHABLE=7
readonly EXIT_NANOFF_FAILED=8
readonly EXIT_BAD_CONFIG=9

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  cat <<USAGE
Usage: tools/flash.sh --board NAME|FILE --port PORT [--image PATH] [--settings-dir DIR] [--skip-update]

  --board NAME|FILE  a board of board-configs/ (NAME.json), e.g. esp32-devkitc, or the path of
                     your own board's config file (FILE.json)
  --port PORT        the device's serial port, e.g. /dev/ttyUSB0
  --image PATH       application image (default: firmware/Device/bin/Release/EdgeController.Device.bin)
  --settings-dir DIR the device's settings folder, as written by ec-provision create --out DIR: its
                     record files settings.a/settings.b go to I:\ unchanged (a slot the folder lacks
                     is deleted on the device, so an older record there cannot win). Without it the
                     settings on the device stay as they are (a new device boots on factory
                     defaults and is set up on its console).
  --ca-cert FILE     the broker's CA certificate (PEM) for MQTT over TLS: deployed as I:\\<file name>,
                     the name the device's TLS CA setting gives
  --skip-update      do not flash the nanoFramework firmware, only deploy the image and the files

First the board config goes through the device's own loader (ec-provision board check FILE; set
EC_PROVISION to the command that runs ec-provision, else ec-provision on PATH, else dotnet run of
tools/EdgeController.Provision): a config it refuses never reaches nanoff. Then runs, in order:
  nanoff --update --target <nanoffTarget of the board config> --serialport PORT
  nanoff --deploy --image IMAGE --serialport PORT
  nanoff --filedeployment <generated JSON: board config -> I:\\board.json, DIR/settings.a|b -> I:\\settings.a|b>

Exit codes:
  0  flashed
  $EXIT_USAGE  wrong arguments
  $EXIT_NO_NANOFF  nanoff is not on PATH (install it: dotnet tool install -g nanoff)
  $EXIT_NO_BOARD  no board-configs/NAME.json
  $EXIT_NO_PORT  the serial port does not exist
  $EXIT_NO_FILE  the image does not exist, or DIR holds no settings record
  $EXIT_NOT_FLASHABLE  the board config has no nanoffTarget (the simulator)
  $EXIT_NANOFF_FAILED  nanoff reported a failure
  $EXIT_BAD_CONFIG  the board config loader refused the config (its errors are printed), or could not run
USAGE
}

fail() {
  local code="$1"
  shift
  echo "flash.sh: error: $*" >&2
  exit "$code"
}

board=""
port=""
image="$repo_root/firmware/Device/bin/Release/EdgeController.Device.bin"
settings_dir=""
ca_cert=""
skip_update=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --board) [[ $# -ge 2 ]] || fail $EXIT_USAGE "--board needs a value"; board="$2"; shift 2 ;;
    --port) [[ $# -ge 2 ]] || fail $EXIT_USAGE "--port needs a value"; port="$2"; shift 2 ;;
    --image) [[ $# -ge 2 ]] || fail $EXIT_USAGE "--image needs a value"; image="$2"; shift 2 ;;
    --settings-dir) [[ $# -ge 2 ]] || fail $EXIT_USAGE "--settings-dir needs a value"; settings_dir="$2"; shift 2 ;;
    --settings) fail $EXIT_USAGE "--settings (settings.json) is gone: the device reads the settings record; pass --settings-dir DIR (ec-provision create --out DIR)" ;;
    --ca-cert) [[ $# -ge 2 ]] || fail $EXIT_USAGE "--ca-cert needs a value"; ca_cert="$2"; shift 2 ;;
    --skip-update) skip_update=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail $EXIT_USAGE "unknown argument '$1'" ;;
  esac
done
[[ -n "$board" && -n "$port" ]] || { usage >&2; fail $EXIT_USAGE "--board and --port are required"; }

# 1. nanoff itself.
if ! command -v nanoff >/dev/null 2>&1; then
  fail $EXIT_NO_NANOFF "nanoff was not found on PATH. Install it with: dotnet tool install -g nanoff (and make sure ~/.dotnet/tools is on PATH)"
fi

# 2. The board config: a name of board-configs/, or a file of the user's own board.
if [[ "$board" == *.json || "$board" == */* ]]; then
  board_config="$board"
  if [[ ! -f "$board_config" ]]; then
    fail $EXIT_NO_BOARD "no board config file $board_config"
  fi
  board_config="$(cd "$(dirname "$board_config")" && pwd)/$(basename "$board_config")"
  board_label="$board"
else
  board_config="$repo_root/board-configs/$board.json"
  board_label="board-configs/$board.json"
  if [[ ! "$board" =~ ^[A-Za-z0-9_-]+$ || ! -f "$board_config" ]]; then
    known="$(cd "$repo_root/board-configs" 2>/dev/null && ls -1 ./*.json 2>/dev/null | sed 's|^\./||; s|\.json$||' | tr '\n' ' ')"
    fail $EXIT_NO_BOARD "no board config board-configs/$board.json (known boards: ${known:-none})"
  fi
fi

# The same loader the device runs at boot (firmware/Core/Config/BoardConfigLoader.cs), through
# ec-provision board check: it names every error, and gives the nanoff target of a valid config.
board_check() {
  if [[ -n "${EC_PROVISION:-}" ]]; then
    # shellcheck disable=SC2086 # a command with its arguments, e.g. "dotnet /path/ec-provision.dll"
    $EC_PROVISION board check "$1"
  elif command -v ec-provision >/dev/null 2>&1; then
    ec-provision board check "$1"
  elif command -v dotnet >/dev/null 2>&1; then
    dotnet run --project "$repo_root/tools/EdgeController.Provision" -v q -- board check "$1"
  else
    echo "neither EC_PROVISION, ec-provision nor dotnet was found to run the board config loader" >&2
    return 2
  fi
}
check_errors="$(mktemp "${TMPDIR:-/tmp}/edgecontroller-check.XXXXXX")"
check_status=0
check_output="$(board_check "$board_config" 2>"$check_errors")" || check_status=$?
if [[ $check_status -ne 0 ]]; then
  cat "$check_errors" >&2
  rm -f "$check_errors"
  if [[ $check_status -eq 3 ]]; then
    fail $EXIT_BAD_CONFIG "$board_label is refused by the board config loader (errors above): nothing was flashed"
  fi
  fail $EXIT_BAD_CONFIG "the board config loader could not check $board_label (exit $check_status): nothing was flashed"
fi
rm -f "$check_errors"
target="$(printf '%s\n' "$check_output" | sed -n 's/^nanoffTarget=\([A-Za-z0-9_]*\)$/\1/p' | head -n 1)"
if [[ -z "$target" ]]; then
  fail $EXIT_NOT_FLASHABLE "$board_label has no nanoffTarget: this board is not flashed (the simulator runs on the host)"
fi

# 3. The serial port.
if [[ ! -e "$port" ]]; then
  fail $EXIT_NO_PORT "serial port $port does not exist (is the board plugged in? list ports with: nanoff --listports)"
fi

# 4. The files to deploy.
if [[ ! -f "$image" ]]; then
  fail $EXIT_NO_FILE "file $image does not exist: build firmware/Device first (see docs/build-and-flash.md) or pass --image"
fi
readonly settings_slots=(settings.a settings.b)
if [[ -n "$settings_dir" ]]; then
  if [[ ! -f "$settings_dir/${settings_slots[0]}" && ! -f "$settings_dir/${settings_slots[1]}" ]]; then
    fail $EXIT_NO_FILE "folder $settings_dir holds no settings record (settings.a or settings.b): write one with ec-provision create --out $settings_dir"
  fi
  settings_dir="$(cd "$settings_dir" && pwd)"
fi

if [[ -n "$ca_cert" ]]; then
  if [[ ! -f "$ca_cert" ]]; then
    fail $EXIT_NO_FILE "CA certificate $ca_cert does not exist"
  fi
  ca_name="$(basename "$ca_cert")"
  # The device's blob-name rule (FlashFileStore): 1..32 of letters, digits, '.', '-', '_', no leading '.'.
  if [[ ! "$ca_name" =~ ^[A-Za-z0-9_-][A-Za-z0-9._-]{0,31}$ ]]; then
    fail $EXIT_USAGE "CA certificate file name '$ca_name' is not a device file name (1..32 of letters, digits, '.', '-', '_')"
  fi
  ca_cert="$(cd "$(dirname "$ca_cert")" && pwd)/$ca_name"
fi

json_escape() {
  local text="$1"
  text="${text//\\/\\\\}"
  text="${text//\"/\\\"}"
  printf '%s' "$text"
}

deployment="$(mktemp "${TMPDIR:-/tmp}/edgecontroller-files.XXXXXX")"
trap 'rm -f "$deployment"' EXIT
# One file entry of the deployment JSON. Without a source nanoff deletes the file on the device
# (nanoFirmwareFlasher, FileDeployment/FileDeploymentManager.cs: DeleteStorageFile; a file that
# does not exist only gets a warning). "I:\\\\" in double quotes is I:\\, JSON for I:\.
entry() {
  local destination="I:\\\\$1"
  if [[ $# -ge 2 ]]; then
    printf '    { "DestinationFilePath": "%s", "SourceFilePath": "%s" }' "$destination" "$(json_escape "$2")"
  else
    printf '    { "DestinationFilePath": "%s" }' "$destination"
  fi
}

entries="$(entry board.json "$board_config")"
if [[ -n "$ca_cert" ]]; then
  entries+=$',\n'"$(entry "$ca_name" "$ca_cert")"
fi
if [[ -n "$settings_dir" ]]; then
  for slot in "${settings_slots[@]}"; do
    if [[ -f "$settings_dir/$slot" ]]; then
      entries+=$',\n'"$(entry "$slot" "$settings_dir/$slot")"
    else
      entries+=$',\n'"$(entry "$slot")"
    fi
  done
  # The settings file of the firmware before the settings record.
  entries+=$',\n'"$(entry settings.json)"
fi
cat >"$deployment" <<JSON
{
  "serialport": "$(json_escape "$port")",
  "files": [
$entries
  ]
}
JSON

run_nanoff() {
  echo "+ nanoff $*"
  nanoff "$@" || fail $EXIT_NANOFF_FAILED "nanoff $1 failed (exit $?)"
}

if [[ $skip_update -eq 0 ]]; then
  run_nanoff --update --target "$target" --serialport "$port"
fi
run_nanoff --deploy --image "$image" --serialport "$port"
run_nanoff --filedeployment "$deployment" --serialport "$port"
echo "flash.sh: $board flashed on $port (target $target)"
