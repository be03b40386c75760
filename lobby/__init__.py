"""Shared core of the lobby software: settings, store, survey, Vietnamese text."""
