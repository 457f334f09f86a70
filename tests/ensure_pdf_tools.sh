#!/usr/bin/env bash
# Make sure the PDF tools are there. Poppler's pdftotext, pdfinfo and pdftoppm: the paper
# tests read the PDFs the market writes (text, word boxes, page count) with them.
# HarfBuzz-Subset: WeasyPrint subsets the fonts it embeds with it, and warns on import
# without it (a DeprecationWarning, which the suite treats as an error). Noto Color Emoji:
# fontconfig falls back to it for a glyph DejaVu Sans lacks, so a farm name with an emoji
# prints it on the papers, not an empty box (naming it in the papers' CSS would make every
# line as tall as its emoji). Installs the
# missing Debian packages with apt-get; never fails silently.
set -euo pipefail
# `grep >/dev/null`, never `grep -q`, after a long listing: -q stops reading at the first
# match, the lister dies of SIGPIPE while still writing, and pipefail fails the check of a
# library that is there (seen once in CI on `ldconfig -p`).

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
missing=()
if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
  missing+=(poppler-utils)
fi
if ! /sbin/ldconfig -p | grep 'libharfbuzz-subset\.so\.0' >/dev/null; then
  missing+=(libharfbuzz-subset0)
fi
if ! fc-list | grep 'Noto Color Emoji' >/dev/null; then
  missing+=(fonts-noto-color-emoji)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "[pdf-tools] installing ${missing[*]} with apt-get"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi
pdftotext -v >/dev/null 2>&1 || { echo "[pdf-tools] pdftotext does not run" >&2; exit 1; }
/sbin/ldconfig -p | grep 'libharfbuzz-subset\.so\.0' >/dev/null \
  || { echo "[pdf-tools] libharfbuzz-subset.so.0 is not there" >&2; exit 1; }
fc-list | grep 'Noto Color Emoji' >/dev/null \
  || { echo "[pdf-tools] the font Noto Color Emoji is not there" >&2; exit 1; }
