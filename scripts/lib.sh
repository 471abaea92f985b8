# Shared by the scripts: paths, the toolchain chosen by `setup`, and small helpers.
# shellcheck shell=bash
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA="$ROOT/.data"
mkdir -p "$DATA"

# Pinned tools (wasm-bindgen-cli follows Cargo.lock, see setup).
CARGO_LEPTOS_VERSION=0.3.11

step() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
# Fails when a server process of the cluster in folder `$1` panicked (its logs, this run's): a
# panic answers with an error page or a cut stream that a test may not notice.
no_panics_in() {
  if grep -q "panicked at" "$1"/server-*.log; then
    grep -B2 -A8 "panicked at" "$1"/server-*.log | head -n 60
    die "the server processes panicked (logs in ${1#"$ROOT/"})"
  fi
}

# The Rust toolchain `setup` chose (empty: the default one), and the npm tools on PATH first:
# the npm wasm-opt must win over Debian's binaryen 108, which breaks hydration.
if [ -f "$DATA/toolchain" ]; then
  toolchain=$(cat "$DATA/toolchain")
  [ -n "$toolchain" ] && export RUSTUP_TOOLCHAIN="$toolchain"
fi
export PATH="$ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
