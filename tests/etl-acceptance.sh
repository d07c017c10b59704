#!/usr/bin/env bash
# The ETL acceptance run (issue 7), not part of CI: generates FILES CSV files of BYTES_PER_FILE
# bytes (default 50 x 100 MiB = 5 GiB) under DIR/raw, runs the README's ETL example on Basalt with
# memory_limit=512MB and on DuckDB with memory_limit=512MB, each in its own JVM under
# /usr/bin/time -v, prints time and peak RSS side by side and checks that both outputs hold the
# same rows. Delete DIR afterwards (the script keeps it so that runs can be repeated).
#
#   tests/etl-acceptance.sh [DIR] [FILES] [BYTES_PER_FILE]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-/tmp/basalt-etl}
FILES=${2:-50}
BYTES=${3:-104857600}
THREADS=${THREADS:-2}
HEAP=${HEAP:--Xmx1g}
mkdir -p "$DIR"
cd "$ROOT"
echo "building (test classes and class path)..." >&2
mvn -q -o -B -pl tests -am -Dbasalt.skipShade=true test-compile dependency:build-classpath \
  -Dmdep.outputFile="$DIR/classpath.txt" >&2
CP="$ROOT/tests/target/test-classes:$(cat "$DIR/classpath.txt")"
JAVA=(java --add-opens=java.base/java.nio=ALL-UNNAMED "$HEAP" -cp "$CP")
if [ ! -f "$DIR/raw/.complete-$FILES-$BYTES" ]; then
  rm -rf "$DIR/raw"
  "${JAVA[@]}" io.basalt.tests.etl.EtlDataGenerator "$DIR/raw" "$FILES" "$BYTES"
  touch "$DIR/raw/.complete-$FILES-$BYTES"
fi
du -sh "$DIR/raw"
sync
run() {
  local engine=$1
  /usr/bin/time -v -o "$DIR/$engine.time" "${JAVA[@]}" io.basalt.tests.etl.EtlRun "$engine" \
    "$DIR/raw" "$DIR/out-$engine" 512MB "$THREADS"
}
run basalt
run duckdb
printf '%-8s %12s %14s\n' engine "wall clock" "peak RSS (MB)"
for engine in basalt duckdb; do
  wall=$(grep 'Elapsed (wall clock)' "$DIR/$engine.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$DIR/$engine.time" | awk '{print int($NF/1024)}')
  printf '%-8s %12s %14s\n' "$engine" "$wall" "$rss"
done
"${JAVA[@]}" io.basalt.tests.etl.EtlRun compare "$DIR/out-basalt" "$DIR/out-duckdb"
