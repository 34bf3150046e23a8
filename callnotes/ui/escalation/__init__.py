"""Escalation: the team directory, the ladder and its attempts, who has the most context."""
