#!/usr/bin/env bash
# Papers are signed with an agency's USB token through PKCS#11; the tests drive that path with
# Debian's SoftHSM2 (a token in software) and put a key on it with OpenSC's pkcs11-tool. Install them
# when they are missing.
set -euo pipefail
if command -v softhsm2-util >/dev/null && command -v pkcs11-tool >/dev/null \
  && [ -e /usr/lib/softhsm/libsofthsm2.so ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "SoftHSM2 is missing: run 'sudo apt-get install softhsm2 opensc' first." >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends softhsm2 opensc >/dev/null
