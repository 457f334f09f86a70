"""HTML pages as PDF (WeasyPrint): the declaration of origin and the yearly overview.

WeasyPrint takes about two seconds to import, so it is imported on the first paper, not
when the app starts. The paper templates carry their own print stylesheet (`@page` with a
font for the margin text); a PDF is never shown in the browser's page, so the site's CSP
does not apply to it.
"""

from __future__ import annotations

from flask import Response, render_template


def render_pdf(template: str, filename: str, **context: object) -> Response:
    """The rendered template as an inline PDF download named `filename`."""
    from weasyprint import HTML

    html = render_template(template, **context)
    body = HTML(string=html).write_pdf()
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
