"""Every section of the customer card, in tab order: the one place a feature adds its own.

A section is a ``ui.customer_card.CardSection`` subclass in its feature's module; the card shows
each to the roles its ``permission`` allows.
"""

from __future__ import annotations

from ui.card_history import HistorySection
from ui.consent_card import ConsentSection
from ui.customer_card import CardSection, DetailsSection
from ui.partners_dialog import SharedWithSection
from ui.requests_card import RequestsSection

CARD_SECTIONS: tuple[type[CardSection], ...] = (
    DetailsSection,
    ConsentSection,
    SharedWithSection,
    RequestsSection,
    HistorySection,
)
