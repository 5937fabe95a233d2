"""Links of the newer artifact kinds into the project model (one module per kind)."""
