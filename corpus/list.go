package corpus

import (
	"errors"
	"sort"

	"github.com/gutcount/gutcount/corpus/store"
)

// Listed is a stored book as corpus list shows it: its sidecar and its
// status, "ok" or what is wrong with it.
type Listed struct {
	*store.Entry
	Status string `json:"status"`
}

// List returns the books of st by Gutenberg ID (books without one last),
// then key; an entry that cannot be read is listed with what is wrong.
func List(st *store.Store) ([]Listed, error) {
	keys, err := st.Keys()
	if err != nil {
		return nil, err
	}
	var rows []Listed
	for _, k := range keys {
		e, err := st.Lookup(k)
		status := "ok"
		if err != nil {
			status = err.Error()
			var ce *store.CorruptError
			if errors.As(err, &ce) {
				status = "corrupt: " + ce.Reason
			}
			if e == nil {
				e = &store.Entry{Key: k}
			}
		}
		rows = append(rows, Listed{e, status})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].ID != rows[j].ID {
			return rows[i].ID < rows[j].ID
		}
		return rows[i].Key < rows[j].Key
	})
	return rows, nil
}
