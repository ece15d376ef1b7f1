"""PDF from the paper's HTML: A4, page numbers and title in the footer, tagged PDF/UA."""

from __future__ import annotations

import logging

from integrate_cli.errors import InputError


def to_pdf(html: str) -> bytes:
    """Return the HTML as an accessible (PDF/UA-1) A4 PDF with fixed metadata dates."""
    try:
        from weasyprint import HTML
    except ImportError as exc:
        raise InputError(
            f"PDF output needs the papers extra: pip install 'integrate-cli[papers]' ({exc})"
        ) from None
    except OSError as exc:  # the Pango system libraries are missing
        raise InputError(
            f"PDF output needs Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0): {exc}"
        ) from None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    data = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return bytes(data or b"")
