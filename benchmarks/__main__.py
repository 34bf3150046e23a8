"""``python -m benchmarks``: run every figure and print the table (see ``runner``)."""

import os
import sys

from benchmarks.runner import main

code = main()
sys.stdout.flush()
sys.stderr.flush()
# Leave without interpreter finalisation: PySide6 6.12.0 drops a reference to None on every
# call of a void Qt method (the PDF export makes thousands), so tearing the modules down at
# exit ends in "Fatal Python error: none_dealloc" although every figure was written.
os._exit(code)
