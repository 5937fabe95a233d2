"""Typed models of every artifact kind (frozen, slotted dataclasses with exact spans)."""
