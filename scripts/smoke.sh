#!/usr/bin/env bash
# Smoke test of the packed CLI as users get it: installs a tarball into a fresh prefix (install
# scripts off: nothing may need building) and runs help, a dry run against a sandbox, and a
# sandbox submit, with the given Node binary.
#   usage: scripts/smoke.sh <node binary> <tarball>
set -euo pipefail
node_bin=$1
tarball=$(realpath "$2")
work=$(mktemp -d)
trap 'kill "${sandbox_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

npm install -g --prefix "$work/prefix" --ignore-scripts --no-audit --no-fund --loglevel=error "$tarball" >/dev/null
# the `sigma-support` link npm made, run through its shebang with this Node first on PATH
export PATH="$(dirname "$node_bin"):$PATH"
cli=("$work/prefix/bin/sigma-support")
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_STATE_HOME="$work/home/.state" XDG_CACHE_HOME="$work/home/.cache"
mkdir -p "$HOME"

echo "node $("$node_bin" --version): sigma-support $("${cli[@]}" --version)"
"${cli[@]}" --help | grep -q 'submit'
"${cli[@]}" submit --help | grep -q -- '--confirm-s0'

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
echo "smoke passed on node $("$node_bin" --version)"
