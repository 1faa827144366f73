"""Run the command line with ``python -m translate``."""

from translate.cli import main

main()
