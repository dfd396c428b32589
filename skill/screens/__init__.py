"""Echo Show and other screens: APL documents chosen from what each turn said, and touches."""
