#!/usr/bin/env bash
# Quick start: installs the host packages Workbench needs, builds it, makes ./wb, and runs the
# server on the embedded defaults (SQLite in ./.data, the local driver).
#   WB_URLS (default http://127.0.0.1:8080) and WB_DATA_DIR (default ./.data) change where.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/host-packages.sh
ensure_packages "${RUNTIME_PACKAGES[@]}"

echo "Building Workbench ..."
dotnet build Workbench.slnx -c Release --nologo -v quiet -clp:ErrorsOnly

# ./wb runs the CLI built above; copy or link it onto your PATH if you like.
cat > wb <<WRAPPER
#!/bin/sh
exec dotnet "$PWD/src/Workbench.Cli/bin/Release/net10.0/wb.dll" "\$@"
WRAPPER
chmod +x wb

urls="${WB_URLS:-http://127.0.0.1:8080}"
data="${WB_DATA_DIR:-$PWD/.data}"
echo "CLI: ./wb   Data: $data   Stop the server with Ctrl+C (instances keep running and are re-adopted at the next start)."
exec dotnet src/Workbench.Server/bin/Release/net10.0/Workbench.Server.dll --urls "$urls" --data-dir "$data"
