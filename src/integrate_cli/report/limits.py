"""The bounds every paper render runs within: time, memory, text size, depth.

A template is a small program written by whoever can edit a playbook repository, so it
gets the budget of a paper, not of a computer. The numbers are documented in
docs/templates.md; each message says what was asked for and the limit.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

TIME_LIMIT_SECONDS = 10.0  # a built-in paper renders in well under a second
MAX_TEXT = 16 * 1024 * 1024  # characters: the paper, and any text a template builds; a
# 5 MB playbook (the read limit) printed three times over still fits
MAX_ITEMS = 100_000  # items in one list a template builds (Jinja's own range limit)
MAX_DIGITS = 4_300  # digits of a number (Python prints no more by default)
MAX_DEPTH = 64  # macro calls inside macro calls (recursion)
MEMORY_HEADROOM = 1024 * 1024 * 1024  # bytes of address space a render may add
MAX_TEMPLATE_BYTES = 1024 * 1024  # a template file


class TemplateLimit(Exception):
    """A template asked for more than a paper may use; the message says what and the limit."""


class Deadline:
    """The wall-clock end of a render, checked by the sandbox at every call and loop step."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False  # once over time, the alarm stays quiet while Jinja unwinds

    def check(self) -> None:
        """Return when time is left; raise TemplateLimit when the render is over time."""
        if time.monotonic() > self.end:
            self.expired = True
            raise TemplateLimit(over_time(self.seconds))


def over_time(seconds: float) -> str:
    """Return the message for a render that ran out of time."""
    return f"rendering did not finish in time (limit {seconds:g} s)"


@contextlib.contextmanager
def bounded(deadline: Deadline) -> Iterator[None]:
    """Run the block with a hard time limit and a memory limit where the platform allows.

    Time: SIGALRM (main thread only, and only when no other interval timer is set), which
    interrupts even a loop that calls nothing; elsewhere only the sandbox's own checks of
    `deadline` stop a render. Memory: the address-space limit is lowered to what the
    process uses now plus MEMORY_HEADROOM, only in a single-threaded process on a platform
    with RLIMIT_AS. Both are restored when the block ends.
    """
    with _alarm(deadline), _memory_cap():
        yield


@contextlib.contextmanager
def _alarm(deadline: Deadline) -> Iterator[None]:
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        if not deadline.expired:
            deadline.expired = True
            raise TemplateLimit(over_time(deadline.seconds))

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(0.001, deadline.end - time.monotonic()))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_cap() -> Iterator[None]:
    try:
        import resource
    except ImportError:  # not a Unix
        yield
        return
    in_use = _address_space()
    if in_use is None or threading.active_count() > 1:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = in_use + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """Return the bytes of address space this process uses now (Linux), else None."""
    import os

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def memory_message() -> str:
    """Return the message for a render that needed more memory than its headroom."""
    return f"rendering needs more memory than a paper may use (limit {_gib(MEMORY_HEADROOM)})"


def _gib(size: int) -> str:
    return f"{size / 1024**3:g} GiB"
