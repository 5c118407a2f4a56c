#!/bin/bash
# The merge of examples/slurm-array.sh: submit it with
# --kill-on-invalid-dep=yes --dependency=afterok:JOBID of the array, so that it
# starts when every task has succeeded (and is cancelled if one fails). After
# rerunning a task alone, submit it again with
# --dependency=afterok:RERUN,afterany:JOBID: the rerun must succeed and the
# first array must have ended (its other tasks may still be running). It writes
# $OUT/results.jsonl (list order) and $OUT/freq.txt, byte for byte what one
# unsharded run writes, and exits 4 naming a shard that is missing or
# incomplete.
#SBATCH --job-name=gutcount-merge
#SBATCH --cpus-per-task=1
#SBATCH --mem=1G
#SBATCH --time=1:00:00
#SBATCH --output=gutcount-merge-%j.log
set -euo pipefail
: "${GUTCOUNT:=gutcount}" "${OUT:=run1}"
$GUTCOUNT merge "$OUT" --failed-ok
