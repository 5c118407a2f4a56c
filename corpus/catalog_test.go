package corpus_test

import (
	"os"
	"slices"
	"testing"

	"github.com/gutcount/gutcount/corpus"
)

func TestCatalogSearch(t *testing.T) {
	f, err := os.Open(shared + "catalog/pg_catalog_sample.csv")
	if err != nil {
		t.Skip("shared corpus not found")
	}
	defer f.Close()
	cat, err := corpus.ReadCatalog(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat) != 7659 {
		t.Errorf("%d records; want 7659", len(cat))
	}
	// Titles spread over two lines are joined; several authors are split.
	for _, e := range cat {
		switch e.ID {
		case 2:
			if e.Title != "The United States Bill of Rights The Ten Original Amendments to the Constitution of the United States" {
				t.Errorf("title of 2 = %q", e.Title)
			}
		case 1900:
			if len(e.Authors) != 2 || e.Authors[0] != "Melville, Herman, 1819-1891" {
				t.Errorf("authors of 1900 = %q", e.Authors)
			}
		}
	}
	ids := func(es []corpus.CatalogEntry) map[int]bool {
		m := map[int]bool{}
		for _, e := range es {
			m[e.ID] = true
		}
		return m
	}
	got := ids(corpus.Search(cat, "melville herman", "author"))
	for _, id := range []int{15, 1900, 2489, 2694, 2701} {
		if !got[id] {
			t.Errorf("search author 'melville herman' misses %d", id)
		}
	}
	if got[2043] {
		t.Errorf("'melville herman' found 2043 (Melville Davisson Post)")
	}
	if len(corpus.Search(cat, "Melville", "")) <= len(got) {
		t.Errorf("'Melville' in any field should also find Melville Davisson Post")
	}
	if got := ids(corpus.Search(cat, "whale", "title")); !got[2701] || !got[15] {
		t.Errorf("title 'whale' = %v", got)
	}
	if n := len(corpus.Search(cat, "", "")); n != 0 {
		t.Errorf("empty query found %d", n)
	}
}

// A language is found by its code or its English name, as a whole word:
// "en" does not find French books.
func TestCatalogSearchLanguage(t *testing.T) {
	cat := []corpus.CatalogEntry{
		{ID: 1, Title: "One", Language: "en"},
		{ID: 2, Title: "Deux", Language: "fr"},
		{ID: 3, Title: "Both", Language: "en; fr"},
		{ID: 4, Title: "Drei", Language: "de"},
	}
	for _, c := range []struct {
		query, field string
		want         []int
	}{
		{"en", "language", []int{1, 3}},
		{"english", "language", []int{1, 3}},
		{"English", "language", []int{1, 3}},
		{"french", "language", []int{2, 3}},
		{"fr", "language", []int{2, 3}},
		{"german", "language", []int{4}},
		{"english french", "language", []int{3}},
		{"eng", "language", nil},
		{"german", "", []int{4}},
	} {
		var got []int
		for _, e := range corpus.Search(cat, c.query, c.field) {
			got = append(got, e.ID)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Search(%q, %q) = %v; want %v", c.query, c.field, got, c.want)
		}
	}
}
