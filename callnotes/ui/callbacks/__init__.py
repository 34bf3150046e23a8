"""Calls that slip: the call-back queue, its reminder bar, and each call's outcome."""
