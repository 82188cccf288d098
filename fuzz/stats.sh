#!/bin/sh
# One table row per finished target log: executions, cov, ft, corpus, peak RSS, outcome.
cd "$(dirname "$0")"
for log in logs/*.log; do
  t=$(basename "$log" .log); [ "$t" = build ] && continue
  done_line=$(grep -a "DONE" "$log" | tail -n 1)
  runs=$(grep -a "stat::number_of_executed_units" "$log" | awk '{print $2}')
  secs=$(grep -a "^Done .* runs in" "$log" | awk '{print $5}')
  rss=$(grep -a "stat::peak_rss_mb" "$log" | awk '{print $2}')
  cov=$(echo "$done_line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$done_line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
  corp=$(echo "$done_line" | sed -n 's/.*corp: \([^ ]*\).*/\1/p')
  crash=$(grep -ac "Test unit written" "$log")
  echo "| $t | ${secs:-running} | ${runs:-} | ${cov:-} | ${ft:-} | ${corp:-} | ${rss:-} | $crash |"
done
