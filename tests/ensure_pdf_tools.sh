#!/usr/bin/env bash
# Make sure poppler's pdftotext, pdfinfo and pdftoppm are there: the paper tests read the PDFs
# the market writes (text, word boxes, page count) with them. Installs poppler-utils with
# apt-get where missing; never fails silently.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
  echo "[pdf-tools] installing poppler-utils with apt-get"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq poppler-utils >/dev/null
fi
pdftotext -v >/dev/null 2>&1 || { echo "[pdf-tools] pdftotext does not run" >&2; exit 1; }
