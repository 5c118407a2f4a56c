#!/bin/bash
# gutcount over a long list of books as a Slurm job array of 8 tasks:
#
#   sbatch examples/slurm-array.sh
#   # when all tasks are done:
#   gutcount merge run1/freq-*-of-8.txt > run1/freq.txt
#
# Each task takes its shard from SLURM_ARRAY_TASK_ID (--shard auto/8); a task
# that is requeued resumes from its journal.
#SBATCH --job-name=gutcount
#SBATCH --array=0-7
#SBATCH --cpus-per-task=4
#SBATCH --mem=2G
#SBATCH --time=12:00:00
set -euo pipefail
gutcount batch books.txt --freq -n -j 4 --shard auto/8 --out run1 --cache-dir corpus
