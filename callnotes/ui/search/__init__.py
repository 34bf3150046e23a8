"""Finding a client, a note or a past issue from the call window."""
