"""`lotse create-api-token USERNAME`: create a personal API token and print it once."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.accounts import services
from lotse.accounts.models import User
from lotse.audit.services import audited_as_command


class Command(BaseCommand):
    help = "Create a personal API token for a user. The token is printed once; keep it safe."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    @audited_as_command
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.select_related("membership__municipality").get(
                username=options["username"]
            )
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {options['username']!r}.") from exc
        try:
            _token, raw = services.create_api_token(
                acting_user=None, user=user, name=options["name"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(raw)
