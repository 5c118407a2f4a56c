package batch

import "testing"

// isObject takes JSON objects, with white space around them, and nothing
// else: not other JSON values (null among them, which a map would take),
// nor an object cut short or followed by more.
func TestIsObject(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{`{}`, true},
		{` {"a":1,"b":[1,{"c":null}]} `, true},
		{"\n\t{\"x\":\"}\"}\r\n", true},
		{``, false},
		{`null`, false},
		{`[]`, false},
		{`"{}"`, false},
		{`{"a":1`, false},
		{`{"a":1}{}`, false},
		{`{"a":1} x`, false},
		{`{a:1}`, false},
	} {
		if got := isObject([]byte(c.in)); got != c.want {
			t.Errorf("isObject(%q) = %v; want %v", c.in, got, c.want)
		}
	}
}
