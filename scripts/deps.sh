#!/usr/bin/env bash
# Installs the Debian 12 packages Breachdrill needs, if any is missing. Uses apt-get as root
# (or through sudo). Nothing is downloaded at build time; nothing is vendored.
#   bash scripts/deps.sh [EXTRA-PACKAGE...]   (scripts/fuzz.sh adds clang and libFuzzer)
set -euo pipefail
PACKAGES=(build-essential cmake ninja-build pkg-config
          libsfml-dev libimgui-dev nlohmann-json3-dev liblua5.4-dev libspdlog-dev catch2 libsqlite3-dev
          libzmq3-dev cppzmq-dev
          libcairo2-dev libpango1.0-dev
          xvfb libgl1-mesa-dri xauth poppler-utils "$@")
# cairo + pango: the report as PDF (interop/report_pdf.cpp). xvfb, mesa, xauth: the app's tests draw a
# real window. poppler-utils: the PDF report's tests read the text back (pdftotext) and count pages.
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "breachdrill: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "breachdrill: run as root or install sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
