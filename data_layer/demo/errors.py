"""The one error the demo seeder raises on purpose."""


class DemoDataError(RuntimeError):
    """Demo data cannot be generated here (e.g. the database already holds reports)."""
