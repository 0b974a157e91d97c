"""What the demo shares with the core commands (``innocence serve`` prints it)."""

DEMO_PASSWORD = "innocence-demo"  # noqa: S105 - printed to the user; demo accounts only
