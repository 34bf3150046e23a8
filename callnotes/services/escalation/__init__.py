"""Escalation and the team: the ladder, attempts, who has most context, team notices."""
