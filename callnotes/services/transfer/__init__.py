"""A case as JSON: export and all-or-nothing import."""
