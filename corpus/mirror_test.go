package corpus_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gutcount/gutcount/corpus"
)

func TestCheckMirror(t *testing.T) {
	for _, ok := range []string{"https://www.gutenberg.org", "http://localhost:8080", "http://user:pw@mirror.example/gutenberg/"} {
		if err := corpus.CheckMirror(ok); err != nil {
			t.Errorf("CheckMirror(%q) = %v; want nil", ok, err)
		}
	}
	for in, why := range map[string]string{
		"localhost:8080":             "no http:// or https://",
		"ftp://mirror.example":       "the scheme must be http or https",
		"http://":                    "no host",
		"http://localhost:":          "the port is empty",
		"http://localhost:99999":     "port 99999 is not between 1 and 65535",
		"http://m.example/?x=1":      "a mirror has no query or fragment",
		"http://m.example/#top":      "a mirror has no query or fragment",
		"http://user:secret@m.ex:0/": "port 0 is not between 1 and 65535",
	} {
		var me *corpus.MirrorError
		if err := corpus.CheckMirror(in); !errors.As(err, &me) || me.Why != why {
			t.Errorf("CheckMirror(%q) = %v; want a *MirrorError: %s", in, err, why)
		}
	}
	var me *corpus.MirrorError
	if errors.As(corpus.CheckMirror("localhost:8080"), &me); me.Meant != "http://localhost:8080" {
		t.Errorf("Meant = %q; want http://localhost:8080", me.Meant)
	}
	if errors.As(corpus.CheckMirror("http://user:secret@m.ex:0/"), &me); strings.Contains(me.URL, "secret") || strings.Contains(me.Error(), "secret") {
		t.Errorf("URL = %q; want the password redacted", me.URL)
	}
}
