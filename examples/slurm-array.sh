#!/bin/bash
# A batch over a long list of books as a Slurm job array of 8 tasks, each
# running one shard (--shard auto/8: shard = SLURM_ARRAY_TASK_ID mod 8 + 1, so
# --array=0-7 and --array=1-8 both cover the 8 shards, and a task rerun alone
# runs the same shard), all into one folder on a shared file system. The
# merge is a job of its own that starts when every task has succeeded (and is
# cancelled, not left pending, if one fails). Submit from the shared folder
# (or give --chdir DIR): LIST, OUT, CORPUS and the logs are relative to it.
#
#   jid=$(sbatch --parsable examples/slurm-array.sh)
#   sbatch --kill-on-invalid-dep=yes --dependency=afterok:$jid examples/slurm-merge.sh
#
# A task that failed or was cancelled (the merge says "shard K/8 ...
# incomplete") is rerun alone, task K-1, then the merge again; it resumes
# from its journal:
#
#   jid=$(sbatch --parsable --array=5 examples/slurm-array.sh)      # shard 6/8
#   sbatch --kill-on-invalid-dep=yes --dependency=afterok:$jid examples/slurm-merge.sh
#
# The #SBATCH values below are defaults: a node with fewer CPUs never starts a
# task that asks for more (it pends with Reason=PartitionConfig), so override
# them on the command line, for the first run and for reruns alike:
# sbatch --cpus-per-task=2 ... (gutcount's -j follows SLURM_CPUS_PER_TASK).
# A shard's peak memory is tens of MB; 1G is ample.
#
# A book that fails for good (a 404 ID) does not fail the task (--failed-ok);
# the merge lists it.
#
# GUTCOUNT_MIRROR must be a mirror of your own (an rsync of gutenberg.org):
# gutenberg.org allows one request every two seconds per client and must never
# be the mirror of a whole cluster. gutcount is the binary on PATH, or the
# image: GUTCOUNT="apptainer exec docker://ghcr.io/gutcount/gutcount:0.2.0 gutcount".
#SBATCH --job-name=gutcount
#SBATCH --array=0-7
#SBATCH --cpus-per-task=4
#SBATCH --mem=1G
#SBATCH --time=12:00:00
#SBATCH --output=gutcount-%A_%a.log
set -euo pipefail
: "${GUTCOUNT:=gutcount}" "${LIST:=books.txt}" "${OUT:=run1}" "${CORPUS:=corpus}"
$GUTCOUNT batch "$LIST" --freq -n -j "${SLURM_CPUS_PER_TASK:-4}" \
	--shard auto/8 --failed-ok --out "$OUT" --cache-dir "$CORPUS"
