package main

import (
	"context"
	"slices"
	"testing"
)

// The corpus commands parse their flags and arguments into their Options
// and call runF with them, running nothing else.
func TestNewCmdCorpus(t *testing.T) {
	g := &Globals{IO: &IOStreams{}}
	var list *CorpusListOptions
	cmd := NewCmdCorpusList(g, func(_ context.Context, o *CorpusListOptions) error { list = o; return nil })
	cmd.SetArgs([]string{"--format", "json"})
	if err := cmd.Execute(); err != nil || list == nil || list.Format != "json" {
		t.Errorf("corpus list --format json: %v, %+v", err, list)
	}
	var book *CorpusBookOptions
	rm := NewCmdCorpusRm(g, func(_ context.Context, o *CorpusBookOptions) error { book = o; return nil })
	rm.SetArgs([]string{"2701", "11"})
	if err := rm.Execute(); err != nil || book == nil || !slices.Equal(book.Sources, []string{"2701", "11"}) {
		t.Errorf("corpus rm 2701 11: %v, %+v", err, book)
	}
	var gc *CorpusGCOptions
	gcc := NewCmdCorpusGC(g, func(_ context.Context, o *CorpusGCOptions) error { gc = o; return nil })
	gcc.SetArgs([]string{"--all"})
	if err := gcc.Execute(); err != nil || gc == nil || !gc.All {
		t.Errorf("corpus gc --all: %v, %+v", err, gc)
	}
	var search *CorpusSearchOptions
	sc := NewCmdCorpusSearch(g, func(_ context.Context, o *CorpusSearchOptions) error { search = o; return nil })
	sc.SetArgs([]string{"--ids", "--field", "author", "melville,", "herman"})
	if err := sc.Execute(); err != nil || search == nil || !search.IDs || search.Field != "author" || search.Query != "melville, herman" {
		t.Errorf("corpus search --ids --field author melville, herman: %v, %+v", err, search)
	}
}
