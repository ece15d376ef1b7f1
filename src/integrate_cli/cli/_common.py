"""What every command shares: error handling, the as-of date, output helpers."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from datetime import date
from typing import Any, NoReturn, TypeVar

import typer

from integrate_cli.errors import IntegrateError

EXIT_INTERNAL = 3
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for `yes | head -1`
F = TypeVar("F", bound=Callable[..., Any])
DEBUG = {"on": bool(os.environ.get("INTEGRATE_DEBUG"))}


def err(message: str) -> None:
    """Print one line to stderr."""
    typer.echo(message, err=True)


def reader_gone() -> NoReturn:
    """Stop quietly because the reader of standard output has gone (`| head -1`).

    Standard output is pointed at the null device so that Python's own flush at exit
    cannot fail again, and the exit status is the one a shell gives a piped command
    killed by SIGPIPE.
    """
    import sys

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests, a closed stream)
        pass
    finally:
        os.close(devnull)
    raise SystemExit(EXIT_BROKEN_PIPE)


def guarded(command: F) -> F:
    """Map the exception family to exit codes: one line on stderr, never a traceback.

    IntegrateError -> its exit code (2 for usage and input, 1 for failing findings);
    Ctrl-C -> 130; a reader that went away -> 141, quietly; anything unexpected -> 3
    with a hint to rerun with --debug.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except BrokenPipeError:
            reader_gone()
        except IntegrateError as exc:
            if DEBUG["on"]:
                raise
            err(f"integrate: error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err("integrate: interrupted")
            raise typer.Exit(130) from None
        except Exception as exc:
            if DEBUG["on"]:
                raise
            err(f"integrate: internal error: {type(exc).__name__}: {exc}")
            err(
                "integrate: this is a bug; run again with --debug (or INTEGRATE_DEBUG=1) "
                "for the traceback and report it"
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def tell(errors: list[Any], later: list[Any]) -> None:
    """Print on stderr every error that stops a view, else one line for later records.

    The one way status, timeline and papers tell what `check.blocking` found (`errors`)
    and the records dated after the as-of day they still show (`later`).
    """
    from integrate_cli.cli.layout import printable

    for f in errors:
        err(printable(f"{f.path}:{f.line}:{f.col}: {f.code} {f.message}"))
    if later and not errors:
        first = later[0]
        more = f" (and {len(later) - 1} more)" if len(later) > 1 else ""
        err(
            printable(
                f"{first.path}:{first.line}:{first.col}: warning {first.code} {first.message}"
                f"{more}; not counted on the as-of day"
            )
        )


def parse_as_of(value: str | None) -> date:
    """Return the as-of date from --as-of (any single-day form), today when absent."""
    if value is None:
        return date.today()
    from integrate_cli.dates import DateError, Fixed, parse_date

    try:
        expr = parse_date(value)
    except DateError as exc:
        raise typer.BadParameter(f"{exc.message}; use a day such as 2017-11-08") from None
    if (
        not isinstance(expr, Fixed)
        or expr.window.start is None
        or (expr.window.start != expr.window.end)
    ):
        raise typer.BadParameter(f"{value!r} is not a single day; use a day such as 2017-11-08")
    return expr.window.start


AS_OF_HELP = "Reason as of this day (2017-11-08, 8 Nov 2017...); default today."
