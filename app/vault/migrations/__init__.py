"""Numbered schema steps, ``NNNN_name.sql``; applied in one transaction at unlock."""
