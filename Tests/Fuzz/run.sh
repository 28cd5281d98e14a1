#!/usr/bin/env bash
# Builds and runs a libFuzzer target.
#   Tests/Fuzz/run.sh event-decode|jsonl-line|frame-scan|export-read [SECONDS]   (default 600)
# event-decode: the binary event codec. jsonl-line: one import line through the strict JSON reader
# and the validator. frame-scan: the journal's frame scanner over a file image. export-read: the
# export reader of `dashboard`/`merge`.
# Interesting inputs found are added to Tests/Fuzz/corpus/<target>/, which the FuzzCorpusTests of
# UppfoljCoreTests, UppfoljJournalTests and UppfoljReportsTests replay in the normal suite. Crashes
# are written to fuzz-out/ (ignored by git) and make this script fail.
# After a run, shrink the corpus with: Tests/Fuzz/run.sh TARGET minimize
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:?event-decode, jsonl-line, frame-scan or export-read}
seconds=${2:-600}
out=fuzz-out/$target
mkdir -p "$out" "Tests/Fuzz/corpus/$target"
core="Sources/UppfoljCore/*.swift Sources/UppfoljCore/Catalogue/*.swift Tests/Fuzz/BundleShim.swift"
build() { swiftc -O -sanitize=fuzzer,address -parse-as-library "$@" -o "$out/fuzz" 2> >(grep -v 'Cannot export local symbol' >&2); }
case "$target" in
  event-decode) build -module-name UppfoljCore $core Tests/Fuzz/EventDecodeFuzz.swift ;;
  jsonl-line) build -module-name UppfoljCore $core Tests/Fuzz/JSONLineFuzz.swift ;;
  export-read)
    # UppfoljCore as an instrumented static library, then UppfoljReports and the harness against it.
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name UppfoljCore -emit-module \
      -emit-module-path "$out/UppfoljCore.swiftmodule" -emit-library -static $core -o "$out/libUppfoljCore.a" \
      2> >(grep -v 'Cannot export local symbol' >&2)
    build -module-name UppfoljReports -I "$out" -L "$out" -lUppfoljCore \
      $(find Sources/UppfoljReports -name '*.swift') Tests/Fuzz/BundleShim.swift Tests/Fuzz/ExportReadFuzz.swift
    cp Sources/UppfoljReports/Resources/indicators.json "$out/" ;;
  frame-scan)
    # The journal's sources with a stand-in `Crypto` module (SHA-256 only).
    swiftc -O -parse-as-library -module-name Crypto -emit-module -emit-module-path "$out/Crypto.swiftmodule" \
      -emit-library -static Tests/Fuzz/CryptoShim.swift -o "$out/libCrypto.a"
    build -module-name UppfoljJournal -I "$out" -L "$out" -lCrypto Sources/UppfoljJournal/*.swift Tests/Fuzz/FrameScanFuzz.swift ;;
  *) echo "unknown target $target" >&2; exit 64 ;;
esac
if [ "$seconds" = minimize ]; then
  # Keeps the smallest set of inputs that reaches the same coverage.
  mkdir -p "$out/min"
  "$out/fuzz" -merge=1 "$out/min" "Tests/Fuzz/corpus/$target" >/dev/null 2>&1
  rm -f "Tests/Fuzz/corpus/$target"/*
  cp "$out/min"/* "Tests/Fuzz/corpus/$target/"
  rm -rf "$out/min"
  ls "Tests/Fuzz/corpus/$target" | wc -l
  exit 0
fi
cp Sources/UppfoljCore/Resources/instruments.json "$out/"
"$out/fuzz" -max_total_time="$seconds" -timeout=5 -artifact_prefix="$out/" -print_final_stats=1 \
  "Tests/Fuzz/corpus/$target" 2>&1 | tee "$out/log.txt" | grep -E '^#[0-9]+.*(pulse|DONE)|stat::|ERROR|crash' || true
# The corpus is a test fixture: drop inputs the fuzzer shaped like an identity number (it learns to
# reach the personnummer guard): ten digits with short separator gaps, roughly as the guard reads
# spellings; FuzzCorpusTests checks with the guard itself.
pnr='(?<![0-9])(?<![0-9][-./:])[0-9](?:(?:[ ._/+-]{1,3}|T)?[0-9]){9}(?:(?:(?:[ ._/+-]{1,3}|T)?[0-9]){2})?(?![0-9])(?![-./:][0-9])'
{ grep -laP "$pnr" "Tests/Fuzz/corpus/$target"/* 2>/dev/null || true; } | xargs -r rm -f
if ls "$out"/crash-* "$out"/timeout-* "$out"/oom-* >/dev/null 2>&1; then
  echo "FAILURES in $out" >&2
  exit 1
fi
