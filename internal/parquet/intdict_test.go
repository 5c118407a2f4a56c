package parquet

import (
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"
)

// refIntDict is what intDict makes of v, made the plainest way: the
// distinct values (nulls left out) in order of first use, and the runs
// of equal values' indexes, a null row ending no run.
func refIntDict(v *Values) (dict []int64, runs []run) {
	index := map[int64]int32{}
	for i, x := range v.Ints {
		if v.Null != nil && v.Null[i] {
			continue
		}
		k, ok := index[x]
		if !ok {
			k = int32(len(dict))
			index[x] = k
			dict = append(dict, x)
		}
		if len(runs) > 0 && runs[len(runs)-1].index == k {
			runs[len(runs)-1].n++
		} else {
			runs = append(runs, run{k, 1})
		}
	}
	return dict, runs
}

// intDict makes the dictionary and runs refIntDict does: of columns
// sorted descending (a book's counts), ascending, and not, with values
// that come back after others, with nulls and without.
func TestIntDict(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	e := NewEncoder()
	for trial := range 2000 {
		n := r.IntN(1 << r.IntN(12))
		v := Values{Ints: make([]int64, n)}
		for i := range v.Ints {
			v.Ints[i] = r.Int64N(1 + int64(r.IntN(300)))
		}
		switch trial % 4 {
		case 0:
			slices.Sort(v.Ints)
			slices.Reverse(v.Ints)
		case 1:
			slices.Sort(v.Ints)
		case 2:
			slices.Sort(v.Ints)
			slices.Reverse(v.Ints)
			if n > 2 {
				v.Ints[r.IntN(n)] = v.Ints[r.IntN(n)] // a value again, later
			}
		}
		if trial%3 == 0 {
			v.Null = make([]bool, n)
			for i := range v.Null {
				v.Null[i] = r.IntN(4) == 0
			}
		}
		wantDict, wantRuns := refIntDict(&v)
		ok := e.intDict(&v)
		var dict []int64
		for b := e.raw; len(b) >= 8; b = b[8:] {
			dict = append(dict, int64(binary.LittleEndian.Uint64(b)))
		}
		if ok != (len(wantRuns) > 0) || ok && (!slices.Equal(dict, wantDict) || !slices.Equal(e.runs, wantRuns)) {
			t.Fatalf("trial %d: intDict(%v, null %v) = %v, %v, %v; want %v, %v", trial, v.Ints, v.Null, ok, dict, e.runs, wantDict, wantRuns)
		}
	}
}

// BenchmarkIntDict makes the dictionary of a book's count column: 14,000
// counts of Zipf-distributed words, descending.
func BenchmarkIntDict(b *testing.B) {
	v := Values{Ints: make([]int64, 14000)}
	for i := range v.Ints {
		v.Ints[i] = int64(200000 / (i + 1) / 10)
		if v.Ints[i] == 0 {
			v.Ints[i] = 1
		}
	}
	e := NewEncoder()
	for b.Loop() {
		e.intDict(&v)
	}
}
