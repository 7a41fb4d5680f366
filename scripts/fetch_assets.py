"""Placeholder: fetches front-end assets (filled in by the browser issue)."""
