#!/usr/bin/env bash
# bench-pages.sh: the pages' throughput against a static file of the same server, measured
# with wrk over loopback in the same run (docs/performance.md, "Pages"). It starts bin/kring
# with the demo data in a temporary folder on a free loopback port, signs in as a trainee,
# and runs wrk in turns against a static file, the login page and a signed-in lesson page,
# ROUNDS times. It prints requests per second and each page's ratio to the static file of the
# same round (goal: 0.5 or more), and the start-up time to the first answer of /healthz.
#
# Settings (environment): ROUNDS [3], DURATION [5s], CONNS [16], THREADS [2], BIN [bin/kring].
set -euo pipefail

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}
BIN=${BIN:-bin/kring}
STATIC=/static/css/kring.css
LESSON=/modules/snv-visie/procesbegeleider-geen-hulpverlener

command -v wrk >/dev/null || { echo "bench-pages: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench-pages: curl is not installed" >&2; exit 1; }
[ -x "$BIN" ] || { echo "bench-pages: $BIN not found (make build)" >&2; exit 1; }

dir=$(mktemp -d)
pid=""
stop() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	pid=""
}
trap 'stop; [ -n "${KEEP:-}" ] && echo "kept $dir" || rm -rf "$dir"' EXIT

# A free loopback port: nothing answers on it.
port=""
for _ in $(seq 50); do
	p=$((20000 + RANDOM % 30000))
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "bench-pages: no free port" >&2; exit 1; }
base=http://127.0.0.1:$port

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# start launches Kring and sets took to the milliseconds until /healthz answered 200 (not in a
# subshell: pid must stay known, to stop this Kring).
took=0
start() {
	local t0
	t0=$(now_ms)
	"$BIN" -demo -addr "127.0.0.1:$port" -data "$dir/data" >>"$dir/kring.log" 2>&1 &
	pid=$!
	for _ in $(seq 1000); do
		if ! kill -0 "$pid" 2>/dev/null; then break; fi
		if curl -sf -o /dev/null "$base/healthz"; then took=$(( $(now_ms) - t0 )); return; fi
		sleep 0.01
	done
	echo "bench-pages: Kring did not answer; its log:" >&2; cat "$dir/kring.log" >&2; exit 1
}

start # creates the database and the demo data set
first=$took
stop
start # an existing database, as after a restart
second=$took
logged=$(grep -o 'startup_ms=[0-9]*' "$dir/kring.log" | tail -1 | cut -d= -f2)

# Sign in as a trainee through the real form.
jar=$dir/cookies
token=$(curl -sf -c "$jar" "$base/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$token" --data-urlencode "next=/" \
	--data-urlencode "email=deelnemer1@kring.example" --data-urlencode "password=kring-demo" "$base/login"
session=$(awk '$6 == "kring_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "bench-pages: sign-in failed" >&2; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' -b "kring_session=$session" "$base$LESSON")
[ "$status" = 200 ] || { echo "bench-pages: lesson page answered $status" >&2; exit 1; }

# cpu_ms is the CPU time (user and system) Kring has used so far, in milliseconds.
tick=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$tick" '{ print ($14 + $15) * 1000 / t }' "/proc/$pid/stat"; }

# measure runs wrk on a path (with an optional header) and prints its requests per second and
# Kring's CPU time per request in microseconds; any answer other than 2xx fails the run. On a
# shared machine the requests per second follow the CPU Kring gets; the CPU per request does
# not, so both are shown.
measure() {
	local out c0 c1 n
	c0=$(cpu_ms)
	out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" ${2:+-H "$2"} "$base$1")
	c1=$(cpu_ms)
	if grep -q 'Non-2xx' <<<"$out"; then echo "bench-pages: $1 answered non-2xx:" >&2; echo "$out" >&2; exit 1; fi
	n=$(awk '/requests in/ { print $1 }' <<<"$out")
	awk -v r="$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" -v c0="$c0" -v c1="$c1" -v n="$n" 'BEGIN { printf "%s %.1f\n", r, (c1 - c0) * 1000 / n }'
}

echo "$BIN on $base, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t$THREADS -c$CONNS -d$DURATION, $ROUNDS rounds; static reference $STATIC ($(curl -s "$base$STATIC" | wc -c) bytes)"
echo
printf '%-6s %10s %10s %8s %10s %8s   %s\n' round static/s login/s ×static lesson/s ×static 'CPU µs per request: static login lesson (×static)'
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
login_r=() lesson_r=() login_c=() lesson_c=()
for r in $(seq "$ROUNDS"); do
	read -r s sc < <(measure "$STATIC")
	read -r l lc < <(measure /login)
	read -r le lec < <(measure "$LESSON" "Cookie: kring_session=$session")
	login_r+=("$(ratio "$l" "$s")") lesson_r+=("$(ratio "$le" "$s")")
	login_c+=("$(ratio "$sc" "$lc")") lesson_c+=("$(ratio "$sc" "$lec")")
	printf '%-6s %10.0f %10.0f %8s %10.0f %8s   %6s %6s %6s  (%s, %s)\n' "$r" "$s" "$l" "${login_r[-1]}" "$le" "${lesson_r[-1]}" "$sc" "$lc" "$lec" "${login_c[-1]}" "${lesson_c[-1]}"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo
echo "median throughput as a share of the static file's: login $(median "${login_r[@]}"), lesson $(median "${lesson_r[@]}") (goal: 0.5 or more)"
echo "median static file's CPU per request as a share of the page's: login $(median "${login_c[@]}"), lesson $(median "${lesson_c[@]}")"
echo "start-up until /healthz answers: ${first} ms (new database with the demo data), ${second} ms (restart); Kring's own figure ${logged} ms"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
