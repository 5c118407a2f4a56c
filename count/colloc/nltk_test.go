package colloc_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/colloc"
	"github.com/gutcount/gutcount/count/stop"
)

// python is Debian's interpreter, with Debian's python3-nltk (3.8).
const python = "/usr/bin/python3"

// nltkAnswer is what testdata/nltk_reference.py prints.
type nltkAnswer struct {
	Version         string     `json:"version"`
	Tokens          int        `json:"tokens"`
	CollocationList [][]string `json:"collocation_list"`
	Scored          [][]any    `json:"scored"` // w1, w2, count, score
	Similar         map[string]struct {
		Printed []string         `json:"printed"`
		Scores  map[string]int64 `json:"scores"`
	} `json:"similar"`
	Contexts        []string   `json:"contexts"`
	ContextsPrinted []string   `json:"contexts_printed"`
	Lengths         [][2]int64 `json:"lengths"`
}

// TestAgainstNLTK runs NLTK itself on real books, on the very tokens
// colloc sees (gutcount's, with -p), and compares: the same pairs with the
// same scores, the same similar words with the same scores, the same
// common contexts and the same length distribution. It skips when Debian's
// python3 cannot import nltk or the shared corpus is absent.
func TestAgainstNLTK(t *testing.T) {
	if err := exec.Command(python, "-c", "import nltk").Run(); err != nil {
		t.Skipf("%s cannot import nltk (apt-get install python3-nltk): %v", python, err)
	}
	books := []struct {
		file     string
		window   int
		similar  []string
		contexts []string
	}{
		{"pg2701-moby-dick-modern.txt", 2, []string{"whale", "monstrous", "Ahab"}, []string{"whale", "ship"}},
		{"pg1342-pride-and-prejudice.txt", 3, []string{"love", "Elizabeth"}, []string{"her", "his"}},
	}
	en, err := stop.Lang("en")
	if err != nil {
		t.Fatal(err)
	}
	// The list with ’ beside ' (don’t beside don't), which gutcount's
	// stop lists match as one and NLTK's filter does not.
	words := en.Words()
	for _, w := range en.Words() {
		if strings.Contains(w, "'") {
			words = append(words, strings.ReplaceAll(w, "'", "\u2019"))
		}
	}
	stopFile := filepath.Join(t.TempDir(), "stop.txt")
	if err := os.WriteFile(stopFile, []byte(strings.Join(words, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, b := range books {
		path := filepath.Join("..", "..", "..", "shared", "corpus", "books", b.file)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Skipf("shared corpus absent: %v", err)
		}
		text := colloc.NewText()
		var toks bytes.Buffer
		err = count.EachToken(bytes.NewReader(raw), count.Options{StripPunct: true}, func(tok []byte) error {
			text.Add(tok)
			toks.Write(tok)
			toks.WriteByte('\n')
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		tokFile := filepath.Join(t.TempDir(), "tokens.txt")
		if err := os.WriteFile(tokFile, toks.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		args := append([]string{filepath.Join("testdata", "nltk_reference.py"), tokFile, stopFile, itoa(b.window)}, b.similar...)
		args = append(append(args, "--"), b.contexts...)
		cmd := exec.Command(python, args...)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("nltk_reference.py: %v", err)
		}
		var want nltkAnswer
		if err := json.Unmarshal(out, &want); err != nil {
			t.Fatal(err)
		}
		name := b.file + " window " + itoa(b.window)
		if want.Tokens != text.Len() {
			t.Fatalf("%s: NLTK read %d tokens; colloc %d", name, want.Tokens, text.Len())
		}

		// Every pair, its count and its score; then NLTK's own top 20.
		got, err := text.Collocations(colloc.CollocationOptions{Window: b.window, Min: 2, Stop: en})
		if err != nil {
			t.Fatal(err)
		}
		// Go's math.Log and C's log may round apart in the last bit, so
		// pairs whose scores differ by that much may come in either order:
		// both lists are put in the order of their scores to 10 digits.
		type pair struct {
			w1, w2 string
			count  int64
			score  float64
		}
		var mine, theirs []pair
		for _, c := range got {
			mine = append(mine, pair{c.Words[0], c.Words[1], c.Count, c.Score})
		}
		for _, w := range want.Scored {
			theirs = append(theirs, pair{w[0].(string), w[1].(string), int64(w[2].(float64)), w[3].(float64)})
		}
		for i, p := range theirs[:min(20, len(theirs))] {
			if i >= len(want.CollocationList) || !slices.Equal([]string{p.w1, p.w2}, want.CollocationList[i]) {
				t.Fatalf("%s: the reference's finder and Text.collocation_list disagree at %d", name, i)
			}
		}
		order := func(a, b pair) int {
			ra, rb := round10(a.score), round10(b.score)
			if ra != rb {
				return cmp.Compare(rb, ra)
			}
			return cmp.Or(strings.Compare(a.w1, b.w1), strings.Compare(a.w2, b.w2))
		}
		slices.SortStableFunc(mine, order)
		slices.SortStableFunc(theirs, order)
		if len(mine) != len(theirs) {
			t.Errorf("%s: %d pairs; NLTK %d", name, len(mine), len(theirs))
		}
		for i := range min(len(mine), len(theirs)) {
			g, w := mine[i], theirs[i]
			if g.w1 != w.w1 || g.w2 != w.w2 || g.count != w.count || !close(g.score, w.score) {
				t.Errorf("%s: pair %d = %+v; NLTK %+v", name, i, g, w)
				break
			}
		}
		for i := range min(20, len(got)) {
			c := got[i]
			if !close(c.Score, theirs[i].score) {
				t.Errorf("%s: top %d = %q %v; Text.collocation_list's %q %v", name, i, c.Words, c.Score, want.CollocationList[i], theirs[i].score)
			}
		}

		// Similar: every score; the top 20 are NLTK's up to ties.
		for _, word := range b.similar {
			all, err := text.Similar(word, 0)
			if err != nil {
				t.Fatalf("%s: Similar(%q): %v", name, word, err)
			}
			w := want.Similar[word]
			scores := map[string]int64{}
			for _, s := range all {
				scores[s.Word] = s.Score
			}
			if !mapsEqual(scores, w.Scores) {
				t.Errorf("%s: Similar(%q) scores differ from NLTK's (%d words; NLTK %d)", name, word, len(scores), len(w.Scores))
			}
			top := all[:min(20, len(all))]
			if len(top) != len(w.Printed) {
				t.Errorf("%s: Similar(%q) top %d; Text.similar printed %d", name, word, len(top), len(w.Printed))
				continue
			}
			last := top[len(top)-1].Score
			for i, p := range w.Printed {
				// Same score at each rank; ties may be ordered otherwise.
				if w.Scores[p] != top[i].Score {
					t.Errorf("%s: Similar(%q) rank %d: %q %d; Text.similar %q %d", name, word, i, top[i].Word, top[i].Score, p, w.Scores[p])
				}
				if w.Scores[p] > last && !slices.ContainsFunc(top, func(s colloc.Similar) bool { return s.Word == p }) {
					t.Errorf("%s: Similar(%q) misses %q", name, word, p)
				}
			}
		}

		// Contexts: the same set (NLTK's counts are all equal, so its order
		// is the first word's order of meeting them).
		ctxs, err := text.Contexts(b.contexts)
		if err != nil {
			t.Fatalf("%s: Contexts(%q): %v", name, b.contexts, err)
		}
		var gotCtx []string
		for _, c := range ctxs {
			gotCtx = append(gotCtx, c.String())
		}
		slices.Sort(gotCtx)
		wantCtx := slices.Sorted(slices.Values(want.Contexts))
		if !slices.Equal(gotCtx, wantCtx) {
			t.Errorf("Contexts(%q) = %q; NLTK %q", b.contexts, gotCtx, wantCtx)
		}
		printed := slices.Sorted(slices.Values(want.ContextsPrinted))
		if !slices.Equal(gotCtx, printed) {
			t.Errorf("Contexts(%q) = %q; Text.common_contexts printed %q", b.contexts, gotCtx, printed)
		}

		// Lengths, from the frequency table of the same tokens.
		tab, err := count.Freq(bytes.NewReader(raw), count.Options{StripPunct: true})
		if err != nil {
			t.Fatal(err)
		}
		var lengths [][2]int64
		for _, l := range count.Lengths(tab.Sorted()) {
			lengths = append(lengths, [2]int64{int64(l.Length), l.Count})
		}
		if !slices.Equal(lengths, want.Lengths) {
			t.Errorf("%s: Lengths = %v; FreqDist(len(w)) %v", name, lengths, want.Lengths)
		}
		t.Logf("%s: %d pairs, %d contexts: as NLTK %s", name, len(got), len(gotCtx), want.Version)
	}
}

// close: the same value up to the last bits, where Go's math.Log and C's
// log may round apart.
func close(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

// round10 rounds to 10 significant digits.
func round10(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 10, 64), 64)
	return v
}

func mapsEqual(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func itoa(n int) string { return string(rune('0' + n)) }
