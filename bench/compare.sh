#!/usr/bin/env bash
# Times whole commands against the yardsticks in one run on this machine:
# GNU wc -w, rg -c -F and rg -c -i -F on kjvbible x1 and x100 (built in a
# temporary directory from ../shared/corpus/kjv), with hyperfine; prints
# medians, ratios and peak memory (GNU time), and checks the outputs
# against references computed apart (the expected frequencies, awk).
#
#   bench/compare.sh                     # 10 runs; words the, lord, whale
#   RUNS=5 WORDS="the whale" bench/compare.sh
#
# rg -c counts lines that match, not occurrences: it is a yardstick of
# speed only.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
kjv=${KJV:-$root/../shared/corpus/kjv}
runs=${RUNS:-10}
words=${WORDS:-"the lord whale"}
for tool in hyperfine rg /usr/bin/time jq bc; do
	command -v "$tool" >/dev/null || { echo "compare.sh needs $tool (apt-get install hyperfine ripgrep time jq bc)" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/gutcount" ./cmd/gutcount
gc=$tmp/gutcount
cp "$kjv/kjvbible.txt" "$tmp/x1.txt"
for i in $(seq 10); do cat "$kjv/kjvbible.txt"; done >"$tmp/x10.txt"
for i in $(seq 10); do cat "$tmp/x10.txt"; done >"$tmp/x100.txt"
x1=$tmp/x1.txt x100=$tmp/x100.txt

# Outputs first. freq must equal the expected frequencies times n.
for n in 1 10 100; do
	awk -v n="$n" '{print $1, $2*n}' "$kjv/expected-freq-lowercase.txt" >"$tmp/want.txt"
	"$gc" freq -i --raw "$tmp/x$n.txt" | cmp -s - "$tmp/want.txt" || { echo "x$n: freq -i --raw differs from the expected frequencies" >&2; exit 1; }
done
# count: the tokens of x1 by awk (the Bible is ASCII, split on spaces and
# newlines), as they are, lowercased, and trimmed of the ASCII characters
# that are Unicode punctuation then lowercased; times 100.
cat >"$tmp/ref.awk" <<'EOF'
function trim(t) {
	sub(/^[][!"#%&'()*,.\/:;?@\\_{}-]+/, "", t)
	sub(/[][!"#%&'()*,.\/:;?@\\_{}-]+$/, "", t)
	return t
}
{
	for (i = 1; i <= NF; i++) {
		if ($i == w) raw++
		if (tolower($i) == w) low++
		if (tolower(trim($i)) == w) norm++
	}
}
END { print raw * 100, low * 100, norm * 100 }
EOF
for w in $words; do
	read -r raw low norm < <(awk -v w="$w" -f "$tmp/ref.awk" "$x1")
	for c in "--raw $raw" "-i --raw $low" "-n --raw $norm"; do
		want=${c##* } flags=${c% *}
		got=$("$gc" count $flags "$w" "$x100" | awk '{print $1}')
		[ "$got" = "$want" ] || [ "$got$want" = "No0" ] || { echo "x100: count $flags $w = $got, want $want" >&2; exit 1; }
	done
done

cmds=("wc -w $x100" "$gc freq -i --raw $x100" "wc -w $x1" "$gc freq -i --raw $x1")
for w in $words; do
	cmds+=("rg -c -F $w $x100" "$gc count --raw $w $x100" "rg -c -i -F $w $x100" "$gc count -i --raw $w $x100" "$gc count -n --raw $w $x100")
done
hyperfine -N -w 1 -r "$runs" --export-json "$tmp/h.json" "${cmds[@]}" >/dev/null 2>&1
median() { jq -r ".results[$1].median" "$tmp/h.json"; }
least() { jq -r ".results[$1].min" "$tmp/h.json"; }
ratio() { echo "$1 / $2" | bc -l | cut -c1-5; }
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

# Each row: median and its ratio to the yardstick's median, and the same
# for the fastest runs (less disturbed by other work on a shared machine).
printf '%-6s %-28s %8s %8s %6s %6s %7s  %s\n' input command median_s min_s ratio r_min peak_MB target
row() { # input command index yardstick-index target [peak]
	local m=$(median "$3") l=$(least "$3") r= rl=
	if [ -n "$4" ]; then r=$(ratio "$m" "$(median "$4")") rl=$(ratio "$l" "$(least "$4")"); fi
	printf '%-6s %-28s %8.3f %8.3f %6s %6s %7s  %s\n' "$1" "$2" "$m" "$l" "$r" "$rl" "${6:-}" "$5"
}
row x100 "wc -w" 0 "" "" "$(( $(peak wc -w "$x100") / 1024 ))"
row x100 "gutcount freq -i --raw" 1 0 "at most 0.25 of wc -w" "$(( $(peak "$gc" freq -i --raw "$x100") / 1024 ))"
row x1 "wc -w" 2 "" ""
row x1 "gutcount freq -i --raw" 3 2 "at most 1.0 of wc -w" "$(( $(peak "$gc" freq -i --raw "$x1") / 1024 ))"
k=4
for w in $words; do
	row x100 "rg -c -F $w" $k "" ""
	row x100 "gutcount count --raw $w" $((k + 1)) $k "at most 0.8 of rg -F" "$(( $(peak "$gc" count --raw "$w" "$x100") / 1024 ))"
	row x100 "rg -c -i -F $w" $((k + 2)) "" ""
	row x100 "gutcount count -i --raw $w" $((k + 3)) $((k + 2)) "at most 1.0 of rg -i"
	row x100 "gutcount count -n --raw $w" $((k + 4)) $((k + 2)) "at most 1.2 of rg -i"
	k=$((k + 5))
done
echo "peak memory of count: the mapped file's pages (page cache), as for rg"

# The default path (header and footer stripped) on BIG: War and Peace's
# header, its body 100 times and its footer (327 MB), against rg on the same
# file; the count is checked against the count of the book's body times 100.
wp=$root/../shared/corpus/books/pg2600-war-and-peace.txt
if [ -f "$wp" ]; then
	python3 - "$wp" "$tmp/big.txt" <<'PY'
import re, sys
b = open(sys.argv[1], 'rb').read()
s = b.find(b'*** START'); s = b.find(b'\n', s) + 1
e = s + re.search(rb'(?im)^[ \t]*(\*\*\*\s*END OF|END OF (THE |THIS )?PROJECT GUTENBERG)', b[s:]).start()
open(sys.argv[2], 'wb').write(b[:s] + b[s:e] * 100 + b[e:])
PY
	big=$tmp/big.txt
	one=$("$gc" count Pierre "$wp" | awk '{print $1}')
	got=$("$gc" count Pierre "$big" | awk '{print $1}')
	[ "$got" = "$((one * 100))" ] || { echo "BIG: count Pierre = $got, want $((one * 100))" >&2; exit 1; }
	hyperfine -N -w 1 -r "$runs" --export-json "$tmp/hb.json" \
		"rg -c -F Pierre $big" "$gc count Pierre $big" "$gc count --raw Pierre $big" >/dev/null 2>&1
	bm() { jq -r ".results[$1].median" "$tmp/hb.json"; }
	printf '%-6s %-28s %8.3f\n' BIG "rg -c -F Pierre" "$(bm 0)"
	printf '%-6s %-28s %8.3f %6s  %s\n' BIG "gutcount count Pierre" "$(bm 1)" "$(ratio "$(bm 1)" "$(bm 0)")" "at most 1.0 of rg -F (default path: markers found, body counted)"
	printf '%-6s %-28s %8.3f %6s\n' BIG "gutcount count --raw Pierre" "$(bm 2)" "$(ratio "$(bm 2)" "$(bm 0)")"
fi

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
