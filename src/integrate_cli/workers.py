"""Work over many files in worker processes that end with this one, results in order."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

PARALLEL_FROM = 200  # below this, starting worker processes costs more than it saves
CHUNK = 64  # files per task in a worker: few results in flight, little time per hand-over


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector while the block runs (as it was before, after it).

    Checking and status make no reference cycles (a test holds them to it), so the
    collector only rescans the node trees being built: a third of the time for a
    10,000-stage plan.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def each_in_workers(
    work: Callable[[tuple[list[str], Any]], list[Any]],
    files: list[str],
    extra: Any,
    *,
    workers: int,
) -> Iterator[Any]:
    """Yield work((chunk, extra))'s results for small chunks of `files`, in file order.

    The chunks run in worker processes, at most two per worker at a time, so neither the
    workers nor this process hold more than a few chunks' results however many files
    there are. The workers end with this process: when it is killed, interrupted or
    stops reading.
    """
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    size = max(1, min(CHUNK, len(files) // (workers * 4)))
    chunks = (files[i : i + size] for i in range(0, len(files), size))
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)
    )
    running: deque[Future[list[Any]]] = deque()
    with _ctrl_c_between_chunks() as interrupted:

        def result(future: Future[list[Any]]) -> list[Any]:
            while True:
                if interrupted:
                    raise KeyboardInterrupt
                try:
                    return future.result(timeout=0.1)
                except TimeoutError:
                    continue

        try:
            for chunk in chunks:
                running.append(pool.submit(work, (chunk, extra)))
                if len(running) >= 2 * workers:
                    yield from result(running.popleft())
            while running:
                yield from result(running.popleft())
            if interrupted:
                raise KeyboardInterrupt
        except BaseException:
            _stop(pool)
            raise
    pool.shutdown()


@contextmanager
def _ctrl_c_between_chunks() -> Iterator[list[int]]:
    """Note Ctrl-C in a list instead of raising KeyboardInterrupt wherever it lands.

    Starting workers runs the standard library's fork handlers, and a KeyboardInterrupt
    raised inside one of them is printed and swallowed ("Exception ignored in
    _releaseLock"): the run would go on as if nothing had happened. The caller checks
    the list between chunks and raises KeyboardInterrupt itself. Only the main thread
    can set a handler; elsewhere Ctrl-C behaves as usual.
    """
    import signal
    import threading

    noted: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield noted
        return
    previous = signal.signal(signal.SIGINT, lambda number, frame: noted.append(number))
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, previous)


def in_workers(
    work: Callable[[tuple[list[str], Any]], list[Any]],
    files: list[str],
    extra: Any,
    *,
    workers: int,
    progress: Callable[[int], None] | None = None,
) -> list[Any]:
    """Return the results of `each_in_workers` as one list, in file order.

    `progress` is called with the number of files done so far.
    """
    results: list[Any] = []
    for result in each_in_workers(work, files, extra, workers=workers):
        results.append(result)
        if progress and (len(results) % CHUNK == 0 or len(results) == len(files)):
            progress(len(results))
    return results


def _stop(pool: Any) -> None:
    """End a pool's workers now, abandoning their work (on an error or Ctrl-C)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def _worker_start(parent: int) -> None:
    """Set a worker up to end with its parent; Ctrl-C is the parent's to handle."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)
    else:
        import threading

        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def worker_count(files: int) -> int:
    """Return how many processes to use for this many files (1 below PARALLEL_FROM)."""
    return min(os.cpu_count() or 1, 4) if files >= PARALLEL_FROM else 1
