#!/usr/bin/env bash
# Many small files against one large one, and memory per distinct token,
# in one run on this machine (hyperfine medians, GNU time peak memory):
#
# - the shelf: the eleven books of ../shared/corpus/books copied 20 times
#   (220 files), against the same text as one file (each book without its
#   byte-order mark, the Latin-1 one in UTF-8, a newline after each, so
#   that both count the same tokens, which is checked), and wc -w on that
#   file; freq -i --raw through gutcount (one count.Counter for all its
#   sources, as corpus.Library.Freq counts them) and through bench/freqmany
#   (the same counter with nothing of the CLI around it);
# - 5,000,000 distinct tokens of three shapes (numbers, 13 and 27 bytes):
#   gutcount freq --raw, peak RSS over distinct tokens (target 90 bytes).
#
#   bench/shelf.sh             # RUNS=5 COPIES=20 DISTINCT=5000000
set -euo pipefail
cd "$(dirname "$0")/.."
books=${BOOKS:-$PWD/../shared/corpus/books}
runs=${RUNS:-5}
copies=${COPIES:-20}
distinct=${DISTINCT:-5000000}
for tool in hyperfine /usr/bin/time jq bc iconv; do
	command -v "$tool" >/dev/null || { echo "shelf.sh needs $tool (apt-get install hyperfine time jq bc)" >&2; exit 2; }
done
[ -d "$books" ] || { echo "shelf.sh: no books at $books" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/gutcount" ./cmd/gutcount
go build -o "$tmp/freqmany" ./bench/freqmany
gc=$tmp/gutcount fm=$tmp/freqmany

mkdir "$tmp/shelf"
for r in $(seq "$copies"); do
	for f in "$books"/pg*.txt; do cp "$f" "$tmp/shelf/$r-$(basename "$f")"; done
done
for f in "$tmp"/shelf/*; do
	case $f in
	*latin1*) iconv -f cp1252 -t utf-8 "$f" ;;
	*) sed '1s/^\xef\xbb\xbf//' "$f" ;;
	esac
	echo
done >"$tmp/one.txt"
n=$(ls "$tmp/shelf" | wc -l)
mb=$(( $(stat -c %s "$tmp/one.txt") / 1000000 ))

# Outputs first: one file and the many files count the same tokens.
"$gc" freq -i --raw "$tmp/one.txt" >"$tmp/want.txt"
"$gc" freq -i --raw "$tmp"/shelf/* | cmp -s - "$tmp/want.txt" || { echo "gutcount: $n files and one file differ" >&2; exit 1; }
"$fm" -i "$tmp"/shelf/* | cmp -s - "$tmp/want.txt" || { echo "freqmany: $n files differ from gutcount on one file" >&2; exit 1; }
"$fm" -i "$tmp/one.txt" | cmp -s - "$tmp/want.txt" || { echo "freqmany: one file differs from gutcount" >&2; exit 1; }

hyperfine -N -w 1 -r "$runs" --export-json "$tmp/h.json" \
	"wc -w $tmp/one.txt" \
	"$gc freq -i --raw $tmp/one.txt" \
	"$fm -i $tmp/one.txt" \
	"$fm -i $(echo "$tmp"/shelf/*)" \
	"$gc freq -i --raw $(echo "$tmp"/shelf/*)" >/dev/null 2>&1
median() { jq -r ".results[$1].median" "$tmp/h.json"; }
least() { jq -r ".results[$1].min" "$tmp/h.json"; }
cpu() { jq -r ".results[$1] | .user + .system" "$tmp/h.json"; }
ratio() { echo "$1 / $2" | bc -l | cut -c1-5; }
echo "shelf: $n files, $mb MB ($copies copies of $(ls "$books"/pg*.txt | wc -l) books)"
# Each row: median and its ratio to the yardstick's median, the same for
# the fastest runs (less disturbed by other work on a shared machine), and
# the mean CPU time (user + system) and its ratio: wall time on 2 cores
# falls towards half the CPU time only when nothing else runs, so on a busy
# machine the CPU ratio says what the wall ratio cannot.
printf '%-38s %8s %8s %6s %6s %7s %6s  %s\n' command median_s min_s ratio r_min cpu_s r_cpu of
row() { # command index yardstick-index what
	local m=$(median "$2") l=$(least "$2") c=$(cpu "$2") r= rl= rc=
	if [ -n "$3" ]; then r=$(ratio "$m" "$(median "$3")") rl=$(ratio "$l" "$(least "$3")") rc=$(ratio "$c" "$(cpu "$3")"); fi
	printf '%-38s %8.3f %8.3f %6s %6s %7.3f %6s  %s\n' "$1" "$m" "$l" "$r" "$rl" "$c" "$rc" "$4"
}
row "wc -w (one file)" 0 "" ""
row "gutcount freq -i --raw (one file)" 1 0 "wc -w (target at most 0.4)"
row "freqmany -i (one file)" 2 0 "wc -w"
row "freqmany -i ($n files, one Counter)" 3 2 "one file (target at most 1.2)"
row "gutcount freq -i --raw ($n files)" 4 1 "one file (target at most 1.2)"

# Memory per distinct token: peak RSS of freq --raw over distinct tokens.
echo "distinct tokens: $distinct, freq --raw (target at most 90 bytes each)"
printf '%-32s %9s %9s %12s\n' shape seconds peak_MB bytes/token
for shape in "%d" "token-%07d" "a-rather-long-token-%07d"; do
	awk -v n="$distinct" -v f="$shape" 'BEGIN { for (i = 1; i <= n; i++) printf f "\n", i }' >"$tmp/distinct.txt"
	/usr/bin/time -f "%M %e" -o "$tmp/time.txt" "$gc" freq --raw "$tmp/distinct.txt" >"$tmp/out.txt"
	read -r kb secs <"$tmp/time.txt"
	got=$(awk '$2 == 1 { n++ } END { print n + 0 }' "$tmp/out.txt")
	[ "$got" = "$distinct" ] && [ "$(wc -l <"$tmp/out.txt")" = "$distinct" ] || { echo "$shape: $got tokens counted once; want $distinct" >&2; exit 1; }
	printf '%-32s %9s %9d %12.1f\n' "$shape" "$secs" $((kb / 1024)) "$(echo "$kb * 1024 / $distinct" | bc -l)"
done
