"""``python -m swat_desktop`` and the ``swat-desktop`` script."""

from __future__ import annotations

import sys

from swat_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
