"""`closer-local studio`: a local web page for the people who write the content."""
