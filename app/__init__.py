"""Custos core: everything a user can do, without Qt. The UI and the CLI are two faces of it."""
