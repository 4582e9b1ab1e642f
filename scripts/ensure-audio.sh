#!/usr/bin/env bash
# Radio bulletins are read aloud by Debian's espeak-ng (Vietnamese voices) and encoded to MP3 and OGG
# by ffmpeg; install them when they are missing.
set -euo pipefail
if command -v espeak-ng >/dev/null && command -v ffmpeg >/dev/null; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "espeak-ng or ffmpeg is missing: run 'sudo apt-get install espeak-ng ffmpeg' first." >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends espeak-ng ffmpeg >/dev/null
