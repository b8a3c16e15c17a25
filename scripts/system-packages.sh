#!/usr/bin/env bash
# Installs the Debian packages the kiosk needs (run) or its tests need (test), when missing.
# Needs root for apt-get; as another user it only says what is missing.
set -euo pipefail
# pyscard builds against PC/SC; CJK font for receipt previews; librime with luna pinyin and
# zinnia with Tegaki's simplified-Chinese model for the on-screen keyboard's Chinese input
run_pkgs=(libpcsclite-dev swig pcscd fonts-noto-cjk
          librime1 rime-prelude rime-essay rime-data-luna-pinyin libzinnia0 tegaki-zinnia-simplified-chinese)
test_pkgs=(vsmartcard-vpcd chromium tesseract-ocr tesseract-ocr-chi-sim
           fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-uming fonts-arphic-ukai fonts-ocr-b fonts-liberation)   # second corpus (ocr.synth2)
case "${1:-run}" in
  run) wanted=("${run_pkgs[@]}") ;;
  test) wanted=("${run_pkgs[@]}" "${test_pkgs[@]}") ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages (install them as root): ${missing[*]}" >&2
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
