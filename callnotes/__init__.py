"""callnotes: notes, priorities and documents for the support call that matters."""

__version__ = "0.1.0"
