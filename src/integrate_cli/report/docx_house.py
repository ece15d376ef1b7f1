"""Open the document a paper is written into: python-docx's own, or a council's house style.

A house style may be a document (.docx) or a Word template (.dotx): a template is opened
as the document Word would make from it. A macro-enabled file (.docm, .dotm) is refused,
as a paper must not carry the house's macros. The house's body is cleared; its styles,
page, header and footer stay (house_style.py has already checked the file's size).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from integrate_cli.errors import InputError

_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml."
_DOCUMENT = _MAIN + b"document.main+xml"
_TEMPLATE = _MAIN + b"template.main+xml"
_MACROS = (b"ms-word.document.macroEnabled", b"ms-word.template.macroEnabled")


def open_document(style: str | None) -> Any:
    """Return a python-docx Document: a new one, or the house style's with its body cleared."""
    try:
        import docx
    except ImportError as exc:
        raise InputError(
            f"Word output needs the papers extra: pip install 'integrate-cli[papers]' ({exc})"
        ) from None
    if not style:
        return docx.Document()
    try:
        with open(style, "rb") as handle:
            data = handle.read()
        types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise InputError(f"--style {style}: not a Word .docx file ({exc})") from None
    if any(kind in types for kind in _MACROS):
        raise InputError(
            f"--style {style}: holds macros (.docm or .dotm); save the house style "
            "as a Word document (.docx) or template (.dotx)"
        )
    if _TEMPLATE in types:
        data = _as_document(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a bad file
        raise InputError(f"--style {style}: not a Word .docx file ({exc})") from None
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return document


def _as_document(data: bytes) -> bytes:
    """Return a .dotx's bytes with its main part typed as a document, as Word's File New."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(_TEMPLATE, _DOCUMENT)
            target.writestr(info, content)
    return out.getvalue()
