#!/usr/bin/env bash
# Builds the browser version of BioDental into dist/: the page, the game's
# JavaScript and WebAssembly, and the assets and levels it loads over HTTP.
# dist/ is self-contained: any static web server can serve it.
#
#   web/build.sh                 build dist/
#   web/build.sh --serve         build, then serve it on http://127.0.0.1:8000/
#   web/build.sh --serve --port 9000
#   web/build.sh --stack         measure the engine without the game again
#                                (benches/web_stack.rs) into web/stack-size.txt
#
# It fails when the game's .wasm misses its budget (after wasm-opt: at most
# 13 MiB raw and 4.5 MiB gzipped, and at most 0.6 MiB gzipped more than the
# engine without the game) and prints the sizes raw, gzipped and, when
# Debian's brotli is there, with brotli -q 11.
#
# Needs Rust (rustup), python3 and, when they are missing, installs the
# wasm32 target (rustup), wasm-bindgen-cli at the version in Cargo.lock
# (crates.io) and, through npm, wasm-opt (binaryen) if the system has none
# recent enough.
set -euo pipefail
cd "$(dirname "$0")/.."

serve=false
stack=false
port=8000
while [ $# -gt 0 ]; do
    case "$1" in
        --serve) serve=true ;;
        --stack) stack=true ;;
        --port)
            [ $# -ge 2 ] || { echo "build.sh: --port needs a number" >&2; exit 2; }
            port="$2"
            shift
            ;;
        -h | --help)
            sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
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
# Prints a file's size raw, gzipped and with brotli; keeps them in raw, gz, br.
report() {
    raw=$(size "$2")
    gz=$(gz_size "$2")
    local line="$1: $(mib "$raw") raw, $(mib "$gz") gzipped"
    if command -v brotli >/dev/null 2>&1; then
        br=$(brotli -q 11 -c "$2" | wc -c | tr -d ' ')
        line="$line, $(mib "$br") with brotli"
    else
        line="$line (no brotli here: Debian's package brotli)"
    fi
    say "$line"
}

# The budget of the game's .wasm after wasm-opt, in bytes: what Bevy 0.19 with
# bevy_ecs_ldtk and bevy_kira_audio allows (the engine alone is about 11.1 MiB
# raw and 3.9 MiB gzipped), and what the game may add to the engine, gzipped.
budget_raw=$((13 * 1048576))
budget_gz=$((45 * 1048576 / 10))
budget_game_gz=$((6 * 1048576 / 10))
# The engine without the game, as web/build.sh --stack last measured it.
stack_file=web/stack-size.txt

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

# wasm-bindgen, then wasm-opt: $1, the compiled .wasm, into the folder $2 as
# $3.js and $3_bg.wasm. Prints the sizes before and after.
bindgen_and_optimise() {
    local started out="$2/$3_bg.wasm"
    "$wasm_bindgen" --target web --no-typescript --out-dir "$2" --out-name "$3" "$1"
    report "$3: wasm before wasm-opt" "$out"
    # Rust's wasm32 target emits these proposals by default; wasm-opt must
    # accept them to validate the module.
    say "optimising $3 with wasm-opt"
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
    report "$3: wasm after wasm-opt" "$out"
}

# The versions of the engine's crates in Cargo.lock, on one line.
stack_versions() {
    awk '/^name = "(bevy|bevy_ecs_ldtk|bevy_kira_audio)"$/ { n = $3; getline; printf "%s %s ", n, $3 }' Cargo.lock |
        tr -d '"' | sed 's/ $//'
}
# What the engine's size depends on, hashed: those versions, Bevy's features
# and the optimisation profiles (Cargo.toml), the plugins (src/engine.rs),
# the program, rustc and wasm-opt.
stack_key() {
    {
        stack_versions
        awk '/^bevy = \{/ { p = 1 } p { print } p && /\}$/ { p = 0 }' Cargo.toml
        awk '/^\[profile\.(release|web-release)\]/ { p = 1 } /^$/ { p = 0 } p { print }' Cargo.toml
        cat src/engine.rs benches/web_stack.rs
        rustc -V
        "$wasm_opt" --version
    } | sha256sum | cut -c1-16
}

if $stack; then
    say "building the engine without the game (benches/web_stack.rs, profile web-release)"
    started=$(date +%s)
    stack_wasm=$(cargo build --profile web-release --target wasm32-unknown-unknown --bench web_stack \
        --message-format=json-render-diagnostics |
        python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "web_stack":
        print(*[f for f in m["filenames"] if f.endswith(".wasm")])')
    say "compiled in $(($(date +%s) - started)) s"
    stack_dir="$target_dir/web-stack"
    rm -rf "$stack_dir"
    mkdir -p "$stack_dir"
    bindgen_and_optimise "$stack_wasm" "$stack_dir" web_stack
    {
        echo "# The engine without the game (benches/web_stack.rs) after wasm-opt, in bytes:"
        echo "# written by web/build.sh --stack. The game's budget is measured against it;"
        echo "# the key hashes what the size depends on (see stack_key in web/build.sh)."
        echo "versions $(stack_versions)"
        echo "key $(stack_key)"
        echo "raw $raw"
        echo "gz $gz"
        [ -z "${br:-}" ] || echo "br $br"
    } >"$stack_file"
    say "wrote $stack_file"
fi

say "building the game (profile web-release; the first build takes a while)"
started=$(date +%s)
cargo build --profile web-release --target wasm32-unknown-unknown --bin biodental
say "compiled in $(($(date +%s) - started)) s"

rm -rf dist
mkdir -p dist
br=""
bindgen_and_optimise "$wasm" dist biodental

# The budget.
over=()
[ "$raw" -le "$budget_raw" ] || over+=("$(mib "$raw") raw is over $(mib "$budget_raw")")
[ "$gz" -le "$budget_gz" ] || over+=("$(mib "$gz") gzipped is over $(mib "$budget_gz")")
stack_read() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$stack_file"; }
if [ ! -f "$stack_file" ]; then
    over+=("$stack_file is missing: measure the engine with web/build.sh --stack")
elif [ "$(stack_read versions)" != "$(stack_versions)" ]; then
    over+=("$stack_file measured $(stack_read versions), Cargo.lock has $(stack_versions): measure again with web/build.sh --stack")
elif [ "$(stack_read key)" != "$(stack_key)" ]; then
    over+=("$stack_file was measured with other Bevy features, plugins (src/engine.rs), rustc or wasm-opt: measure again with web/build.sh --stack")
else
    stack_gz=$(stack_read gz)
    added=$((gz - stack_gz))
    line="the game adds $(mib "$added") gzipped to the engine ($(mib "$stack_gz")"
    stack_br=$(stack_read br)
    if [ -n "$stack_br" ] && [ -n "$br" ]; then
        line="$line; $(mib $((br - stack_br))) with brotli"
    fi
    say "$line)"
    [ "$added" -le "$budget_game_gz" ] ||
        over+=("the game adds $(mib "$added") gzipped to the engine, over $(mib "$budget_game_gz")")
fi

# --- the page, assets and levels ---------------------------------------------

cp web/index.html dist/
# Everything the game loads at run time (as in the desktop packages).
source release/game-files.sh
copy_game_files dist
# The game's licences, and the notices of the crates built into it.
cp LICENSE-MIT LICENSE-APACHE dist/
python3 release/notices.py wasm32-unknown-unknown >dist/THIRD-PARTY.txt
say "dist/ holds $(du -sh dist | cut -f1) in $(find dist -type f | wc -l | tr -d ' ') files"

budget="at most $(mib "$budget_raw") raw, $(mib "$budget_gz") gzipped, the game $(mib "$budget_game_gz") gzipped over the engine"
if [ ${#over[@]} -gt 0 ]; then
    for o in "${over[@]}"; do echo "web/build.sh: size budget missed: $o" >&2; done
    echo "web/build.sh: budget: $budget" >&2
    exit 1
fi
say "size budget ($budget): met"

if $serve; then
    say "serving dist/ on http://127.0.0.1:$port/ (Ctrl-C stops it)"
    exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
fi
