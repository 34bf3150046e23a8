"""After resolution: investigation, the follow-up call, the review, handing back."""
