"""A case's documents: preview, print, save, send, and the user's templates."""
