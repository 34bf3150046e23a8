"""Documents: Jinja2 rendering of plain report contexts, and the exporters."""
