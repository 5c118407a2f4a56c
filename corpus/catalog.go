package corpus

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// CatalogEntry is one record of Project Gutenberg's catalog feed,
// pg_catalog.csv (columns Text#, Type, Issued, Title, Language, Authors,
// Subjects, LoCC, Bookshelves; several values in one field are separated
// by "; ", and titles may hold newlines).
type CatalogEntry struct {
	ID          int      `json:"id"`
	Type        string   `json:"type"`
	Issued      string   `json:"issued"`
	Title       string   `json:"title"`
	Language    string   `json:"language"`
	Authors     []string `json:"authors"`
	Subjects    []string `json:"subjects"`
	Bookshelves []string `json:"bookshelves"`
}

// CatalogPath is where a mirror publishes the catalog.
const CatalogPath = "/cache/epub/feeds/pg_catalog.csv"

// ReadCatalog reads a pg_catalog.csv.
func ReadCatalog(r io.Reader) ([]CatalogEntry, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, need := range []string{"Text#", "Title", "Authors"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("catalog: no %s column (is it pg_catalog.csv?)", need)
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var out []CatalogEntry
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
		id, err := strconv.Atoi(get(rec, "Text#"))
		if err != nil {
			continue
		}
		out = append(out, CatalogEntry{
			ID: id, Type: get(rec, "Type"), Issued: get(rec, "Issued"),
			Title:       strings.Join(strings.Fields(get(rec, "Title")), " "),
			Language:    get(rec, "Language"),
			Authors:     splitList(get(rec, "Authors")),
			Subjects:    splitList(get(rec, "Subjects")),
			Bookshelves: splitList(get(rec, "Bookshelves")),
		})
	}
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, "; ") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// searchFields are the fields Search can be limited to.
var searchFields = []string{"title", "author", "subject", "language"}

// SearchFields returns the catalog fields a search can be limited to.
func SearchFields() []string { return slices.Clone(searchFields) }

// Search returns the entries in which every word of query occurs (ignoring
// case) in the given field, or in any of them when field is "".
func Search(entries []CatalogEntry, query, field string) []CatalogEntry {
	terms := strings.Fields(strings.ToLower(query))
	var out []CatalogEntry
	for _, e := range entries {
		var hay []string
		if field == "" || field == "title" {
			hay = append(hay, e.Title)
		}
		if field == "" || field == "author" {
			hay = append(hay, e.Authors...)
		}
		if field == "" || field == "subject" {
			hay = append(append(hay, e.Subjects...), e.Bookshelves...)
		}
		if field == "" {
			hay = append(hay, e.Language, languageNames(e.Language))
		}
		text := strings.ToLower(strings.Join(hay, "\n"))
		ok := len(terms) > 0
		for _, t := range terms {
			if field == "language" && !isLanguage(e.Language, t) || field != "language" && !strings.Contains(text, t) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, e)
		}
	}
	return out
}

// isLanguage reports whether term (lower case) is one of the language
// codes of a catalog entry, or a word of its English name: "en" and
// "english" find "en", but "en" does not find "fr" (French).
func isLanguage(codes, term string) bool {
	for _, w := range strings.Fields(strings.ToLower(strings.NewReplacer(";", " ", ",", " ").Replace(codes + " " + languageNames(codes)))) {
		if w == term {
			return true
		}
	}
	return false
}

// languageNames is the English names of the catalog's language codes
// ("en; fr": "English; French"), so that a search for a language finds
// it by name as by code.
func languageNames(codes string) string {
	var names []string
	for _, c := range strings.FieldsFunc(codes, func(r rune) bool { return r == ';' || r == ',' || r == ' ' }) {
		if n := languageName(c); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, "; ")
}
