"""`python -m kmsheets`: the same as the `kmsheets` command."""

from .cli import main

main()
