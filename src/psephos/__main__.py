"""``python -m psephos`` runs the command line."""

from psephos.cli import main

main()
