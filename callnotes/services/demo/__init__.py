"""The sample client and cases a newcomer sees first."""
