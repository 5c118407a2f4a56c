package table

// KwicLine is a line of a concordance as kwic's tsv and json give it:
// its source, the index of its token (0 for the text's first), the
// context before it, the token as it stands, and the context after it.
type KwicLine struct {
	Source string `json:"source"`
	Index  int64  `json:"index"`
	Left   string `json:"left"`
	Token  string `json:"token"`
	Right  string `json:"right"`
}
