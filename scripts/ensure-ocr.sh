#!/usr/bin/env bash
# Scanned papers and photos are read with Debian's Tesseract and its Vietnamese data (marker `ocr`
# in the tests, and uploads of .jpg/.png or PDFs without a text layer in the product); install them
# when they are missing. Old Word files (.doc) go through LibreOffice, which scripts/ensure-office.sh
# installs.
set -euo pipefail
if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "Tesseract is missing: run 'sudo apt-get install tesseract-ocr tesseract-ocr-vie' first." >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  tesseract-ocr tesseract-ocr-vie >/dev/null
