"""PDF from the paper's HTML: A4, page numbers and title in the footer, tagged PDF/UA.

WeasyPrint is given a fetcher that fetches nothing: the HTML embeds what it shows
(data: URIs), and any other address (http, ftp, file...) is refused, so the image is left
out and rendering never waits on the network.
"""

from __future__ import annotations

import calendar
import logging
import os
from datetime import date
from typing import Any

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
        data = HTML(string=html, url_fetcher=_offline_fetcher()).write_pdf(pdf_variant="pdf/ua-1")
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return bytes(data or b"")


def refuse_unless_inline(url: str) -> None:
    """Return when `url` is a data: URI (no fetching involved); raise ValueError otherwise."""
    if not url.lower().startswith("data:"):
        raise ValueError(f"papers never fetch anything: {url[:80]} is left out")


def _offline_fetcher() -> Any:
    """Return a WeasyPrint URL fetcher that serves data: URIs and refuses every other URL."""
    from weasyprint import urls

    base = getattr(urls, "URLFetcher", None)
    if base is None:  # WeasyPrint before the URLFetcher class: a plain function
        default = urls.default_url_fetcher

        def fetch(url: str) -> Any:
            refuse_unless_inline(url)
            return default(url)

        return fetch

    class OfflineFetcher(base):  # type: ignore[misc, valid-type]
        def fetch(self, url: str, headers: Any = None) -> Any:
            refuse_unless_inline(url)
            return super().fetch(url, headers)

    return OfflineFetcher(allowed_protocols=("data",), allow_redirects=False)
