#!/usr/bin/env bash
# Install the system libraries the portal needs (Pango for WeasyPrint) when they are missing.
# As root it runs apt-get; otherwise it prints the exact command and stops.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [[ "${MASP_BROWSER_TESTS:-0}" == "1" ]]; then
  packages+=(chromium poppler-utils)
  # The identity federation tests run a real OpenID provider on Node.js (tests/oidc): Debian's
  # nodejs and npm, unless a Node.js with its npm is already there (NodeSource's nodejs bundles
  # npm and conflicts with Debian's npm package).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
  fi
  # make prod-smoke (and make bench) load the portal with wrk.
  packages+=(wrk)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ "$(id -u)" -ne 0 ]]; then
  echo "Bibliothèques système manquantes. Lancez : sudo apt-get update && sudo $command" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$command >/dev/null
