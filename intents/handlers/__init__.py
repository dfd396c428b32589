"""The conversation's handlers. Which one answers which request is in table.py.

Kept empty so that importing any one module of the package loads only what
that module needs (a cold start pays for each module it imports).
"""
