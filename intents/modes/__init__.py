"""Conversation modes, one module each; registry.py lists them (see intents/handlers/mode.py)."""
