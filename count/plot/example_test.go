package plot_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/gutcount/gutcount/count"
	"github.com/gutcount/gutcount/count/plot"
)

// A Zipf plot of a text's frequencies, as freq --plot draws it.
func ExampleZipf() {
	t, err := count.Freq(strings.NewReader(strings.Repeat("the whale the sea the ship a whale ", 50)), count.Options{})
	if err != nil {
		panic(err)
	}
	f, err := os.CreateTemp("", "zipf-*.svg")
	if err != nil {
		panic(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	err = plot.Zipf(f, plot.SVG, "A tiny text", []plot.Series{{Title: "tiny", Rows: t.Sorted()}})
	fmt.Println(err)
	// Output: <nil>
}
