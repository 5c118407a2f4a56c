// Package table reads and writes frequency tables, the rows of a
// count.Table, in the formats gutcount writes (Formats: text, tsv, csv,
// json, jsonl): frequency rows (WriteRows, Read) and any rows or records
// a command prints (WriteTable, WriteRecords, WriteWhere for token
// indices; made safe for a terminal by
// Clean). It tells those formats, and a table from a book, apart by
// their first bytes (Sniff).
//
//	t := count.NewTable()
//	if err := table.Read(ctx, t, f, nil); err != nil { ... }
//	err := table.WriteRows(os.Stdout, "tsv", t.Sorted())
//
// It owns table I/O only: counting is count's, statistics are
// count/stats'. It imports count and nothing else of the module.
package table
