#!/bin/sh
# Runs one fuzz target for TIME seconds (default 620) at the lowest priority, logging to
# logs/TARGET.log; its working corpus is corpus/TARGET (gitignored), crashes go to artifacts/.
set -u
target=$1
time=${2:-620}
cd "$(dirname "$0")"
mkdir -p logs "corpus/$target"
RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$PWD/target" nice -n 19 cargo fuzz run -s none -a "$target" "corpus/$target" "seeds/$target" -- \
  -max_total_time="$time" -max_len=131072 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  > "logs/$target.log" 2>&1
echo "exit $?" >> "logs/$target.log"
