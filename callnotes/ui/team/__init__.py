"""The team directory: colleagues, managers, absences."""
