#!/usr/bin/env bash
# Fixed costs, in one hyperfine run each, with their yardsticks:
#
# - start-up: `gutcount --version` against a hello-world Go binary (target:
#   at most 3 ms slower), gutcount built as the Dockerfile builds it
#   (CGO_ENABLED=0, static) and as a plain `go build` does (cgo, so
#   dynamically linked: the loader adds its own start-up);
# - a small file: `freq -i --raw` on kjvbible x1 (4.3 MB) against `wc -w`
#   (target: at most 1.0), its output checked against the expected
#   frequencies first.
#
# Beside each median: the mean user and system CPU time (hyperfine) and
# the minor page faults of one run (GNU time), which a busy machine
# disturbs less than wall time.
#
#   bench/startup.sh            # RUNS=100 (start-up), KJV_RUNS=30
set -euo pipefail
cd "$(dirname "$0")/.."
kjv=${KJV:-$PWD/../shared/corpus/kjv}
runs=${RUNS:-100}
kruns=${KJV_RUNS:-30}
for tool in hyperfine /usr/bin/time jq bc; do
	command -v "$tool" >/dev/null || { echo "startup.sh needs $tool (apt-get install hyperfine time jq bc)" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -o "$tmp/gutcount" ./cmd/gutcount
go build -o "$tmp/gutcount-cgo" ./cmd/gutcount
mkdir "$tmp/hello"
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n' >"$tmp/hello/main.go"
(cd "$tmp/hello" && printf 'module hello\n\ngo 1.22\n' >go.mod && CGO_ENABLED=0 go build -o "$tmp/hello-go" .)
gc=$tmp/gutcount

# The minor page faults of one run of a command.
faults() {
	/usr/bin/time -f "%R" -o "$tmp/time.txt" "$@" >/dev/null
	cat "$tmp/time.txt"
}
median() { jq -r ".results[$1].median * 1000" "$tmp/h.json"; }
ratio() { echo "$1 / $2" | bc -l | cut -c1-5; }
row() { # label index yardstick-index what command...
	local label=$1 i=$2 y=$3 what=$4
	shift 4
	local m r=
	m=$(median "$i")
	[ -n "$y" ] && r=$(ratio "$m" "$(median "$y")")
	printf '%-32s %9.2f %8.2f %8.2f %7d %7s  %s\n' "$label" "$m" \
		"$(jq -r ".results[$i].user * 1000" "$tmp/h.json")" "$(jq -r ".results[$i].system * 1000" "$tmp/h.json")" \
		"$(faults "$@")" "$r" "$what"
}

hyperfine -N -w 20 -r "$runs" --export-json "$tmp/h.json" \
	"$tmp/hello-go" "$gc --version" "$tmp/gutcount-cgo --version" >/dev/null 2>&1
printf '%-32s %9s %8s %8s %7s %7s\n' "start-up" median_ms user_ms sys_ms faults ratio
row "hello-world Go binary" 0 "" "" "$tmp/hello-go"
row "gutcount --version" 1 0 "ms slower: $(echo "$(median 1) - $(median 0)" | bc -l | cut -c1-5) (target 3)" "$gc" --version
row "gutcount --version (cgo build)" 2 0 "ms slower: $(echo "$(median 2) - $(median 0)" | bc -l | cut -c1-5)" "$tmp/gutcount-cgo" --version

[ -f "$kjv/kjvbible.txt" ] || { echo "startup.sh: no kjvbible.txt at $kjv: the small-file row is left out" >&2; exit 0; }
"$gc" freq -i --raw "$kjv/kjvbible.txt" | cmp -s - "$kjv/expected-freq-lowercase.txt" ||
	{ echo "gutcount freq -i --raw differs from the expected frequencies" >&2; exit 1; }
hyperfine -N -w 3 -r "$kruns" --export-json "$tmp/h.json" \
	"wc -w $kjv/kjvbible.txt" "$gc freq -i --raw $kjv/kjvbible.txt" >/dev/null 2>&1
printf '%-32s %9s %8s %8s %7s %7s\n' "kjvbible x1 (4.3 MB)" median_ms user_ms sys_ms faults ratio
row "wc -w" 0 "" "" wc -w "$kjv/kjvbible.txt"
row "gutcount freq -i --raw" 1 0 "of wc -w (target 1.0)" "$gc" freq -i --raw "$kjv/kjvbible.txt"
