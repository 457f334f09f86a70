"""The shared plumbing of the web app: the app factory, database sessions, i18n and labels,
the schema machinery, log-in and permissions, rate limits, mail, the task producer, the clock,
PDFs, maps, exports and the JSON API's plumbing (`api/`). No feature lives here."""
