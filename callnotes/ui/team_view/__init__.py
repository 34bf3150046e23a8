"""The team view: charts across every open case."""
