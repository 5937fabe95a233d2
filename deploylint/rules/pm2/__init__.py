"""Built-in PM2 ecosystem file rules: one module per rule; the registry finds them."""
