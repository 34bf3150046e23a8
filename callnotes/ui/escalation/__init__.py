"""Escalation: the ladder, the attempts to reach each person, the reminder."""
