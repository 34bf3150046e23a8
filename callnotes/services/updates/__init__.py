"""Keeping the client informed: the communication plan, the update log, promises."""
