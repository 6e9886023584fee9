"""Demo funding figures. Duisburg's are public: 11 case-management positions, 2.5
coordination and 0.5 administration, 55,000 EUR per position and year."""

from decimal import Decimal

from lotse.reports.services import set_funding
from lotse.tenancy.models import Municipality

DUISBURG_FUNDING = {
    "funding_per_position": Decimal("55000"),
    "funded_case_management": Decimal("11"),
    "funded_coordination": Decimal("2.5"),
    "funded_administration": Decimal("0.5"),
}


def seed_demo_funding(municipality: Municipality) -> bool:
    """Set Duisburg's funded positions unless some are set already. Returns whether it did."""
    if municipality.funded_case_management or municipality.funded_coordination:
        return False
    set_funding(acting_user=None, municipality=municipality, **DUISBURG_FUNDING)
    return True
