#!/usr/bin/env bash
# Times whole commands against the yardsticks in one run on this machine:
# GNU wc -w and rg -c -F on kjvbible x10 and x100 (built in a temporary
# directory from ../shared/corpus/kjv), with hyperfine; prints medians,
# ratios and peak memory (/usr/bin/time -v), and checks the outputs.
#
#   bench/compare.sh            # x10 and x100, 10 runs each
#   RUNS=5 SIZES=100 bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
kjv=${KJV:-$root/../shared/corpus/kjv}
runs=${RUNS:-10}
sizes=${SIZES:-"10 100"}
word=${WORD:-whale}
for tool in hyperfine rg /usr/bin/time jq; do
	command -v "$tool" >/dev/null || { echo "compare.sh needs $tool (apt-get install hyperfine ripgrep time jq)" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/gutcount" ./cmd/gutcount
gc=$tmp/gutcount
for i in $(seq 10); do cat "$kjv/kjvbible.txt"; done >"$tmp/x10.txt"
for i in $(seq 10); do cat "$tmp/x10.txt"; done >"$tmp/x100.txt"

median() { jq -r ".results[$1].median" "$tmp/h.json"; }
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

printf '%-6s %-34s %10s %10s %12s\n' input command median_s ratio peak_MB
for n in $sizes; do
	f=$tmp/x$n.txt
	# Outputs first: freq must equal the expected frequencies times n.
	awk -v n="$n" '{print $1, $2*n}' "$kjv/expected-freq-lowercase.txt" >"$tmp/want.txt"
	"$gc" freq -i --raw "$f" | cmp -s - "$tmp/want.txt" || { echo "x$n: freq output differs from the expected frequencies" >&2; exit 1; }
	want_count=$(awk -v w="$word" '$1==w {print $2*'"$n"'}' "$kjv/expected-freq-lowercase.txt")
	got=$("$gc" count -i --raw "$word" "$f" | awk '{print $1}')
	[ "$got" = "$want_count" ] || { echo "x$n: count -i $word = $got, want $want_count" >&2; exit 1; }

	hyperfine -N -w 1 -r "$runs" --export-json "$tmp/h.json" \
		"wc -w $f" \
		"$gc freq -i --raw $f" \
		"rg -c -F $word $f" \
		"$gc count --raw $word $f" \
		"$gc count -i --raw $word $f" >/dev/null 2>&1 || true
	wc=$(median 0) rg=$(median 2)
	row() { printf '%-6s %-34s %10.3f %10s %12s\n' "x$n" "$1" "$2" "$3" "$4"; }
	row "wc -w" "$wc" "1" "$(( $(peak wc -w "$f") / 1024 ))"
	row "gutcount freq -i --raw" "$(median 1)" "$(echo "$(median 1) / $wc" | bc -l | cut -c1-5) of wc" "$(( $(peak "$gc" freq -i --raw "$f") / 1024 ))"
	row "rg -c -F $word" "$rg" "1" "$(( $(peak rg -c -F "$word" "$f") / 1024 ))"
	row "gutcount count --raw $word" "$(median 3)" "$(echo "$(median 3) / $rg" | bc -l | cut -c1-5) of rg" "$(( $(peak "$gc" count --raw "$word" "$f") / 1024 ))"
	row "gutcount count -i --raw $word" "$(median 4)" "$(echo "$(median 4) / $rg" | bc -l | cut -c1-5) of rg" "$(( $(peak "$gc" count -i --raw "$word" "$f") / 1024 ))"
done
echo "targets (x100): freq at most 0.55 of wc, peak under 64 MB; count at most 1.0 of rg, count -i at most 2.0"

# Adversarial inputs: right answers and bounded memory.
head -c 100000000 /dev/zero | tr '\0' 'x' >"$tmp/onetoken.txt"
head -c 100000000 /dev/zero | tr '\0' ' ' >"$tmp/spaces.txt"
got=$("$gc" freq --raw "$tmp/onetoken.txt" | awk '{print length($1), $2}')
[ "$got" = "100000000 1" ] || { echo "one 100 MB token: got $got" >&2; exit 1; }
[ -z "$("$gc" freq --raw "$tmp/spaces.txt")" ] || { echo "white space only: output not empty" >&2; exit 1; }
echo "one 100 MB token: freq --raw peak $(( $(peak "$gc" freq --raw "$tmp/onetoken.txt") / 1024 )) MB," \
	"from a pipe $(( $(/usr/bin/time -f %M sh -c "'$gc' freq --raw < '$tmp/onetoken.txt' >/dev/null" 2>&1 | tail -1) / 1024 )) MB;" \
	"100 MB of white space: peak $(( $(peak "$gc" freq --raw "$tmp/spaces.txt") / 1024 )) MB"

# ---------------------------------------------------------------------------
# Text-mining toolkit (issue 14), in the same run: kwic against count (target:
# kwic --raw lord at most 2x count --raw lord on x100, as many lines as count
# finds), and freq --ngram 2 against freq (time, and peak memory read from a
# pipe, so that the mapped file's pages do not count).
f=$tmp/x100.txt
want_lines=$("$gc" count --raw lord "$f" | awk '{print $1}')
got_lines=$("$gc" kwic --raw lord "$f" | wc -l)
[ "$got_lines" = "$want_lines" ] || { echo "x100: kwic --raw lord has $got_lines lines, count finds $want_lines" >&2; exit 1; }
hyperfine -N -w 1 -r "$runs" --export-json "$tmp/toolkit.json" \
	"$gc count --raw lord $f" \
	"$gc kwic --raw lord $f" \
	"$gc freq -i --raw $f" \
	"$gc freq -i --raw --ngram 2 $f" >/dev/null 2>&1 || true
tk() { jq -r ".results[$1].median" "$tmp/toolkit.json"; }
pipe_peak() { /usr/bin/time -f %M sh -c "$1 < '$f' >/dev/null" 2>&1 | tail -1; }
printf '%-6s %-34s %10s %10s %12s\n' input command median_s ratio peak_MB
printf '%-6s %-34s %10.3f %10s %12s\n' x100 "gutcount count --raw lord" "$(tk 0)" 1 "$(( $(peak "$gc" count --raw lord "$f") / 1024 ))"
printf '%-6s %-34s %10.3f %10s %12s\n' x100 "gutcount kwic --raw lord" "$(tk 1)" "$(echo "$(tk 1) / $(tk 0)" | bc -l | cut -c1-5) of count" "$(( $(peak "$gc" kwic --raw lord "$f") / 1024 ))"
printf '%-6s %-34s %10.3f %10s %12s\n' x100 "gutcount freq -i --raw" "$(tk 2)" 1 "$(( $(pipe_peak "'$gc' freq -i --raw") / 1024 )) (pipe)"
printf '%-6s %-34s %10.3f %10s %12s\n' x100 "gutcount freq -i --raw --ngram 2" "$(tk 3)" "$(echo "$(tk 3) / $(tk 2)" | bc -l | cut -c1-5) of freq" "$(( $(pipe_peak "'$gc' freq -i --raw --ngram 2") / 1024 )) (pipe)"
echo "target (x100): kwic at most 2.0 of count"
