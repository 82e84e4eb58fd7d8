from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from recoverynet.network.demo import DEMO_TOTP_SECRETS, demo_logins, load_demo


class Command(BaseCommand):
    help = "Load the demo networks, organisations and people. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo()
        summary = ", ".join(f"{n} {k}" for k, n in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready (new this run: {summary})."))
        self.stdout.write("\nDemo sign-ins (password for all: shown beside each):")
        for email, password, description in demo_logins():
            self.stdout.write(f"  {email:<45} {password}   {description}")
        self.stdout.write(
            "\nAccounts marked MFA ask for a 6-digit code after the password. Get the current code with\n"
            "  make demo-code EMAIL=coordinator.uk@demo.recoverynet.example\n"
            "or add the account's secret to an authenticator app (`recoverynet demo_totp --secret EMAIL`).\n"
            f"{len(DEMO_TOTP_SECRETS)} demo accounts use MFA."
        )
