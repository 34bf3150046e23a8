"""Issues: capture, fields, the agreed order, removal, recurring issues."""
