"""Listings: lots (aanbod) and requests (vraag) — post, show, edit, withdraw — the market's
front page and browsing with filters and a map. Pages `/`, `/listings…`, `/lots…`,
`/requests…`; API `/lots…`, `/requests…`."""
