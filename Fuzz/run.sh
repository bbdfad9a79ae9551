#!/usr/bin/env bash
# Builds the libFuzzer targets against the library sources and runs each for a bounded time.
#   Fuzz/run.sh [SECONDS]    seconds per target (default 60); exits 1 when a target crashes,
#                            trips AddressSanitizer or hangs (inputs in Fuzz/.build/crashes/)
# FUZZ_TARGETS="orders model" chooses the targets; they run one after the other, one process each.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build=Fuzz/.build
mkdir -p "$build/crashes"

swiftc -sanitize=fuzzer -parse-as-library -typecheck - </dev/null 2>/dev/null || {
    echo "Fuzz/run.sh: this swiftc does not support -sanitize=fuzzer (needs the Linux toolchain)" >&2
    exit 2
}
# The library's C modules (OpenBLAS, SQLite, libpq, zlib) and their headers and libraries.
c_modules=(-I Sources/COpenBLAS -I Sources/CSQLite -I Sources/CLibPQ -I Sources/CZlib -Xcc -I"$(pkg-config --variable=includedir openblas)")
for f in $(pkg-config --cflags-only-I sqlite3 libpq zlib); do c_modules+=(-Xcc "$f"); done
c_libs=$(pkg-config --libs openblas sqlite3 libpq zlib)
flags=(-sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g)

# The library, compiled once as a static library with its internals visible to the targets;
# rebuilt when a source is newer than it or the toolchain changed.
lib="$build/libWhitespot.a"
stamp="$(swiftc --version 2>&1) ${flags[*]}"   # another toolchain or other flags: build afresh
if [[ "$(cat "$build/stamp" 2>/dev/null)" != "$stamp" ]]; then rm -f "$lib" "$build"/fuzz-*; echo "$stamp" > "$build/stamp"; fi
if [[ ! -f "$lib" ]] || [[ -n "$(find Sources/Whitespot Sources/COpenBLAS Sources/CSQLite Sources/CLibPQ Sources/CZlib Fuzz/run.sh -newer "$lib" -print -quit)" ]]; then
    echo "== building the library with -sanitize=fuzzer,address (about 2 minutes)"
    find Sources/Whitespot -name '*.swift' | sort > "$build/sources.txt"
    swiftc "${flags[@]}" -enable-testing -module-name Whitespot \
        -emit-module -emit-module-path "$build/Whitespot.swiftmodule" \
        -emit-library -static -o "$lib" \
        "${c_modules[@]}" @"$build/sources.txt" 2>&1 | grep -v "Cannot export local symbol" || true
    [[ -f "$lib" && -z "$(find Sources/Whitespot -newer "$lib" -print -quit)" ]] || { echo "library build failed" >&2; exit 1; }
fi

declare -A harness=([orders]=Fuzz/OrderReaderFuzz.swift [model]=Fuzz/ModelLoaderFuzz.swift)
targets=(${FUZZ_TARGETS:-orders model})
for t in "${targets[@]}"; do
    bin="$build/fuzz-$t"
    if [[ ! -x "$bin" || "${harness[$t]}" -nt "$bin" || "$lib" -nt "$bin" ]]; then
        echo "== building fuzz-$t"
        rm -f "$bin"
        swiftc "${flags[@]}" -module-name "Fuzz_$t" -I "$build" "${c_modules[@]}" \
            "${harness[$t]}" -L "$build" -lWhitespot $c_libs -o "$bin" 2>&1 | grep -v "Cannot export local symbol" || true
        [[ -x "$bin" ]] || { echo "fuzz-$t build failed" >&2; exit 1; }
    fi
done

# Crashes go to libFuzzer and AddressSanitizer, not to Swift's interactive backtracer; Swift's
# runtime caches look like leaks to LeakSanitizer, so leak detection is off.
export SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 OPENBLAS_NUM_THREADS=1
status=0
for t in "${targets[@]}"; do
    corpus="$build/corpus/$t"   # grows as the fuzzer finds new coverage (not committed)
    mkdir -p "$corpus"
    if [[ "$t" == model ]]; then WHITESPOT_FUZZ_WRITE_SEEDS="$corpus" "$build/fuzz-$t"; fi
    dict=(); [[ -f "Fuzz/$t.dict" ]] && dict=(-dict="Fuzz/$t.dict")
    echo "== fuzzing $t for ${seconds} s"
    if ! "$build/fuzz-$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
        -max_len=8192 -print_final_stats=1 -artifact_prefix="$build/crashes/$t-" "${dict[@]}" \
        "$corpus" "Fuzz/corpus/$t" > "$build/$t.log" 2>&1; then
        echo "!! fuzz-$t failed; the input is in $build/crashes/, the log in $build/$t.log:" >&2
        grep -E "ERROR|SUMMARY|Fatal error|Precondition|Test unit written|deadly|timeout" "$build/$t.log" | head -20 >&2
        status=1
    else
        grep -E "^stat::number_of_executed_units|^stat::new_units_added|DONE" "$build/$t.log" || true
    fi
done
exit $status
