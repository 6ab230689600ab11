"""``python -m posenqa``."""

from posenqa.cli import main

main()
