"""The issues the client helps order, and the selected issue's details."""
