import sys
from pathlib import Path

# ``python -m deploylint`` puts the working directory first on sys.path. When that is an untrusted
# repository being scanned, a ``yaml.py`` in it must not replace the library we import lazily.
if not sys.flags.safe_path and sys.path and sys.path[0] in ("", str(Path.cwd())):
    del sys.path[0]

from deploylint.entry import main

if __name__ == "__main__":
    main()
