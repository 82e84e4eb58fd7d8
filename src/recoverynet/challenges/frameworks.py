"""The frameworks we ship, as data. Titles of the Ten Organisational Challenges are from Shepherd,
Boardman & Burns (2010), "Implementing Recovery", Box 1. The rating scale is in our own words (the
published wording is unconfirmed) and networks can edit it without code."""

from __future__ import annotations

from typing import Any

TEN_CHALLENGES: dict[str, Any] = {
    "family": "ten-organisational-challenges",
    "name": "The Ten Organisational Challenges",
    "source": 'Shepherd, Boardman & Burns (2010), "Implementing Recovery: a methodology for organisational change", Box 1',
    "description": (
        "Ten challenges an organisation meets on the way to supporting people's recovery. Each needs "
        "whole-organisation commitment, so each is rated at strategic, managerial and practice level."
    ),
    "levels": [
        ("strategic", "Strategic", "The board and senior leaders: direction, policy, resources."),
        ("managerial", "Managerial", "Service and team managers: systems, processes, support."),
        (
            "practice",
            "Practice",
            "Day-to-day work with people who use services and their families.",
        ),
    ],
    "challenges": [
        "Changing the nature of day-to-day interactions and the quality of experience",
        "Delivering comprehensive, user-led education and training programmes",
        "Establishing a 'Recovery Education Unit' to drive the programmes forward",
        "Ensuring organisational commitment, creating the 'culture'. The importance of leadership",
        "Increasing 'personalisation' and choice",
        "Changing the way we approach risk assessment and management",
        "Redefining user involvement",
        "Transforming the workforce",
        "Supporting staff in their recovery journey",
        "Increasing opportunities for building a life 'beyond illness'",
    ],
    "scale": [
        (1, "Not started yet", "We have not begun work on this, or only talked about it."),
        (2, "Making a start", "Some people or teams are trying things; it depends on individuals."),
        (
            3,
            "Making progress",
            "It is planned, resourced and happening in many places; we check how it goes.",
        ),
        (
            4,
            "Part of how we work",
            "It is everyday practice across the organisation, led together with people who use services.",
        ),
    ],
}

TRIANGLE_OF_CARE: dict[str, Any] = {
    "family": "triangle-of-care",
    "name": "Triangle of Care (six standards)",
    "source": "Carers Trust",
    "description": "Six standards for involving carers as partners in care.",
    "levels": [("organisation", "Organisation", "")],
    "challenges": [
        "Carers and their essential role are identified at first contact or as soon as possible after",
        "Staff are carer-aware and trained in carer engagement",
        "Policy and practice protocols on confidentiality and sharing information are in place",
        "Defined posts responsible for carers are in place",
        "A carer introduction to the service and staff is available, with information across the care pathway",
        "A range of carer support services is available",
    ],
    "scale": TEN_CHALLENGES["scale"],
}

SHIPPED = [TEN_CHALLENGES, TRIANGLE_OF_CARE]

# Team resources recorded first in a team round (after the TRIP method).
TEAM_RESOURCE_FIELDS = [
    ("peer_workers", "Peer workers in the team"),
    ("staff_trained_in_recovery", "Staff who have had recovery training"),
    ("lived_experience_involved", "People with lived experience involved in the team's work"),
    ("carers_involved", "Family members or carers involved in the team's work"),
]
