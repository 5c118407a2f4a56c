#!/usr/bin/env bash
# Download throughput against curl, in one run: a 50 MB file served from
# this machine (python3 -m http.server on 127.0.0.1), fetched with
# `curl -o` and `gutcount fetch -o` (which also fsyncs, checkpoints its
# .part and hashes the file), with hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
port=${PORT:-18731}
cleanup() { kill "$server" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
go build -o "$tmp/gutcount" ./cmd/gutcount
mkdir "$tmp/www"
head -c 50000000 /dev/urandom >"$tmp/www/big.txt"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tmp/www" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/big.txt" && break; sleep 0.1; done
url="http://127.0.0.1:$port/big.txt"
hyperfine -N -w 2 -r "${RUNS:-10}" --export-json "$tmp/h.json" \
	"curl -s -o $tmp/curl.txt $url" \
	"sh -c 'curl -s -o $tmp/curl2.txt $url && sync $tmp/curl2.txt'" \
	"$tmp/gutcount --no-cache -q fetch $url -o $tmp/gc.txt" \
	--prepare "rm -rf $tmp/store" "$tmp/gutcount --cache-dir $tmp/store -q fetch $url" >/dev/null
cmp "$tmp/curl.txt" "$tmp/gc.txt"
names=("curl -o" "curl -o && sync" "gutcount --no-cache fetch -o" "gutcount fetch (into the corpus)")
for i in 0 1 2 3; do
	jq -r --arg n "${names[$i]}" ".results[$i] | \"\\(\$n)\t\\(.median*1000|floor) ms\t\\(50 / .median | floor) MB/s\"" "$tmp/h.json"
done
jq -r '"gutcount --no-cache fetch -o / curl -o: \(.results[2].median / .results[0].median * 100 | floor / 100)"' "$tmp/h.json"
