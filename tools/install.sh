#!/usr/bin/env bash
# Installs ec-sim, ec-gateway and ec-provision as .NET tools from this checkout:
#   bash tools/install.sh                 # global tools in ~/.dotnet/tools
#   bash tools/install.sh --tool-path DIR # into DIR instead (nothing global is touched)
# Each run packs a fresh version (0.1.0-local.<unix time>) into a local folder, so the NuGet
# cache can never hand back an older build of the same version.
set -euo pipefail
cd "$(dirname "$0")/.."

scope=(--global)
if [ "${1:-}" = "--tool-path" ]; then
  scope=(--tool-path "$2")
fi

feed="${EC_TOOL_FEED:-$PWD/.tools-feed}"
version="0.1.0-local.$(date +%s)"
mkdir -p "$feed"
for project in Simulator Gateway Provision; do
  dotnet pack "tools/EdgeController.$project/EdgeController.$project.csproj" -c Release -o "$feed" \
    -p:Version="$version" -v q -nologo >&2
done
for tool in ec-sim ec-gateway ec-provision; do
  # update installs a tool that is missing and replaces one that is there.
  dotnet tool update "${scope[@]}" --add-source "$feed" --version "$version" "$tool" >&2
done
if [ "${scope[0]}" = "--global" ] && ! command -v ec-gateway >/dev/null 2>&1; then
  echo "add ~/.dotnet/tools to PATH: export PATH=\"\$PATH:\$HOME/.dotnet/tools\"" >&2
fi
echo "installed ec-sim, ec-gateway, ec-provision $version"
