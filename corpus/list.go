package corpus

import (
	"context"
	"errors"
	"sort"

	"github.com/gutcount/gutcount/corpus/store"
	"github.com/gutcount/gutcount/count"
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

// Totals are the sums of a store's sound books.
type Totals struct {
	Books      int            `json:"books"`
	Bytes      int64          `json:"bytes"`
	Tokens     int64          `json:"tokens"` // between the Gutenberg markers
	Languages  map[string]int `json:"languages"`
	NotCounted int            `json:"not_counted"` // corrupt or incomplete entries
}

// Stats counts the books of the store l opens, their bytes, their tokens
// (between the Gutenberg markers, as stored) and their languages
// ("unknown" when the header names none); entries that List does not
// find sound are NotCounted.
func (l *Library) Stats(ctx context.Context) (Totals, error) {
	sum := Totals{Languages: map[string]int{}}
	rows, err := List(l.Store)
	if err != nil {
		return sum, err
	}
	for _, r := range rows {
		if r.Status != "ok" {
			sum.NotCounted++
			continue
		}
		sum.Books++
		sum.Bytes += r.Size
		lang := r.Language
		if lang == "" {
			lang = "unknown"
		}
		sum.Languages[lang]++
		tx, err := l.OpenText(ctx, Source{Kind: URL, URL: r.URL, Arg: r.URL}, TextOptions{})
		if err != nil {
			return sum, err
		}
		t, err := tx.Freq(count.Options{})
		tx.Close()
		if err != nil {
			return sum, err
		}
		sum.Tokens += t.Tokens()
	}
	return sum, nil
}
