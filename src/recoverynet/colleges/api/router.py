"""The one router of the colleges API (tag "colleges"); each module adds its operations to it."""

from ninja import Router

router = Router(tags=["colleges"])
