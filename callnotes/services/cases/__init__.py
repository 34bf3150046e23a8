"""Cases and their timeline: opening, listing, closing, entries and drafts."""
