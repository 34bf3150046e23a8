"""Covering for a colleague: the stand-in's cover brief and "since you left" on the return."""
