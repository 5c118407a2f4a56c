"""Answers of NLTK's Text tools on a list of tokens, for colloc's tests.

Usage: python3 nltk_reference.py TOKENS STOPWORDS WINDOW WORD... -- CWORD...
TOKENS holds one token a line (gutcount's tokens, so both sides see the same
text); STOPWORDS one word a line. NLTK's stopwords corpus is not installed
with Debian's python3-nltk (it is nltk_data, downloaded apart), so gutcount's
English list is handed to Text.collocation_list in its place.
Prints one JSON document: every scored pair, the top 20 pairs of
Text.collocation_list, the similar-word scores of each WORD and what
Text.similar prints, the common contexts of the CWORDs and the length
distribution.
"""
import contextlib
import io
import json
import sys
import types

import nltk
import nltk.corpus
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from nltk.probability import FreqDist
from nltk.text import ContextIndex, Text


def main():
    tokens_path, stop_path, window = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rest = sys.argv[4:]
    cut = rest.index("--")
    words, cwords = rest[:cut], rest[cut + 1:]
    with open(tokens_path, encoding="utf-8", errors="surrogateescape") as f:
        tokens = f.read().split("\n")
    if tokens and tokens[-1] == "":
        tokens.pop()
    with open(stop_path, encoding="utf-8") as f:
        stop = [w.strip() for w in f if w.strip()]
    nltk.corpus.stopwords = types.SimpleNamespace(words=lambda lang: stop)

    text = Text(tokens)
    out = {"version": nltk.__version__, "tokens": len(tokens)}
    out["collocation_list"] = [list(p) for p in text.collocation_list(num=20, window_size=window)]

    # The same finder as collocation_list, every pair with its score.
    finder = BigramCollocationFinder.from_words(tokens, window)
    finder.apply_freq_filter(2)
    finder.apply_word_filter(lambda w: len(w) < 3 or w.lower() in stop)
    out["scored"] = [
        [p[0], p[1], finder.ngram_fd[p], s]
        for p, s in finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    ]

    # Text.similar prints; its scores are those of its Counter.
    out["similar"] = {}
    for word in words:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            text.similar(word)
        wci = text._word_context_index._word_to_contexts
        w = word.lower()
        contexts = set(wci[w])
        scores = {}
        for v in wci.conditions():
            for c in wci[v]:
                if c in contexts and v != w:
                    scores[v] = scores.get(v, 0) + 1
        out["similar"][word] = {"printed": buf.getvalue().split(), "scores": scores}

    # common_contexts on an index of its own (Text keeps one index).
    index = ContextIndex(tokens, key=lambda s: s.lower())
    fd = index.common_contexts(cwords, True)
    out["contexts"] = [a + "_" + b for a, b in fd]
    fresh = Text(tokens)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fresh.common_contexts(cwords, num=1000000)
    out["contexts_printed"] = buf.getvalue().split()

    out["lengths"] = sorted(FreqDist(len(w) for w in tokens).items())
    json.dump(out, sys.stdout)


main()
