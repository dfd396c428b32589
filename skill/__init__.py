"""Wiring: the skill builder, Lambda entry point, SSML helpers."""
