"""Calls: who is calling, starting and ending a call, what it captured, the playbooks."""
