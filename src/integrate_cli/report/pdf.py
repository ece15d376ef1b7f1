"""PDF from the paper's HTML: A4, page numbers and title in the footer, tagged PDF/UA."""

from __future__ import annotations

import calendar
import logging
import os
from datetime import date

from integrate_cli.errors import InputError


def to_pdf(html: str, day: date) -> bytes:
    """Return the HTML as an accessible (PDF/UA-1) A4 PDF; the same input, the same bytes.

    Font subsets carry a timestamp, which fontTools takes from SOURCE_DATE_EPOCH: it is
    set to the paper's day while the PDF is written.
    """
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
    # Font tables hold an unsigned time since 1904 (and SOURCE_DATE_EPOCH counts from
    # 1970): a paper dated before 1970 (`--as-of 0001-01-01`) is stamped 1 January 1970.
    epoch = str(max(0, calendar.timegm(day.timetuple())))
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        data = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return bytes(data or b"")
