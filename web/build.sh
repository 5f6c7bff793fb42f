#!/usr/bin/env bash
# Builds the browser version of BioDental into dist/: the page, the game's
# JavaScript and WebAssembly, and the assets and levels it loads over HTTP.
# dist/ is self-contained: any static web server can serve it.
#
#   web/build.sh                 build dist/
#   web/build.sh --serve         build, then serve it on http://127.0.0.1:8000/
#   web/build.sh --serve --port 9000
#
# Needs Rust (rustup), python3 and, when they are missing, installs the
# wasm32 target (rustup), wasm-bindgen-cli at the version in Cargo.lock
# (crates.io) and, through npm, wasm-opt (binaryen) if the system has none
# recent enough.
set -euo pipefail
cd "$(dirname "$0")/.."

serve=false
port=8000
while [ $# -gt 0 ]; do
    case "$1" in
        --serve) serve=true ;;
        --port)
            [ $# -ge 2 ] || { echo "build.sh: --port needs a number" >&2; exit 2; }
            port="$2"
            shift
            ;;
        -h | --help)
            sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) echo "build.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

say() { echo "web: $*"; }
size() { wc -c <"$1" | tr -d ' '; }
gz_size() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
# Prints a file's size raw and gzipped, and keeps both for check_target.
report() {
    raw=$(size "$2")
    gz=$(gz_size "$2")
    say "$1: $(mib "$raw") raw, $(mib "$gz") gzipped"
}

# What the game aims for in the browser, after wasm-opt (MiB).
target_raw=12
target_gz=4
# Whether the sizes the last report printed meet the target.
check_target() {
    if [ "$raw" -le $((target_raw * 1048576)) ] && [ "$gz" -le $((target_gz * 1048576)) ]; then
        say "size target (at most $target_raw MiB raw, $target_gz MiB gzipped): met"
    else
        say "size target (at most $target_raw MiB raw, $target_gz MiB gzipped): not met"
    fi
}

# --- tools -------------------------------------------------------------------

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

# The command-line tool must be exactly the version of the wasm-bindgen crate.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[ -n "$bindgen_version" ] || { echo "build.sh: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
# Where `cargo install` puts it (it need not be on PATH).
install_root=${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}
bindgen_at() { [ -x "$1" ] && [ "$("$1" --version 2>/dev/null | awk '{ print $2 }')" = "$bindgen_version" ]; }
wasm_bindgen=$(command -v wasm-bindgen || true)
if ! { [ -n "$wasm_bindgen" ] && bindgen_at "$wasm_bindgen"; }; then
    wasm_bindgen="$install_root/bin/wasm-bindgen"
fi
if ! bindgen_at "$wasm_bindgen"; then
    say "installing wasm-bindgen-cli $bindgen_version (from crates.io, a few minutes)"
    # The tool's own lock file first; when the registry no longer resolves
    # it (a yanked dependency), the newest compatible dependencies instead.
    if ! cargo install --locked wasm-bindgen-cli --version "$bindgen_version"; then
        say "the locked install of wasm-bindgen-cli failed: installing it unlocked"
        cargo install wasm-bindgen-cli --version "$bindgen_version"
    fi
    bindgen_at "$wasm_bindgen" || {
        echo "build.sh: wasm-bindgen $bindgen_version is not at $wasm_bindgen after installing it" >&2
        exit 1
    }
fi

# wasm-opt from binaryen 108 (Debian 12's) breaks wasm-bindgen's table of
# JavaScript values; 132 is known to work. An older one on the system is
# left alone and the npm registry's binaryen used instead, in web/.tools.
binaryen_version=132
wasm_opt=$(command -v wasm-opt || true)
if [ -n "$wasm_opt" ] && [ "$("$wasm_opt" --version | awk '{ print $3 }')" -lt "$binaryen_version" ]; then
    wasm_opt=""
fi
if [ -z "$wasm_opt" ]; then
    wasm_opt="$PWD/web/.tools/node_modules/.bin/wasm-opt"
    if [ ! -x "$wasm_opt" ] || [ "$("$wasm_opt" --version | awk '{ print $3 }')" -lt "$binaryen_version" ]; then
        command -v npm >/dev/null 2>&1 || {
            echo "build.sh: needs wasm-opt $binaryen_version or newer (binaryen), or npm to install it" >&2
            exit 1
        }
        say "installing wasm-opt (binaryen $binaryen_version, from npm) into web/.tools"
        npm install --silent --no-save --prefix web/.tools "binaryen@$binaryen_version"
    fi
fi

# --- the game ----------------------------------------------------------------

target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
wasm="$target_dir/wasm32-unknown-unknown/web-release/biodental.wasm"

# Panic messages name their source files: dependencies as crates/<name>-<version>/...,
# without the folders the registry keeps them in on this machine (over a
# thousand such paths are in the game). The later, longer prefixes win.
cargo fetch --target wasm32-unknown-unknown --quiet
cargo_home=${CARGO_HOME:-$HOME/.cargo}
remap="--remap-path-prefix=$cargo_home=cargo"
for registry in "$cargo_home"/registry/src/*/; do
    remap="$remap --remap-path-prefix=${registry%/}=crates"
done
export RUSTFLAGS="${RUSTFLAGS:-} $remap"

say "building the game (profile web-release; the first build takes a while)"
started=$(date +%s)
cargo build --profile web-release --target wasm32-unknown-unknown --bin biodental
say "compiled in $(($(date +%s) - started)) s"

rm -rf dist
mkdir -p dist
"$wasm_bindgen" --target web --no-typescript --out-dir dist --out-name biodental "$wasm"
out=dist/biodental_bg.wasm
report "wasm before wasm-opt" "$out"

# Rust's wasm32 target emits these proposals by default; wasm-opt must
# accept them to validate the module.
say "optimising with wasm-opt"
started=$(date +%s)
"$wasm_opt" -Oz \
    --enable-bulk-memory \
    --enable-nontrapping-float-to-int \
    --enable-sign-ext \
    --enable-mutable-globals \
    --enable-reference-types \
    --enable-multivalue \
    -o "$out.opt" "$out"
mv "$out.opt" "$out"
say "wasm-opt took $(($(date +%s) - started)) s"
report "wasm after wasm-opt" "$out"
check_target

# --- the page, assets and levels ---------------------------------------------

cp web/index.html dist/
# Everything the game loads at run time: the font is built into the game,
# the screenshots and the READMEs are for people reading the repository, and
# the LDtk editor's backups for designers.
tar -c --exclude=screenshots --exclude=fonts --exclude=README.md assets | tar -x -C dist
tar -c --exclude=schema --exclude=backups --exclude=README.md levels | tar -x -C dist
say "dist/ holds $(du -sh dist | cut -f1) in $(find dist -type f | wc -l | tr -d ' ') files"

if $serve; then
    say "serving dist/ on http://127.0.0.1:$port/ (Ctrl-C stops it)"
    exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
fi
