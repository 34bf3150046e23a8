"""Updates and promises: the communication plan, the update log, commitments, telling the team."""
