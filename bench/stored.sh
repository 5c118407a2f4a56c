#!/usr/bin/env bash
# A shelf of stored books: N books (default 2,000, about 2.2 GB) fetched into a
# corpus from a local mirror of ../shared/corpus/books (each of the 11 books
# under many IDs), then, in one hyperfine run, wc -w over the stored files
# against `gutcount freq -n` over the same books by ID, `gutcount batch
# --freq -n` over a list of the IDs, the same with `--table parquet`, `merge`
# of that batch run as 8 shards, and `tfidf` of the run. It prints each
# command's median, its ratio to wc -w's, its CPU time and the ratio of its
# fastest run to wc -w's fastest. Needs hyperfine, python3, jq, bc.
#
#   bench/stored.sh
#   N=500 RUNS=3 bench/stored.sh
set -euo pipefail
cd "$(dirname "$0")/.."
books=${BOOKS:-$PWD/../shared/corpus/books}
n=${N:-2000}
runs=${RUNS:-5}
jobs=${JOBS:-2}
for tool in hyperfine python3 jq bc; do
	command -v "$tool" >/dev/null || { echo "stored.sh needs $tool" >&2; exit 2; }
done
tmp=$(mktemp -d)
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
go build -o "$tmp/gutcount" ./cmd/gutcount
gc=$tmp/gutcount

# The mirror: /cache/epub/ID/pgID.txt for ID 1..n, book ID mod 11.
files=("$books"/pg*.txt)
for id in $(seq "$n"); do
	mkdir -p "$tmp/mirror/cache/epub/$id"
	ln -s "${files[$((id % ${#files[@]}))]}" "$tmp/mirror/cache/epub/$id/pg$id.txt"
done
port=$((20000 + RANDOM % 20000))
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tmp/mirror" >/dev/null 2>&1 &
server=$!
sleep 1
export GUTCOUNT_MIRROR=http://127.0.0.1:$port GUTCOUNT_CACHE_DIR=$tmp/corpus
seq "$n" >"$tmp/list.txt"
xargs -n 200 "$gc" -q --rate 0 fetch <"$tmp/list.txt" >/dev/null
kill "$server"
server=
stored=$(du -sh "$tmp/corpus/books" | cut -f1)

ids=$(tr '\n' ' ' <"$tmp/list.txt")
for k in $(seq 8); do
	"$gc" batch "$tmp/list.txt" --freq -n -j "$jobs" -q --table parquet --shard "$k/8" --out "$tmp/shards"
done
"$gc" batch "$tmp/list.txt" --freq -n -j "$jobs" -q --table parquet --out "$tmp/run"
# The fixture's 2 GB are written back now, not while the commands are timed.
sync
# A batch's folder of the run before is removed before each run (hyperfine's
# --prepare, one for each command in order), not within the time measured:
# removing its 110 MB took 16-25 ms, 2% of the batch's time. So are the files
# the merge before wrote beside the shards: each run merges the shards as
# their first merge does, not replacing a merge's counts table of 55 MB
# (which took 3 ms of a 90 ms merge).
merged="$tmp/shards/counts.parquet $tmp/shards/books.parquet $tmp/shards/words.parquet $tmp/shards/freq.txt $tmp/shards/results.jsonl"
hyperfine -N -w 1 -r "$runs" --export-json "$tmp/h.json" \
	-p true -p true -p "rm -rf $tmp/out" -p "rm -rf $tmp/out" -p "rm -f $merged" -p true \
	"sh -c 'wc -w $tmp/corpus/books/*.txt'" \
	"$gc freq -n $ids" \
	"$gc batch $tmp/list.txt --freq -n -j $jobs -q --out $tmp/out" \
	"$gc batch $tmp/list.txt --freq -n -j $jobs -q --table parquet --out $tmp/out" \
	"$gc merge -q $tmp/shards" \
	"sh -c '$gc tfidf $tmp/run >/dev/null'" >/dev/null 2>&1
median() { jq -r ".results[$1].median" "$tmp/h.json"; }
fastest() { jq -r ".results[$1].min" "$tmp/h.json"; }
cpu() { jq -r ".results[$1] | .user + .system" "$tmp/h.json"; }
wc=$(median 0)
row() { printf '%-44s %9.3f %9s %9.3f %9s\n' "$1" "$(median "$2")" "$(echo "$(median "$2") / $wc" | bc -l | cut -c1-5)" "$(cpu "$2")" "$(echo "$(fastest "$2") / $(fastest 0)" | bc -l | cut -c1-5)"; }
printf '%-44s %9s %9s %9s %9s\n' "$n stored books ($stored)" median_s "of wc -w" cpu_s "fastest"
row "wc -w" 0
row "gutcount freq -n" 1
row "gutcount batch --freq -n -j $jobs" 2
row "gutcount batch --freq -n -j $jobs --table parquet" 3
row "gutcount merge (8 shards of that batch)" 4
row "gutcount tfidf" 5
printf 'peak memory of batch --table parquet: '
/usr/bin/time -f '%M KB' "$gc" batch "$tmp/list.txt" --freq -n -j "$jobs" -q --table parquet --out "$tmp/mem" 2>&1 | tail -1
echo "targets: freq -n at most 0.4 of wc -w, batch --freq -n at most 0.5 (with --table parquet too), merge at most 0.1 of the batch"
