"""Built-in workflow rules: one module per rule; the registry finds them."""
