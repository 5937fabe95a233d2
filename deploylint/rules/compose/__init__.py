"""Built-in compose rules: one module per rule; the registry finds them."""
