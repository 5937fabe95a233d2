"""Built-in core rules: one module per rule; the registry finds them."""
