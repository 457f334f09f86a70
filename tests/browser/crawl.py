"""The page-crawling browser tests' walk: every page of the site reachable by links."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from playwright.sync_api import Page

from tests.browser.conftest import LiveApp

#: Paths not to follow: leaving, switching language, static files and downloads.
SKIP = re.compile(r"^/(logout|language/|static/)|\.(pdf|csv|xlsx|json)$")


def crawl(page: Page, live: LiveApp, start: Iterable[str], most: int) -> Iterator[str]:
    """Open each HTML page reachable by links from `start` (once per shape of its path:
    `/lots/3` stands for every lot; at most `most` pages) and yield its path while `page`
    shows it."""
    queue, shapes, visited = list(start), set[str](), 0
    while queue and visited < most:
        path = queue.pop(0)
        shape = re.sub(r"\d+", "N", path)
        if shape in shapes or SKIP.search(path):
            continue
        shapes.add(shape)
        answer = page.request.get(live.url + path)
        if not answer.ok or not answer.headers["content-type"].startswith("text/html"):
            continue
        page.goto(live.url + path)
        visited += 1
        yield path
        queue += _links(page, live)


def _links(page: Page, live: LiveApp) -> list[str]:
    """The site's own paths the page links to (query and fragment dropped)."""
    here = urlsplit(live.url).netloc
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs if urlsplit(href).netloc == here]
