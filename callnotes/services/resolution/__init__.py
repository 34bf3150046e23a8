"""After the fix: investigation, follow-up call, review, handback."""
