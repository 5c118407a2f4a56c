#!/bin/bash
# A batch over a long list of books as a Slurm job array of 8 tasks, each
# running one shard (--shard auto/8: shard = SLURM_ARRAY_TASK_ID mod 8 + 1, so
# --array=0-7 and --array=1-8 both cover the 8 shards, and a task rerun alone
# runs the same shard), all into one folder on a shared file system. The
# merge is a job of its own (examples/slurm-merge.sh). Submit from the shared
# folder (or give --chdir DIR): LIST, OUT, CORPUS and the logs are relative to
# it. Set MIRROR below first, and give the CPUs a task may use on your nodes
# (a task that asks for more CPUs than a node has pends for ever):
#
#   jid=$(sbatch --parsable --cpus-per-task=2 examples/slurm-array.sh)
#   sbatch --kill-on-invalid-dep=yes --dependency=afterok:$jid examples/slurm-merge.sh
#
# The merge starts when every task has succeeded, and is cancelled, not left
# pending, if one fails. A task that failed or was cancelled (the merge says
# "shard K/8 ... incomplete") is rerun alone, task K-1; it resumes from its
# journal. The merge then waits for the rerun to succeed and for the rest of
# the first array to end, however it ended:
#
#   rerun=$(sbatch --parsable --cpus-per-task=2 --array=5 examples/slurm-array.sh)   # shard 6/8
#   sbatch --kill-on-invalid-dep=yes --dependency=afterok:$rerun,afterany:$jid examples/slurm-merge.sh
#
# A shard's peak memory is tens of MB; 1G is ample. gutcount's -j follows
# SLURM_CPUS_PER_TASK. A book that fails for good (a 404 ID) does not fail the
# task (--failed-ok); the merge lists it.
#
# gutcount is the binary on PATH, or the image:
# GUTCOUNT="apptainer exec docker://ghcr.io/gutcount/gutcount:0.2.0 gutcount".
#SBATCH --job-name=gutcount
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=12:00:00
#SBATCH --output=gutcount-%A_%a.log
set -euo pipefail

# The Gutenberg mirror every task fetches from: one of your own (an rsync of
# gutenberg.org, served over http). It is set here, not taken from the
# submitting shell, since many sites submit with --export=NONE. gutenberg.org
# allows one request every two seconds per client and asks bulk jobs not to
# use it: an array without a mirror refuses to start, unless
# USE_GUTENBERG_ORG=yes says that this small job may. Edit the line below
# (MIRROR=http://mirror.example.org/gutenberg), or export MIRROR or
# GUTCOUNT_MIRROR where your site passes the environment on.
MIRROR="${MIRROR:-${GUTCOUNT_MIRROR:-}}"
USE_GUTENBERG_ORG="${USE_GUTENBERG_ORG:-no}"

: "${GUTCOUNT:=gutcount}" "${LIST:=books.txt}" "${OUT:=run1}" "${CORPUS:=corpus}"
if [ -z "$MIRROR" ] && [ "$USE_GUTENBERG_ORG" != yes ]; then
	echo "gutcount: MIRROR is not set at the top of slurm-array.sh: set it to a Gutenberg mirror of your own (or USE_GUTENBERG_ORG=yes for a small job)" >&2
	exit 2
fi
mirror=()
if [ -n "$MIRROR" ]; then
	mirror=(--mirror "$MIRROR")
fi
$GUTCOUNT "${mirror[@]}" batch "$LIST" --freq -n -j "${SLURM_CPUS_PER_TASK:-2}" \
	--shard auto/8 --failed-ok --out "$OUT" --cache-dir "$CORPUS"
