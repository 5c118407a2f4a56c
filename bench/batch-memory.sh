#!/usr/bin/env bash
# Peak memory of a batch as its list grows: 200 and 2000 items (links to
# the shared books, so no network is needed). Memory should stay flat: the
# larger run within 1.5 times the smaller.
set -euo pipefail
cd "$(dirname "$0")/.."
books=${BOOKS:-$PWD/../shared/corpus/books}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/gutcount" ./cmd/gutcount
mkdir "$tmp/links"
files=("$books"/pg*.txt)
for i in $(seq 0 1999); do
	ln -s "${files[$((i % ${#files[@]}))]}" "$tmp/links/book-$i.txt"
done
for n in 200 2000; do
	for i in $(seq 0 $((n - 1))); do echo "$tmp/links/book-$i.txt"; done >"$tmp/list-$n.txt"
	kb=$(/usr/bin/time -f %M "$tmp/gutcount" batch "$tmp/list-$n.txt" --freq -n -w whale -j 4 \
		--out "$tmp/out-$n" 2>&1 >/dev/null | tail -1)
	echo "items=$n peak_rss_mb=$((kb / 1024))"
	eval "peak_$n=$kb"
done
echo "ratio 2000/200: $(echo "$peak_2000 / $peak_200" | bc -l | cut -c1-4) (target at most 1.5)"
