"""Built-in nginx rules: one module per rule; the registry finds them."""
