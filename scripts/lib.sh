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

# The Rust toolchain `setup` chose (empty: the default one), and the npm tools on PATH first:
# the npm wasm-opt must win over Debian's binaryen 108, which breaks hydration.
if [ -f "$DATA/toolchain" ]; then
  toolchain=$(cat "$DATA/toolchain")
  [ -n "$toolchain" ] && export RUSTUP_TOOLCHAIN="$toolchain"
fi
export PATH="$ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
