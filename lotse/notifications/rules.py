"""Everybody with a membership reads their own notifications."""

import rules

from lotse.accounts.rules import has_membership

rules.add_perm("notifications.view_notification", has_membership)
