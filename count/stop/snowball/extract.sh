#!/usr/bin/env bash
# Extracts the Snowball stop word lists from the copy that bleve v2.6.3
# carries (Lucene 4.7.2's snowball/*_stop.txt, inside Go string literals),
# into one word a line: comments from | to the end of a line dropped, words
# split on white space, duplicates kept once, in the lists' order.
#
#   count/stop/snowball/extract.sh [BLEVE_DIR]
set -euo pipefail
cd "$(dirname "$0")"
src=${1:-$(go env GOMODCACHE)/github.com/blevesearch/bleve/v2@v2.6.3}/analysis/lang
for l in en de fr es it nl fi pt; do
	awk '/= \[\]byte\(`/ { inside = 1; sub(/.*\[\]byte\(`/, "") }
	     inside && /^`\)/ { inside = 0 }
	     inside { print }' "$src/$l/stop_words_$l.go" |
		sed 's/|.*//' | tr -s ' \t\r' '\n' | sed '/^$/d' | awk '!seen[$0]++' >"$l.txt"
done
