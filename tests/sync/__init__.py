"""Forwarding sites to the central server: real PostgreSQL, real admin process, real SQLite."""
