#!/usr/bin/env bash
# Runs every Mainstay test on this machine, from a clean clone:
#   1. installs what the tests need where it is missing (PostgreSQL server, Chromium, fonts) via apt-get,
#   2. starts a throwaway PostgreSQL on a free loopback port,
#   3. runs every test project (unit, HTTP integration on SQLite and PostgreSQL, browser),
#   4. stops PostgreSQL and removes its files, whatever happened.
# Screenshots from the browser tests are kept in ./artifacts/screenshots.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || need+=(postgresql)
[ -e /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || need+=(fonts-liberation)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
PG_BIN=$(pg_bin)

work=$(mktemp -d /tmp/mainstay-test.XXXXXX)
chmod 755 "$work"
pg_running=0
cleanup() {
  if [ "$pg_running" = 1 ]; then
    run_pg "$PG_BIN/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: use the postgres system user when we are root.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home "$work" postgres
  run_pg() { runuser -u postgres -- "$@"; }
else
  run_pg() { "$@"; }
fi

mkdir -p "$work/pg" "$work/sock"
[ "$(id -u)" -eq 0 ] && chown postgres "$work/pg" "$work/sock"
run_pg "$PG_BIN/initdb" -D "$work/pg" -U mainstay --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null

port=""
for _ in $(seq 1 50); do
  candidate=$(( 20000 + RANDOM % 20000 ))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "test.sh: no free port for PostgreSQL" >&2; exit 1; }

run_pg "$PG_BIN/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $port -k $work/sock -c max_connections=200 -c fsync=on -c synchronous_commit=on" start >/dev/null
pg_running=1
echo "test.sh: throwaway PostgreSQL on 127.0.0.1:$port"

export MAINSTAY_TEST_PG="Host=127.0.0.1;Port=$port;Username=mainstay;Database=postgres"
export MAINSTAY_SCREENSHOTS="$root/artifacts/screenshots"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$MAINSTAY_SCREENSHOTS"

# What the tests leave in the temp folder (each test server's data, exports, backups) goes under $work and with it.
mkdir -p "$work/tmp"
export TMPDIR="$work/tmp"

status=0
dotnet build Mainstay.slnx -c Debug -nologo -clp:ErrorsOnly || exit 1
dotnet test Mainstay.slnx --no-build -nologo --logger "trx" --results-directory "$work/results" || status=$?

# One closing line for every project together.
passed=0 failed=0 skipped=0
for trx in "$work"/results/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$((passed + ${p:-0}))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${f:-0}))
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters"); skipped=$((skipped + ${n:-0}))
done
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then echo "test.sh: no test ran" >&2; status=1; fi
exit "$status"
