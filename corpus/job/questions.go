package job

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/gutcount/gutcount/corpus/batch"
	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/internal/fsx"
	"github.com/gutcount/gutcount/internal/parquet"
)

// NoCountsError is a run folder without a counts table: a batch run
// without frequencies, or without tables, or with its tables in Table
// (csv or tsv) rather than Parquet.
type NoCountsError struct {
	Run   string
	Table string // "csv" or "tsv" when the run has its counts table so; else ""
}

func (e *NoCountsError) Error() string {
	if e.Table != "" {
		return fmt.Sprintf("%s has its counts table as %s, not Parquet (counts.parquet)", e.Run, e.Table)
	}
	return fmt.Sprintf("%s has no counts table (counts.parquet)", e.Run)
}

// NotRunError is a path that is neither a run folder nor a Parquet
// counts table: a file of another kind, or nothing.
type NotRunError struct {
	Path string
	Err  error // why: not found, or the Parquet reader's error
}

func (e *NotRunError) Error() string {
	return fmt.Sprintf("%s is not a batch run folder nor its counts.parquet: %v", e.Path, e.Err)
}

func (e *NotRunError) Unwrap() error { return e.Err }

// otherTable is the format (csv or tsv) of the counts table in dir when
// it has one in that format rather than Parquet.
func otherTable(dir string) string {
	for _, f := range []string{"csv", "tsv"} {
		if fi, err := os.Stat(filepath.Join(dir, "counts."+f)); err == nil && fi.Mode().IsRegular() {
			return f
		}
	}
	return ""
}

// Tables of a finished run, open for corpus-wide questions.
type RunTables struct {
	dir    string // the run's folder
	counts *parquet.File
	books  map[int64]*BookRow
	cf, bf *os.File
	// opts normalise words as the run normalised tokens (its journal's
	// settings); columns are the books table's -w words.
	opts    count.Options
	columns []string
}

// BookRow is what the books table says of a book.
type BookRow struct {
	Item   int64  `json:"item"`
	ID     *int64 `json:"gutenberg_id"`
	Title  string `json:"title"`
	Author string `json:"author"`
	Tokens int64  `json:"tokens"`
	words  map[string]int64
}

// OpenRun opens the tables of the run in path: a run folder, or its
// counts.parquet (books.parquet beside it).
func OpenRun(path string) (*RunTables, error) {
	dir, cpath := path, filepath.Join(path, "counts.parquet")
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, &NotRunError{Path: path, Err: os.ErrNotExist}
	case err == nil && !fi.IsDir():
		dir, cpath = filepath.Dir(path), path
		if base := filepath.Base(path); base == "counts.csv" || base == "counts.tsv" {
			return nil, &NoCountsError{Run: dir, Table: filepath.Ext(base)[1:]}
		}
	}
	r := &RunTables{dir: dir, books: map[int64]*BookRow{}}
	if r.cf, err = fsx.OpenPlain(cpath, os.O_RDONLY, 0); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &NoCountsError{Run: path, Table: otherTable(dir)}
		}
		return nil, err
	}
	if fi, err = r.cf.Stat(); err != nil {
		r.Close()
		return nil, err
	}
	if r.counts, err = parquet.Open(r.cf, fi.Size()); err != nil {
		r.Close()
		if cpath == path && errors.Is(err, parquet.ErrFormat) {
			return nil, &NotRunError{Path: path, Err: err}
		}
		return nil, fmt.Errorf("%s: %w", cpath, err)
	}
	for i, name := range []string{"item", "gutenberg_id", "word", "count"} {
		if r.counts.Column(name) != i {
			r.Close()
			return nil, fmt.Errorf("%s: %w: no column %s where a counts table has it", cpath, parquet.ErrFormat, name)
		}
	}
	if err := r.readBooks(filepath.Join(dir, "books.parquet")); err != nil {
		r.Close()
		return nil, err
	}
	if err := r.readSettings(dir); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// readSettings reads how the run in dir normalised its tokens from its
// journal's header, or its first shard's (else words are taken as given:
// a counts table without its run).
func (r *RunTables) readSettings(dir string) error {
	raw, err := batch.Settings(dir)
	if errors.As(err, new(*batch.InvalidError)) || err == nil && raw == nil {
		return nil // no journal here
	}
	if err != nil {
		return err
	}
	var set BookSettings
	if json.Unmarshal(raw, &set) != nil {
		return nil // settings of another kind of batch: words as given
	}
	r.opts = count.Options{IgnoreCase: set.IgnoreCase, StripPunct: set.StripPunct}
	return nil
}

// readBooks reads the books table, if there is one.
func (r *RunTables) readBooks(path string) error {
	f, err := fsx.OpenPlain(path, os.O_RDONLY, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	r.bf = f
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	bt, err := parquet.Open(f, fi.Size())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	s := bt.Schema()
	all := make([]int, len(s))
	for i := range all {
		all[i] = i
	}
	col := func(name string) int { return bt.Column(name) }
	item, id, title, author, tokens := col("item"), col("gutenberg_id"), col("title"), col("author"), col("tokens")
	if item < 0 || id < 0 || title < 0 || author < 0 || tokens < 0 {
		return fmt.Errorf("%s: %w: not a books table", path, parquet.ErrFormat)
	}
	for g := range bt.RowGroups() {
		v, err := bt.RowGroup(g, all)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for k := range v[item].Ints {
			b := &BookRow{Item: v[item].Ints[k], Title: v[title].Strings[k], Author: v[author].Strings[k], Tokens: v[tokens].Ints[k], words: map[string]int64{}}
			if !v[id].Null[k] {
				b.ID = &v[id].Ints[k]
			}
			for c := range s[len(bookColumns):] {
				c += len(bookColumns)
				b.words[s[c].Name] = v[c].Ints[k]
			}
			r.books[b.Item] = b
		}
	}
	for _, c := range s[len(bookColumns):] {
		r.columns = append(r.columns, c.Name)
	}
	return nil
}

// Close closes the tables.
func (r *RunTables) Close() {
	for _, f := range []*os.File{r.cf, r.bf} {
		if f != nil {
			f.Close()
		}
	}
}

// TFIDFRow is a word of a book and its tf-idf, as tidytext's bind_tf_idf
// defines it: tf = count / the book's tokens, idf = ln(books in the run /
// books using the word), tf_idf = tf × idf.
type TFIDFRow struct {
	Item  int64   `json:"item"`
	ID    *int64  `json:"gutenberg_id"`
	Title string  `json:"title"`
	Word  string  `json:"word"`
	Count int64   `json:"count"`
	TF    float64 `json:"tf"`
	IDF   float64 `json:"idf"`
	TFIDF float64 `json:"tf_idf"`
}

// TFIDF returns each book's top words by tf-idf (top of them; all if top
// is 0), ordered by item, then tf_idf descending, then word.
//
// The document frequencies come from the run's words table when it has
// one that agrees with its other tables (storedDocFreqs), else from a
// pass over the counts table (a run of an older gutcount). Then
// each book's rows are read as far as they can reach its top: as they
// come by count descending, once count / tokens × ln(books), the most a
// word of that count can score, is below the top's last, the rest of the
// book is not looked at. Words are read as bytes (parquet.Chunk), made
// strings only for the rows returned. Row groups are read by two workers.
//
// It stops with ctx's error once ctx is done (checked at each row group).
func (r *RunTables) TFIDF(ctx context.Context, top int) ([]TFIDFRow, error) {
	df, nbooks, err := r.storedDocFreqs(ctx)
	if err != nil {
		return nil, err
	}
	if df == nil {
		if df, nbooks, err = r.docFreqs(ctx); err != nil {
			return nil, err
		}
	}
	books := float64(nbooks)
	groups := make([][]TFIDFRow, r.counts.RowGroups())
	var toppers [workers]*topper
	for w := range toppers {
		toppers[w] = &topper{top: top, books: books, maxIDF: math.Log(books), df: df}
	}
	err = r.eachBookIn(ctx, func(w, g int, item int64, rows rowRange) error {
		b, ok := r.books[item]
		if !ok {
			b = &BookRow{Item: item}
			for _, n := range rows.counts() {
				b.Tokens += n
			}
			var err error
			if b.ID, err = rows.id(); err != nil {
				return err
			}
		}
		groups[g] = toppers[w].add(groups[g], b, rows)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := slices.Concat(groups...)
	slices.SortStableFunc(out, func(a, c TFIDFRow) int { return cmp.Compare(a.Item, c.Item) })
	return out, nil
}

// workers is how many goroutines read a run's row groups.
const workers = 2

// eachBookIn calls fn with each book's rows of the counts table: from
// workers goroutines (w is the caller's), each reading its share of the
// row groups (g is the book's). The first error stops them all; so does
// ctx, checked at each row group.
func (r *RunTables) eachBookIn(ctx context.Context, fn func(w, g int, item int64, rows rowRange) error) error {
	var errs [workers]error
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var rc rowChunks
			for g := w; g < r.counts.RowGroups() && !stop.Load(); g += workers {
				err := ctx.Err()
				if err == nil {
					err = rc.eachBookOf(r.counts, g, func(item int64, rows rowRange) error { return fn(w, g, item, rows) })
				}
				if err != nil {
					errs[w] = err
					stop.Store(true)
					return
				}
			}
		})
	}
	wg.Wait()
	return cmp.Or(errs[:]...)
}

// rowChunks are the columns of a row group of the counts table, read
// into memory each worker reuses. The gutenberg_id column is read only
// when asked for (a book the books table does not have).
type rowChunks struct {
	item, id, word, count parquet.Chunk
	counts                *parquet.File
	group                 int
	idRead                bool
}

// ids reads the row group's gutenberg_id column, if not yet read.
func (rc *rowChunks) ids() error {
	if rc.idRead {
		return nil
	}
	if err := rc.counts.ReadChunk(rc.group, 1, &rc.id); err != nil {
		return err
	}
	if rc.id.Len() != rc.item.Len() {
		return fmt.Errorf("%w: row group %d: columns of %d and %d rows", parquet.ErrFormat, rc.group, rc.item.Len(), rc.id.Len())
	}
	rc.idRead = true
	return nil
}

// rowRange is one book's rows in a row group: rows start to end of c.
type rowRange struct {
	c          *rowChunks
	start, end int
}

func (rr rowRange) word(i int) []byte { return rr.c.word.Bytes(rr.start + i) }

// id is the book's gutenberg_id, or nil.
func (rr rowRange) id() (*int64, error) {
	if err := rr.c.ids(); err != nil {
		return nil, err
	}
	if rr.c.id.Null(rr.start) {
		return nil, nil
	}
	id := rr.c.id.Ints()[rr.start]
	return &id, nil

}
func (rr rowRange) counts() []int64 { return rr.c.count.Ints()[rr.start:rr.end] }

// eachBookOf reads row group g of counts and calls fn with each book's
// rows, in order (one row group holds one book, or several whole ones).
func (rc *rowChunks) eachBookOf(counts *parquet.File, g int, fn func(item int64, rows rowRange) error) error {
	rc.counts, rc.group, rc.idRead = counts, g, false
	for col, c := range []*parquet.Chunk{&rc.item, nil, &rc.word, &rc.count} {
		if c == nil {
			continue // gutenberg_id: see ids
		}
		if err := counts.ReadChunk(g, col, c); err != nil {
			return err
		}
		if c.Len() != rc.item.Len() {
			return fmt.Errorf("%w: row group %d: columns of %d and %d rows", parquet.ErrFormat, g, rc.item.Len(), c.Len())
		}
	}
	items := rc.item.Ints()
	for start := 0; start < len(items); {
		end := start + 1
		for end < len(items) && items[end] == items[start] {
			end++
		}
		if err := fn(items[start], rowRange{rc, start, end}); err != nil {
			return err
		}
		if err := rc.word.Err(); err != nil {
			return fmt.Errorf("row group %d, column word: %w", g, err)
		}
		start = end
	}
	return nil
}

// topper finds a book's top words by tf-idf; its buffers serve one
// goroutine.
type topper struct {
	top    int
	books  float64
	maxIDF float64
	df     *docFreqs
	cand   []int // the book's best rows, best first
	score  []float64
}

// add appends book b's top rows to out.
func (t *topper) add(out []TFIDFRow, b *BookRow, rows rowRange) []TFIDFRow {
	ntok := float64(b.Tokens)
	score, cand, top := t.score[:0], t.cand[:0], t.top
	better := func(i, j int) bool { // row i before row j
		if score[i] != score[j] {
			return score[i] > score[j]
		}
		return bytes.Compare(rows.word(i), rows.word(j)) < 0
	}
	counts := rows.counts()
	sorted := true
	for i, n := range counts {
		if i > 0 && n > counts[i-1] {
			sorted = false
		}
		tf := float64(n) / ntok
		if sorted && top > 0 && len(cand) == top && tf*t.maxIDF < score[cand[top-1]] {
			break // no later row can enter the top
		}
		score = append(score, tf*math.Log(t.books/float64(t.df.get(rows.word(i)))))
		if top == 0 {
			cand = append(cand, i)
			continue
		}
		// Insert i into cand, kept best first and at most top long.
		k := len(cand)
		for k > 0 && better(i, cand[k-1]) {
			k--
		}
		if k < top {
			if len(cand) < top {
				cand = append(cand, 0)
			}
			copy(cand[k+1:], cand[k:len(cand)-1])
			cand[k] = i
		}
	}
	if top == 0 {
		slices.SortFunc(cand, func(i, j int) int {
			if better(i, j) {
				return -1
			}
			if better(j, i) {
				return 1
			}
			return 0
		})
	}
	for _, i := range cand {
		word := string(rows.word(i))
		tf := float64(counts[i]) / ntok
		idf := math.Log(t.books / float64(t.df.get(rows.word(i))))
		out = append(out, TFIDFRow{Item: b.Item, ID: b.ID, Title: b.Title, Word: word, Count: counts[i], TF: tf, IDF: idf, TFIDF: score[i]})
	}
	t.score, t.cand = score, cand
	return out
}

// docFreqs are in how many books each word is: a count.Table, whose
// lookups of a word's bytes cost less than a map's, and whose tables of
// two workers merge in one call.
type docFreqs struct{ t *count.Table }

func newDocFreqs() *docFreqs { return &docFreqs{count.NewTable()} }

// get is word's document frequency (0 for a word of no book).
func (d *docFreqs) get(word []byte) int64 { return d.t.Get(word) }

// add counts word in n more books.
func (d *docFreqs) add(word []byte, n int64) { d.t.Add(word, n) }

// storedDocFreqs returns the document frequencies the run's words table
// (words.parquet) holds, and the number of books that have words, or nil
// when it has no words table or books table, or a words table that does
// not agree with them: its books must add up to the counts table's rows
// (a book's words are distinct), its counts to the books' tokens.
func (r *RunTables) storedDocFreqs(ctx context.Context) (*docFreqs, int, error) {
	if len(r.books) == 0 {
		return nil, 0, nil
	}
	f, err := fsx.OpenPlain(filepath.Join(r.dir, "words.parquet"), os.O_RDONLY, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	wt, err := parquet.Open(f, fi.Size())
	if err != nil {
		return nil, 0, nil // not a words table: counted again
	}
	for i, name := range []string{"word", "count", "books"} {
		if wt.Column(name) != i {
			return nil, 0, nil
		}
	}
	df := newDocFreqs()
	var books, tokens int64
	var word, cnt, nb parquet.Chunk
	for g := range wt.RowGroups() {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		for col, c := range []*parquet.Chunk{&word, &cnt, &nb} {
			if wt.ReadChunk(g, col, c) != nil || c.Len() != word.Len() {
				return nil, 0, nil
			}
		}
		for k := range word.Len() {
			n := nb.Ints()[k]
			if n <= 0 || n > math.MaxInt32 {
				return nil, 0, nil
			}
			df.add(word.Bytes(k), n)
			books += n
			tokens += cnt.Ints()[k]
		}
		if word.Err() != nil {
			return nil, 0, nil
		}
	}
	nbooks := 0
	for _, b := range r.books {
		if b.Tokens > 0 {
			nbooks++
			tokens -= b.Tokens
		}
	}
	if books != r.counts.Rows() || tokens != 0 || int64(df.t.Len()) != wt.Rows() {
		return nil, 0, nil
	}
	return df, nbooks, nil
}

// docFreqs returns in how many books each word is, and the number of
// books, reading the row groups with two workers.
func (r *RunTables) docFreqs(ctx context.Context) (*docFreqs, int, error) {
	type part struct {
		df     *docFreqs
		tokens map[int64]int64
	}
	parts := make([]part, workers)
	for w := range parts {
		parts[w] = part{newDocFreqs(), map[int64]int64{}}
	}
	err := r.eachBookIn(ctx, func(w, _ int, item int64, rows rowRange) error {
		p := &parts[w]
		var sum int64
		for i, n := range rows.counts() {
			p.df.add(rows.word(i), 1) // a book's words are distinct
			sum += n
		}
		p.tokens[item] += sum
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	df, tokens := parts[0].df, parts[0].tokens
	for _, p := range parts[1:] {
		df.t.Merge(p.df.t)
		for it, n := range p.tokens {
			tokens[it] += n
		}
	}
	return df, len(tokens), nil
}

// rankWord is a word of Rank normalised, and its column of the books
// table ("" when the run counted it with no -w).
type rankWord struct{ word, column string }

// rankWords normalises words as the run did and finds their columns.
func (r *RunTables) rankWords(words []string) ([]rankWord, error) {
	columns := map[string]string{}
	for _, c := range r.columns {
		columns[count.ParsePhrase(c, r.opts).String()] = c
	}
	out := make([]rankWord, len(words))
	for i, w := range words {
		p := count.ParsePhrase(w, r.opts)
		if len(p) == 0 {
			return nil, &count.WordError{Word: w, Err: count.ErrEmpty}
		}
		out[i] = rankWord{p.String(), columns[p.String()]}
		if len(p) > 1 && out[i].column == "" {
			return nil, &count.WordError{Word: w, Err: count.ErrSpace}
		}
	}
	return out, nil
}

// RankRow is a book's use of the asked words: their count, per million
// of its tokens.
type RankRow struct {
	Item       int64   `json:"item"`
	ID         *int64  `json:"gutenberg_id"`
	Title      string  `json:"title"`
	Author     string  `json:"author"`
	Count      int64   `json:"count"`
	Tokens     int64   `json:"tokens"`
	PerMillion float64 `json:"per_million"`
}

// Rank returns the books that use words (summed: a word of the counts
// table, or a phrase the batch counted with its own column) most per
// million tokens, top of them (all if 0), ordered by per_million
// descending, then item. Books that use none are left out.
//
// Words are normalised as the run normalised its tokens; a word empty
// once normalised, or one with white space that is not a phrase the run
// counted, is a *count.WordError.
func (r *RunTables) Rank(words []string, top int) ([]RankRow, error) {
	rws, err := r.rankWords(words)
	if err != nil {
		return nil, err
	}
	want := map[string]int{} // a word's place in found
	for _, w := range rws {
		if _, ok := want[w.word]; !ok {
			want[w.word] = len(want)
		}
	}
	// What each worker found of a book: its count of the words, its
	// tokens, and for a book the books table lacks, its ID.
	type hit struct {
		item, n, sum int64
		id           *int64
	}
	var hits [workers][]hit
	var founds [workers][]bool
	err = r.eachBookIn(context.Background(), func(w, _ int, item int64, rows rowRange) error {
		found := founds[w][:0]
		for range want {
			found = append(found, false)
		}
		founds[w] = found
		var sum, n int64
		for i, c := range rows.counts() {
			sum += c
			if k, ok := want[string(rows.word(i))]; ok {
				n += c
				found[k] = true
			}
		}
		b, ok := r.books[item]
		if !ok {
			var err error
			h := hit{item: item, n: n, sum: sum}
			if h.id, err = rows.id(); err != nil {
				return err
			}
			hits[w] = append(hits[w], h)
			return nil
		}
		for _, rw := range rws {
			if c, ok := b.words[rw.column]; ok && rw.column != "" && !found[want[rw.word]] {
				n += c // a phrase: only in its column
			}
		}
		hits[w] = append(hits[w], hit{item: item, n: n, sum: sum})
		return nil
	})
	if err != nil {
		return nil, err
	}
	counted := map[int64]int64{}
	tokens := map[int64]int64{}
	for _, h := range slices.Concat(hits[:]...) {
		b, ok := r.books[h.item]
		if !ok {
			b = &BookRow{Item: h.item, Tokens: h.sum, ID: h.id}
			r.books[h.item] = b
		}
		tokens[h.item] = b.Tokens
		if h.n > 0 {
			counted[h.item] = h.n
		}
	}
	var out []RankRow
	for item, n := range counted {
		b := r.books[item]
		out = append(out, RankRow{Item: item, ID: b.ID, Title: b.Title, Author: b.Author, Count: n, Tokens: tokens[item], PerMillion: float64(n) / float64(tokens[item]) * 1e6})
	}
	slices.SortFunc(out, func(a, c RankRow) int {
		if a.PerMillion != c.PerMillion {
			return -cmp.Compare(a.PerMillion, c.PerMillion)
		}
		return cmp.Compare(a.Item, c.Item)
	})
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out, nil
}
