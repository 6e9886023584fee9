"""Permissions on municipalities, organisations and sites."""

import rules

from lotse.accounts.rules import same_municipality, works_in_a_municipality

# Organisations and sites are the map of the municipality: every staff member may read it.
rules.add_perm("tenancy.list_directory", works_in_a_municipality)
rules.add_perm("tenancy.view_organisation", works_in_a_municipality & same_municipality)
rules.add_perm("tenancy.view_site", works_in_a_municipality & same_municipality)
