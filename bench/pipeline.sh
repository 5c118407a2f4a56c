#!/usr/bin/env bash
# The whole collection as one pipeline, on a local mirror: N books (default
# 3,000: the shared books under many IDs, with a pg_catalog.csv that gives
# each its language), then
#
#   gutcount corpus search --field language en --ids |
#     gutcount batch - --freq -n --table parquet --out english
#
# killed (SIGKILL) twice part-way and run again until done; the tables must
# equal those of an uninterrupted run, and DuckDB (if bench/tables-duckdb.sh
# can install it) is not needed here: parquet bytes are compared.
#
#   bench/pipeline.sh
#   N=500 bench/pipeline.sh
set -euo pipefail
cd "$(dirname "$0")/.."
books=${BOOKS:-$PWD/../shared/corpus/books}
n=${N:-3000}
tmp=$(mktemp -d)
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
go build -o "$tmp/gutcount" ./cmd/gutcount
gc=$tmp/gutcount

files=("$books"/pg*.txt)
mkdir -p "$tmp/mirror/cache/epub/feeds"
cat="$tmp/mirror/cache/epub/feeds/pg_catalog.csv"
echo 'Text#,Type,Issued,Title,Language,Authors,Subjects,LoCC,Bookshelves' >"$cat"
for id in $(seq "$n"); do
	f=${files[$((id % ${#files[@]}))]}
	case $f in *-fr.txt) lang=fr ;; *-de.txt) lang=de ;; *quijote*) lang=es ;; *) lang=en ;; esac
	mkdir -p "$tmp/mirror/cache/epub/$id"
	ln -s "$f" "$tmp/mirror/cache/epub/$id/pg$id.txt"
	echo "$id,Text,2000-01-01,Book $id,$lang,\"Author, An\",,," >>"$cat"
done
port=$((20000 + RANDOM % 20000))
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tmp/mirror" >/dev/null 2>&1 &
server=$!
sleep 1
export GUTCOUNT_MIRROR=http://127.0.0.1:$port GUTCOUNT_CACHE_DIR=$tmp/corpus
pipeline() { "$gc" corpus search --field language en --ids | "$gc" batch - --freq -n --table parquet -q --rate 0 --out "$1"; }

start=$(date +%s.%N)
pipeline "$tmp/english" # downloads and counts
echo "pipeline, $(wc -l <"$tmp/english/list.txt") English books downloaded and counted: $(echo "$(date +%s.%N) - $start" | bc) s"
rm -rf "$tmp/corpus"

# Killed twice part-way (a fresh corpus, so it downloads again), then run
# again until it ends.
for after in 100 400; do
	# The same pipeline, the batch's own PID kept to kill it.
	"$gc" batch - --freq -n --table parquet -q --rate 0 --out "$tmp/resumed" < <("$gc" corpus search --field language en --ids) &
	batch=$!
	until [ -f "$tmp/resumed/journal.jsonl" ] && [ "$(wc -l <"$tmp/resumed/journal.jsonl")" -gt "$after" ]; do sleep 0.2; done
	kill -KILL "$batch"
	wait "$batch" || true
	echo "killed after $(($(wc -l <"$tmp/resumed/journal.jsonl") - 1)) books"
done
pipeline "$tmp/resumed"
for f in counts.parquet books.parquet freq.txt results.jsonl; do
	cmp "$tmp/english/$f" "$tmp/resumed/$f" || { echo "FAIL: $f after kills differs from the uninterrupted run's"; exit 1; }
done
echo "ok: after two kills the tables equal the uninterrupted run's ($(du -h "$tmp/english/counts.parquet" | cut -f1) counts.parquet)"
