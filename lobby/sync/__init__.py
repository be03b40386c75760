"""Forwarding a site's store to the province's central server (``python -m lobby.sync``)."""
