#!/usr/bin/env bash
# Smoke test of the CLI as users get it, in one of two forms:
#   scripts/smoke.sh <node binary> <tarball>    the packed tarball, installed into a fresh prefix
#                                               (install scripts off: nothing may need building),
#                                               run with that Node first on PATH
#   scripts/smoke.sh --standalone <executable>  a standalone executable, run with no node on PATH
#                                               and no node_modules anywhere above it
# Both run the same checks: --version, help, a dry run and a submit with an attachment against a
# sandbox, --licenses, `auth login` into a real keyring (a private D-Bus session and GNOME Keyring,
# read back with secret-tool), an interactive login in a pseudo-terminal (util-linux `script`), and
# `auth login --web` through a stand-in browser.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill ${sandbox_pid:-} ${keyring_pid:-} ${bus_pid:-} ${pty_pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "smoke FAILED: $*" >&2; exit 1; }

if [[ $1 == --standalone ]]; then
  exe=$(realpath "$2")
  notices=$(dirname "$exe")/THIRD-PARTY-NOTICES.md
  kind=standalone
  # A PATH with the tools this script uses and nothing else: no node, no npm.
  mkdir -p "$work/tools" "$work/bin"
  for tool in bash sh env cat grep sed head seq sleep mkdir mkfifo rm cmp kill script cp chmod ln curl \
    dbus-daemon dbus-send gnome-keyring-daemon secret-tool; do
    ln -s "$(command -v "$tool")" "$work/tools/$tool"
  done
  # Run from a folder with no node_modules above it.
  cp "$exe" "$work/bin/sigma-support"
  export PATH="$work/tools"
  ! command -v node >/dev/null || fail "node is on PATH"
  cli=("$work/bin/sigma-support")
  label="the standalone executable"
else
  node_bin=$1
  tarball=$(realpath "$2")
  kind=npm
  npm install -g --prefix "$work/prefix" --ignore-scripts --no-audit --no-fund --loglevel=error "$tarball" >/dev/null
  # the `sigma-support` link npm made, run through its shebang with this Node first on PATH
  export PATH="$(dirname "$node_bin"):$PATH"
  cli=("$work/prefix/bin/sigma-support")
  notices=$work/prefix/lib/node_modules/sigma-support/dist/THIRD-PARTY-NOTICES.md
  label="node $("$node_bin" --version)"
fi
cd "$work"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_STATE_HOME="$work/home/.state" XDG_CACHE_HOME="$work/home/.cache" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$HOME"

version=$("${cli[@]}" --version)
echo "$label: $version"
[[ $version =~ ^sigma-support\ [0-9.]+\ \(node\ v[0-9.]+\;\ linux-x64\;\ $kind\)$ ]] || fail "--version: $version"
"${cli[@]}" --help | grep -q 'submit'
"${cli[@]}" submit --help | grep -q -- '--confirm-s0'
"${cli[@]}" completion bash | grep -q 'complete -F'
"${cli[@]}" --licenses | cmp -s - "$notices" || fail "--licenses does not print $notices"

"${cli[@]}" sandbox --port 0 --data-dir "$work/sandbox" > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/sandbox.log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/sandbox.log" | head -1)

SIGMA_SUPPORT_URL=$url SIGMA_SUPPORT_EMAIL=sandbox@example.com SIGMA_SUPPORT_TOKEN=sandbox-api-token \
  "${cli[@]}" submit --subject "Smoke" --description "dry run" --severity S0 --confirm-s0 --dry-run --json < /dev/null \
  | grep -q '"pagesOnCall":true'
test ! -e "$work/sandbox/requests/1.json"

echo 'attached' > "$work/note.txt"
"${cli[@]}" submit --sandbox --subject "Smoke" --description "filed" --severity S3 --attach "$work/note.txt" --json < /dev/null 2>/dev/null \
  | grep -q '"attachments":\[{"name":"note.txt"'

# ---- a real keyring: a private session bus, and GNOME Keyring in it, unlocked with a throw-away
# password and its own data folder (see README, Development)
dbus-daemon --session --nofork --nopidfile --print-address=1 > "$work/bus" 2>/dev/null &
bus_pid=$!
for _ in $(seq 100); do [[ -s $work/bus ]] && break; sleep 0.1; done
export DBUS_SESSION_BUS_ADDRESS=$(head -1 "$work/bus")
echo -n smoke-password | gnome-keyring-daemon --foreground --unlock --components=secrets > "$work/keyring.log" 2>&1 &
keyring_pid=$!
for _ in $(seq 100); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
  sleep 0.1
done

printf %s sandbox-api-token | "${cli[@]}" auth login --portal "$url" --email sandbox@example.com --with-token --token-stdin > /dev/null 2>&1 \
  || fail "auth login into the keyring"
# (into a file first: `grep -q` stops reading early, and pipefail would count that against secret-tool)
secret-tool search --all service sigma-support > "$work/entries" 2>&1 || true
grep -q "sandbox@example.com" "$work/entries" || fail "the keyring has no entry after auth login: $(cat "$work/entries")"
"${cli[@]}" auth status --json | grep -q '"source":"keychain"' || fail "auth status does not read the keychain"
"${cli[@]}" auth logout > /dev/null 2>&1

# ---- a prompt in a pseudo-terminal: the interactive login, typed as a person would
mkfifo "$work/keys"
script -qfec "$(printf '%q ' "${cli[@]}" auth login --portal "$url")" /dev/null < "$work/keys" > "$work/screen" 2>&1 &
pty_pid=$!
exec 3> "$work/keys"
# Waits for text that appears after what the last call saw ("API token" is in the method list too).
seen=0
see() {
  for _ in $(seq 200); do
    # bash alone (the standalone run has no tail on its PATH); offsets in characters
    local screen
    screen=$(< "$work/screen")
    if [[ ${screen:seen} == *"$1"* ]]; then seen=${#screen}; return 0; fi
    sleep 0.1
  done
  fail "the terminal never showed \"$1\"; it shows: $(cat -v "$work/screen")"
}
see 'How do you want to log in'
printf '\033[B\033[B\r' >&3 # with an API token: the third method (the browser is first, then the password)
see 'Email of your Sigma Support account'
printf 'sandbox@example.com\r' >&3
see 'API token'
printf 'sandbox-api-token\r' >&3
see 'Logged in to'
wait "$pty_pid" || fail "the interactive login exited $?"
exec 3>&-
! grep -q sandbox-api-token "$work/screen" || fail "the token was shown on the terminal"
secret-tool search --all service sigma-support > "$work/entries" 2>&1 || true
grep -q "sandbox@example.com" "$work/entries" || fail "the interactive login stored nothing in the keyring: $(cat "$work/entries")"

# ---- --web: the OAuth sign-in in a browser. The stand-in browser (both as xdg-open and as $BROWSER,
# which xdg-open honours) approves the sign-in page and follows its redirect back to the CLI.
mkdir -p "$work/browser"
cat > "$work/browser/xdg-open" <<'BROWSER'
#!/bin/sh
callback=$(curl -s -o /dev/null -w '%{redirect_url}' "$1")
curl -s -o /dev/null "$callback"
BROWSER
chmod +x "$work/browser/xdg-open"
DISPLAY=:0 BROWSER="$work/browser/xdg-open" PATH="$work/browser:$PATH" \
  "${cli[@]}" --profile web auth login --web --client-id sigma-support-sandbox --portal "$url" < /dev/null > "$work/web.log" 2>&1 \
  || fail "auth login --web: $(cat "$work/web.log")"
grep -q 'with OAuth' "$work/web.log" || fail "auth login --web did not sign in: $(cat "$work/web.log")"

echo "smoke passed: $label"
