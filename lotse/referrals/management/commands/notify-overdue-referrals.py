"""`lotse notify-overdue-referrals`: tell case managers about referrals without an answer in
time (once per referral). Run it daily, e.g. from cron or a systemd timer."""

from typing import Any

from django.core.management.base import BaseCommand

from lotse.referrals.services import notify_overdue


class Command(BaseCommand):
    help = "Notify case managers of sent referrals without an answer in time (once each)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = notify_overdue()
        self.stdout.write(f"{count} overdue referral(s) notified.")
