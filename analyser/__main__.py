"""``python -m analyser`` runs the CLI."""

from .cli import main

main()
