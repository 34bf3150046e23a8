"""The report context of a case and the documents rendered from it."""
