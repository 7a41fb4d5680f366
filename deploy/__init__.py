"""Running Pantau Lapor as a city would: nginx in front of app replicas (docs/deploy.md)."""
