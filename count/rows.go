package count

// TopRows returns the head of rows, sorted by count descending (as
// Table.Sorted gives them): those with at least min occurrences, at most
// top of them (0: no limit).
func TopRows(rows []Row, top int, min int64) []Row {
	if min > 0 {
		n := 0
		for n < len(rows) && rows[n].Count >= min {
			n++
		}
		rows = rows[:n]
	}
	if top > 0 && len(rows) > top {
		rows = rows[:top]
	}
	return rows
}
