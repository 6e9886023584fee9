"""`lotse seed-demo`: load the demo municipalities, sites, organisations and users."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from lotse.audit.services import audited_as_command
from lotse.cases.demo import seed_demo_cases
from lotse.clearing.demo import seed_demo_clearing
from lotse.directory.demo import seed_demo_services
from lotse.reports.demo import seed_demo_funding
from lotse.tenancy.demo import DEMO_PASSWORD, demo_logins, seed_demo
from lotse.tenancy.models import Municipality


class Command(BaseCommand):
    help = "Load the demo data (Duisburg, Wuppertal, demo users). Safe to run repeatedly."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--households",
            type=int,
            default=300,
            help=(
                "Invented households with cases for Duisburg (default 300; 0 for none). "
                "With households, Duisburg's health-insurance clearing cases are made too "
                "(287 invented persons); 0 leaves out every invented person."
            ),
        )

    @audited_as_command
    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.LOTSE_DEMO_ALLOWED:
            raise CommandError(
                "Demo data is only for demo installations: it creates users with a known "
                "password. Set LOTSE_DEMO=1 to allow it here."
            )
        result = seed_demo()
        duisburg = Municipality.objects.get(slug="duisburg")
        offers = seed_demo_services(duisburg)
        seed_demo_funding(duisburg)
        if offers:
            self.stdout.write(f"Demo data: {offers} offers in the service directory.")
        if options["households"] and not duisburg.cases.exists():
            self.stdout.write(
                f"Creating {options['households']} demo households with cases "
                "(this takes up to a minute) ..."
            )
            self.stdout.flush()
        households = seed_demo_cases(duisburg, options["households"])
        clearing = seed_demo_clearing(duisburg) if options["households"] else 0
        if result.created:
            self.stdout.write(f"Demo data: created {len(result.created)} records.")
        if households:
            self.stdout.write(f"Demo data: {households} households with cases in Duisburg.")
        if clearing:
            self.stdout.write(f"Demo data: {clearing} health-insurance clearing cases in Duisburg.")
        if not result.created and not households and not offers and not clearing:
            self.stdout.write("Demo data: already complete, nothing created.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        with translation.override("de"):
            for username, role in demo_logins():
                self.stdout.write(f"  {username:<24} {role}")
