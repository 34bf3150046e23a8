"""Clients and contacts, and everything held about one client: export and erasure."""
