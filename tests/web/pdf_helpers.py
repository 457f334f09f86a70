"""Reading the market's PDFs as an inspector would: their text, their pages, where each word
sits, and a picture of each page.

poppler's `pdftotext`, `pdfinfo` and `pdftoppm` do the reading (`tests/ensure_pdf_tools.sh`
installs them); a missing tool fails the test rather than skipping it. Pictures go to
`/tmp/papers/` (`PAPERS_DIR`) so a person can look at what the tests saw.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

PAPERS_DIR = Path("/tmp/papers")
#: A4 in PostScript points, and the least right/bottom margin a word must keep (5 mm).
A4_PT = (595.28, 841.89)
EDGE_PT = 14.0


def _run(*command: str, data: bytes) -> str:
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode()


def pdf_text(data: bytes) -> str:
    """The PDF's text in reading order (`pdftotext`)."""
    return _run("pdftotext", "-", "-", data=data)


def page_count(data: bytes) -> int:
    info = _run("pdfinfo", "-", data=data)
    match = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    assert match is not None, info
    return int(match.group(1))


def squeezed(text: str) -> str:
    """`text` without white space and hyphens: a value wrapped over lines still reads as one
    (pdftotext joins a word broken after a hyphen and drops that hyphen)."""
    return re.sub(r"[\s\-]+", "", text)


def missing(data: bytes, *values: str) -> list[str]:
    """The values whose text is not in the PDF, whole (line breaks aside)."""
    text = squeezed(pdf_text(data))
    return [value for value in values if squeezed(value) not in text]


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x_max: float
    y_max: float
    width: float
    height: float


class _Boxes(HTMLParser):
    """`pdftotext -bbox` writes XHTML: a <page width height> per page, a <word> per word."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[Word] = []
        self.page = (0, 0.0, 0.0)
        self._box: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "page":
            self.page = (self.page[0] + 1, float(values["width"]), float(values["height"]))
        elif tag == "word":
            self._box = values

    def handle_data(self, data: str) -> None:
        if self._box is not None:
            number, width, height = self.page
            box = self._box
            self.words.append(
                Word(number, data, float(box["xmax"]), float(box["ymax"]), width, height)
            )
            self._box = None


def words(data: bytes) -> list[Word]:
    parser = _Boxes()
    parser.feed(_run("pdftotext", "-bbox", "-", "-", data=data))
    return parser.words


def outside_the_page(data: bytes) -> list[Word]:
    """Words that run into the right or bottom edge of an A4 page, or off it (cut off)."""
    found = words(data)
    assert found, "the PDF has no text"
    for word in found:
        assert (round(word.width, 1), round(word.height, 1)) == (
            round(A4_PT[0], 1),
            round(A4_PT[1], 1),
        ), word
    return [w for w in found if w.x_max > w.width - EDGE_PT or w.y_max > w.height - EDGE_PT]


def render_pages(data: bytes, name: str) -> list[Path]:
    """Each page as a PNG at 60 dpi under `PAPERS_DIR` (`<name>-1.png`, ...)."""
    PAPERS_DIR.mkdir(parents=True, exist_ok=True)
    for old in PAPERS_DIR.glob(f"{name}-*.png"):
        old.unlink()
    pdf = PAPERS_DIR / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(PAPERS_DIR / name)], check=True)
    return sorted(PAPERS_DIR.glob(f"{name}-*.png"))
