"""The linker: computes the typed links of :mod:`deploylint.models.project` between the artifacts of
one scan (one module per concern; :mod:`.project` puts them together as ``LinkedProject``). Rules
never import this package: they ask the ``Project`` interface."""
