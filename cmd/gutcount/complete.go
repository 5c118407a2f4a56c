package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Shell completion of the values that flags and arguments take. The
// stored IDs for SOURCE are completeStored's (corpuscmd.go).

// encodings are the --encoding names offered, each a WHATWG label that
// corpus.Text accepts (any other label it knows works too).
var encodings = []cobra.Completion{
	cobra.CompletionWithDesc("utf-8", "Unicode, most books"),
	cobra.CompletionWithDesc("latin1", "ISO-8859-1, read as Windows-1252"),
	cobra.CompletionWithDesc("windows-1252", "Western European"),
	cobra.CompletionWithDesc("iso-8859-15", "Western European with €"),
	cobra.CompletionWithDesc("iso-8859-2", "Central European"),
	cobra.CompletionWithDesc("windows-1250", "Central European"),
	cobra.CompletionWithDesc("iso-8859-5", "Cyrillic"),
	cobra.CompletionWithDesc("windows-1251", "Cyrillic"),
	cobra.CompletionWithDesc("koi8-r", "Russian"),
	cobra.CompletionWithDesc("iso-8859-7", "Greek"),
	cobra.CompletionWithDesc("macintosh", "Mac OS Roman"),
	cobra.CompletionWithDesc("utf-16le", "Unicode, 16-bit little-endian"),
	cobra.CompletionWithDesc("utf-16be", "Unicode, 16-bit big-endian"),
	cobra.CompletionWithDesc("shift_jis", "Japanese"),
	cobra.CompletionWithDesc("euc-jp", "Japanese"),
	cobra.CompletionWithDesc("gbk", "Simplified Chinese"),
	cobra.CompletionWithDesc("gb18030", "Chinese"),
	cobra.CompletionWithDesc("big5", "Traditional Chinese"),
	cobra.CompletionWithDesc("euc-kr", "Korean"),
}

func completeEncodings(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, e := range encodings {
		if strings.HasPrefix(e, strings.ToLower(prefix)) {
			out = append(out, e)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// shardCounts are the N offered for --shard K/N and auto/N.
var shardCounts = []int{2, 3, 4, 8, 16}

// completeShard offers --shard values: 1/N and auto/N at first, then
// every K/N once K or "auto/" is typed.
func completeShard(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	add := func(v, desc string) {
		if strings.HasPrefix(v, prefix) {
			out = append(out, cobra.CompletionWithDesc(v, desc))
		}
	}
	for _, n := range shardCounts {
		add(fmt.Sprintf("auto/%d", n), fmt.Sprintf("shard of %d from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID", n))
	}
	for _, n := range shardCounts {
		for k := 1; k <= n; k++ {
			if prefix == "" && k > 1 {
				break
			}
			add(fmt.Sprintf("%d/%d", k, n), fmt.Sprintf("shard %d of %d", k, n))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeCountArgs completes count's arguments: nothing for the WORD
// (unless -w gave it), then stored IDs and files for each SOURCE.
func completeCountArgs(g *Globals, opts *CountOptions) cobra.CompletionFunc {
	sources := completeSources(g)
	return func(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) == 0 && len(opts.Words) == 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return sources(cmd, args, prefix)
	}
}
