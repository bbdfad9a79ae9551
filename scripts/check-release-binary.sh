#!/usr/bin/env bash
# Checks the deployable binary of `make release-binary` (the Swift runtime linked in):
#  1. ldd: no Swift runtime library (libswift*, libFoundation*, libdispatch, libBlocksRuntime)
#     and nothing "not found"; lists each library with the Debian package that holds it.
#  2. The packages: every one is installed by spark/k8s/Dockerfile or comes with debian:12-slim
#     (which holds apt and what apt depends on), through apt's dependency closure on this machine.
#  3. Without the toolchain (as root): the binary and exactly the libraries ldd listed, copied into
#     an empty directory, run there under chroot (with /proc mounted: whitespot reads
#     /proc/cpuinfo and re-executes /proc/self/exe): generate, train and score the demo data
#     (2,000 customers): the model (but for its creation time) and the recommendations equal
#     those of the toolchain build (REFERENCE_BIN) byte for byte.
#  4. The whole demo (scripts/demo.sh) with `env -i`: no PATH to the toolchain, no LD_LIBRARY_PATH.
# Usage: scripts/check-release-binary.sh [BIN] [REFERENCE_BIN]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-dist/whitespot}")
REF=$(realpath "${2:-.build/release/whitespot}")
DOCKERFILE=spark/k8s/Dockerfile
fail() { echo "check-release-binary: $*" >&2; exit 1; }
[[ -x "$BIN" ]] || fail "$BIN is not an executable (run make release-binary)"

echo "== 1. dynamic libraries of $BIN ($(du -h "$BIN" | cut -f1))"
libs=$(ldd "$BIN")
if grep -qiE 'libswift|libFoundation|libdispatch|libBlocksRuntime|lib_Foundation' <<<"$libs"; then
    fail "the Swift runtime is linked dynamically:"$'\n'"$(grep -iE 'swift|Foundation|dispatch|Blocks' <<<"$libs")"
fi
grep -q 'not found' <<<"$libs" && fail "missing libraries:"$'\n'"$libs"
paths=$(awk '/=> \//{print $3} /^\t\/[^ ]+ \(/{print $1}' <<<"$libs" | sort -u)
needed=()
for path in $paths; do
    real=$(realpath "$path")
    pkg=$(dpkg -S "$real" 2>/dev/null | head -n 1 | cut -d: -f1) || pkg=""
    [[ -n "$pkg" ]] || pkg=$(dpkg -S "$path" 2>/dev/null | head -n 1 | cut -d: -f1) || true
    [[ -n "$pkg" ]] || fail "$path: no Debian package holds it"
    printf '  %-48s %s\n' "$path" "$pkg"
    needed+=("$pkg")
done

echo "== 2. runtime packages against $DOCKERFILE"
installed=$(sed -n 's/.*apt-get install -y --no-install-recommends \([^&\\]*\).*/\1/p' "$DOCKERFILE" | xargs)
[[ -n "$installed" ]] || fail "$DOCKERFILE: no apt-get install line found"
closure() {
    apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
        --no-enhances "$@" 2>/dev/null | sed -n 's/^\([a-z0-9][^ :<>]*\).*/\1/p; s/^ *\(Pre\)\{0,1\}Depends: \([^<> ]*\).*/\2/p' | sort -u
}
# shellcheck disable=SC2086
pulled=$(closure $installed) base=$(closure apt)
for pkg in $(printf '%s\n' "${needed[@]}" | sort -u); do
    if grep -qw -- "$pkg" <<<"$installed"; then where="installed by the Dockerfile"
    elif grep -qx -- "$pkg" <<<"$base"; then where="in debian:12-slim (apt needs it)"
    elif grep -qx -- "$pkg" <<<"$pulled"; then where="a dependency of the Dockerfile's packages"
    else fail "$pkg is neither installed by $DOCKERFILE ($installed) nor in debian:12-slim"
    fi
    printf '  %-24s %s\n' "$pkg" "$where"
done

work=$(mktemp -d /tmp/whitespot-release-check.XXXXXX)
cleanup() { mountpoint -q "$work/root/proc" && umount "$work/root/proc"; rm -rf "$work"; }
trap cleanup EXIT
# run_demo DIR COMMAND...: generate, train and score the demo data with files under DIR.
run_demo() {
    local d=$1; shift
    "$@" generate --customers 2000 --products 300 --lines 60000 --seed 42 --out "$d/orders.csv" --catalog-out "$d/products.csv" &&
    "$@" train "$d/orders.csv" --catalog "$d/products.csv" --model "$d/model.safetensors" --threads 2 &&
    "$@" score "$d/orders.csv" --catalog "$d/products.csv" --model "$d/model.safetensors" --threads 2 --top 3 --out "$d/recommendations.csv"
}

echo "== 3. chroot with only the binary and those libraries"
if [[ $(id -u) -ne 0 ]]; then
    echo "  skipped: chroot needs root"
else
    root="$work/root"
    mkdir -p "$root/proc" "$root/data" "$root/tmp"
    cp "$BIN" "$root/whitespot"
    for path in $paths; do mkdir -p "$root$(dirname "$path")"; cp -L "$path" "$root$path"; done
    mount -t proc proc "$root/proc"
    run_demo /data env -i PATH=/ "$(command -v chroot)" "$root" /whitespot >"$work/chroot.log" 2>&1 \
        || { cat "$work/chroot.log" >&2; fail "whitespot failed in the chroot"; }
    umount "$root/proc"
    echo "  generate, train and score ran in a root of $(find "$root" -type f -not -path "$root/data/*" | wc -l) files ($(du -sh --exclude=data "$root" | cut -f1))"
    if [[ -x "$REF" ]]; then
        mkdir -p "$work/ref"
        run_demo "$work/ref" "$REF" >/dev/null 2>&1 || fail "$REF failed on the demo data"
        # A model file records when it was made (created_at and the header checksum over it): the
        # header (its length in the first 8 bytes) without those and its padding, then the tensors.
        undated() {
            local n
            n=$(od -An -tu8 -N8 "$1" | tr -d ' ')
            head -c $((8 + n)) "$1" | tail -c "$n" \
                | LC_ALL=C sed -E 's/"(created_at|created_at_since_2001|header_checksum)":"[^"]*"//g; s/ +$//'
            echo
            tail -c +$((9 + n)) "$1"
        }
        cmp <(undated "$root/data/model.safetensors") <(undated "$work/ref/model.safetensors") \
            || fail "the chroot's model differs from $REF's"
        cmp "$root/data/recommendations.csv" "$work/ref/recommendations.csv" || fail "the chroot's scores differ from $REF's"
        echo "  model and recommendations equal to those of $REF, byte for byte"
    fi
fi

echo "== 4. the demo with env -i (no toolchain on PATH, no LD_LIBRARY_PATH)"
env -i HOME="$work" PATH=/usr/bin:/bin WHITESPOT_BIN="$BIN" DEMO_OUTPUT="$work/demo" scripts/demo.sh >"$work/demo.log" 2>&1 \
    || { tail -n 20 "$work/demo.log" >&2; fail "the demo failed with $BIN"; }
echo "  scripts/demo.sh ran to the end ($(wc -l <"$work/demo/recommendations.csv") lines of recommendations)"
echo "check-release-binary: $BIN is deployable"
