"""Allow ``python -m callnotes``."""

import sys

from callnotes.cli import main

sys.exit(main())
