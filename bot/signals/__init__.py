"""Signals: confidential reports from key persons to the coordinators."""
