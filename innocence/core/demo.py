"""What the demo shares with the core commands (``innocence serve`` prints it)."""

DEMO_PASSWORD = "innocence-demo"  # noqa: S105 - printed to the user; demo accounts only


DEMO_EMAIL_DOMAIN = "demo.invalid"


def demo_accounts() -> list[dict[str, str]]:
    """The demo's sign-in accounts, when the fictional demo is loaded in this installation
    (an empty list otherwise): users of a fictional organization made by ``innocence demo``."""
    from .models import Membership

    rows = (
        Membership.objects.filter(
            organization__is_fictional=True,
            user__is_active=True,
            user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
        )
        .select_related("user", "organization")
        .order_by("organization__name", "user__username")
    )
    return [
        {"username": m.user.username, "role": m.get_role_display(), "organization": m.organization.name}
        for m in rows
    ]
