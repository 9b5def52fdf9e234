"""PDF reports (emergency kit, compliance report, policy) built with reportlab."""
