"""Lotse: case management for Kommunales Integrationsmanagement (KIM)."""
