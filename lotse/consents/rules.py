"""Who may see and record consents: those who work with the people counselled."""

import rules

from lotse.accounts.rules import same_municipality
from lotse.people.rules import works_with_people

rules.add_perm("consents.list_consent", works_with_people)
rules.add_perm("consents.add_consent", works_with_people)
rules.add_perm("consents.view_consent", works_with_people & same_municipality)
rules.add_perm("consents.change_consent", works_with_people & same_municipality)
