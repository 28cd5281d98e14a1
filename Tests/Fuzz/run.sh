#!/usr/bin/env bash
# Builds and runs a libFuzzer target over UppfoljCore's decoders.
#   Tests/Fuzz/run.sh event-decode|jsonl-line [SECONDS]   (default 600)
# Interesting inputs found are added to Tests/Fuzz/corpus/<target>/, which FuzzCorpusTests replay in
# the normal suite. Crashes are written to fuzz-out/ (ignored by git) and make this script fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:?event-decode or jsonl-line}
seconds=${2:-600}
case "$target" in
  event-decode) harness=Tests/Fuzz/EventDecodeFuzz.swift ;;
  jsonl-line) harness=Tests/Fuzz/JSONLineFuzz.swift ;;
  *) echo "unknown target $target" >&2; exit 64 ;;
esac
out=fuzz-out/$target
mkdir -p "$out" "Tests/Fuzz/corpus/$target"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name UppfoljCore \
  Sources/UppfoljCore/*.swift Sources/UppfoljCore/Catalogue/*.swift Tests/Fuzz/BundleShim.swift "$harness" \
  -o "$out/fuzz" 2> >(grep -v 'Cannot export local symbol' >&2)
cp Sources/UppfoljCore/Resources/instruments.json "$out/"
"$out/fuzz" -max_total_time="$seconds" -timeout=5 -artifact_prefix="$out/" -print_final_stats=1 \
  "Tests/Fuzz/corpus/$target" 2>&1 | tee "$out/log.txt" | grep -E '^#[0-9]+.*(pulse|DONE)|stat::|ERROR|crash' || true
# The corpus is a test fixture: drop inputs the fuzzer shaped like an identity number (it learns to
# reach the personnummer guard); FuzzCorpusTests checks with the guard itself.
grep -lE '[0-9]{6}([0-9]{2})?[-+]?[0-9]{4}' "Tests/Fuzz/corpus/$target"/* 2>/dev/null | xargs -r rm -f
if ls "$out"/crash-* "$out"/timeout-* "$out"/oom-* >/dev/null 2>&1; then
  echo "FAILURES in $out" >&2
  exit 1
fi
