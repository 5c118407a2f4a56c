#!/bin/sh
# Checks with DuckDB that a batch's tables read as they should: the sum of
# the counts table by word equals freq.txt, books.parquet has a row per
# done book, and words.parquet holds each word's sum and number of books
# as the counts table gives them. Skips (exit 0) when node or npm is
# missing.
#
#   bench/tables-duckdb.sh [GUTCOUNT]
set -eu
gc=${1:-gutcount}
command -v node >/dev/null && command -v npm >/dev/null || { echo "skip: no node/npm"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
here=$(cd "$(dirname "$0")/.." && pwd)
(cd "$dir" && npm install --silent @duckdb/node-api >/dev/null 2>&1) || { echo "skip: @duckdb/node-api does not install"; exit 0; }
(cd "$here" && "$gc" batch testdata/sample/list.txt -n -w whale --freq --table parquet -q --out "$dir/run")
cat > "$dir/q.mjs" <<'JS'
import { DuckDBInstance } from '@duckdb/node-api';
const [counts, books, words] = process.argv.slice(2);
const con = await (await DuckDBInstance.create(':memory:')).connect();
const r = await con.runAndReadAll(`SELECT word, sum(count)::BIGINT AS n FROM '${counts}' GROUP BY word ORDER BY n DESC, word`);
for (const [w, n] of r.getRows()) console.log(`${w} ${n}`);
const b = await con.runAndReadAll(`SELECT count(*) FROM '${books}'`);
console.error(`books: ${b.getRows()[0][0]}`);
// The words table against the counts table: no row of one missing from
// the other, none different.
const d = await con.runAndReadAll(`SELECT count(*) FROM (
  (SELECT word, count, books FROM '${words}' EXCEPT
   SELECT word, sum(count)::BIGINT, count(*)::BIGINT FROM '${counts}' GROUP BY word)
  UNION ALL
  (SELECT word, sum(count)::BIGINT, count(*)::BIGINT FROM '${counts}' GROUP BY word EXCEPT
   SELECT word, count, books FROM '${words}'))`);
console.error(`words rows that differ from the counts table: ${d.getRows()[0][0]}`);
JS
(cd "$dir" && node q.mjs "$dir/run/counts.parquet" "$dir/run/books.parquet" "$dir/run/words.parquet") > "$dir/duck.txt" 2> "$dir/duck.err"
cat "$dir/duck.err"
grep -q "^words rows that differ from the counts table: 0$" "$dir/duck.err" || { echo "FAIL: words.parquet differs from the counts table"; exit 1; }
if cmp -s "$dir/duck.txt" "$dir/run/freq.txt"; then
	echo "ok: DuckDB's sum(count) by word equals freq.txt ($(wc -l < "$dir/duck.txt") words)"
else
	diff "$dir/duck.txt" "$dir/run/freq.txt" | head
	echo "FAIL: DuckDB's sums differ from freq.txt"
	exit 1
fi
