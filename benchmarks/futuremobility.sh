#!/usr/bin/env bash
# End-to-end benchmark of the FutureMobility lakehouse: `strata materialize` on a copy of the project with
# data generated at the given scale, first on a cold stack (stopped, its state purged; artifacts already
# downloaded), then again on the warm stack with nothing new to ingest.
#
#   benchmarks/futuremobility.sh [SCALE]        (default 1; the committed sample is scale 1)
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-1}"
work="$(mktemp -d /tmp/strata-fm-bench.XXXXXX)"
trap './strata stack down --purge --project "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

cp -r strata.yml models macros tests "$work"/
. .mvn/find-jdk.sh
java_bin="$JAVA_HOME/bin/java"
"$java_bin" examples/futuremobility/FutureMobilityData.java --scale "$scale" --out "$work/examples/futuremobility/data" >/dev/null
echo "scale $scale: $(du -sh "$work/examples/futuremobility/data" | cut -f1) of raw files, $(find "$work/examples/futuremobility/data" -type f | wc -l) files"

./strata compile --project "$work" >/dev/null   # builds the CLI jar first if the sources changed
./strata stack down --purge --project "$work" >/dev/null 2>&1 || true

run() {
    local label="$1"
    local start end
    start=$(date +%s.%N)
    ./strata materialize --project "$work" > "$work/$label.log" 2>&1 || { cat "$work/$label.log"; exit 1; }
    end=$(date +%s.%N)
    printf "%-6s %6.1f s  %s\n" "$label" "$(echo "$end - $start" | bc)" "$(grep '^Done in' "$work/$label.log")"
    grep -E ' ingest ' "$work/$label.log" | awk '{print "         " $0}' | sed 's/ \+/ /g' | head -7
}
run cold
run warm
