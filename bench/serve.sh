#!/usr/bin/env bash
# gutcount serve under load: Moby Dick fetched from a local mirror of
# ../shared/corpus/books, then C requests at a time (default 200, N in all,
# default 2000) for its kwic of "whale" (961 lines, about 150 KB of JSON),
# its freq table and its book page; prints requests per second and
# latencies per endpoint, and fails unless every answer is 200.
#
#   bench/serve.sh
#   C=50 N=500 bench/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
books=${BOOKS:-$PWD/../shared/corpus/books}
c=${C:-200}
n=${N:-2000}
command -v python3 >/dev/null || { echo "serve.sh needs python3" >&2; exit 2; }
tmp=$(mktemp -d)
cleanup() {
	[ -n "${mirror:-}" ] && kill "$mirror" 2>/dev/null
	[ -n "${server:-}" ] && kill "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
go build -o "$tmp/gutcount" ./cmd/gutcount
go build -o "$tmp/serveload" ./bench/serveload
mkdir -p "$tmp/mirror/cache/epub/2701"
ln -s "$books/pg2701-moby-dick-modern.txt" "$tmp/mirror/cache/epub/2701/pg2701.txt"
port=$((20000 + RANDOM % 20000))
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tmp/mirror" >/dev/null 2>&1 &
mirror=$!
export GUTCOUNT_CACHE_DIR=$tmp/corpus GUTCOUNT_MIRROR=http://127.0.0.1:$port
for _ in $(seq 50); do "$tmp/gutcount" -q fetch 2701 >/dev/null 2>&1 && break; sleep 0.1; done
"$tmp/gutcount" serve --addr 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
for _ in $(seq 100); do grep -q http "$tmp/serve.out" 2>/dev/null && break; sleep 0.05; done
base=$(awk '{print $3}' "$tmp/serve.out")
echo "gutcount serve at $base on $(nproc) cores; $c requests in flight, $n in all"
for path in "api/books/2701/kwic?word=whale&norm=n" "api/books/2701/freq?norm=n&top=100" "books/2701" "books/2701/kwic?word=whale"; do
	printf '%-40s ' "$path"
	"$tmp/serveload" -c "$c" -n "$n" "$base$path"
done
