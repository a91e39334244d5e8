#!/usr/bin/env bash
# Install everything the tests need, then run ruff and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || need_apt+=(fonts-noto-cjk)  # Chinese in charts and screenshots
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
# legacy Word/WPS (.doc, .wps) and the format fixtures: LibreOffice, headless
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui libreoffice-calc-nogui)
# OCR of scanned PDFs (tesseract-ocr brings the Latin model too, which reads numbers in cells)
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || need_apt+=(tesseract-ocr-chi-sim)
if ((${#need_apt[@]})); then
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
python3 -m kg neo4j install
ruff check kg tests bench scripts
mypy          # strict, on kg/ (pyproject.toml)
lint-imports  # no stage imports a later one (pyproject.toml)
# pytest exits 5 when it collects no test; with `set -e` that fails the run as it should
# the browser tests must run here, not skip
GOVKG_REQUIRE_CHROMIUM=1 python3 -m pytest -q -p no:cacheprovider "$@"
