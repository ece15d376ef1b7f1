"""`python -m integrate_cli`."""

from integrate_cli.cli import main

main()
