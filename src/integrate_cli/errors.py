"""The one exception family the command line maps to exit codes."""

from __future__ import annotations


class IntegrateError(Exception):
    """A problem the user can fix; the message says what and where."""

    exit_code = 2


class UsageError(IntegrateError):
    """Bad arguments or a path that cannot be used (exit 2)."""


class InputError(IntegrateError):
    """An input file that cannot be read or used (exit 2)."""


class TemplateFailed(IntegrateError):
    """A paper template that fails or goes over a limit: the template's author fixes it (exit 1)."""

    exit_code = 1


class FindingsFailed(IntegrateError):
    """Findings that fail the run (exit 1)."""

    exit_code = 1


class Refused(IntegrateError):
    """A command refused because it would change nothing or lose data (exit 1)."""

    exit_code = 1
