"""A case's timeline and the editor where the agent types the next entry."""
