"""Intent definitions, the generated interaction model, and the intent handlers."""
