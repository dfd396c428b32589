"""Reminders through the Alexa Reminders API: when, with whose consent, and what they say."""
