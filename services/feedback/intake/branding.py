"""What the customer pages show of the organisation: its name, logo and colour, from settings."""

from __future__ import annotations

from dataclasses import dataclass

from services.platform.settings import Settings


@dataclass(frozen=True)
class Brand:
    name: str
    logo_url: str | None
    colour: str


def organisation_brand(settings: Settings) -> Brand:
    """The organisation as its customers know it (settings validated the logo address and the colour)."""
    return Brand(
        name=settings.organisation_display_name, logo_url=settings.organisation_logo_url, colour=settings.brand_colour
    )
