"""``python -m assistant.cli``: the ``cadence`` command, for a checkout without the script."""

from assistant.cli import main

main()
