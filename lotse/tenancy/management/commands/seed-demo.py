"""`lotse seed-demo`: load the demo municipalities, sites, organisations and users."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lotse.tenancy.demo import DEMO_PASSWORD, demo_logins, seed_demo


class Command(BaseCommand):
    help = "Load the demo data (Duisburg, Wuppertal, demo users). Safe to run repeatedly."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.LOTSE_DEMO_ALLOWED:
            raise CommandError(
                "Demo data is only for demo installations: it creates users with a known "
                "password. Set LOTSE_DEMO=1 to allow it here."
            )
        result = seed_demo()
        if result.created:
            self.stdout.write(f"Demo data: created {len(result.created)} records.")
        else:
            self.stdout.write("Demo data: already complete, nothing created.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        with translation.override("de"):
            for username, role in demo_logins():
                self.stdout.write(f"  {username:<24} {role}")
