"""Shared core of the lobby software: settings, store, survey definition and Vietnamese text helpers."""
