#!/bin/sh
# Benchmark: build the large demo (100,000 distributors) and print how long it
# took, the rows written and the file size. It prints figures; it does not
# judge them (the target is under 2 minutes on a 2-core machine).
set -eu
QUDAO=$1
T=$(mktemp -d /tmp/qudao-bench-XXXXXX)
trap 'rm -rf "$T"' EXIT
start=$(date +%s.%N)
QUDAO_TODAY=2026-11-27 "$QUDAO" demo --db "$T/large.db" --size large --seed 1
end=$(date +%s.%N)
echo "demo --size large: $(awk "BEGIN { printf \"%.1f\", $end - $start }") s, file $(du -m "$T/large.db" | cut -f1) MiB"
"$QUDAO" check --db "$T/large.db"
