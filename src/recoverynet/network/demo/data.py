"""The demo's networks, organisations, memberships and people (from shared/domain/network-facts.md;
the people are invented)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..models import (
    AffiliationRole,
    NetworkRoleKind,
    OrganisationKind,
)

DEMO_DOMAIN = "demo.recoverynet.example"
DEMO_PASSWORD = "recovery-demo-2026"
# Fixed TOTP secrets so the demo's team accounts can be used from an authenticator app or with
# `recoverynet demo_totp EMAIL`. Demo only: these accounts are not for production data.
DEMO_TOTP_SECRETS = {
    "admin": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    "coordinator.uk": "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
    "coordinator.ie": "MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK",
    "consultant.uk": "ONSWG4TFOQQGI2LOONSWG4TFOQQGI2LO",
    "editor.uk": "MV4GC3LQNRSSA3LFMV4GC3LQNRSSA3LF",
    "coordinator.au": "NBSWY3DPFQQHO33SNBSWY3DPFQQHO33S",
}

NETWORKS: list[dict[str, Any]] = [
    {
        "slug": "uk",
        "name": "Recovery Network UK",
        "short_name": "UK network",
        "currency": "GBP",
        "tax_name": "VAT",
        "rate": Decimal("0.2000"),
        "tz": "Europe/London",
        "self_registration": True,
        "contact_email": "uk@demo.recoverynet.example",
        "invoice": {
            "supplier_name": "Recovery Network UK (demo) Ltd",
            "supplier_address": "1 Example Street\nNottingham\nNG1 1AA\nUnited Kingdom",
            "tax_number": "GB 000 0000 00",
            "payment_instructions": "Bank transfer to Recovery Network UK (demo) Ltd\n"
            "Sort code 00-00-00, account number 00000000\n"
            "Quote the invoice number as the reference.",
        },
        "description": "Helping health services in the UK make the organisational changes that support "
        "the recovery of the people who use them, through the Ten Organisational Challenges.",
        "tiers": [
            ("member-site", "Member site", True),
            ("non-member-site", "Non-member site", False),
        ],
    },
    {
        "slug": "ari",
        "name": "Advancing Recovery in Ireland",
        "short_name": "ARI",
        "currency": "EUR",
        "tax_name": "VAT",
        "rate": Decimal("0.2300"),
        "tz": "Europe/Dublin",
        "self_registration": False,
        "contact_email": "ari@demo.recoverynet.example",
        "invoice": {
            "supplier_name": "Advancing Recovery in Ireland (demo) CLG",
            "supplier_address": "1 Example Quay\nCork\nT12 XXXX\nIreland",
            "tax_number": "IE 0000000XX",
            "payment_instructions": "Bank transfer to Advancing Recovery in Ireland (demo) CLG\n"
            "IBAN IE00 DEMO 0000 0000 0000 00, BIC DEMOIE2D\n"
            "Quote the invoice number as the reference.",
        },
        "description": "HSE mental health services working with local Recovery Committees of service "
        "users, family members and staff.",
        "tiers": [("learning-set-site", "Learning set site", True), ("partner", "Partner", False)],
    },
    {
        "slug": "australasia",
        "name": "Australasian Recovery College Community of Practice",
        "short_name": "Australasia",
        "currency": "AUD",
        "tax_name": "GST",
        "rate": Decimal("0.1000"),
        "tz": "Australia/Sydney",
        "self_registration": True,
        "contact_email": "australasia@demo.recoverynet.example",
        "invoice": {
            "supplier_name": "Australasian Recovery College Community of Practice (demo) Inc",
            "supplier_address": "1 Example Street\nSydney NSW 2000\nAustralia",
            "tax_number": "51 824 753 556",
            "payment_instructions": "EFT to Recovery College CoP (demo) Inc\n"
            "BSB 000-000, account number 000000000\n"
            "Quote the invoice number as the reference.",
        },
        "description": "Recovery Colleges from Australia and New Zealand learning together.",
        "tiers": [("member-college", "Member college", True), ("observer", "Observer", False)],
    },
]

# (slug, name, kind, country, parent slug, website)
ORGANISATIONS = [
    (
        "nottinghamshire-healthcare",
        "Nottinghamshire Healthcare NHS Foundation Trust",
        OrganisationKind.NHS,
        "England",
        None,
        "https://www.nottinghamshirehealthcare.nhs.uk",
    ),
    (
        "ntw",
        "Northumberland, Tyne and Wear NHS Foundation Trust",
        OrganisationKind.NHS,
        "England",
        None,
        "",
    ),
    (
        "norfolk-suffolk",
        "Norfolk and Suffolk NHS Foundation Trust",
        OrganisationKind.NHS,
        "England",
        None,
        "",
    ),
    (
        "cnwl",
        "Central and North West London NHS Foundation Trust",
        OrganisationKind.NHS,
        "England",
        None,
        "",
    ),
    ("omhp", "Oxfordshire Mental Health Partnership", OrganisationKind.OTHER, "England", None, ""),
    ("restore", "Restore", OrganisationKind.CHARITY, "England", "omhp", ""),
    (
        "oxford-recovery-college",
        "Oxford Recovery College",
        OrganisationKind.RECOVERY_COLLEGE,
        "England",
        "omhp",
        "",
    ),
    (
        "belfast-hsct",
        "Belfast Health and Social Care Trust",
        OrganisationKind.NHS,
        "Northern Ireland",
        None,
        "",
    ),
    (
        "northern-hsct",
        "Northern Health and Social Care Trust",
        OrganisationKind.NHS,
        "Northern Ireland",
        None,
        "",
    ),
    (
        "south-eastern-hsct",
        "South Eastern Health and Social Care Trust",
        OrganisationKind.NHS,
        "Northern Ireland",
        None,
        "",
    ),
    (
        "southern-hsct",
        "Southern Health and Social Care Trust",
        OrganisationKind.NHS,
        "Northern Ireland",
        None,
        "",
    ),
    (
        "western-hsct",
        "Western Health and Social Care Trust",
        OrganisationKind.NHS,
        "Northern Ireland",
        None,
        "",
    ),
    (
        "university-of-nottingham",
        "University of Nottingham",
        OrganisationKind.UNIVERSITY,
        "England",
        None,
        "",
    ),
    ("lse", "London School of Economics", OrganisationKind.UNIVERSITY, "England", None, ""),
    (
        "st-georges",
        "St George's, University of London",
        OrganisationKind.UNIVERSITY,
        "England",
        None,
        "",
    ),
    ("hse", "Health Service Executive (HSE)", OrganisationKind.FUNDER, "Ireland", None, ""),
    ("genio", "Genio", OrganisationKind.FUNDER, "Ireland", None, ""),
    (
        "mayo-mental-health",
        "Mayo Mental Health Services",
        OrganisationKind.NHS,
        "Ireland",
        None,
        "",
    ),
    ("mind-australia", "Mind Australia", OrganisationKind.CHARITY, "Australia", None, ""),
    (
        "mind-recovery-college",
        "Mind Recovery College",
        OrganisationKind.RECOVERY_COLLEGE,
        "Australia",
        "mind-australia",
        "",
    ),
]

# (organisation slug, network slug, tier slug, start)
MEMBERSHIPS = [
    ("nottinghamshire-healthcare", "uk", "member-site", "2012-04-01"),
    ("ntw", "uk", "member-site", "2013-04-01"),
    ("norfolk-suffolk", "uk", "member-site", "2015-10-01"),
    ("cnwl", "uk", "non-member-site", "2016-04-01"),
    ("omhp", "uk", "member-site", "2016-01-01"),
    ("restore", "uk", "member-site", "2016-01-01"),
    ("oxford-recovery-college", "uk", "member-site", "2016-01-01"),
    ("south-eastern-hsct", "uk", "member-site", "2013-06-01"),
    ("belfast-hsct", "uk", "member-site", "2013-06-01"),
    ("northern-hsct", "uk", "member-site", "2013-06-01"),
    ("southern-hsct", "uk", "member-site", "2013-06-01"),
    ("western-hsct", "uk", "non-member-site", "2013-06-01"),
    ("university-of-nottingham", "uk", "non-member-site", "2014-01-01"),
    ("mayo-mental-health", "ari", "learning-set-site", "2016-01-01"),
    ("hse", "ari", "partner", "2016-01-01"),
    ("genio", "ari", "partner", "2016-01-01"),
    ("mind-australia", "australasia", "member-college", "2017-03-01"),
    ("mind-recovery-college", "australasia", "member-college", "2017-03-01"),
]


@dataclass(frozen=True)
class DemoPerson:
    key: str
    name: str
    description: str
    superuser: bool = False
    team: tuple[tuple[str, str], ...] = ()  # (network slug, role)
    org: tuple[str, str] | None = None  # (organisation slug, affiliation role)
    networks: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"


PEOPLE = [
    DemoPerson("admin", "Alex Admin", "administrator (all networks, MFA)", superuser=True),
    DemoPerson(
        "coordinator.uk",
        "Priya Shah",
        "UK network coordinator (MFA)",
        team=(("uk", NetworkRoleKind.COORDINATOR),),
        networks=("uk",),
    ),
    DemoPerson(
        "coordinator.ie",
        "Siobhán Murphy",
        "ARI coordinator (MFA)",
        team=(("ari", NetworkRoleKind.COORDINATOR),),
        networks=("ari",),
    ),
    DemoPerson(
        "coordinator.au",
        "Mele Tupou",
        "Australasia coordinator (MFA)",
        team=(("australasia", NetworkRoleKind.COORDINATOR),),
        networks=("australasia",),
    ),
    DemoPerson(
        "consultant.uk",
        "Tom Okafor",
        "UK network consultant (MFA)",
        team=(("uk", NetworkRoleKind.CONSULTANT),),
        networks=("uk",),
    ),
    DemoPerson(
        "editor.uk",
        "Ruth Evans",
        "UK newsletter editor (MFA)",
        team=(("uk", NetworkRoleKind.EDITOR),),
        networks=("uk",),
    ),
    DemoPerson(
        "lead.nottingham",
        "Grace Wilson",
        "recovery lead, Nottinghamshire Healthcare",
        org=("nottinghamshire-healthcare", AffiliationRole.RECOVERY_LEAD),
        networks=("uk",),
    ),
    DemoPerson(
        "staff.nottingham",
        "Daniel Hughes",
        "staff, Nottinghamshire Healthcare",
        org=("nottinghamshire-healthcare", AffiliationRole.STAFF),
        networks=("uk",),
    ),
    DemoPerson(
        "peer.nottingham",
        "Sam Patel",
        "peer worker, Nottinghamshire Healthcare",
        org=("nottinghamshire-healthcare", AffiliationRole.PEER_WORKER),
        networks=("uk",),
    ),
    DemoPerson(
        "lead.ntw",
        "Aisha Khan",
        "recovery lead, Northumberland, Tyne and Wear",
        org=("ntw", AffiliationRole.RECOVERY_LEAD),
        networks=("uk",),
    ),
    DemoPerson(
        "volunteer.restore",
        "Chris Doyle",
        "volunteer, Restore",
        org=("restore", AffiliationRole.VOLUNTEER),
        networks=("uk",),
    ),
    DemoPerson(
        "student.oxford",
        "Jo Bennett",
        "student, Oxford Recovery College",
        org=("oxford-recovery-college", AffiliationRole.STUDENT),
        networks=("uk",),
    ),
    DemoPerson(
        "lead.mayo",
        "Ciarán Walsh",
        "recovery lead, Mayo Mental Health Services",
        org=("mayo-mental-health", AffiliationRole.RECOVERY_LEAD),
        networks=("ari",),
    ),
    DemoPerson(
        "lead.mind",
        "Olivia Nguyen",
        "recovery lead, Mind Recovery College",
        org=("mind-recovery-college", AffiliationRole.RECOVERY_LEAD),
        networks=("australasia",),
    ),
    DemoPerson(
        "member", "Pat Morgan", "signed-up person with no organisation yet", networks=("uk",)
    ),
]
