"""Images in a paper come only from the playbook's own folder, embedded; nothing is fetched.

An image written in a paper's Markdown (`![Org chart](charts/org.png)`) is embedded in the
HTML and PDF as a data: URI when its path, relative to the playbook, stays inside the
playbook's folder and names a regular image file of bounded size. Anything else (a web
address, an absolute path, `../`, a link out of the folder, a file too large) is not
embedded: a web address becomes a plain link, the rest its alt text.
"""

from __future__ import annotations

import base64
import os
import re
import stat
from pathlib import Path
from urllib.parse import unquote

MAX_IMAGE_BYTES = 5 * 1024 * 1024  # one image file
MAX_IMAGES_BYTES = 20 * 1024 * 1024  # every image of one paper together
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Images:
    """The images one paper may embed: files inside `folder`, within the size budget."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder.resolve() if folder is not None else None
        self.budget = MAX_IMAGES_BYTES

    def data_uri(self, src: str) -> str | None:
        """Return the image at relative path `src` as a data: URI, or None when it may not be."""
        path = unquote(src).split("#")[0].split("?")[0]
        if self.folder is None or not path or _SCHEME.match(path):
            return None
        if path.startswith(("/", "\\")) or os.path.isabs(path):
            return None
        mime = IMAGE_TYPES.get(Path(path).suffix.lower())
        target = (self.folder / path).resolve()
        if mime is None or not target.is_relative_to(self.folder):
            return None
        data = _read_image(target, min(MAX_IMAGE_BYTES, self.budget))
        if data is None:
            return None
        self.budget -= len(data)
        return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def is_web_address(src: str) -> bool:
    """Return whether `src` is an http(s) address (shown as a link, never fetched)."""
    return src.lower().startswith(("http://", "https://"))


def _read_image(path: Path, limit: int) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        try:
            data = handle.read(limit + 1)
        except OSError:
            return None
    return data if len(data) <= limit else None
