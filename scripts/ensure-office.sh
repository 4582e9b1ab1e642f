#!/usr/bin/env bash
# The paper tests (marker `office`) convert .docx to PDF with Debian's LibreOffice and read PDFs with
# poppler's pdftotext; install them when they are missing, with Liberation 2 (metric-compatible with
# Times New Roman, and unlike Liberation 1 it has every Vietnamese letter, so no glyph falls back).
set -euo pipefail
if command -v soffice >/dev/null && command -v pdftotext >/dev/null \
  && [ -d /usr/share/fonts/truetype/liberation2 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "LibreOffice is missing: run 'sudo apt-get install libreoffice-writer-nogui poppler-utils fonts-liberation2' first." >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  libreoffice-writer-nogui poppler-utils fonts-liberation2 >/dev/null
