"""The PySide6 desktop face of Custos: widgets, dialogs and Qt models over the app/ services."""
